#include "screens/messages.h"

#include "crypto/crypto.h"
#include "recovery/account_fields.h"
#include "recovery/link_rules.h"

namespace sesame {

StatusOr<OutboxMessage> BuildMail(const Config& config,
                                  const BrandingConfig& branding,
                                  Renderer& renderer, const std::string& name,
                                  const std::string& to,
                                  const std::string& subject, PageData data,
                                  const std::string& lang) {
  const I18n& i18n = renderer.i18n();
  const std::string& l = i18n.Resolve(lang);
  data.Set("LANG", l);
  data.Set("ORGANISATION", i18n.Wording(l, branding.organisation));
  data.Set("ASSISTANCE_CONTACT", i18n.Wording(l, branding.assistance_contact));
  data.Set("ASSISTANCE_URL", branding.assistance_url);
  data.Set("POSTAL_ADDRESS", i18n.Wording(l, branding.postal_address));
  data.Set("CREDENTIAL", i18n.Wording(l, branding.credential));
  data.Set("LOGIN_URL", config.PublicUrl("/login"));
  if (!branding.assistance_contact.empty() ||
      !branding.assistance_url.empty()) {
    data.ShowSection("HAS_ASSISTANCE");
  }
  StatusOr<std::string> text = renderer.RenderOne(name + ".txt.tpl", data, l);
  if (!text.ok()) return text.status();
  StatusOr<std::string> html = renderer.RenderOne(name + ".html.tpl", data, l);
  if (!html.ok()) return html.status();
  OutboxMessage m;
  m.kind = OutboxMessage::Kind::kMail;
  m.recipient = to;
  m.subject = subject;
  m.text = std::move(text).value();
  m.html = std::move(html).value();
  m.from = branding.mail_from;
  m.from_name = i18n.Wording(l, branding.mail_from_name);
  return m;
}

std::string MessageLanguage(const Account& account, const Intent* intent) {
  if (intent != nullptr && !intent->language.empty()) return intent->language;
  return account.language;
}

void AddGreeting(const Account& account, PageData* data) {
  if (account.display_name.empty()) return;
  data->ShowSection("NAMED");
  data->Set("DISPLAY_NAME", account.display_name);
}

StatusOr<OutboxMessage> PasswordChangedMail(const Config& config,
                                            const BrandingConfig& branding,
                                            Renderer& renderer,
                                            const Account& account,
                                            const std::string& lang) {
  PageData data;
  AddGreeting(account, &data);
  const I18n& i18n = renderer.i18n();
  const std::string& l = i18n.Resolve(lang.empty() ? account.language : lang);
  return BuildMail(
      config, branding, renderer, "mail/password_changed", account.email,
      i18n.Text(l, "mail_changed_subject",
                {{"organisation", i18n.Wording(l, branding.organisation)},
                 {"credential", i18n.Wording(l, branding.credential)}}),
      std::move(data), l);
}

StatusOr<NewRecoveryRequest> MailedLinkRequest(
    const Config& config, const BrandingConfig& branding, Renderer& renderer,
    const Account& account, const Intent& intent, const MailedLink& link) {
  const std::string token = NewLinkToken(config.security.secret_key);
  PageData data;
  AddGreeting(account, &data);
  data.Set("LINK", config.PublicUrl(link.path) + "?t=" + token);
  data.Set("TTL_HOURS", std::to_string(link.ttl_hours));
  StatusOr<OutboxMessage> mail = BuildMail(
      config, branding, renderer, link.mail, account.email, link.subject,
      std::move(data), MessageLanguage(account, &intent));
  if (!mail.ok()) return mail.status();
  mail->ttl_seconds = link.ttl_hours * 3600;
  NewRecoveryRequest request;
  request.account_id = account.id;
  request.flow = link.flow;
  request.token_hash = crypto::Sha256(token);
  request.ttl_seconds = link.ttl_hours * 3600;
  request.client_ip = intent.client_ip;
  request.messages = {*std::move(mail)};
  request.audit = {account.id, "recovery.request", intent.client_ip,
                   intent.flow};
  return request;
}

StatusOr<PasswordChange> ChangeWithMail(
    const Config& config, const BrandingConfig& branding, Renderer& renderer,
    crypto::PasswordHasher& hasher, const Account& account,
    const std::string& password, AuditEvent audit, int temporary_hours,
    const std::string& lang) {
  StatusOr<std::string> phc = hasher.Hash(password);
  if (!phc.ok()) return phc.status();
  StatusOr<OutboxMessage> mail =
      PasswordChangedMail(config, branding, renderer, account, lang);
  if (!mail.ok()) return mail.status();
  PasswordChange change;
  change.account_id = account.id;
  change.new_hash = *std::move(phc);
  change.must_change_password = temporary_hours > 0;
  change.temporary_password_hours = temporary_hours;
  change.audit = std::move(audit);
  change.notification = *std::move(mail);
  return change;
}

StatusOr<PasswordChange> OneTimePasswordBySms(
    const Config& config, const BrandingConfig& branding,
    crypto::PasswordHasher& hasher, const Account& account,
    const std::string& sms_text, int length, AuditEvent audit, const I18n* i18n,
    const std::string& lang) {
  const int hours = config.security.temporary_password_hours;
  const std::string password =
      NewTemporaryPassword(static_cast<size_t>(length));
  StatusOr<std::string> phc = hasher.Hash(password);
  if (!phc.ok()) return phc.status();
  OutboxMessage sms;
  sms.kind = OutboxMessage::Kind::kSms;
  sms.recipient = account.phone;
  sms.text = FillPlaceholders(
      i18n != nullptr ? i18n->Wording(lang, sms_text) : sms_text,
      {{"organisation", i18n != nullptr
                            ? i18n->Wording(lang, branding.organisation)
                            : branding.organisation},
       {"password", password},
       {"hours", std::to_string(hours)}});
  sms.ttl_seconds = hours * 3600;
  PasswordChange change;
  change.account_id = account.id;
  change.new_hash = *std::move(phc);
  change.must_change_password = true;
  change.temporary_password_hours = hours;
  change.audit = std::move(audit);
  change.notification = std::move(sms);
  return change;
}

}  // namespace sesame
