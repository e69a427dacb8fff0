#include "cli/systemd_notify.h"

#include <systemd/sd-daemon.h>
#include <time.h>

#include <cstring>
#include <iostream>

namespace sesame {

void NotifySystemd(const std::string& state) {
  const int sent = sd_notify(/*unset_environment=*/0, state.c_str());
  if (sent < 0) {
    std::cerr << "sesame: cannot notify systemd (NOTIFY_SOCKET): "
              << std::strerror(-sent) << "\n";
  }
}

std::string ReloadingNotice() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  const long long usec =
      static_cast<long long>(now.tv_sec) * 1000000LL + now.tv_nsec / 1000;
  return "RELOADING=1\nMONOTONIC_USEC=" + std::to_string(usec);
}

}  // namespace sesame
