// « Saisie du code de vote » (/education/vote): the vote space of a voter
// signed in to the portal asks for the vote code (a second secret, distinct
// from the portal password) and the captcha. [education] vote_code_failures
// wrong codes in a row invalidate the code (reason and time kept); an
// invalidated code is refused with « Votre code de vote a été invalidé » and
// the « réassort » link, whatever is typed. A right code of an active
// voter opens « code de vote accepté » (Sésame is not the ballot box).
#ifndef SESAME_FLOWS_EDUCATION_VOTE_SCREEN_H_
#define SESAME_FLOWS_EDUCATION_VOTE_SCREEN_H_

#include <vector>

#include "web/screen.h"

namespace sesame {

class VoteScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
  Response Post(Context& ctx) override;
  Response ShowForm(Context& ctx, int status,
                    const std::string& message) override;

 private:
  Response Form(Context& ctx, int status, const Voter* voter,
                const std::vector<FieldError>& errors);
};

// The message of an invalidated vote code.
inline constexpr char kInvalidatedMessage[] =
    "Votre code de vote a été invalidé.";

}  // namespace sesame

#endif  // SESAME_FLOWS_EDUCATION_VOTE_SCREEN_H_
