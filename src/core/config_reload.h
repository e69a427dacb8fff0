// What `sesame serve` may take from a new config file on SIGHUP, and what
// only a restart changes. No I/O.
#ifndef SESAME_CORE_CONFIG_RELOAD_H_
#define SESAME_CORE_CONFIG_RELOAD_H_

#include <string>
#include <vector>

#include "core/config.h"

namespace sesame {

// Puts back into `next` the running value of every setting that a running
// server cannot change, and returns the keys of those that differed (in a
// fixed order, e.g. "server.listen", "database.password_file (content)").
// They are: the socket ([server] listen, socket_mode: opened at start, or
// passed by systemd) and the worker threads ([server] threads: one database
// connection each); [server] templates_dir (loaded once, by every page
// being rendered) and with them [branding] languages and [translations.*]
// (the catalogues the renderer loaded); [database] (the connections); the
// secret key (sessions, CSRF tokens, sealed rows and the audit chain depend on
// it, and `sesame deliver` must hold the same one); [security.argon2] (the
// hashing queue and its memory bound); and what the database layer keeps from
// start: the SMS budgets (security.limits.sms_per_destination_hour,
// sms_global_hour), deliver.default_ttl_hours and mail.from.
std::vector<std::string> KeepRestartOnlySettings(const Config& running,
                                                 Config* next);

}  // namespace sesame

#endif  // SESAME_CORE_CONFIG_RELOAD_H_
