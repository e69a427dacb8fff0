// The Education flow's settings ([education]): the vote space's code
// (« code de vote »), its « réassort » by the challenge question and the
// NUMEN or NIR, the link to a personal channel, and the code's display.
#ifndef SESAME_FLOWS_EDUCATION_SETTINGS_H_
#define SESAME_FLOWS_EDUCATION_SETTINGS_H_

#include <memory>
#include <string>

#include "core/config.h"

namespace sesame {

// The flow's name, and that of its recovery requests (links).
inline constexpr char kEducationFlow[] = "education";
// The intent of its question form (« Demande de réassort »).
inline constexpr char kEducationReassortFlow[] = "education_reassort";
// Its forms' names in [captcha] forms.
inline constexpr char kVoteCaptchaForm[] = "education_vote";
inline constexpr char kQuestionCaptchaForm[] = "education_question";

struct EducationSettings : public FlowSettingsOf<EducationSettings> {
  EducationSettings() { branding.credential = "code de vote"; }

  // [education] vote_code_failures: wrong vote codes in a row before the
  // code is invalidated (the voter then asks for a « réassort »).
  int vote_code_failures = 5;
  // [education] question_attempts: attempts at the question path (answer,
  // NUMEN or NIR, captcha) per account and per hour; past them the path
  // closes for the hour.
  int question_attempts = 5;
  // [education] link_ttl_minutes: the link sent to the personal channel.
  int link_ttl_minutes = 30;
  // [education] grant_ttl_minutes: how long the warning page waits for
  // « REGENERER MON CODE DE VOTE » once the link was opened.
  int grant_ttl_minutes = 30;
  // [education] code_display_seconds: how long the new code is shown.
  int code_display_seconds = 120;
  // [education] activation_ttl_hours: the account-opening link.
  int activation_ttl_hours = 72;
  // [education] link_mail_subject, activation_mail_subject; {organisation}
  // is replaced.
  std::string link_mail_subject =
      "{organisation} : réassort de votre code de vote";
  std::string activation_mail_subject =
      "{organisation} : ouverture de votre espace de vote";
  // [education] link_sms_text; {organisation}, {link} and {minutes} are
  // replaced.
  std::string link_sms_text =
      "{organisation} : pour régénérer votre code de vote, ouvrez {link} "
      "(valable {minutes} min, une seule fois).";

  static const EducationSettings& Of(const Config& config) {
    return config.Flow<EducationSettings>(kEducationFlow);
  }
};

std::unique_ptr<FlowSettings> ParseEducationSettings(ConfigSection& s);

}  // namespace sesame

#endif  // SESAME_FLOWS_EDUCATION_SETTINGS_H_
