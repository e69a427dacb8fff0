#include "flows/consular/intake.h"

#include <utility>

#include "flows/consular/rules.h"
#include "flows/consular/settings.h"
#include "recovery/account_fields.h"
#include "recovery/limits.h"
#include "recovery/link_rules.h"
#include "recovery/mark_rules.h"
#include "screens/messages.h"

namespace sesame {
namespace {

// A configured subject in `lang` (its translation, I18n::Wording).
std::string Subject(const I18n& i18n, const std::string& lang,
                    const BrandingConfig& branding, const std::string& text) {
  return FillPlaceholders(
      i18n.Wording(lang, text),
      {{"organisation", i18n.Wording(lang, branding.organisation)}});
}

}  // namespace

StatusOr<IntentOutcome> ConsularIntake::Handle(const Intent& intent) {
  const bool password = intent.flow == kConsularPasswordFlow;
  // Every intent costs one Argon2id digest, matched or not.
  std::optional<std::string> numic =
      NormaliseNumic(IntentField(intent, "numic"));
  StatusOr<std::string> digest = hasher_->KeyedDigest(
      NumicSalt(config_.security.secret_key), numic ? *numic : "-");
  if (!digest.ok()) return digest.status();
  StatusOr<Account> account =
      numic ? stores_.accounts->FindByIdentifier(kNumicIdentifierKind, *digest)
            : StatusOr<Account>(Status::NotFound(""));
  if (!account.ok() && account.status().code() != StatusCode::kNotFound) {
    return account.status();
  }
  const std::string email = NormaliseEmail(IntentField(intent, "email"));
  if (!account.ok() || account->disabled || email.empty() ||
      account->email != email) {
    IntentOutcome nomatch;
    nomatch.audit.push_back(
        {account.ok() ? std::optional<int64_t>(account->id) : std::nullopt,
         "recovery.request.nomatch", intent.client_ip, intent.flow});
    return nomatch;
  }
  StatusOr<IntentOutcome> outcome =
      password ? PasswordLink(intent, *account) : Identifier(intent, *account);
  if (!outcome.ok()) return outcome;
  SESAME_RETURN_IF_ERROR(
      Guard(intent, *account, password,
            password ? kPasswordRenewalMark : kIdentifierSentMark, &*outcome));
  return outcome;
}

StatusOr<IntentOutcome> ConsularIntake::PasswordLink(const Intent& intent,
                                                     const Account& account) {
  const ConsularSettings& cc = ConsularSettings::Of(config_);
  StatusOr<NewRecoveryRequest> request = MailedLinkRequest(
      config_, branding_, *renderer_, account, intent,
      {kConsularFlow, "/consulaire/lien", "consular/mail/link",
       Subject(renderer_->i18n(), MessageLanguage(account, &intent), branding_,
               cc.password_mail_subject),
       cc.link_ttl_hours});
  if (!request.ok()) return request.status();
  IntentOutcome outcome;
  outcome.request = *std::move(request);
  outcome.marks.push_back({account.id, kPasswordRenewalMark});
  return outcome;
}

StatusOr<IntentOutcome> ConsularIntake::Identifier(const Intent& intent,
                                                   const Account& account) {
  PageData data;
  AddGreeting(account, &data);
  data.Set("IDENTIFIER", account.login);
  StatusOr<OutboxMessage> mail = BuildMail(
      config_, branding_, *renderer_, "consular/mail/identifier", account.email,
      Subject(renderer_->i18n(), MessageLanguage(account, &intent), branding_,
              ConsularSettings::Of(config_).identifier_mail_subject),
      std::move(data), MessageLanguage(account, &intent));
  if (!mail.ok()) return mail.status();
  IntentOutcome outcome;
  outcome.messages.push_back(*std::move(mail));
  outcome.audit.push_back(
      {account.id, "recovery.identifier.sent", intent.client_ip, intent.flow});
  outcome.marks.push_back({account.id, kIdentifierSentMark});
  return outcome;
}

Status ConsularIntake::Guard(const Intent& intent, const Account& account,
                             bool password, const char* mark,
                             IntentOutcome* outcome) {
  const ConsularSettings& cc = ConsularSettings::Of(config_);
  outcome->limits.push_back(
      AccountRequestLimit(config_.security.limits, account.id));
  outcome->audit_if_limited.push_back(
      {account.id, "recovery.request.limited", intent.client_ip, intent.flow});
  outcome->unless_marked = GuardsFor(mark_rules_, account.id, mark);
  if (outcome->unless_marked.empty()) return Status::Ok();
  // The refusal mail is drawn only when the store finds a guard tripped.
  outcome->render_if_marked =
      [this, &cc, account, password, lang = MessageLanguage(account, &intent),
       hours = GuardHours(
           outcome->unless_marked)]() -> StatusOr<std::vector<OutboxMessage>> {
    PageData data;
    AddGreeting(account, &data);
    data.Set("HOURS", std::to_string(hours));
    data.ShowSection(password ? "ASKED_PASSWORD" : "ASKED_IDENTIFIER");
    StatusOr<OutboxMessage> mail = BuildMail(
        config_, branding_, *renderer_, "consular/mail/refused", account.email,
        Subject(
            renderer_->i18n(), lang, branding_,
            password ? cc.password_mail_subject : cc.identifier_mail_subject),
        std::move(data), lang);
    if (!mail.ok()) return mail.status();
    return std::vector<OutboxMessage>{*std::move(mail)};
  };
  outcome->audit_if_marked.push_back(
      {account.id, "recovery.not_both", intent.client_ip, intent.flow});
  return Status::Ok();
}

}  // namespace sesame
