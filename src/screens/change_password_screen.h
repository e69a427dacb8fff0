// « Changer mon mot de passe », from the espace personnel, and the forced
// « Choisissez votre mot de passe » after signing in with a one-time
// password (then the current password is not asked again).
#ifndef SESAME_SCREENS_CHANGE_PASSWORD_SCREEN_H_
#define SESAME_SCREENS_CHANGE_PASSWORD_SCREEN_H_

#include "web/screen.h"

namespace sesame {

class ChangePasswordScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
  Response Post(Context& ctx) override;
  Response ShowForm(Context& ctx, int status,
                    const std::string& message) override;

 private:
  Response Form(Context& ctx, int status, const Account& account,
                const std::vector<FieldError>& errors);
  // Audits a wrong current password; the form again, or past
  // [security.limits] password_change_failures the session ends and the
  // login page says why.
  Response WrongCurrentPassword(Context& ctx, const Account& account);
};

}  // namespace sesame

#endif  // SESAME_SCREENS_CHANGE_PASSWORD_SCREEN_H_
