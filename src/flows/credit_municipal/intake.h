// The Crédit Municipal flow's intent handler: « Code d'accès oublié ».
//
// When the typed identifier and e-mail address match an active account
// (exact identifier; address compared after NormaliseEmail), it creates a
// recovery request whose mail (a link valid link_ttl_hours, to the address
// on record) and SMS (an activation code, to the phone on record) are
// queued with it, within the SMS budgets (counted by the store when the SMS
// is queued) and the account's request budget (AccountRequestLimit,
// counted only for matching requests). It marks a password renewal; when
// an offered flow's rule forbids one now (the consular « pas les deux »),
// the store writes a refusal mail instead. An account without a phone gets
// a mail without a link telling it to contact the assistance. Anything else
// writes an audit row only.
#ifndef SESAME_FLOWS_CREDIT_MUNICIPAL_INTAKE_H_
#define SESAME_FLOWS_CREDIT_MUNICIPAL_INTAKE_H_

#include "core/config.h"
#include "flows/credit_municipal/settings.h"
#include "flows/recovery_flow.h"
#include "intake/intake_worker.h"
#include "storage/stores.h"
#include "web/renderer.h"

namespace sesame {

class CreditMunicipalIntake : public IntentHandler {
 public:
  // Borrows what `deps` points to.
  explicit CreditMunicipalIntake(const FlowDeps& deps)
      : config_(*deps.config),
        branding_(deps.config->BrandingFor(kCreditMunicipalFlow)),
        stores_(deps.stores),
        renderer_(deps.renderer),
        mark_rules_(deps.mark_rules) {}

  StatusOr<IntentOutcome> Handle(const Intent& intent) override;

 private:
  StatusOr<IntentOutcome> NewRequest(const Intent& intent,
                                     const Account& account);
  StatusOr<IntentOutcome> NoPhone(const Intent& intent, const Account& account);
  // The mail sent instead of the link when a mark rule of another flow
  // forbids a password renewal now (IntentOutcome::unless_marked), drawn
  // only if the store finds the guard tripped (render_if_marked).
  void AddRefusal(const Intent& intent, const Account& account,
                  IntentOutcome* outcome);
  // `mail_template` with `data`, to the address on record, under the
  // flow's subject and sender.
  StatusOr<OutboxMessage> MailTo(const Account& account,
                                 const std::string& mail_template,
                                 PageData data);

  const Config& config_;
  const BrandingConfig branding_;
  Stores stores_;
  Renderer* renderer_;
  const std::vector<MarkRule> mark_rules_;
};

}  // namespace sesame

#endif  // SESAME_FLOWS_CREDIT_MUNICIPAL_INTAKE_H_
