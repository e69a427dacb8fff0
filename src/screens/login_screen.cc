#include "screens/login_screen.h"

#include "crypto/crypto.h"
#include "screens/captcha_field.h"
#include "screens/login_limits.h"
#include "web/app.h"

namespace sesame {
namespace {

constexpr size_t kMaxLoginBytes = 64;
constexpr size_t kMaxPasswordBytes = 1024;
constexpr char kOneTimePasswordExpired[] =
    "Votre mot de passe provisoire a expiré. Demandez-en un nouveau avec "
    "« Code d'accès oublié ? » ou auprès de l'assistance.";

}  // namespace

Response LoginScreen::Form(Context& ctx, int status, const std::string& login,
                           const std::vector<FieldError>& errors) {
  Page page{"login.tpl", "Connexion", {}};
  page.data.Set("LOGIN", login);
  page.data.Set("ACTION", ctx.Path("/login"));
  // The offered flows' links, each in its place.
  for (const LoginLink& link : ctx.services().login_links) {
    if (!ctx.config().recovery.Offers(link.flow)) continue;
    const char* section =
        link.place == LoginLink::Place::kUnderLogin      ? "LOGIN_LINK"
        : link.place == LoginLink::Place::kUnderPassword ? "PASSWORD_LINK"
                                                         : "FORM_LINK";
    PageData& entry = page.data.AddSection(section);
    entry.Set("TEXT", link.text);
    entry.Set("URL", ctx.Path(link.path));
  }
  const std::string& notice = ctx.request().Param("m");
  if (notice == "bye") {
    page.data.AddSection("NOTICE").Set("TEXT", "Vous êtes déconnecté.");
  } else if (notice == "pwfail") {
    page.data.AddSection("NOTICE").Set(
        "TEXT",
        "Vous avez été déconnecté : le mot de passe actuel a été saisi "
        "incorrectement " +
            std::to_string(
                ctx.config().security.limits.password_change_failures) +
            " fois. Reconnectez-vous pour changer votre mot de passe.");
  } else if (notice == "changed") {
    page.data.AddSection("NOTICE").Set(
        "TEXT",
        "Votre mot de passe a été modifié. Connectez-vous avec le "
        "nouveau.");
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
  if (ctx.session().ok()) return Response::Redirect(ctx.Path("/account"));
  return Form(ctx, 200, "", {});
}

Response LoginScreen::Post(Context& ctx) {
  const Request& req = ctx.request();
  const std::string& login = req.Field("login");
  const std::string& password = req.Field("password");
  std::vector<FieldError> errors;
  if (login.empty()) {
    errors.push_back({"login", "Saisissez votre identifiant."});
  } else if (login.size() > kMaxLoginBytes) {
    errors.push_back({"login", "L'identifiant saisi est trop long."});
  }
  if (password.empty()) {
    errors.push_back({"password", "Saisissez votre mot de passe."});
  } else if (password.size() > kMaxPasswordBytes) {
    errors.push_back({"password", "Le mot de passe saisi est trop long."});
  }
  if (!errors.empty()) return Form(ctx, 400, login, errors);

  const Config& config = ctx.config();
  auto refused = [&](const LoginGate& gate) {
    Response r = Form(ctx, 429, login, {{"", LoginGateMessage(gate)}});
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
  const std::string phc = account.ok() ? account->password_hash : "";
  StatusOr<bool> match = ctx.services().hasher->Verify(phc, password);
  if (!match.ok()) return ctx.FromStatus(match.status());

  if (!*match || account->disabled) {
    AuditEvent fail{
        account.ok() ? std::optional<int64_t>(account->id) : std::nullopt,
        "login.fail", req.client_ip, ""};
    Status st = ctx.stores().audit->Append(fail);
    if (!st.ok()) return ctx.FromStatus(st);
    return Form(ctx, 200, login,
                {{"password", "Identifiant ou mot de passe incorrect."}});
  }
  if (account->password_expired) {
    return Form(ctx, 200, login, {{"password", kOneTimePasswordExpired}});
  }

  std::string token = crypto::NewToken();
  // A one-time password works once: spent with the session, in one
  // transaction, and this sign-in leads to the forced change. A concurrent
  // sign-in that spent it first wins; this one is told what a later one
  // would be.
  NewSession session{
      crypto::Sha256(token), account->id, req.client_ip,
      config.security.session_absolute_hours * 3600,
      account->must_change_password ? account->password_hash : ""};
  Status st = ctx.stores().sessions->Create(
      session, {account->id, "login.ok", req.client_ip, ""});
  if (st.code() == StatusCode::kFailedPrecondition) {
    st = ctx.stores().audit->Append(
        {account->id, "login.fail", req.client_ip, "one-time password spent"});
    if (!st.ok()) return ctx.FromStatus(st);
    return Form(ctx, 200, login, {{"password", kOneTimePasswordExpired}});
  }
  if (!st.ok()) return ctx.FromStatus(st);
  ForgetLoginFailures(ctx, login);
  if (ctx.services().hasher->NeedsRehash(account->password_hash)) {
    StatusOr<std::string> rehash = ctx.services().hasher->Hash(password);
    if (rehash.ok()) {
      (void)ctx.stores().accounts->UpdatePasswordHash(account->id, *rehash);
    }
  }
  Response r = Response::Redirect(ctx.Path(
      account->must_change_password ? "/account/password" : "/account"));
  r.AddHeader("Set-Cookie", SetCookieValue(config, "session", token, -1));
  // This browser signed in to this account: the account's limit no longer
  // applies to it (recovery/login_rules.h).
  r.AddHeader("Set-Cookie", DeviceCookieHeader(ctx, login));
  return r;
}

}  // namespace sesame
