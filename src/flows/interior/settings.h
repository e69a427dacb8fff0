// The Interior flow's settings ([interior]): the four-field sign-in, the
// online regeneration (« Demande de régénération du mot de passe ») and
// the officers' desk (« guichet »).
#ifndef SESAME_FLOWS_INTERIOR_SETTINGS_H_
#define SESAME_FLOWS_INTERIOR_SETTINGS_H_

#include <memory>
#include <string>

#include "core/config.h"

namespace sesame {

// The flow's name, and that of its recovery requests (links).
inline constexpr char kInteriorFlow[] = "interior";
// The intent of its regeneration form.
inline constexpr char kInteriorRegenerationFlow[] = "interior_regeneration";
// Its forms' names in [captcha] forms.
inline constexpr char kRegenerationCaptchaForm[] = "interior_regeneration";

struct InteriorSettings : public FlowSettingsOf<InteriorSettings> {
  // Where the new password of an online regeneration goes ([interior]
  // delivery): "mail", a single-use link to the work address on record;
  // "sms", a one-time password by SMS to the phone on record; "screen",
  // a one-time password shown once on the answer page, for deployments
  // with neither channel — weaker: the three facts alone then give a
  // password, and the page tells whether they matched.
  enum class Delivery { kMail, kSms, kScreen };
  Delivery delivery = Delivery::kMail;
  int link_ttl_hours = 12;  // [interior] link_ttl_hours (1-72)
  // [interior] regeneration_failures: requests whose facts did not match
  // an agent, per matricule and per hour, before the online regeneration
  // of that matricule stops for the hour (the desk still works).
  int regeneration_failures = 5;
  // [interior] regeneration_interval_minutes: at most one message per
  // agent in this window, however many requests match.
  int regeneration_interval_minutes = 5;
  int password_length = 14;         // [interior] password_length (12-64)
  int desk_actions_per_hour = 30;   // [interior] desk_actions_per_hour
  int desk_lookups_per_hour = 120;  // [interior] desk_lookups_per_hour
  int desk_slip_minutes = 10;       // [interior] desk_slip_minutes (1-60)
  // [interior] link_mail_subject, desk_mail_subject (a password handed
  // over at the desk), desk_key_mail_subject (a security key);
  // {organisation} is replaced.
  std::string link_mail_subject =
      "{organisation} : régénération de votre mot de passe";
  std::string desk_mail_subject =
      "{organisation} : un nouveau mot de passe vous a été remis";
  std::string desk_key_mail_subject =
      "{organisation} : un nouveau code de sécurité vous a été remis";
  // [interior] sms_text; {organisation}, {password} and {hours} are
  // replaced.
  std::string sms_text =
      "{organisation} : votre nouveau mot de passe est {password} . Il ne "
      "sert qu'une fois, dans les {hours} h : vous choisirez alors le "
      "vôtre.";

  static const InteriorSettings& Of(const Config& config) {
    return config.Flow<InteriorSettings>(kInteriorFlow);
  }
};

std::unique_ptr<FlowSettings> ParseInteriorSettings(ConfigSection& s);

}  // namespace sesame

#endif  // SESAME_FLOWS_INTERIOR_SETTINGS_H_
