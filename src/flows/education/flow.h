// The Education-ministry flow (seed 003, the ministry's professional
// elections): the vote space's « code de vote » (/education/vote), its
// « réassort » by the challenge question and the NUMEN or NIR, a
// single-use link to a personal channel, the warning page and the new code
// shown once for a short while, and the account-opening page. FranceConnect,
// the other proof, leads to the same warning page (grant.h).
#ifndef SESAME_FLOWS_EDUCATION_FLOW_H_
#define SESAME_FLOWS_EDUCATION_FLOW_H_

#include "flows/recovery_flow.h"

namespace sesame {

const RecoveryFlow& EducationFlow();

}  // namespace sesame

#endif  // SESAME_FLOWS_EDUCATION_FLOW_H_
