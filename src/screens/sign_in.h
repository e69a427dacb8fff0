// What every sign-in page does once its limits let an attempt through and
// its own lookup found an account or not (« Connexion » by login, the
// Interior flow's four fields, the officers' desk): the password is
// checked — against a dummy Argon2id when there is no account, so that
// every failure costs the same work — and only an enabled account of the
// page's role, whose password (and second factor, if the page has one)
// matched, gets a session. A one-time password is spent with the session
// and leads to the forced change.
#ifndef SESAME_SCREENS_SIGN_IN_H_
#define SESAME_SCREENS_SIGN_IN_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "web/screen.h"

namespace sesame {

struct SignInAttempt {
  // What the page's lookup found (nullopt: nothing, or facts that did not
  // match: the password is then checked against the dummy).
  std::optional<Account> account;
  std::string password;
  // The role the page admits (storage/types.h): another role fails like a
  // wrong password.
  std::string role = kRolePortal;
  // The login its limits counted and its device cookie names.
  std::string limits_login;
  // Checked only after the password matched (an officer's TOTP code):
  // false fails like a wrong password.
  std::function<StatusOr<bool>(const Account&)> second_factor;
  // The session cookie to set, and the SHA-256 domain of its value (see
  // SessionIdHash).
  std::string cookie = "session";
  // Its SameSite attribute: "Lax" lets a link from a mail or another site
  // land signed in; "Strict" sends it only from this site's own pages.
  const char* same_site = "Lax";
  // Where a signed-in account goes (a one-time password: /account/password).
  std::string next = "/account";
  // Instead of `next`: a path from the host's root that [auth] next_allowed
  // admits (/login?next=), checked by the caller; a one-time password still
  // goes to the change first.
  std::string next_absolute;
};

enum class SignInVerdict {
  kWrong,     // the page's one uniform failure (audited « login.fail »)
  kExpired,   // a one-time password past its lifetime, or spent meanwhile
  kSignedIn,  // `*signed_in` is the 303 with the session cookie
};

StatusOr<SignInVerdict> SignInWithPassword(Context& ctx,
                                           const SignInAttempt& attempt,
                                           Response* signed_in);

// The « login » and « password » fields of a sign-in form: empty, or longer
// than a login (64 bytes) or a password (1024 bytes) can be, each gets its
// own message on its field.
void CheckLoginField(const Context& ctx, std::vector<FieldError>* errors);
void CheckPasswordField(const Context& ctx, std::vector<FieldError>* errors);

// The sessions table's id of a session cookie's value: SHA-256 of it, and
// for any other cookie than "session", of "<cookie>|<value>": a cookie of
// one kind presented as another finds no session.
std::string SessionIdHash(const std::string& cookie, const std::string& value);

}  // namespace sesame

#endif  // SESAME_SCREENS_SIGN_IN_H_
