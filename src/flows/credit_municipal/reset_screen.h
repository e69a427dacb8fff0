// « Code d'activation » (Crédit Municipal flow, step 2): the link from the
// mail leads here. GET /reset?t=TOKEN moves the token into a cookie and
// redirects to /reset, so it leaves the address bar, the history and any
// Referer; GET and HEAD never spend anything (mail scanners open links).
// The POST checks the SMS code (counted before it is compared) and the new
// password, then spends the request and changes the password in one
// transaction. « Renvoyer le code » sends a new code (the old one dies).
#ifndef SESAME_FLOWS_CREDIT_MUNICIPAL_RESET_SCREEN_H_
#define SESAME_FLOWS_CREDIT_MUNICIPAL_RESET_SCREEN_H_

#include "recovery/link_rules.h"
#include "screens/link_page.h"
#include "web/screen.h"

namespace sesame {

class ResetScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
  Response Post(Context& ctx) override;
  Response ShowForm(Context& ctx, int status,
                    const std::string& message) override;

 private:
  Response Form(Context& ctx, int status, const RecoveryRequest& request,
                const std::vector<FieldError>& errors,
                const std::string& notice = "");
  Response Resend(Context& ctx, const LinkPage& link,
                  const RecoveryRequest& request);
};

// « Code d'accès modifié », with the way to the espace personnel.
class ResetDoneScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
};

}  // namespace sesame

#endif  // SESAME_FLOWS_CREDIT_MUNICIPAL_RESET_SCREEN_H_
