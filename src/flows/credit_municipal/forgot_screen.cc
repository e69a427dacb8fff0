#include "flows/credit_municipal/forgot_screen.h"

#include "flows/credit_municipal/intake.h"
#include "flows/credit_municipal/settings.h"
#include "recovery/account_fields.h"
#include "screens/captcha_field.h"
#include "screens/request_form.h"

namespace sesame {
namespace {

constexpr const char* kFlow = kCreditMunicipalFlow;

}  // namespace

Response ForgotScreen::Form(Context& ctx, int status,
                            const std::vector<FieldError>& errors) {
  Page page{"credit_municipal/forgot.tpl", ctx.T("cm_forgot_title"), {}};
  page.data.Set("ACTION", ctx.Path("/forgot"));
  page.data.Set("LOGIN_URL", ctx.Path("/login"));
  page.data.Set("LOGIN", ctx.request().Field("login"));
  page.data.Set("EMAIL", ctx.request().Field("email"));
  Context::AddErrors(errors, &page.data);
  Status captcha = AddCaptcha(ctx, &page.data, kForgotCaptchaForm);
  if (!captcha.ok()) return ctx.FromStatus(captcha);
  return Response::FromPage(status, std::move(page));
}

Response ForgotScreen::ShowForm(Context& ctx, int status,
                                const std::string& message) {
  return Form(ctx, status, {{"", message}});
}

Response ForgotScreen::Get(Context& ctx) { return Form(ctx, 200, {}); }

Response ForgotScreen::Post(Context& ctx) {
  const Request& req = ctx.request();
  const std::string& login = req.Field("login");
  std::string email = NormaliseEmail(req.Field("email"));
  std::vector<FieldError> errors;
  if (login.empty()) {
    errors.push_back({"login", ctx.T("login_missing")});
  } else if (login.size() > 64) {
    errors.push_back({"login", ctx.T("login_too_long")});
  }
  CheckRequestEmail(ctx, email, &errors);
  if (!errors.empty()) return Form(ctx, 400, errors);

  auto form = [&](int status, const std::vector<FieldError>& errors) {
    return Form(ctx, status, errors);
  };
  if (auto refused =
          CheckRequestCaptcha(ctx, kForgotCaptchaForm, "forgot", form)) {
    return *refused;
  }

  // The same work whatever was typed (A2): count the limits on the typed
  // identifier and the client address, store what was typed. The intake
  // worker looks it up later (intake/credit_municipal_intake.h).
  Intent intent;
  intent.flow = kFlow;
  intent.fields = {{"login", login}, {"email", email}};
  intent.client_ip = req.client_ip;
  if (auto refused = SubmitRequest(ctx, intent, "forgot", form)) {
    return *refused;
  }
  return Response::Redirect(ctx.Path("/forgot/sent"));
}

Response ForgotSentScreen::Get(Context& ctx) {
  Page page{"credit_municipal/forgot_sent.tpl", ctx.T("cm_sent_title"), {}};
  page.data.Set("LOGIN_URL", ctx.Path("/login"));
  page.data.Set(
      "TTL_HOURS",
      std::to_string(CreditMunicipalSettings::Of(ctx.config()).link_ttl_hours));
  return Response::FromPage(200, std::move(page));
}

}  // namespace sesame
