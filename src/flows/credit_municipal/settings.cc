#include "flows/credit_municipal/settings.h"

namespace sesame {

std::unique_ptr<FlowSettings> ParseCreditMunicipalSettings(ConfigSection& s) {
  auto c = std::make_unique<CreditMunicipalSettings>();
  s.Int("link_ttl_hours", &c->link_ttl_hours, 1, 72);
  s.Int("code_length", &c->code_length, 5, 12);
  s.Int("code_ttl_minutes", &c->code_ttl_minutes, 1, 72 * 60);
  s.Int("code_attempts", &c->code_attempts, 1, 20);
  s.Int("code_resends", &c->code_resends, 0, 10);
  s.Text("mail_subject", &c->mail_subject);
  if (s.Str("sms_text", &c->sms_text) &&
      c->sms_text.find("{code}") == std::string::npos) {
    s.Problem("sms_text", "must contain {code}");
  }
  return c;
}

}  // namespace sesame
