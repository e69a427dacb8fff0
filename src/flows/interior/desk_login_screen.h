// « Guichet » sign-in of the Interior flow's officers (the « président du
// Bureau de Vote Electronique »): identifier, password and the 6-digit
// code of their authenticator app (TOTP, RFC 6238, each code usable once).
// One answer whatever is wrong (identifier, password, code, or an account
// that is no officer), after the same password work; the login limits
// count per identifier and per address as on « Connexion ». And the
// desk's sign-out.
#ifndef SESAME_FLOWS_INTERIOR_DESK_LOGIN_SCREEN_H_
#define SESAME_FLOWS_INTERIOR_DESK_LOGIN_SCREEN_H_

#include <vector>

#include "web/screen.h"

namespace sesame {

class DeskLoginScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
  Response Post(Context& ctx) override;
  Response ShowForm(Context& ctx, int status,
                    const std::string& message) override;

 private:
  Response Form(Context& ctx, int status,
                const std::vector<FieldError>& errors);
};

// POST /guichet/deconnexion: the desk session revoked, its cookie cleared.
class DeskLogoutScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
  Response Post(Context& ctx) override;
  Response ShowForm(Context& ctx, int status,
                    const std::string& message) override;
};

}  // namespace sesame

#endif  // SESAME_FLOWS_INTERIOR_DESK_LOGIN_SCREEN_H_
