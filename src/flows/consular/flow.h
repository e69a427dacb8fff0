// The consular flow (seeds 000 and 001, French consular elections):
// « Mot de passe perdu ou non reçu ? » — NUMIC, e-mail and captcha, a
// single-use mail link, the identifier, a one-time password by SMS — and
// « Identifiant perdu ou non reçu ? » — the identifier by mail.
#ifndef SESAME_FLOWS_CONSULAR_FLOW_H_
#define SESAME_FLOWS_CONSULAR_FLOW_H_

#include "flows/recovery_flow.h"

namespace sesame {

const RecoveryFlow& ConsularFlow();

}  // namespace sesame

#endif  // SESAME_FLOWS_CONSULAR_FLOW_H_
