// « Se connecter » of the Interior flow: Matricule, Date de naissance, Code
// de sécurité and Mot de passe. Once each field has the right shape, all
// four are checked together with one answer whatever is wrong, and the same
// work (two digest lookups and one Argon2id) whatever was typed: the page
// never says which field failed. The login limits count per matricule and
// per address, as on « Connexion ».
#ifndef SESAME_FLOWS_INTERIOR_LOGIN_SCREEN_H_
#define SESAME_FLOWS_INTERIOR_LOGIN_SCREEN_H_

#include <vector>

#include "web/screen.h"

namespace sesame {

class InteriorLoginScreen : public Screen {
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

#endif  // SESAME_FLOWS_INTERIOR_LOGIN_SCREEN_H_
