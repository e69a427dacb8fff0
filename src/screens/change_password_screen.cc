#include "screens/change_password_screen.h"

#include "core/metrics.h"
#include "crypto/crypto.h"
#include "screens/account_screen.h"
#include "screens/login_limits.h"
#include "screens/messages.h"
#include "screens/password_form.h"
#include "web/app.h"

namespace sesame {

Response ChangePasswordScreen::Form(Context& ctx, int status,
                                    const Account& account,
                                    const std::vector<FieldError>& errors) {
  bool forced = account.must_change_password;
  Page page{"change_password.tpl",
            ctx.T(forced ? "change_title_forced" : "change_title"),
            {}};
  page.data.Set("ACTION", ctx.Path("/account/password"));
  page.data.Set("ACCOUNT_URL", ctx.Path("/account"));
  page.data.Set("LOGIN", account.login);
  if (forced) {
    page.data.ShowSection("FORCED");
  } else {
    page.data.ShowSection("ASK_CURRENT");
  }
  AddPasswordRules(ctx, &page.data);
  Context::AddErrors(errors, &page.data);
  return Response::FromPage(status, std::move(page));
}

Response ChangePasswordScreen::WrongCurrentPassword(Context& ctx,
                                                    const Account& account) {
  const Request& req = ctx.request();
  const Config& config = ctx.config();
  Status st = ctx.stores().audit->Append(
      {account.id, "password.change.fail", req.client_ip, ""});
  if (!st.ok()) return ctx.FromStatus(st);
  const Session& session = *ctx.session();
  StatusOr<int> failures =
      ctx.stores().limits->Hit(PasswordChangeFailuresKey(session.id_hash),
                               config.security.session_absolute_hours * 3600);
  if (!failures.ok()) return ctx.FromStatus(failures.status());
  const LimitsConfig& limits = config.security.limits;
  if (!PasswordChangeEndsSession(*failures, limits)) {
    const int left = limits.password_change_failures - *failures;
    return Form(ctx, 400, account,
                {{"current_password",
                  ctx.T(left > 1 ? "change_wrong_left" : "change_wrong_last",
                        {{"n", std::to_string(left)}})}});
  }
  metrics::ProcessMetrics::Get().RateLimitRefused(
      metrics::RateLimitKind::kPasswordChange);
  st = ctx.stores().sessions->Revoke(
      session.id_hash,
      {account.id, "logout", req.client_ip,
       "wrong current password " + std::to_string(*failures) + " times"});
  if (!st.ok()) return ctx.FromStatus(st);
  Response r = Response::Redirect(ctx.Path("/login") + "?m=pwfail");
  r.AddHeader("Set-Cookie", SetCookieValue(config, "session", "", 0));
  return r;
}

Response ChangePasswordScreen::ShowForm(Context& ctx, int status,
                                        const std::string& message) {
  Response instead;
  StatusOr<Account> account = SignedInAccount(ctx, &instead);
  if (!account.ok()) return instead;
  return Form(ctx, status, *account, {{"", message}});
}

Response ChangePasswordScreen::Get(Context& ctx) {
  Response instead;
  StatusOr<Account> account = SignedInAccount(ctx, &instead);
  if (!account.ok()) return instead;
  return Form(ctx, 200, *account, {});
}

Response ChangePasswordScreen::Post(Context& ctx) {
  Response instead;
  StatusOr<Account> account = SignedInAccount(ctx, &instead);
  if (!account.ok()) return instead;
  const Request& req = ctx.request();
  std::vector<FieldError> errors;

  if (!account->must_change_password) {
    const std::string& current = req.Field("current_password");
    if (current.empty()) {
      return Form(ctx, 400, *account,
                  {{"current_password", ctx.T("change_current_missing")}});
    }
    if (current.size() > 1024) {
      return Form(ctx, 400, *account,
                  {{"current_password", ctx.T("change_current_wrong")}});
    }
    // The login's limits apply to this check too (same buckets), and N
    // wrong answers end the session: a stolen session is no way to guess
    // the password.
    StatusOr<LoginGate> gate =
        CountLoginAccount(ctx, account->login, /*captcha_solved=*/false);
    if (!gate.ok()) return ctx.FromStatus(gate.status());
    if (gate->verdict != LoginVerdict::kGo) {
      Response r =
          Form(ctx, 429, *account, {{"", LoginGateMessage(ctx, *gate)}});
      r.AddHeader("Retry-After", std::to_string(gate->retry_after));
      return r;
    }
    StatusOr<bool> ok =
        ctx.services().hasher->Verify(account->password_hash, current);
    if (!ok.ok()) return ctx.FromStatus(ok.status());
    if (!*ok) return WrongCurrentPassword(ctx, *account);
    ForgetLoginFailures(ctx, account->login);
    (void)ctx.stores().limits->Reset(
        PasswordChangeFailuresKey(ctx.session()->id_hash));
  }
  CheckNewPassword(ctx, *account, &errors);
  if (!errors.empty()) return Form(ctx, 400, *account, errors);

  StatusOr<std::string> phc =
      ctx.services().hasher->Hash(req.Field("password"));
  if (!phc.ok()) return ctx.FromStatus(phc.status());
  PasswordChange change;
  change.account_id = account->id;
  change.new_hash = *phc;
  change.keep_session_hash = crypto::Sha256(ctx.session_cookie());
  change.audit = {account->id, "password.change", req.client_ip,
                  account->must_change_password ? "forced" : "self"};
  StatusOr<OutboxMessage> mail = PasswordChangedMail(
      ctx.config(), ctx.branding(), *ctx.services().renderer, *account);
  if (!mail.ok()) return ctx.FromStatus(mail.status());
  change.notification = *mail;
  Status st = ctx.stores().accounts->ChangePassword(change);
  if (!st.ok()) return ctx.FromStatus(st);
  return Response::Redirect(ctx.Path("/account") + "?m=changed");
}

}  // namespace sesame
