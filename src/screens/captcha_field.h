// The captcha of a form (« Saisissez les 4 chiffres »), shared by every
// screen whose form may ask for one ([captcha] forms names them):
//
//   Form():  Status st = AddCaptcha(ctx, &page.data, "login");
//   Post():  CheckCaptcha(ctx, "login", &errors) before the form's work.
//
// AddCaptcha shows a fresh captcha on every display of the form (html/
// captcha.tpl, included by the form's template); CheckCaptcha spends the
// one the form was sent with, right or wrong, and adds one error on the
// field "captcha" when it is missing, wrong, used, expired or was shown to
// another browser. Both do nothing for a form that is not configured.
#ifndef SESAME_SCREENS_CAPTCHA_FIELD_H_
#define SESAME_SCREENS_CAPTCHA_FIELD_H_

#include <string>
#include <vector>

#include "web/screen.h"

namespace sesame {

// The login form's name in [captcha] forms (each flow names its own forms:
// RecoveryFlow::captcha_forms).
inline constexpr char kCaptchaLoginForm[] = "login";

// Creates a captcha bound to this browser (its CSRF cookie) and adds the
// CAPTCHA section (ID, IMAGE_URL, AUDIO_URL, NEW_URL) to `data`.
// « Nouveau code » (NEW_URL) reloads the page of this request. Unavailable
// when the database does not answer.
Status AddCaptcha(Context& ctx, PageData* data, const std::string& form);

// Spends the captcha of the submitted form (fields captcha_id and captcha)
// and checks the typed answer; on any failure appends one FieldError on
// "captcha". Non-OK only when the database does not answer.
Status CheckCaptcha(Context& ctx, const std::string& form,
                    std::vector<FieldError>* errors);

// Messages, for tests.
inline constexpr char kCaptchaMissingMessage[] =
    "Saisissez les 4 chiffres du code de sécurité.";
inline constexpr char kCaptchaWrongMessage[] =
    "Le code de sécurité est incorrect ou a expiré : saisissez les 4 "
    "chiffres de la nouvelle image.";

}  // namespace sesame

#endif  // SESAME_SCREENS_CAPTCHA_FIELD_H_
