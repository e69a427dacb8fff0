// The Interior flow's link page: the single-use link mailed to the agent's
// work address after an online regeneration leads here (its token moved
// into a cookie: GET spends nothing, so mail scanners spend nothing). The
// agent chooses a new password; the POST spends the link and changes the
// password in one transaction. The agent then signs in with the four
// fields, the security key included.
#ifndef SESAME_FLOWS_INTERIOR_LINK_SCREEN_H_
#define SESAME_FLOWS_INTERIOR_LINK_SCREEN_H_

#include <vector>

#include "recovery/link_rules.h"
#include "web/screen.h"

namespace sesame {

class InteriorLinkScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
  Response Post(Context& ctx) override;
  Response ShowForm(Context& ctx, int status,
                    const std::string& message) override;

 private:
  Response Form(Context& ctx, int status,
                const std::vector<FieldError>& errors);
};

// « Mot de passe modifié ».
class InteriorLinkDoneScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
};

}  // namespace sesame

#endif  // SESAME_FLOWS_INTERIOR_LINK_SCREEN_H_
