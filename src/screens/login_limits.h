// The login limits as the screens that check a password apply them
// (« Connexion » and the current password of « Changer mon mot de passe »):
// counting an attempt in the shared rate-limit rows by the rules of
// recovery/login_rules.h, the device cookie, and the French answer when an
// attempt is refused or slowed.
#ifndef SESAME_SCREENS_LOGIN_LIMITS_H_
#define SESAME_SCREENS_LOGIN_LIMITS_H_

#include <string>
#include <vector>

#include "recovery/login_rules.h"
#include "web/screen.h"

namespace sesame {

// What counting one attempt decided: kGo (counted), or kRefuse / kSlowDown
// (nothing counted) with the seconds to wait.
struct LoginGate {
  LoginVerdict verdict = LoginVerdict::kGo;
  int retry_after = 0;
};

// Counts the attempt against the client address's bucket: before a
// captcha is checked.
StatusOr<LoginGate> CountLoginAddress(Context& ctx);

// Counts an attempt on `login` against the address's (unless
// `captcha_solved`: CountLoginAddress did before the captcha) and the
// account's buckets, all or none (the device cookie of the request, if it
// is this login's, stands in for the per-account bucket). Past the
// per-account limit, takes the account's slow slot.
StatusOr<LoginGate> CountLoginAccount(Context& ctx, const std::string& login,
                                      bool captcha_solved);

// After a successful sign-in or password check: the (account, address) and
// device buckets start again. A sign-in forgets LoginFailureKeys with its
// session, in one transaction (NewSession::forget_limits).
std::vector<std::string> LoginFailureKeys(const Context& ctx,
                                          const std::string& login);
void ForgetLoginFailures(Context& ctx, const std::string& login);

// « Trop de tentatives … réessayez dans N minutes / secondes. »
std::string LoginGateMessage(const Context& ctx, const LoginGate& gate);

// The Set-Cookie value of a fresh device cookie for `login`: long-lived,
// HttpOnly, SameSite=Strict, Secure over https.
std::string DeviceCookieHeader(const Context& ctx, const std::string& login);

}  // namespace sesame

#endif  // SESAME_SCREENS_LOGIN_LIMITS_H_
