// « Connexion »: identifier and password. Unknown login, wrong password and
// disabled account look and time the same (a dummy Argon2id runs for an
// unknown login).
#ifndef SESAME_SCREENS_LOGIN_SCREEN_H_
#define SESAME_SCREENS_LOGIN_SCREEN_H_

#include "web/screen.h"

namespace sesame {

class LoginScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
  Response Post(Context& ctx) override;
  Response ShowForm(Context& ctx, int status,
                    const std::string& message) override;

 private:
  Response Form(Context& ctx, int status, const std::string& login,
                const std::vector<FieldError>& errors);
};

}  // namespace sesame

#endif  // SESAME_SCREENS_LOGIN_SCREEN_H_
