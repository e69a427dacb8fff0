// The consular flow's intent handler: « Mot de passe perdu » and
// « Identifiant perdu » (French consular elections).
//
// Both forms store a NUMIC (already normalised to 8 digits) and an e-mail
// address. The handler looks the account up by the NUMIC's keyed Argon2id
// digest and compares the address on record exactly (after NormaliseEmail).
// On a match:
// - password: a single-use link (consular.link_ttl_hours) to the address on
//   record, whose page asks for the identifier before a one-time password
//   goes out by SMS;
// - identifier: the identifier, mailed to the address on record.
// Unless the other credential was renewed within consular.not_both_hours:
// then the mail says so and nothing is renewed (told only to whoever holds
// the mailbox, never on the request page). Anything else: an audit row.
#ifndef SESAME_FLOWS_CONSULAR_INTAKE_H_
#define SESAME_FLOWS_CONSULAR_INTAKE_H_

#include "core/config.h"
#include "crypto/password_hasher.h"
#include "flows/consular/settings.h"
#include "intake/intake_worker.h"
#include "storage/stores.h"
#include "web/renderer.h"

namespace sesame {

class ConsularIntake : public IntentHandler {
 public:
  // Borrows everything.
  ConsularIntake(const Config& config, Stores stores, Renderer* renderer,
                 crypto::PasswordHasher* hasher)
      : config_(config),
        branding_(config.BrandingFor(kConsularFlow)),
        stores_(stores),
        renderer_(renderer),
        hasher_(hasher) {}

  StatusOr<IntentOutcome> Handle(const Intent& intent) override;

 private:
  StatusOr<IntentOutcome> PasswordLink(const Intent& intent,
                                       const Account& account);
  StatusOr<IntentOutcome> Identifier(const Intent& intent,
                                     const Account& account);
  StatusOr<IntentOutcome> Refused(const Intent& intent, const Account& account,
                                  bool password);

  const Config& config_;
  const BrandingConfig branding_;
  Stores stores_;
  Renderer* renderer_;
  crypto::PasswordHasher* hasher_;
};

}  // namespace sesame

#endif  // SESAME_FLOWS_CONSULAR_INTAKE_H_
