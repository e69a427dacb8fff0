#include "flows/interior/settings.h"

namespace sesame {

std::unique_ptr<FlowSettings> ParseInteriorSettings(ConfigSection& s) {
  auto c = std::make_unique<InteriorSettings>();
  std::string delivery;
  if (s.Str("delivery", &delivery)) {
    if (delivery == "mail") {
      c->delivery = InteriorSettings::Delivery::kMail;
    } else if (delivery == "sms") {
      c->delivery = InteriorSettings::Delivery::kSms;
    } else if (delivery == "screen") {
      c->delivery = InteriorSettings::Delivery::kScreen;
    } else {
      s.Problem("delivery", "must be \"mail\", \"sms\" or \"screen\"");
    }
  }
  s.Int("link_ttl_hours", &c->link_ttl_hours, 1, 72);
  s.Int("regeneration_failures", &c->regeneration_failures, 1, 100);
  s.Int("regeneration_interval_minutes", &c->regeneration_interval_minutes, 0,
        24 * 60);
  s.Int("password_length", &c->password_length, 12, 64);
  s.Int("desk_actions_per_hour", &c->desk_actions_per_hour, 1, 10000);
  s.Int("desk_lookups_per_hour", &c->desk_lookups_per_hour, 1, 10000);
  s.Int("desk_slip_minutes", &c->desk_slip_minutes, 1, 60);
  s.Text("link_mail_subject", &c->link_mail_subject);
  s.Text("desk_mail_subject", &c->desk_mail_subject);
  s.Text("desk_key_mail_subject", &c->desk_key_mail_subject);
  if (s.Str("sms_text", &c->sms_text) &&
      c->sms_text.find("{password}") == std::string::npos) {
    s.Problem("sms_text", "must contain {password}");
  }
  return c;
}

}  // namespace sesame
