#include "flows/credit_municipal/reset_screen.h"

#include "core/metrics.h"
#include "crypto/crypto.h"
#include "flows/credit_municipal/activation_code.h"
#include "flows/credit_municipal/intake.h"
#include "flows/credit_municipal/settings.h"
#include "screens/link_page.h"
#include "screens/messages.h"
#include "screens/password_form.h"
#include "web/app.h"

namespace sesame {
namespace {

// The page of the mailed link.
LinkPage Link(const Config& config) {
  return {"reset",
          "/reset",
          kCreditMunicipalFlow,
          "/forgot",
          "/reset/done",
          CreditMunicipalSettings::Of(config).link_ttl_hours * 3600,
          CreditMunicipalSettings::Of(config).code_attempts};
}

std::string CodeKey(const Config& config) {
  return ActivationCodeKey(config.security.secret_key);
}

}  // namespace

Response ResetScreen::Form(Context& ctx, int status,
                           const RecoveryRequest& request,
                           const std::vector<FieldError>& errors,
                           const std::string& notice) {
  const CreditMunicipalSettings& rc = CreditMunicipalSettings::Of(ctx.config());
  Page page{"credit_municipal/reset.tpl", ctx.T("cm_reset_title"), {}};
  page.data.Set("ACTION", ctx.Path("/reset"));
  page.data.Set("CODE_LENGTH", std::to_string(rc.code_length));
  bool code_error = false;
  for (const FieldError& e : errors) code_error |= e.field == "code";
  if (!code_error) {  // the error itself says how many are left
    page.data.AddSection("ATTEMPTS")
        .Set("TEXT", AttemptsLeftText(ctx, AttemptsLeft(request.code_attempts,
                                                        rc.code_attempts)));
  }
  if (request.code_sends < rc.code_resends + 1) page.data.ShowSection("RESEND");
  AddPasswordRules(ctx, &page.data);
  if (!notice.empty()) page.data.AddSection("NOTICE").Set("TEXT", notice);
  Context::AddErrors(errors, &page.data);
  return Response::FromPage(status, std::move(page));
}

Response ResetScreen::ShowForm(Context& ctx, int status,
                               const std::string& message) {
  return ShowLinkPage(ctx, Link(ctx.config()), status, message,
                      [&](int st, const RecoveryRequest& request,
                          const std::vector<FieldError>& errors) {
                        return Form(ctx, st, request, errors);
                      });
}

Response ResetScreen::Get(Context& ctx) { return ShowForm(ctx, 200, ""); }

Response ResetScreen::Resend(Context& ctx, const LinkPage& link,
                             const RecoveryRequest& request) {
  const Config& config = ctx.config();
  const CreditMunicipalSettings& rc = CreditMunicipalSettings::Of(config);
  StatusOr<Account> account =
      ctx.stores().accounts->FindById(request.account_id);
  if (!account.ok()) return ctx.FromStatus(account.status());
  if (account->phone.empty()) {
    return Form(ctx, 400, request, {{"", ctx.T("cm_resend_no_phone")}});
  }
  const std::string& token = LinkToken(ctx, link);
  std::string token_hash = crypto::Sha256(token);
  std::string code = NewActivationCode(rc.code_length);
  OutboxMessage sms = ActivationCodeSms(config, ctx.services().renderer->i18n(),
                                        ctx.lang(), account->phone, code);
  Status st = ctx.stores().recovery->ReplaceCode(
      request.id, CodeMac(CodeKey(config), token_hash, code),
      rc.code_ttl_minutes * 60, rc.code_resends + 1, sms,
      {account->id, "recovery.resend", ctx.request().client_ip, ""});
  RecoveryRequest shown = request;
  // The SMS budget is counted by the store, only when this SMS is queued.
  if (IsSmsBudgetSpent(st)) {
    metrics::ProcessMetrics::Get().RateLimitRefused(
        metrics::RateLimitKind::kSmsBudget);
    return Form(ctx, 429, request, {{"", ctx.T("sms_budget_spent")}});
  }
  if (st.code() == StatusCode::kResourceExhausted) {
    metrics::ProcessMetrics::Get().RateLimitRefused(
        metrics::RateLimitKind::kCode);
    shown.code_sends = rc.code_resends + 1;
    return Form(ctx, 429, shown,
                {{"code", ctx.T("cm_resend_spent",
                                {{"n", std::to_string(rc.code_resends)}})}});
  }
  if (st.code() == StatusCode::kFailedPrecondition) {
    return LinkStatePage(ctx, link, LinkState::kUsed);
  }
  if (!st.ok()) return ctx.FromStatus(st);
  ++shown.code_sends;
  return Form(ctx, 200, shown, {}, ctx.T("cm_resent"));
}

Response ResetScreen::Post(Context& ctx) {
  const Config& config = ctx.config();
  const LinkPage link = Link(config);
  Response instead;
  StatusOr<RecoveryRequest> request = FindLiveLink(ctx, link, &instead);
  if (!request.ok()) return instead;
  const Request& req = ctx.request();
  if (req.Field("action") == "resend") return Resend(ctx, link, *request);

  const std::string& code = req.Field("code");
  const std::string& password = req.Field("password");
  StatusOr<Account> account =
      ctx.stores().accounts->FindById(request->account_id);
  if (!account.ok()) return ctx.FromStatus(account.status());

  std::vector<FieldError> errors;
  if (code.empty()) {
    errors.push_back({"code", ctx.T("cm_code_missing")});
  } else if (code.size() > 64) {
    errors.push_back({"code", ctx.T("cm_code_too_long")});
  }
  CheckNewPassword(ctx, *account, &errors);
  if (!errors.empty()) return Form(ctx, 400, *request, errors);

  const std::string token_hash = crypto::Sha256(LinkToken(ctx, link));
  LinkSubmission submission;
  submission.matches = [&] {
    return CodeMatches(CodeKey(config), token_hash, code, request->code_hmac);
  };
  submission.wrong = [&](int left) {
    return Form(
        ctx, 400, *request,
        {{"code", ctx.T("cm_code_wrong") + " " + AttemptsLeftText(ctx, left)}});
  };
  submission.complete = [&]() -> std::variant<Response, Status> {
    if (request->code_expired) {
      return Form(ctx, 400, *request, {{"code", ctx.T("cm_code_expired")}});
    }
    StatusOr<PasswordChange> change = ChangeWithMail(
        config, ctx.branding(), *ctx.services().renderer,
        *ctx.services().hasher, *account, password,
        {account->id, "password.reset", req.client_ip, request->flow}, 0,
        ctx.lang());
    if (!change.ok()) return ctx.FromStatus(change.status());
    return ctx.stores().recovery->Complete(request->id, *change);
  };
  return SubmitLink(ctx, link, &*request, submission);
}

Response ResetDoneScreen::Get(Context& ctx) {
  Page page{"credit_municipal/reset_done.tpl", ctx.T("cm_done_title"), {}};
  page.data.Set("LOGIN_URL", ctx.Path("/login"));
  return Response::FromPage(200, std::move(page));
}

}  // namespace sesame
