#include "flows/interior/intake.h"

#include <utility>

#include "flows/interior/facts.h"
#include "flows/interior/rules.h"
#include "flows/interior/settings.h"
#include "recovery/account_fields.h"
#include "recovery/limits.h"
#include "recovery/link_rules.h"
#include "recovery/mark_rules.h"
#include "screens/messages.h"

namespace sesame {

InteriorIntake::InteriorIntake(const FlowDeps& deps)
    : config_(*deps.config),
      branding_(deps.config->BrandingFor(kInteriorFlow)),
      stores_(deps.stores),
      renderer_(deps.renderer),
      hasher_(deps.hasher),
      mark_rules_(deps.mark_rules) {}

StatusOr<IntentOutcome> InteriorIntake::Handle(const Intent& intent) {
  const InteriorSettings& ic = InteriorSettings::Of(config_);
  const std::string& matricule = IntentField(intent, "matricule");
  // Every intent costs one Argon2id digest, matched or not.
  StatusOr<std::string> digest =
      ReassortDigest(config_, hasher_,
                     ReassortFact(matricule, IntentField(intent, "naissance"),
                                  IntentField(intent, "secret")));
  if (!digest.ok()) return digest.status();
  StatusOr<Account> account =
      stores_.accounts->FindByIdentifier(kReassortKind, *digest);
  if (!account.ok() && account.status().code() != StatusCode::kNotFound) {
    return account.status();
  }
  const std::string failures_key = RegenerationFailuresKey(config_, matricule);
  StatusOr<int> failures = stores_.limits->Count(failures_key, 3600);
  if (!failures.ok()) return failures.status();
  const std::optional<int64_t> id =
      account.ok() ? std::optional<int64_t>(account->id) : std::nullopt;
  const AuditEvent suspended{id, "recovery.regeneration.suspended",
                             intent.client_ip, intent.flow};
  IntentOutcome outcome;
  if (*failures >= ic.regeneration_failures) {
    // Suspended for the hour: right facts send nothing either.
    outcome.audit.push_back(suspended);
    return outcome;
  }
  if (!account.ok() || account->disabled || account->role != kRoleAgent) {
    // One more failure for this matricule; refused (nothing counted) once
    // failures written since the read above, by this batch or another
    // worker, suspended it.
    outcome.limits.push_back({failures_key, 3600, ic.regeneration_failures});
    outcome.audit_if_limited.push_back(suspended);
    outcome.audit.push_back(
        {id, "recovery.request.nomatch", intent.client_ip, intent.flow});
    return outcome;
  }
  StatusOr<IntentOutcome> sent = ic.delivery == InteriorSettings::Delivery::kSms
                                     ? Sms(intent, *account)
                                     : Link(intent, *account);
  if (!sent.ok()) return sent;
  sent->limits.push_back(
      AccountRequestLimit(config_.security.limits, account->id));
  // Read again under the write's lock: failures written since the read
  // above (earlier intents of this batch, another worker) suspend this
  // request too.
  sent->audit_if_limited_by[sent->limits.size()].push_back(suspended);
  sent->limits.push_back(
      {failures_key, 3600, ic.regeneration_failures - 1, /*add=*/0});
  sent->audit_if_limited.push_back(
      {account->id, "recovery.request.limited", intent.client_ip, intent.flow});
  // One message per interval, however many requests match at once; and
  // the rules every flow's password renewal obeys.
  sent->unless_marked =
      GuardsFor(mark_rules_, account->id, kPasswordRenewalMark);
  if (ic.regeneration_interval_minutes > 0) {
    sent->unless_marked.push_back({account->id, kRegenerationMark,
                                   ic.regeneration_interval_minutes * 60});
  }
  sent->audit_if_marked.push_back({account->id, "recovery.request.repeated",
                                   intent.client_ip, intent.flow});
  sent->marks.push_back({account->id, kRegenerationMark});
  if (sent->request || sent->password_change) {
    sent->marks.push_back({account->id, kPasswordRenewalMark});
  }
  return sent;
}

std::string InteriorIntake::Subject(const Account& account,
                                    const Intent& intent) const {
  const I18n& i18n = renderer_->i18n();
  const std::string lang = MessageLanguage(account, &intent);
  return FillPlaceholders(
      i18n.Wording(lang, InteriorSettings::Of(config_).link_mail_subject),
      {{"organisation", i18n.Wording(lang, branding_.organisation)}});
}

StatusOr<IntentOutcome> InteriorIntake::Link(const Intent& intent,
                                             const Account& account) {
  const InteriorSettings& ic = InteriorSettings::Of(config_);
  StatusOr<NewRecoveryRequest> request =
      MailedLinkRequest(config_, branding_, *renderer_, account, intent,
                        {kInteriorFlow, "/interieur/lien", "interior/mail/link",
                         Subject(account, intent), ic.link_ttl_hours});
  if (!request.ok()) return request.status();
  IntentOutcome outcome;
  outcome.request = *std::move(request);
  return outcome;
}

StatusOr<IntentOutcome> InteriorIntake::Sms(const Intent& intent,
                                            const Account& account) {
  const InteriorSettings& ic = InteriorSettings::Of(config_);
  IntentOutcome outcome;
  if (account.phone.empty()) {
    PageData data;
    AddGreeting(account, &data);
    StatusOr<OutboxMessage> mail =
        BuildMail(config_, branding_, *renderer_, "interior/mail/no_phone",
                  account.email, Subject(account, intent), std::move(data),
                  MessageLanguage(account, &intent));
    if (!mail.ok()) return mail.status();
    outcome.messages.push_back(*std::move(mail));
    outcome.audit.push_back({account.id, "recovery.request.no_phone",
                             intent.client_ip, intent.flow});
    return outcome;
  }
  StatusOr<PasswordChange> change = OneTimePasswordBySms(
      config_, branding_, *hasher_, account, ic.sms_text, ic.password_length,
      {account.id, "password.renewal.sms", intent.client_ip, intent.flow},
      &renderer_->i18n(), MessageLanguage(account, &intent));
  if (!change.ok()) return change.status();
  outcome.password_change = *std::move(change);
  return outcome;
}

}  // namespace sesame
