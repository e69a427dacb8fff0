// /education/activation?t=: the account-opening link mailed to the work
// address when a voter's account is added without a challenge question.
// GET moves the token into a cookie (spending nothing) and shows the list
// of questions; the POST stores the chosen question and its answer's
// keyed digest and spends the link in one conditional UPDATE.
#ifndef SESAME_FLOWS_EDUCATION_ACTIVATION_SCREEN_H_
#define SESAME_FLOWS_EDUCATION_ACTIVATION_SCREEN_H_

#include <vector>

#include "web/screen.h"

namespace sesame {

class ActivationScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
  Response Post(Context& ctx) override;
  Response ShowForm(Context& ctx, int status,
                    const std::string& message) override;

 private:
  Response Form(Context& ctx, int status,
                const std::vector<FieldError>& errors);
};

class ActivationDoneScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
};

}  // namespace sesame

#endif  // SESAME_FLOWS_EDUCATION_ACTIVATION_SCREEN_H_
