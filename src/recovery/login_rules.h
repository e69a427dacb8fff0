// Login throttling rules, without I/O. The counts come from the shared
// rate-limit rows (RateLimiter::Hit, incremented before this check).
//
// There is no hard lockout: a user is only ever slowed by the bucket of
// their own (account, client IP) pair; the per-account bucket is high
// (ASVS: 100 failures an hour) and only stops a distributed attack; the
// per-IP bucket stops one address trying many accounts.
#ifndef SESAME_RECOVERY_LOGIN_RULES_H_
#define SESAME_RECOVERY_LOGIN_RULES_H_

#include <string>

#include "core/config.h"

namespace sesame {

struct LoginCounts {
  int account_ip = 0;
  int account = 0;
  int ip = 0;
};

// True when this attempt may be evaluated.
bool LoginAllowed(const LoginCounts& counts, const LimitsConfig& limits);

// The rate-limit keys of one attempt. `login_mac` is an HMAC of the typed
// login, so unknown logins are counted exactly like known ones and no
// identifier is stored in clear.
std::string LoginAccountIpKey(const std::string& login_mac,
                              const std::string& ip);
std::string LoginAccountKey(const std::string& login_mac);
std::string LoginIpKey(const std::string& ip);

}  // namespace sesame

#endif  // SESAME_RECOVERY_LOGIN_RULES_H_
