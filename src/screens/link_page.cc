#include "screens/link_page.h"

#include "crypto/crypto.h"
#include "recovery/link_step.h"
#include "web/app.h"

namespace sesame {

const std::string& LinkToken(Context& ctx, const LinkPage& link) {
  return ctx.request().Cookie(CookieName(ctx.config(), link.cookie));
}

std::string AttemptsLeftText(int left) {
  return left == 1 ? "Il vous reste 1 essai."
                   : "Il vous reste " + std::to_string(left) + " essais.";
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
  const std::string& credential = ctx.branding().credential;
  std::string title, message;
  int status = 410;
  switch (state) {
    case LinkState::kUsed:
      title = "Lien déjà utilisé";
      message = "Ce lien a déjà servi à changer votre " + credential +
                ". Il ne peut servir qu'une fois. Connectez-vous avec votre "
                "nouveau " +
                credential + ", ou faites une nouvelle demande.";
      break;
    case LinkState::kSuperseded:
      title = "Lien remplacé";
      message =
          "Une demande plus récente a été faite : seul le lien du dernier "
          "courriel reçu est valable.";
      break;
    case LinkState::kExpired:
      title = "Lien expiré";
      message = "Ce lien n'est plus valable : il l'était " +
                (link.ttl_seconds < 3600
                     ? std::to_string(link.ttl_seconds / 60) + " minutes"
                     : std::to_string(link.ttl_seconds / 3600) + " heures") +
                ". Faites une nouvelle demande.";
      break;
    case LinkState::kAccountDisabled:
      title = "Compte désactivé";
      message = "Ce compte a été désactivé : son " + credential +
                " ne peut pas être changé. Contactez l'assistance.";
      status = 403;
      break;
    case LinkState::kTooManyAttempts:
      title = "Demande annulée";
      message =
          "Trop de saisies erronées : pour votre sécurité, cette demande est "
          "annulée. Faites une nouvelle demande pour recevoir un nouveau "
          "lien.";
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
    Page page{"link_state.tpl", "Lien invalide", {}};
    page.data.Set("MESSAGE",
                  "Ce lien est incomplet ou n'est pas valable. Ouvrez le "
                  "lien du dernier courriel reçu en entier, ou faites une "
                  "nouvelle demande.");
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
