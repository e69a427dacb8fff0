#include "flows/consular/settings.h"

namespace sesame {

std::unique_ptr<FlowSettings> ParseConsularSettings(ConfigSection& s) {
  auto c = std::make_unique<ConsularSettings>();
  s.Int("link_ttl_hours", &c->link_ttl_hours, 1, 72);
  s.Int("identifier_attempts", &c->identifier_attempts, 1, 20);
  s.Int("not_both_hours", &c->not_both_hours, 0, 24 * 30);
  s.Int("password_length", &c->password_length, 12, 64);
  s.Text("password_mail_subject", &c->password_mail_subject);
  s.Text("identifier_mail_subject", &c->identifier_mail_subject);
  if (s.Str("sms_text", &c->sms_text) &&
      c->sms_text.find("{password}") == std::string::npos) {
    s.Problem("sms_text", "must contain {password}");
  }
  return c;
}

}  // namespace sesame
