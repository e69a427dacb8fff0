#include "screens/link_page.h"

#include "crypto/crypto.h"
#include "recovery/link_step.h"
#include "web/app.h"

namespace sesame {

const std::string& LinkToken(Context& ctx, const LinkPage& link) {
  return ctx.request().Cookie(CookieName(ctx.config(), link.cookie));
}

std::string AttemptsLeftText(const Context& ctx, int left) {
  return ctx.T(left == 1 ? "attempts_left_one" : "attempts_left",
               {{"n", std::to_string(left)}});
}

void ClearLinkCookie(Context& ctx, const LinkPage& link, Response* r) {
  r->AddHeader("Set-Cookie", SetCookieValue(ctx.config(), link.cookie, "", 0));
}

Response MoveTokenToCookie(Context& ctx, const LinkPage& link) {
  const std::string& token = ctx.request().Param("t");
  Response r = Response::Redirect(ctx.Path(link.path));
  if (crypto::LooksLikeToken(token)) {
    r.AddHeader("Set-Cookie", SetCookieValue(ctx.config(), link.cookie, token,
                                             link.ttl_seconds));
  }
  return r;
}

Response LinkStatePage(Context& ctx, const LinkPage& link, LinkState state) {
  const std::vector<std::pair<std::string, std::string>> values = {
      {"credential", ctx.Wording(ctx.branding().credential)},
      {"n", std::to_string(link.ttl_seconds < 3600 ? link.ttl_seconds / 60
                                                   : link.ttl_seconds / 3600)}};
  std::string title, message;
  int status = 410;
  switch (state) {
    case LinkState::kUsed:
      title = ctx.T("link_used_title");
      message = ctx.T("link_used", values);
      break;
    case LinkState::kSuperseded:
      title = ctx.T("link_superseded_title");
      message = ctx.T("link_superseded");
      break;
    case LinkState::kExpired:
      title = ctx.T("link_expired_title");
      message = ctx.T(link.ttl_seconds < 3600 ? "link_expired_minutes"
                                              : "link_expired_hours",
                      values);
      break;
    case LinkState::kAccountDisabled:
      title = ctx.T("link_disabled_title");
      message = ctx.T("link_disabled", values);
      status = 403;
      break;
    case LinkState::kTooManyAttempts:
      title = ctx.T("link_too_many_title");
      message = ctx.T("link_too_many");
      break;
    case LinkState::kLive:
      break;
  }
  Page page{"link_state.tpl", title, {}};
  page.data.Set("MESSAGE", message);
  page.data.Set("FORGOT_URL", ctx.Path(link.restart));
  page.data.Set("LOGIN_URL", ctx.Path(link.login));
  Response r = Response::FromPage(status, std::move(page));
  ClearLinkCookie(ctx, link, &r);
  return r;
}

StatusOr<RecoveryRequest> FindLiveLink(Context& ctx, const LinkPage& link,
                                       Response* instead) {
  const std::string& token = LinkToken(ctx, link);
  // A token the server did not sign is refused without a lookup.
  StatusOr<RecoveryRequest> request =
      LinkTokenGenuine(ctx.config().security.secret_key, token)
          ? ctx.stores().recovery->FindByToken(crypto::Sha256(token))
          : StatusOr<RecoveryRequest>(Status::NotFound("no token"));
  // A link of another flow is no link here (D20).
  if (request.ok() && request->flow != link.flow) {
    request = Status::NotFound("link of another flow");
  }
  if (!request.ok()) {
    if (request.status().code() != StatusCode::kNotFound) {
      *instead = ctx.FromStatus(request.status());
      return request;
    }
    Page page{"link_state.tpl", ctx.T("link_invalid_title"), {}};
    page.data.Set("MESSAGE", ctx.T("link_invalid"));
    page.data.Set("FORGOT_URL", ctx.Path(link.restart));
    page.data.Set("LOGIN_URL", ctx.Path(link.login));
    *instead = Response::FromPage(404, std::move(page));
    return request;
  }
  LinkState state = ClassifyLink(*request, link.max_attempts);
  if (state != LinkState::kLive) {
    *instead = LinkStatePage(ctx, link, state);
    return Status::FailedPrecondition("link not live");
  }
  return request;
}

Response SubmitLink(Context& ctx, const LinkPage& link,
                    RecoveryRequest* request,
                    const LinkSubmission& submission) {
  LinkStep step(link.max_attempts);
  LinkVerdict verdict =
      step.Counted(ctx.stores().recovery->CountAttempt(request->id));
  if (verdict == LinkVerdict::kCompare) {
    request->code_attempts = step.attempts();
    verdict = step.Compared(submission.matches());
  }
  if (verdict == LinkVerdict::kWrong) {
    return submission.wrong(step.attempts_left());
  }
  if (verdict == LinkVerdict::kProceed) {
    std::variant<Response, Status> completed = submission.complete();
    if (Response* instead = std::get_if<Response>(&completed)) {
      return std::move(*instead);
    }
    verdict = step.Completed(std::get<Status>(completed));
  }
  switch (verdict) {
    case LinkVerdict::kDone: {
      Response r = Response::Redirect(ctx.Path(link.done));
      ClearLinkCookie(ctx, link, &r);
      return r;
    }
    case LinkVerdict::kUsed:
      return LinkStatePage(ctx, link, LinkState::kUsed);
    case LinkVerdict::kTooManyAttempts:
      return LinkStatePage(ctx, link, LinkState::kTooManyAttempts);
    default:
      return ctx.FromStatus(step.error());
  }
}

Response ShowLinkPage(
    Context& ctx, const LinkPage& link, int status, const std::string& message,
    const std::function<Response(int, const RecoveryRequest&,
                                 const std::vector<FieldError>&)>& form) {
  // Move the token out of the address bar; nothing is looked up or spent.
  if (message.empty() && !ctx.request().query.empty()) {
    return MoveTokenToCookie(ctx, link);
  }
  Response instead;
  StatusOr<RecoveryRequest> request = FindLiveLink(ctx, link, &instead);
  if (!request.ok()) return instead;
  if (message.empty()) return form(status, *request, {});
  return form(status, *request, {{"", message}});
}

}  // namespace sesame
