#include "flows/interior/agent_fields.h"

#include "flows/interior/enrolment.h"

namespace sesame {

AgentIdentity CheckAgentIdentity(const Request& request,
                                 std::vector<FieldError>* errors) {
  AgentIdentity identity;
  const std::string& typed = request.Field("matricule");
  identity.matricule = NormaliseMatricule(typed);
  if (typed.empty()) {
    errors->push_back({"matricule", "Saisissez votre matricule."});
  } else if (!identity.matricule) {
    errors->push_back({"matricule",
                       "Le matricule se compose de chiffres uniquement (au "
                       "dos de votre carte agent), sans espace ni lettre."});
  }
  identity.birth = ParseBirthDate(request.Field("naissance"), Today());
  if (identity.birth.problem != BirthDateProblem::kNone) {
    errors->push_back({"naissance", BirthDateMessage(identity.birth.problem)});
  }
  return identity;
}

}  // namespace sesame
