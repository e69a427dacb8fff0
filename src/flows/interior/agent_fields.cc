#include "flows/interior/agent_fields.h"

#include "flows/interior/enrolment.h"

namespace sesame {

namespace {

// BirthDateMessage's text in the request's language.
std::string BirthDateText(Context& ctx, BirthDateProblem problem) {
  switch (problem) {
    case BirthDateProblem::kNone:
      return "";
    case BirthDateProblem::kEmpty:
      return ctx.T("in_birth_empty");
    case BirthDateProblem::kFormat:
      return ctx.T("in_birth_format");
    case BirthDateProblem::kImpossible:
      return ctx.T("in_birth_impossible");
    case BirthDateProblem::kTooOld:
      return ctx.T("in_birth_too_old");
    case BirthDateProblem::kFuture:
      return ctx.T("in_birth_future");
  }
  return "";
}

}  // namespace

AgentIdentity CheckAgentIdentity(Context& ctx,
                                 std::vector<FieldError>* errors) {
  const Request& request = ctx.request();
  AgentIdentity identity;
  const std::string& typed = request.Field("matricule");
  identity.matricule = NormaliseMatricule(typed);
  if (typed.empty()) {
    errors->push_back({"matricule", ctx.T("in_matricule_missing")});
  } else if (!identity.matricule) {
    errors->push_back({"matricule", ctx.T("in_matricule_invalid")});
  }
  identity.birth = ParseBirthDate(request.Field("naissance"), Today());
  if (identity.birth.problem != BirthDateProblem::kNone) {
    errors->push_back(
        {"naissance", BirthDateText(ctx, identity.birth.problem)});
  }
  return identity;
}

}  // namespace sesame
