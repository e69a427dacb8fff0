// Login throttling rules, without I/O: which rate-limit buckets a sign-in
// attempt (or a check of the current password) counts against, and what
// happens past each. The store counts an attempt only when every bucket it
// names stays within its limit (RateLimiter::HitWithin): an attempt that is
// refused counts nothing, so refusals never prolong a refusal.
//
// There is no hard lockout of an account:
// - the (account, client IP) bucket refuses: it is the address of whoever
//   is guessing; the owner elsewhere is not concerned;
// - the client IP bucket refuses: one address trying many accounts;
// - the per-account bucket (a distributed attack) only slows: a browser
//   that signed in to the account before holds its device cookie (OWASP
//   authentication cheat sheet) and is not counted there at all, but in
//   its own bucket; any other browser past the limit must have solved the
//   login captcha (when [captcha] forms has "login") or else may try the
//   account once per login_slowdown_seconds.
#ifndef SESAME_RECOVERY_LOGIN_RULES_H_
#define SESAME_RECOVERY_LOGIN_RULES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "storage/types.h"

namespace sesame {

// What an attempt meets past one bucket's limit.
enum class LoginVerdict {
  kGo,        // counted: evaluate the password
  kRefuse,    // 429 for the bucket's window
  kSlowDown,  // the account is over its limit: see LoginSlowLimits
};

struct LoginLimit {
  LimitCheck check;
  LoginVerdict when_over = LoginVerdict::kRefuse;
};

// Who is trying what: `login_mac` is an HMAC of the typed login (unknown
// logins are counted exactly like known ones and no identifier is stored in
// clear); `device` is the nonce of a valid device cookie for this login, or
// empty.
struct LoginAttempt {
  std::string login_mac;
  std::string ip;
  std::string device;
};

// The client address's bucket. Where the form has a captcha, counted on
// its own before the captcha is checked, so that wrong captchas cost the
// address that sends them.
std::vector<LoginLimit> LoginAddressLimits(const std::string& ip,
                                           const LimitsConfig& limits);
// The buckets of an attempt at a password, all counted or none: the client
// address's (unless the attempt solved a captcha: then it was counted
// before), the (account, address) bucket, then the device's bucket for a
// browser with a device cookie, or else the account's bucket (which never
// refuses an attempt that solved the login captcha).
std::vector<LoginLimit> LoginAccountLimits(const LoginAttempt& attempt,
                                           const LimitsConfig& limits,
                                           bool captcha_solved);
// When LoginAccountLimits said kSlowDown (never after a solved captcha):
// the address's and (account, address) buckets and the account's slot of
// one attempt per login_slowdown_seconds.
std::vector<LoginLimit> LoginSlowLimits(const LoginAttempt& attempt,
                                        const LimitsConfig& limits);

// The checks to hand to RateLimiter::HitWithin, in order.
std::vector<LimitCheck> LimitChecks(const std::vector<LoginLimit>& limits);
// The verdict for HitWithin's answer: kGo when nothing was over.
LoginVerdict LoginVerdictFor(const std::vector<LoginLimit>& limits,
                             std::optional<size_t> over);

// The rate-limit keys of one attempt.
std::string LoginAccountIpKey(const std::string& login_mac,
                              const std::string& ip);
std::string LoginAccountKey(const std::string& login_mac);
std::string LoginIpKey(const std::string& ip);
std::string LoginDeviceKey(const std::string& device);
std::string LoginSlowKey(const std::string& login_mac);

// --- Device cookies ------------------------------------------------------
//
// Issued on each successful sign-in: "1.<issued>.<nonce>.<mac>", where
// `issued` is Unix seconds, `nonce` 16 random bytes and `mac` the HMAC,
// under a key derived from the server secret, of all that and the login.
// The cookie does not show the login: it is valid only for the login it
// was issued for, for kDeviceCookieDays.
inline constexpr int kDeviceCookieDays = 180;
inline constexpr size_t kDeviceNonceBytes = 16;

// The key of device cookies: DeriveKey(secret, "device-cookie").
std::string DeviceCookieKey(const Config& config);
// The cookie's value for `login`, with this nonce (raw bytes) and time.
std::string DeviceCookieValue(std::string_view key, const std::string& login,
                              std::string_view nonce, int64_t issued);
// The cookie's nonce (its own rate-limit key) when `value` is a device
// cookie for `login` issued at most kDeviceCookieDays before `now` (and not
// after it); "" otherwise.
std::string DeviceCookieNonce(std::string_view key, const std::string& login,
                              std::string_view value, int64_t now);

// --- The current-password check of « Changer mon mot de passe » ---------

// The count of wrong current passwords of one session (`session_hash`:
// SHA-256 of its cookie, raw).
std::string PasswordChangeFailuresKey(const std::string& session_hash);
// True when `failures` wrong current passwords end the session.
bool PasswordChangeEndsSession(int failures, const LimitsConfig& limits);

}  // namespace sesame

#endif  // SESAME_RECOVERY_LOGIN_RULES_H_
