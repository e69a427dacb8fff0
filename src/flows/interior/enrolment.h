// `sesame account add --matricule M --birth-date JJ/MM/AAAA --card-number C
// --iban I [--bureau B]` and the same columns of `account import`: an agent
// of the Interior flow. The four facts go together; the card number and the
// IBAN are used once, to derive the réassort secret, and never kept. A new
// security key is generated and told to the operator once.
#ifndef SESAME_FLOWS_INTERIOR_ENROLMENT_H_
#define SESAME_FLOWS_INTERIOR_ENROLMENT_H_

#include <map>
#include <string>
#include <vector>

#include "flows/interior/rules.h"
#include "flows/recovery_flow.h"

namespace sesame {

// The options (RecoveryFlow::account_options).
std::vector<AccountOption> AgentOptions();

// RecoveryFlow::apply_account_options, with today's date given (the CLI
// passes the system's).
Status EnrolAgent(const FlowDeps& deps,
                  const std::map<std::string, std::string>& given,
                  const CivilDate& today, NewAccount* account,
                  std::vector<std::string>* told);

// Today's date (UTC) from the system clock.
CivilDate Today();

}  // namespace sesame

#endif  // SESAME_FLOWS_INTERIOR_ENROLMENT_H_
