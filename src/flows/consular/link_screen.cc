#include "flows/consular/link_screen.h"

#include "core/metrics.h"
#include "crypto/crypto.h"
#include "flows/consular/rules.h"
#include "flows/consular/settings.h"
#include "recovery/account_fields.h"
#include "screens/captcha_field.h"
#include "screens/link_page.h"
#include "screens/messages.h"

namespace sesame {
namespace {

LinkPage Link(const Config& config) {
  return {"consular",
          "/consulaire/lien",
          kConsularFlow,
          "/consulaire/motdepasse",
          "/consulaire/lien/fait",
          ConsularSettings::Of(config).link_ttl_hours * 3600,
          ConsularSettings::Of(config).identifier_attempts};
}

}  // namespace

Response ConsularLinkScreen::Form(Context& ctx, int status,
                                  const RecoveryRequest& request,
                                  const std::vector<FieldError>& errors) {
  Page page{"consular/link.tpl", ctx.T("co_password_title"), {}};
  page.data.Set("ACTION", ctx.Path("/consulaire/lien"));
  page.data.Set("LOGIN", ctx.request().Field("login"));
  bool login_error = false;
  for (const FieldError& e : errors) login_error |= e.field == "login";
  if (!login_error && request.code_attempts > 0) {
    page.data.AddSection("ATTEMPTS")
        .Set("TEXT",
             AttemptsLeftText(
                 ctx,
                 AttemptsLeft(
                     request.code_attempts,
                     ConsularSettings::Of(ctx.config()).identifier_attempts)));
  }
  Context::AddErrors(errors, &page.data);
  Status captcha = AddCaptcha(ctx, &page.data, kLinkCaptchaForm);
  if (!captcha.ok()) return ctx.FromStatus(captcha);
  return Response::FromPage(status, std::move(page));
}

Response ConsularLinkScreen::ShowForm(Context& ctx, int status,
                                      const std::string& message) {
  return ShowLinkPage(ctx, Link(ctx.config()), status, message,
                      [&](int st, const RecoveryRequest& request,
                          const std::vector<FieldError>& errors) {
                        return Form(ctx, st, request, errors);
                      });
}

Response ConsularLinkScreen::Get(Context& ctx) {
  return ShowForm(ctx, 200, "");
}

Response ConsularLinkScreen::Post(Context& ctx) {
  const LinkPage link = Link(ctx.config());
  Response instead;
  StatusOr<RecoveryRequest> request = FindLiveLink(ctx, link, &instead);
  if (!request.ok()) return instead;
  const std::string& typed = ctx.request().Field("login");
  if (typed.empty()) {
    return Form(ctx, 400, *request, {{"login", ctx.T("login_missing")}});
  }
  if (typed.size() > 64) {
    return Form(ctx, 400, *request, {{"login", ctx.T("login_too_long")}});
  }
  // The captcha (when configured) first: a wrong one is said, and costs
  // none of the identifier's attempts.
  std::vector<FieldError> captcha_errors;
  Status captcha = CheckCaptcha(ctx, kLinkCaptchaForm, &captcha_errors);
  if (!captcha.ok()) return ctx.FromStatus(captcha);
  if (!captcha_errors.empty()) return Form(ctx, 400, *request, captcha_errors);
  StatusOr<Account> account =
      ctx.stores().accounts->FindById(request->account_id);
  if (!account.ok()) return ctx.FromStatus(account.status());

  LinkSubmission submission;
  submission.matches = [&] {
    return crypto::ConstantTimeEquals(typed, account->login);
  };
  submission.wrong = [&](int left) {
    return Form(ctx, 400, *request,
                {{"login", ctx.T("co_login_wrong") + " " +
                               AttemptsLeftText(ctx, left)}});
  };
  submission.complete = [&]() -> std::variant<Response, Status> {
    if (account->phone.empty()) return NoPhone(ctx, link);
    return SendPassword(ctx, *request, *account);
  };
  return SubmitLink(ctx, link, &*request, submission);
}

Response ConsularLinkScreen::NoPhone(Context& ctx, const LinkPage& link) {
  Page page{"link_state.tpl", ctx.T("co_no_phone_title"), {}};
  page.data.Set("MESSAGE", ctx.T("co_no_phone"));
  page.data.Set("FORGOT_URL", ctx.Path(link.restart));
  page.data.Set("LOGIN_URL", ctx.Path("/login"));
  return Response::FromPage(200, std::move(page));
}

std::variant<Response, Status> ConsularLinkScreen::SendPassword(
    Context& ctx, const RecoveryRequest& request, const Account& account) {
  const Config& config = ctx.config();
  const ConsularSettings& cc = ConsularSettings::Of(config);
  StatusOr<PasswordChange> change =
      OneTimePasswordBySms(config, ctx.branding(), *ctx.services().hasher,
                           account, cc.sms_text, cc.password_length,
                           {account.id, "password.renewal.sms",
                            ctx.request().client_ip, request.flow},
                           &ctx.services().renderer->i18n(), ctx.lang());
  if (!change.ok()) return ctx.FromStatus(change.status());
  // The SMS budget is counted by the store, only when this SMS is queued:
  // of concurrent submissions, only the one that spends the link does.
  Status st = ctx.stores().recovery->Complete(request.id, *change);
  if (IsSmsBudgetSpent(st)) {
    metrics::ProcessMetrics::Get().RateLimitRefused(
        metrics::RateLimitKind::kSmsBudget);
    return Form(ctx, 429, request, {{"", ctx.T("sms_budget_spent")}});
  }
  return st;
}

Response ConsularLinkDoneScreen::Get(Context& ctx) {
  Page page{"consular/done.tpl", ctx.T("co_done_title"), {}};
  page.data.Set("LOGIN_URL", ctx.Path("/login"));
  page.data.Set("HOURS",
                std::to_string(ctx.config().security.temporary_password_hours));
  return Response::FromPage(200, std::move(page));
}

}  // namespace sesame
