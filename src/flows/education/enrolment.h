// `sesame account add --numen N | --nir10 D [--vote-code-initial C]
// [--question Q --answer R] [--franceconnect-pivot P]` and the same columns
// of `account import`: a voter of the Education flow. Every fact is kept
// as a keyed digest (facts.h). Without --question, the account-opening link
// (/education/activation) is mailed to the work address, where the voter
// chooses the question and types the answer.
#ifndef SESAME_FLOWS_EDUCATION_ENROLMENT_H_
#define SESAME_FLOWS_EDUCATION_ENROLMENT_H_

#include <map>
#include <string>
#include <vector>

#include "flows/recovery_flow.h"

namespace sesame {

// The options (RecoveryFlow::account_options).
std::vector<AccountOption> VoterOptions();

// RecoveryFlow::apply_account_options.
Status EnrolVoter(const FlowDeps& deps,
                  const std::map<std::string, std::string>& given,
                  NewAccount* account, std::vector<std::string>* told);

}  // namespace sesame

#endif  // SESAME_FLOWS_EDUCATION_ENROLMENT_H_
