#include "flows/credit_municipal/intake.h"

#include <utility>

#include "crypto/crypto.h"
#include "flows/credit_municipal/activation_code.h"
#include "flows/credit_municipal/settings.h"
#include "recovery/account_fields.h"
#include "recovery/limits.h"
#include "recovery/link_rules.h"
#include "recovery/mark_rules.h"
#include "screens/messages.h"

namespace sesame {

StatusOr<IntentOutcome> CreditMunicipalIntake::Handle(const Intent& intent) {
  const std::string login = IntentField(intent, "login");
  const std::string email = NormaliseEmail(IntentField(intent, "email"));
  StatusOr<Account> account = stores_.accounts->FindByLogin(login);
  if (!account.ok() && account.status().code() != StatusCode::kNotFound) {
    return account.status();
  }
  if (account.ok() && !account->disabled && !email.empty() &&
      account->email == email) {
    // The mails and the SMS speak the language the request was made in,
    // which becomes the account's.
    const std::string lang = MessageLanguage(*account, &intent);
    if (!lang.empty() && lang != account->language) {
      SESAME_RETURN_IF_ERROR(stores_.accounts->SetLanguage(account->id, lang));
      account->language = lang;
    }
    StatusOr<IntentOutcome> outcome = account->phone.empty()
                                          ? NoPhone(intent, *account)
                                          : NewRequest(intent, *account);
    if (!outcome.ok()) return outcome;
    // Every matching request spends the account's budget; past it, nothing
    // is sent (an SMS past the SMS budgets neither).
    outcome->limits.push_back(
        AccountRequestLimit(config_.security.limits, account->id));
    outcome->audit_if_limited.push_back(
        {account->id, "recovery.request.limited", intent.client_ip,
         kCreditMunicipalFlow});
    return outcome;
  }
  IntentOutcome nomatch;
  nomatch.audit.push_back(
      {account.ok() ? std::optional<int64_t>(account->id) : std::nullopt,
       "recovery.request.nomatch", intent.client_ip, kCreditMunicipalFlow});
  return nomatch;
}

StatusOr<IntentOutcome> CreditMunicipalIntake::NewRequest(
    const Intent& intent, const Account& account) {
  const CreditMunicipalSettings& rc = CreditMunicipalSettings::Of(config_);
  const std::string token = NewLinkToken(config_.security.secret_key);
  const std::string token_hash = crypto::Sha256(token);
  const std::string code = NewActivationCode(rc.code_length);

  PageData data;
  AddGreeting(account, &data);
  data.Set("LINK", config_.PublicUrl("/reset") + "?t=" + token);
  data.Set("TTL_HOURS", std::to_string(rc.link_ttl_hours));
  StatusOr<OutboxMessage> mail =
      MailTo(account, "credit_municipal/mail/reset_link", std::move(data));
  if (!mail.ok()) return mail.status();
  mail->ttl_seconds = rc.link_ttl_hours * 3600;

  NewRecoveryRequest request;
  request.account_id = account.id;
  request.flow = kCreditMunicipalFlow;
  request.token_hash = token_hash;
  request.code_hmac =
      CodeMac(ActivationCodeKey(config_.security.secret_key), token_hash, code);
  request.ttl_seconds = rc.link_ttl_hours * 3600;
  request.code_ttl_seconds = rc.code_ttl_minutes * 60;
  request.client_ip = intent.client_ip;
  request.messages = {*std::move(mail),
                      ActivationCodeSms(config_, renderer_->i18n(),
                                        account.language, account.phone, code)};
  request.audit = {account.id, "recovery.request", intent.client_ip,
                   kCreditMunicipalFlow};
  IntentOutcome outcome;
  outcome.request = std::move(request);
  outcome.marks.push_back({account.id, kPasswordRenewalMark});
  outcome.unless_marked =
      GuardsFor(mark_rules_, account.id, kPasswordRenewalMark);
  if (!outcome.unless_marked.empty()) AddRefusal(intent, account, &outcome);
  return outcome;
}

void CreditMunicipalIntake::AddRefusal(const Intent& intent,
                                       const Account& account,
                                       IntentOutcome* outcome) {
  // Drawn only when the guard trips (rarely): the store calls it then.
  outcome->render_if_marked = [this, account,
                               hours = GuardHours(outcome->unless_marked)]()
      -> StatusOr<std::vector<OutboxMessage>> {
    PageData data;
    AddGreeting(account, &data);
    data.Set("HOURS", std::to_string(hours));
    StatusOr<OutboxMessage> mail =
        MailTo(account, "credit_municipal/mail/reset_refused", std::move(data));
    if (!mail.ok()) return mail.status();
    return std::vector<OutboxMessage>{*std::move(mail)};
  };
  outcome->audit_if_marked.push_back({account.id, "recovery.not_both",
                                      intent.client_ip, kCreditMunicipalFlow});
}

StatusOr<OutboxMessage> CreditMunicipalIntake::MailTo(
    const Account& account, const std::string& mail_template, PageData data) {
  const I18n& i18n = renderer_->i18n();
  const std::string& lang = account.language;
  return BuildMail(
      config_, branding_, *renderer_, mail_template, account.email,
      FillText(
          i18n.Wording(lang, CreditMunicipalSettings::Of(config_).mail_subject),
          i18n.Wording(lang, branding_.organisation), ""),
      std::move(data), lang);
}

StatusOr<IntentOutcome> CreditMunicipalIntake::NoPhone(const Intent& intent,
                                                       const Account& account) {
  PageData data;
  AddGreeting(account, &data);
  StatusOr<OutboxMessage> mail =
      MailTo(account, "credit_municipal/mail/reset_no_phone", std::move(data));
  if (!mail.ok()) return mail.status();
  IntentOutcome outcome;
  outcome.messages.push_back(*std::move(mail));
  outcome.audit.push_back({account.id, "recovery.no_phone", intent.client_ip,
                           kCreditMunicipalFlow});
  return outcome;
}

}  // namespace sesame
