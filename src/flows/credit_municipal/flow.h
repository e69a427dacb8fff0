// The Crédit Municipal flow (seed 004, « Code d'accès oublié ? »): identifier
// and e-mail address, a mail link valid 12 hours plus an SMS activation
// code, then a new password.
#ifndef SESAME_FLOWS_CREDIT_MUNICIPAL_FLOW_H_
#define SESAME_FLOWS_CREDIT_MUNICIPAL_FLOW_H_

#include "flows/recovery_flow.h"

namespace sesame {

const RecoveryFlow& CreditMunicipalFlow();

}  // namespace sesame

#endif  // SESAME_FLOWS_CREDIT_MUNICIPAL_FLOW_H_
