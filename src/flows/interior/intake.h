// The Interior flow's intent handler: « Demande de régénération du mot de
// passe ».
//
// The form stored the matricule, the birth date (JJ/MM/AAAA) and the
// réassort secret, each already normalised. Every intent costs one keyed
// Argon2id (the digest of the three facts), matched or not, and the agent
// is the account holding that digest. The three facts are never enough
// alone (ASVS V2.5): on a match, the new password goes to what the agent
// holds —
// - [interior] delivery = "mail": a single-use link to the work address on
//   record ([interior] link_ttl_hours), whose page sets the new password;
// - "sms": a one-time password by SMS to the phone on record, to be changed
//   at the next sign-in (an agent without a phone gets a mail saying to go
//   to the desk).
// At most one message per agent every [interior]
// regeneration_interval_minutes however many requests match, and the
// account's request budget (AccountRequestLimit) applies. A request that
// matches no agent counts against its matricule (RegenerationFailuresKey);
// past [interior] regeneration_failures in the hour, even right facts send
// nothing until the hour is over (the form says so).
#ifndef SESAME_FLOWS_INTERIOR_INTAKE_H_
#define SESAME_FLOWS_INTERIOR_INTAKE_H_

#include <vector>

#include "flows/recovery_flow.h"
#include "intake/intake_worker.h"

namespace sesame {

// Written on an agent's account when a regeneration sent something.
inline constexpr char kRegenerationMark[] = "interior.regeneration";

class InteriorIntake : public IntentHandler {
 public:
  // Borrows what `deps` points to.
  explicit InteriorIntake(const FlowDeps& deps);

  StatusOr<IntentOutcome> Handle(const Intent& intent) override;

 private:
  StatusOr<IntentOutcome> Link(const Intent& intent, const Account& account);
  // The link and no-phone mails' subject in the message's language.
  std::string Subject(const Account& account, const Intent& intent) const;
  StatusOr<IntentOutcome> Sms(const Intent& intent, const Account& account);

  const Config& config_;
  const BrandingConfig branding_;
  Stores stores_;
  Renderer* renderer_;
  crypto::PasswordHasher* hasher_;
  const std::vector<MarkRule> mark_rules_;
};

}  // namespace sesame

#endif  // SESAME_FLOWS_INTERIOR_INTAKE_H_
