#include "screens/login_screen.h"

#include "core/next_path.h"
#include "screens/captcha_field.h"
#include "screens/login_limits.h"
#include "screens/sign_in.h"

namespace sesame {
namespace {

// The page to return to after sign-in (/login?next=, then the form's
// hidden field): a path [auth] next_allowed admits, else "" (the espace
// personnel). Never another host: see core/next_path.h.
std::string AllowedNext(Context& ctx) {
  const Request& req = ctx.request();
  const std::string& next =
      req.method == "POST" ? req.Field("next") : req.Param("next");
  return NextPathAllowed(next, ctx.config().auth.next_allowed) ? next : "";
}

}  // namespace

Response LoginScreen::Form(Context& ctx, int status, const std::string& login,
                           const std::vector<FieldError>& errors) {
  Page page{"login.tpl", ctx.T("login_title"), {}};
  page.data.Set("LOGIN", login);
  page.data.Set("ACTION", ctx.Path("/login"));
  if (std::string next = AllowedNext(ctx); !next.empty()) {
    page.data.AddSection("NEXT").Set("PATH", next);
  }
  // The offered flows' links, each in its place.
  for (const LoginLink& link : ctx.services().login_links) {
    if (!ctx.config().recovery.Offers(link.flow)) continue;
    const char* section =
        link.place == LoginLink::Place::kUnderLogin      ? "LOGIN_LINK"
        : link.place == LoginLink::Place::kUnderPassword ? "PASSWORD_LINK"
                                                         : "FORM_LINK";
    PageData& entry = page.data.AddSection(section);
    entry.Set("TEXT", ctx.T(link.text));
    entry.Set("URL", ctx.Path(link.path));
  }
  const std::string& notice = ctx.request().Param("m");
  if (notice == "bye") {
    page.data.AddSection("NOTICE").Set("TEXT", ctx.T("login_bye"));
  } else if (notice == "pwfail") {
    page.data.AddSection("NOTICE").Set(
        "TEXT",
        ctx.T("login_pwfail",
              {{"count",
                std::to_string(
                    ctx.config().security.limits.password_change_failures)}}));
  } else if (notice == "changed") {
    page.data.AddSection("NOTICE").Set("TEXT", ctx.T("login_changed"));
  }
  Context::AddErrors(errors, &page.data);
  Status captcha = AddCaptcha(ctx, &page.data, kCaptchaLoginForm);
  if (!captcha.ok()) return ctx.FromStatus(captcha);
  return Response::FromPage(status, std::move(page));
}

Response LoginScreen::ShowForm(Context& ctx, int status,
                               const std::string& message) {
  return Form(ctx, status, ctx.request().Field("login"), {{"", message}});
}

Response LoginScreen::Get(Context& ctx) {
  if (ctx.session().ok()) {
    // A one-time password's session goes to the change first (/auth does
    // not admit it: sending it to `next` would come back here).
    const std::string next =
        ctx.session()->must_change_password ? "" : AllowedNext(ctx);
    return Response::Redirect(next.empty() ? ctx.Path("/account") : next);
  }
  return Form(ctx, 200, "", {});
}

Response LoginScreen::Post(Context& ctx) {
  const Request& req = ctx.request();
  const std::string& login = req.Field("login");
  const std::string& password = req.Field("password");
  std::vector<FieldError> errors;
  CheckLoginField(ctx, &errors);
  CheckPasswordField(ctx, &errors);
  if (!errors.empty()) return Form(ctx, 400, login, errors);

  const Config& config = ctx.config();
  auto refused = [&](const LoginGate& gate) {
    Response r = Form(ctx, 429, login, {{"", LoginGateMessage(ctx, gate)}});
    r.AddHeader("Retry-After", std::to_string(gate.retry_after));
    return r;
  };
  // Limits, then the password. An attempt counts only where it is let
  // through: one that a limit refuses counts nothing. With a captcha, every
  // attempt counts against the client's address first, captcha right or
  // wrong, so a robot that cannot read it is still slowed where it comes
  // from; the account's buckets count only attempts that solved it: those
  // are the ones that try a password, and nobody can then spend a person's
  // attempts (or have a person's own captcha typos spend them) without
  // reading the captcha.
  const bool captcha = config.captcha.On(kCaptchaLoginForm);
  if (captcha) {
    StatusOr<LoginGate> gate = CountLoginAddress(ctx);
    if (!gate.ok()) return ctx.FromStatus(gate.status());
    if (gate->verdict != LoginVerdict::kGo) return refused(*gate);
    Status checked = CheckCaptcha(ctx, kCaptchaLoginForm, &errors);
    if (!checked.ok()) return ctx.FromStatus(checked);
    if (!errors.empty()) return Form(ctx, 400, login, errors);
  }
  StatusOr<LoginGate> gate =
      CountLoginAccount(ctx, login, /*captcha_solved=*/captcha);
  if (!gate.ok()) return ctx.FromStatus(gate.status());
  if (gate->verdict != LoginVerdict::kGo) return refused(*gate);

  StatusOr<Account> account = ctx.stores().accounts->FindByLogin(login);
  if (!account.ok() && account.status().code() != StatusCode::kNotFound) {
    return ctx.FromStatus(account.status());
  }
  SignInAttempt attempt;
  if (account.ok()) attempt.account = *account;
  attempt.password = password;
  attempt.limits_login = login;
  attempt.next_absolute = AllowedNext(ctx);
  Response signed_in;
  StatusOr<SignInVerdict> verdict =
      SignInWithPassword(ctx, attempt, &signed_in);
  if (!verdict.ok()) return ctx.FromStatus(verdict.status());
  switch (*verdict) {
    case SignInVerdict::kWrong:
      return Form(ctx, 200, login, {{"password", ctx.T("login_wrong")}});
    case SignInVerdict::kExpired:
      return Form(ctx, 200, login, {{"password", ctx.T("login_otp_expired")}});
    case SignInVerdict::kSignedIn:
      break;
  }
  return signed_in;
}

}  // namespace sesame
