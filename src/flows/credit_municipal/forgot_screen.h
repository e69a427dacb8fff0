// « Code d'accès oublié » (Crédit Municipal flow, step 1): identifier and
// e-mail address. Whatever was typed, the answer is the same redirect to
// /forgot/sent; only when both match an active account does a mail (to the
// address on record) and an SMS activation code go out, through the outbox.
#ifndef SESAME_FLOWS_CREDIT_MUNICIPAL_FORGOT_SCREEN_H_
#define SESAME_FLOWS_CREDIT_MUNICIPAL_FORGOT_SCREEN_H_

#include "web/screen.h"

namespace sesame {

class ForgotScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
  Response Post(Context& ctx) override;
  Response ShowForm(Context& ctx, int status,
                    const std::string& message) override;

 private:
  Response Form(Context& ctx, int status,
                const std::vector<FieldError>& errors);
};

// « Demande enregistrée »: the same page for every input.
class ForgotSentScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
};

}  // namespace sesame

#endif  // SESAME_FLOWS_CREDIT_MUNICIPAL_FORGOT_SCREEN_H_
