// « Demande de régénération du mot de passe » (Interior flow): Matricule,
// Date de naissance and Donnée secrète de réassort. Once each has the right
// shape, the request is stored for `sesame deliver` (intake.h), and the
// answer is the same confirmation page whatever was typed. Only when the
// matricule's online regeneration is suspended ([interior]
// regeneration_failures requests that matched no agent within the hour)
// does the form say so instead, whatever was typed this time, and never
// which fact was wrong.
//
// With [interior] delivery = "screen" (a deployment with no channel to the
// agent; weaker, documented so), the form looks the facts up itself and, on
// a match, shows a one-time password once on its answer page; otherwise it
// says that the facts match no agent.
#ifndef SESAME_FLOWS_INTERIOR_REGENERATION_SCREEN_H_
#define SESAME_FLOWS_INTERIOR_REGENERATION_SCREEN_H_

#include <vector>

#include "web/screen.h"

namespace sesame {

class RegenerationScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
  Response Post(Context& ctx) override;
  Response ShowForm(Context& ctx, int status,
                    const std::string& message) override;

 private:
  Response Form(Context& ctx, int status,
                const std::vector<FieldError>& errors);
  // delivery = "screen": the lookup and the password, at once.
  Response OnScreen(Context& ctx, const std::string& matricule,
                    const std::string& birth, const std::string& secret);
};

// « Votre demande a bien été prise en compte »: the same for every input.
class RegenerationSentScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
};

// « Support en ligne »: the online regeneration, or the desk.
class SupportScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
};

}  // namespace sesame

#endif  // SESAME_FLOWS_INTERIOR_REGENERATION_SCREEN_H_
