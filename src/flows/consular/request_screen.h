// The consular flow's request forms (French consular elections, « Ecran 2 »):
// « Mot de passe perdu ou non reçu ? » and « Identifiant perdu ou non
// reçu ? ». Both ask for the NUMIC (8 digits; fewer are padded with zeros)
// and the e-mail address, then answer with the same confirmation page
// whatever was typed (« Ecran 3 »): the lookup happens later, in the intake
// worker (intake/consular_intake.h), so the answer's timing says nothing.
#ifndef SESAME_FLOWS_CONSULAR_REQUEST_SCREEN_H_
#define SESAME_FLOWS_CONSULAR_REQUEST_SCREEN_H_

#include "flows/consular/settings.h"
#include "web/screen.h"

namespace sesame {

class ConsularRequestScreen : public Screen {
 public:
  enum class Kind { kPassword, kIdentifier };
  explicit ConsularRequestScreen(Kind kind) : kind_(kind) {}

  Response Get(Context& ctx) override;
  Response Post(Context& ctx) override;
  Response ShowForm(Context& ctx, int status,
                    const std::string& message) override;

 private:
  Response Form(Context& ctx, int status,
                const std::vector<FieldError>& errors);
  // The [captcha] forms name of this form.
  const char* CaptchaForm() const;
  Kind kind_;
};

// « Confirmation »: the same page for every input.
class ConsularSentScreen : public Screen {
 public:
  explicit ConsularSentScreen(ConsularRequestScreen::Kind kind) : kind_(kind) {}
  Response Get(Context& ctx) override;

 private:
  ConsularRequestScreen::Kind kind_;
};

}  // namespace sesame

#endif  // SESAME_FLOWS_CONSULAR_REQUEST_SCREEN_H_
