// The Crédit Municipal flow's intent handler: « Code d'accès oublié ».
//
// When the typed identifier and e-mail address match an active account
// (exact identifier; address compared after NormaliseEmail), it creates a
// recovery request whose mail (a link valid link_ttl_hours, to the address
// on record) and SMS (an activation code, to the phone on record) are
// queued with it, within the SMS limits per destination and in total. An
// account without a phone gets a mail without a link telling it to contact
// the assistance. Anything else writes an audit row only.
#ifndef SESAME_FLOWS_CREDIT_MUNICIPAL_INTAKE_H_
#define SESAME_FLOWS_CREDIT_MUNICIPAL_INTAKE_H_

#include "core/config.h"
#include "flows/credit_municipal/settings.h"
#include "intake/intake_worker.h"
#include "storage/stores.h"
#include "web/renderer.h"

namespace sesame {

class CreditMunicipalIntake : public IntentHandler {
 public:
  // Borrows everything.
  CreditMunicipalIntake(const Config& config, Stores stores, Renderer* renderer)
      : config_(config),
        branding_(config.BrandingFor(kCreditMunicipalFlow)),
        stores_(stores),
        renderer_(renderer) {}

  StatusOr<IntentOutcome> Handle(const Intent& intent) override;

 private:
  StatusOr<IntentOutcome> NewRequest(const Intent& intent,
                                     const Account& account);
  StatusOr<IntentOutcome> NoPhone(const Intent& intent, const Account& account);

  const Config& config_;
  const BrandingConfig branding_;
  Stores stores_;
  Renderer* renderer_;
};

}  // namespace sesame

#endif  // SESAME_FLOWS_CREDIT_MUNICIPAL_INTAKE_H_
