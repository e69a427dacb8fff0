#include "screens/messages.h"

namespace sesame {

StatusOr<OutboxMessage> BuildMail(const Config& config,
                                  const BrandingConfig& branding,
                                  Renderer& renderer, const std::string& name,
                                  const std::string& to,
                                  const std::string& subject, PageData data) {
  data.Set("ORGANISATION", branding.organisation);
  data.Set("ASSISTANCE_CONTACT", branding.assistance_contact);
  data.Set("ASSISTANCE_URL", branding.assistance_url);
  data.Set("POSTAL_ADDRESS", branding.postal_address);
  data.Set("CREDENTIAL", branding.credential);
  data.Set("LOGIN_URL", config.PublicUrl("/login"));
  if (!branding.assistance_contact.empty() ||
      !branding.assistance_url.empty()) {
    data.ShowSection("HAS_ASSISTANCE");
  }
  StatusOr<std::string> text = renderer.RenderOne(name + ".txt.tpl", data);
  if (!text.ok()) return text.status();
  StatusOr<std::string> html = renderer.RenderOne(name + ".html.tpl", data);
  if (!html.ok()) return html.status();
  OutboxMessage m;
  m.kind = OutboxMessage::Kind::kMail;
  m.recipient = to;
  m.subject = subject;
  m.text = std::move(text).value();
  m.html = std::move(html).value();
  m.from = branding.mail_from;
  m.from_name = branding.mail_from_name;
  return m;
}

void AddGreeting(const Account& account, PageData* data) {
  if (account.display_name.empty()) return;
  data->ShowSection("NAMED");
  data->Set("DISPLAY_NAME", account.display_name);
}

StatusOr<OutboxMessage> PasswordChangedMail(const Config& config,
                                            const BrandingConfig& branding,
                                            Renderer& renderer,
                                            const Account& account) {
  PageData data;
  AddGreeting(account, &data);
  return BuildMail(config, branding, renderer, "mail/password_changed",
                   account.email,
                   branding.organisation + " : votre " + branding.credential +
                       " a été modifié",
                   std::move(data));
}

}  // namespace sesame
