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
// Unless the other credential was renewed within consular.not_both_hours
// (by any flow, for the password): then the mail says so and nothing is
// renewed (told only to whoever holds the mailbox, never on the request
// page). The store decides that on the account locked (see
// recovery/mark_rules.h), so two requests handled at once cannot both pass.
// Every matching request counts against the account's request budget
// (AccountRequestLimit); past it, nothing is sent. Anything else: an audit
// row.
#ifndef SESAME_FLOWS_CONSULAR_INTAKE_H_
#define SESAME_FLOWS_CONSULAR_INTAKE_H_

#include "core/config.h"
#include "crypto/password_hasher.h"
#include "flows/consular/settings.h"
#include "flows/recovery_flow.h"
#include "intake/intake_worker.h"
#include "storage/stores.h"
#include "web/renderer.h"

namespace sesame {

class ConsularIntake : public IntentHandler {
 public:
  // Borrows what `deps` points to.
  explicit ConsularIntake(const FlowDeps& deps)
      : config_(*deps.config),
        branding_(deps.config->BrandingFor(kConsularFlow)),
        stores_(deps.stores),
        renderer_(deps.renderer),
        hasher_(deps.hasher),
        mark_rules_(deps.mark_rules) {}

  StatusOr<IntentOutcome> Handle(const Intent& intent) override;

 private:
  StatusOr<IntentOutcome> PasswordLink(const Intent& intent,
                                       const Account& account);
  StatusOr<IntentOutcome> Identifier(const Intent& intent,
                                     const Account& account);
  // Adds the account's request budget, the « pas les deux » guard of
  // `mark` and the refusal mail written instead when it holds.
  Status Guard(const Intent& intent, const Account& account, bool password,
               const char* mark, IntentOutcome* outcome);

  const Config& config_;
  const BrandingConfig branding_;
  Stores stores_;
  Renderer* renderer_;
  crypto::PasswordHasher* hasher_;
  const std::vector<MarkRule> mark_rules_;
};

}  // namespace sesame

#endif  // SESAME_FLOWS_CONSULAR_INTAKE_H_
