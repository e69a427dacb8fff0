#include "flows/consular/request_screen.h"

#include "flows/consular/rules.h"
#include "flows/consular/settings.h"
#include "recovery/account_fields.h"
#include "screens/captcha_field.h"
#include "screens/request_form.h"

namespace sesame {

Response ConsularRequestScreen::Form(Context& ctx, int status,
                                     const std::vector<FieldError>& errors) {
  const bool password = kind_ == Kind::kPassword;
  Page page{"consular/request.tpl",
            password ? "Renouvellement de votre mot de passe"
                     : "Renvoi de votre identifiant",
            {}};
  page.data.ShowSection(password ? "PASSWORD" : "IDENTIFIER");
  page.data.Set("ACTION", ctx.Path(password ? "/consulaire/motdepasse"
                                            : "/consulaire/identifiant"));
  page.data.Set("LOGIN_URL", ctx.Path("/login"));
  page.data.Set("NUMIC", ctx.request().Field("numic"));
  page.data.Set("EMAIL", ctx.request().Field("email"));
  Context::AddErrors(errors, &page.data);
  Status captcha = AddCaptcha(ctx, &page.data, CaptchaForm());
  if (!captcha.ok()) return ctx.FromStatus(captcha);
  return Response::FromPage(status, std::move(page));
}

const char* ConsularRequestScreen::CaptchaForm() const {
  return kind_ == Kind::kPassword ? kPasswordCaptchaForm
                                  : kIdentifierCaptchaForm;
}

Response ConsularRequestScreen::ShowForm(Context& ctx, int status,
                                         const std::string& message) {
  return Form(ctx, status, {{"", message}});
}

Response ConsularRequestScreen::Get(Context& ctx) { return Form(ctx, 200, {}); }

Response ConsularRequestScreen::Post(Context& ctx) {
  const Request& req = ctx.request();
  std::optional<std::string> numic = NormaliseNumic(req.Field("numic"));
  std::string email = NormaliseEmail(req.Field("email"));
  std::vector<FieldError> errors;
  if (req.Field("numic").empty()) {
    errors.push_back({"numic", "Saisissez votre NUMIC."});
  } else if (!numic) {
    errors.push_back(
        {"numic",
         "Le NUMIC se compose de 8 chiffres (de 0 à 9) : saisissez-le sans "
         "espace ni lettre, en ajoutant des « 0 » devant si nécessaire."});
  }
  CheckRequestEmail(ctx, email, &errors);
  if (!errors.empty()) return Form(ctx, 400, errors);
  auto form = [&](int status, const std::vector<FieldError>& errors) {
    return Form(ctx, status, errors);
  };
  if (auto refused =
          CheckRequestCaptcha(ctx, CaptchaForm(), "consular", form)) {
    return *refused;
  }

  // The same work whatever was typed; the intake worker looks it up.
  Intent intent;
  intent.flow = kind_ == Kind::kPassword ? kConsularPasswordFlow
                                         : kConsularIdentifierFlow;
  intent.fields = {{"numic", *numic}, {"email", email}};
  intent.client_ip = req.client_ip;
  if (auto refused = SubmitRequest(ctx, intent, "consular", form)) {
    return *refused;
  }
  return Response::Redirect(ctx.Path(kind_ == Kind::kPassword
                                         ? "/consulaire/envoye"
                                         : "/consulaire/identifiant/envoye"));
}

Response ConsularSentScreen::Get(Context& ctx) {
  const bool password = kind_ == ConsularRequestScreen::Kind::kPassword;
  Page page{"consular/sent.tpl",
            password ? "Confirmation du renouvellement de votre mot de passe"
                     : "Confirmation du renvoi de votre identifiant",
            {}};
  page.data.ShowSection(password ? "PASSWORD" : "IDENTIFIER");
  page.data.Set("LOGIN_URL", ctx.Path("/login"));
  return Response::FromPage(200, std::move(page));
}

}  // namespace sesame
