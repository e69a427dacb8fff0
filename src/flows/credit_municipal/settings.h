// The Crédit Municipal flow's settings. They live in [recovery] (the first
// flow's keys, kept there so existing configs stay valid); defaults are that
// portal's: a 12-hour mail link plus a 5-character SMS code.
#ifndef SESAME_FLOWS_CREDIT_MUNICIPAL_SETTINGS_H_
#define SESAME_FLOWS_CREDIT_MUNICIPAL_SETTINGS_H_

#include <memory>
#include <string>

#include "core/config.h"

namespace sesame {

inline constexpr char kCreditMunicipalFlow[] = "credit_municipal";
// The request form's name in [captcha] forms.
inline constexpr char kForgotCaptchaForm[] = "forgot";

struct CreditMunicipalSettings
    : public FlowSettingsOf<CreditMunicipalSettings> {
  // Its customers' secret is a « code d'accès » (unless [recovery]
  // credential says otherwise).
  CreditMunicipalSettings() { branding.credential = "code d'accès"; }

  int link_ttl_hours = 12;    // [recovery] link_ttl_hours
  int code_length = 5;        // [recovery] code_length (5-12)
  int code_ttl_minutes = 10;  // [recovery] code_ttl_minutes (NIST: 10)
  int code_attempts = 5;      // [recovery] code_attempts per request
  int code_resends = 3;       // [recovery] code_resends per request
  // [recovery] mail_subject; {organisation} is replaced.
  std::string mail_subject = "{organisation} : Réinitialisation code d'accès";
  // [recovery] sms_text; {organisation} and {code} are replaced.
  std::string sms_text =
      "{organisation} : pour valider votre nouveau code d'accès, veuillez "
      "saisir le code {code}.";

  // This flow's settings in `config`.
  static const CreditMunicipalSettings& Of(const Config& config) {
    return config.Flow<CreditMunicipalSettings>(kCreditMunicipalFlow);
  }
};

std::unique_ptr<FlowSettings> ParseCreditMunicipalSettings(ConfigSection& s);

}  // namespace sesame

#endif  // SESAME_FLOWS_CREDIT_MUNICIPAL_SETTINGS_H_
