#include "flows/education/settings.h"

namespace sesame {

std::unique_ptr<FlowSettings> ParseEducationSettings(ConfigSection& s) {
  auto c = std::make_unique<EducationSettings>();
  s.Int("vote_code_failures", &c->vote_code_failures, 1, 100);
  s.Int("question_attempts", &c->question_attempts, 1, 100);
  s.Int("link_ttl_minutes", &c->link_ttl_minutes, 5, 24 * 60);
  s.Int("grant_ttl_minutes", &c->grant_ttl_minutes, 1, 120);
  s.Int("code_display_seconds", &c->code_display_seconds, 5, 600);
  s.Int("activation_ttl_hours", &c->activation_ttl_hours, 1, 24 * 30);
  s.Text("link_mail_subject", &c->link_mail_subject);
  s.Text("activation_mail_subject", &c->activation_mail_subject);
  if (s.Str("link_sms_text", &c->link_sms_text) &&
      c->link_sms_text.find("{link}") == std::string::npos) {
    s.Problem("link_sms_text", "must contain {link}");
  }
  return c;
}

}  // namespace sesame
