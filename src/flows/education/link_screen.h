// /education/reassort/lien?t=: the single-use link sent to the personal
// channel. GET moves the token into a cookie and shows the link's page
// (spending nothing: SMS and mail previews open links); its POST
// (« Continuer ») spends the link and leaves a regeneration grant
// (grant.h) in one transaction, then leads to the warning page. A second
// opening after that finds « Lien déjà utilisé ».
#ifndef SESAME_FLOWS_EDUCATION_LINK_SCREEN_H_
#define SESAME_FLOWS_EDUCATION_LINK_SCREEN_H_

#include <vector>

#include "web/screen.h"

namespace sesame {

class EducationLinkScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
  Response Post(Context& ctx) override;
  Response ShowForm(Context& ctx, int status,
                    const std::string& message) override;

 private:
  Response Form(Context& ctx, int status,
                const std::vector<FieldError>& errors);
};

}  // namespace sesame

#endif  // SESAME_FLOWS_EDUCATION_LINK_SCREEN_H_
