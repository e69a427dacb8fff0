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
            ctx.T(password ? "co_password_title" : "co_identifier_title"),
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
    errors.push_back({"numic", ctx.T("co_numic_missing")});
  } else if (!numic) {
    errors.push_back({"numic", ctx.T("co_numic_invalid")});
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
  Page page{
      "consular/sent.tpl",
      ctx.T(password ? "co_sent_password_title" : "co_sent_identifier_title"),
      {}};
  page.data.ShowSection(password ? "PASSWORD" : "IDENTIFIER");
  page.data.Set("LOGIN_URL", ctx.Path("/login"));
  return Response::FromPage(200, std::move(page));
}

}  // namespace sesame
