// The service manager's notifications (sd_notify(3)): READY=1 once a
// command serves, RELOADING=1 while serve reloads its configuration,
// STOPPING=1 when it stops. libsystemd's sd_notify does nothing when
// NOTIFY_SOCKET is not set (not started by systemd, or Type= is not
// notify), so the commands call it unconditionally.
#ifndef SESAME_CLI_SYSTEMD_NOTIFY_H_
#define SESAME_CLI_SYSTEMD_NOTIFY_H_

#include <string>

namespace sesame {

// Sends `state` ("READY=1", "STOPPING=1", several lines allowed); a failure
// to send is written on stderr and otherwise ignored.
void NotifySystemd(const std::string& state);

// "RELOADING=1" with the MONOTONIC_USEC= that Type=notify-reload asks for.
std::string ReloadingNotice();

}  // namespace sesame

#endif  // SESAME_CLI_SYSTEMD_NOTIFY_H_
