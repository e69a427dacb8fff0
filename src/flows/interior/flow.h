// The Interior-ministry flow (seed 002, elections of the ministry's
// agents): the four-field sign-in (matricule, birth date, security key,
// password), « support en ligne », the online « Demande de régénération du
// mot de passe » (matricule, birth date, « donnée secrète de réassort »)
// whose new password goes to what the agent holds (a mail link to the work
// address, or an SMS), and the officers' desk (« guichet ») where the
// « président du Bureau de Vote Electronique » hands over a new password or
// security key.
#ifndef SESAME_FLOWS_INTERIOR_FLOW_H_
#define SESAME_FLOWS_INTERIOR_FLOW_H_

#include "flows/recovery_flow.h"

namespace sesame {

const RecoveryFlow& InteriorFlow();

}  // namespace sesame

#endif  // SESAME_FLOWS_INTERIOR_FLOW_H_
