// The consular flow's settings ([consular]): NUMIC + e-mail, a single-use
// mail link, the identifier on the link page, a one-time password by SMS;
// and the lost-identifier mail.
#ifndef SESAME_FLOWS_CONSULAR_SETTINGS_H_
#define SESAME_FLOWS_CONSULAR_SETTINGS_H_

#include <memory>
#include <string>

#include "core/config.h"

namespace sesame {

// The flow's name, and that of the recovery requests (links) the password
// renewal makes.
inline constexpr char kConsularFlow[] = "consular";
// The intents of its two request forms.
inline constexpr char kConsularPasswordFlow[] = "consular_password";
inline constexpr char kConsularIdentifierFlow[] = "consular_identifier";
// Its forms' names in [captcha] forms.
inline constexpr char kPasswordCaptchaForm[] = "consular_password";
inline constexpr char kIdentifierCaptchaForm[] = "consular_identifier";
inline constexpr char kLinkCaptchaForm[] = "consular_link";

struct ConsularSettings : public FlowSettingsOf<ConsularSettings> {
  int link_ttl_hours = 24;      // [consular] link_ttl_hours
  int identifier_attempts = 5;  // [consular] identifier_attempts per link
  // [consular] not_both_hours: the identifier and the password are never
  // both renewed within this many hours (0: no such rule).
  int not_both_hours = 24;
  int password_length = 14;  // [consular] password_length (12-64)
  // [consular] password_mail_subject, identifier_mail_subject;
  // {organisation} is replaced.
  std::string password_mail_subject =
      "{organisation} : renouvellement de votre mot de passe";
  std::string identifier_mail_subject = "{organisation} : votre identifiant";
  // [consular] sms_text; {organisation}, {password} and {hours} are
  // replaced.
  std::string sms_text =
      "{organisation} : votre nouveau mot de passe est {password} . Il ne "
      "sert qu'une fois, dans les {hours} h : vous choisirez alors le "
      "vôtre.";

  // This flow's settings in `config`.
  static const ConsularSettings& Of(const Config& config) {
    return config.Flow<ConsularSettings>(kConsularFlow);
  }
};

std::unique_ptr<FlowSettings> ParseConsularSettings(ConfigSection& s);

}  // namespace sesame

#endif  // SESAME_FLOWS_CONSULAR_SETTINGS_H_
