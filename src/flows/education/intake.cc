#include "flows/education/intake.h"

#include <utility>

#include "crypto/crypto.h"
#include "flows/education/settings.h"
#include "recovery/limits.h"
#include "recovery/link_rules.h"
#include "screens/messages.h"

namespace sesame {

EducationIntake::EducationIntake(const FlowDeps& deps)
    : config_(*deps.config),
      branding_(deps.config->BrandingFor(kEducationFlow)),
      stores_(deps.stores),
      renderer_(deps.renderer) {}

StatusOr<IntentOutcome> EducationIntake::Handle(const Intent& intent) {
  const EducationSettings& es = EducationSettings::Of(config_);
  IntentOutcome outcome;
  int64_t account_id = 0;
  try {
    account_id = std::stoll(IntentField(intent, "account"));
  } catch (const std::exception&) {
    return outcome;  // not one of ours: dropped
  }
  StatusOr<Account> account = stores_.accounts->FindById(account_id);
  if (!account.ok() && account.status().code() != StatusCode::kNotFound) {
    return account.status();
  }
  if (!account.ok() || account->disabled) {
    outcome.audit.push_back({std::nullopt, "recovery.request.nomatch",
                             intent.client_ip, intent.flow});
    return outcome;
  }
  const std::string& canal = IntentField(intent, "canal");
  const std::string& destination = IntentField(intent, "destination");
  const std::string token = NewLinkToken(config_.security.secret_key);
  const std::string link =
      config_.PublicUrl("/education/reassort/lien") + "?t=" + token;
  const int ttl = es.link_ttl_minutes * 60;
  const I18n& i18n = renderer_->i18n();
  const std::string lang = MessageLanguage(*account, &intent);
  OutboxMessage message;
  if (canal == "sms") {
    message.kind = OutboxMessage::Kind::kSms;
    message.recipient = destination;
    message.text = FillPlaceholders(
        i18n.Wording(lang, es.link_sms_text),
        {{"organisation", i18n.Wording(lang, branding_.organisation)},
         {"link", link},
         {"minutes", std::to_string(es.link_ttl_minutes)}});
  } else {
    PageData data;
    AddGreeting(*account, &data);
    data.Set("LINK", link);
    data.Set("TTL_MINUTES", std::to_string(es.link_ttl_minutes));
    StatusOr<OutboxMessage> mail = BuildMail(
        config_, branding_, *renderer_, "education/mail/link", destination,
        FillPlaceholders(
            i18n.Wording(lang, es.link_mail_subject),
            {{"organisation", i18n.Wording(lang, branding_.organisation)}}),
        std::move(data), lang);
    if (!mail.ok()) return mail.status();
    message = *std::move(mail);
  }
  message.ttl_seconds = ttl;
  NewRecoveryRequest request;
  request.account_id = account->id;
  request.flow = kEducationFlow;
  request.token_hash = crypto::Sha256(token);
  request.ttl_seconds = ttl;
  request.client_ip = intent.client_ip;
  request.messages = {std::move(message)};
  // The channel's kind only, never the address.
  request.audit = {account->id, "recovery.request", intent.client_ip,
                   std::string(kEducationReassortFlow) + " " +
                       (canal == "sms" ? "sms" : "email")};
  outcome.request = std::move(request);
  outcome.limits.push_back(
      AccountRequestLimit(config_.security.limits, account->id));
  outcome.audit_if_limited.push_back(
      {account->id, "recovery.request.limited", intent.client_ip, intent.flow});
  return outcome;
}

}  // namespace sesame
