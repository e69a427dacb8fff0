// The fields an agent types on the Interior flow's forms, checked as typed:
// a malformed one gets its own message on its field (which says nothing of
// any account); well-formed ones are returned normalised.
#ifndef SESAME_FLOWS_INTERIOR_AGENT_FIELDS_H_
#define SESAME_FLOWS_INTERIOR_AGENT_FIELDS_H_

#include <optional>
#include <string>
#include <vector>

#include "flows/interior/rules.h"
#include "web/screen.h"

namespace sesame {

// The `matricule` and `naissance` fields of the request: the matricule
// (nullopt when malformed) and the birth date (problem set when
// malformed), each error appended to `errors`.
struct AgentIdentity {
  std::optional<std::string> matricule;
  BirthDate birth;
};
AgentIdentity CheckAgentIdentity(Context& ctx, std::vector<FieldError>* errors);

}  // namespace sesame

#endif  // SESAME_FLOWS_INTERIOR_AGENT_FIELDS_H_
