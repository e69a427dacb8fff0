#include "flows/education/franceconnect_screen.h"

#include <iostream>

#include "core/log.h"
#include "core/metrics.h"
#include "crypto/crypto.h"
#include "flows/education/facts.h"
#include "flows/education/grant.h"
#include "flows/education/reassort_screen.h"
#include "flows/education/rules.h"
#include "flows/education/settings.h"
#include "oidc/oidc_login.h"
#include "oidc/oidc_settings.h"

namespace sesame {
namespace {

constexpr char kTitle[] = "Réassort par FranceConnect";
constexpr char kNothingChanged[] = " Votre code de vote n'a pas été modifié.";

// A page that says what failed, with the way back to the choice.
Response Failure(Context& ctx, int status, const std::string& message) {
  Page page{"education/franceconnect.tpl", kTitle, {}};
  page.data.Set("MESSAGE", message);
  page.data.Set("BACK_URL", ctx.Path("/education/reassort"));
  return Response::FromPage(status, std::move(page));
}

// Audits a refused FranceConnect login (`why`: a short English name) and
// shows `message`.
Response Refused(Context& ctx, int64_t account_id, const std::string& event,
                 const std::string& why, int status,
                 const std::string& message) {
  Status st = ctx.stores().audit->Append(
      {account_id, event, ctx.request().client_ip, why});
  if (!st.ok()) return ctx.FromStatus(st);
  return Failure(ctx, status, message);
}

Response NotOffered(Context& ctx) {
  return ctx.ErrorPage(404, kTitle,
                       "Le réassort par FranceConnect n'est pas proposé par "
                       "ce portail : utilisez la question Défi.");
}

Response NoIdentity(Context& ctx) {
  return Failure(ctx, 409,
                 "Votre compte électeur n'a pas d'identité FranceConnect "
                 "enregistrée : utilisez la question Défi, ou contactez "
                 "l'assistance.");
}

Response Closed(Context& ctx) {
  metrics::ProcessMetrics::Get().RateLimitRefused(
      metrics::RateLimitKind::kFranceConnect);
  Response r =
      Failure(ctx, 429, std::string(kFranceConnectClosed) + kNothingChanged);
  r.AddHeader("Retry-After", "3600");
  return r;
}

// The browser a login is bound to: SHA-256 of its CSRF cookie.
std::string Binding(Context& ctx) { return crypto::Sha256(ctx.csrf_cookie()); }

OidcLogin LoginOf(Context& ctx) {
  return OidcLogin(ctx.services().oidc, ctx.stores().oidc_states,
                   EducationOidc::Of(ctx.config()).oidc.state_ttl_seconds);
}

int Attempts(const Config& config) {
  return EducationSettings::Of(config).question_attempts;
}

// What a failed login says, by its cause.
std::pair<int, std::string> FailureOf(OidcError error,
                                      const std::string& provider_error) {
  switch (error) {
    case OidcError::kUnavailable:
      return {503,
              "FranceConnect ne répond pas pour le moment : réessayez dans "
              "quelques minutes, ou utilisez la question Défi."};
    case OidcError::kStoreUnavailable:
      return {503,
              "Le service est momentanément indisponible : réessayez dans "
              "quelques minutes."};
    case OidcError::kRefused:
      if (provider_error == "access_denied") {
        return {403, "Vous avez annulé la connexion avec FranceConnect."};
      }
      return {403, "FranceConnect n'a pas accepté la connexion."};
    case OidcError::kBadState:
      return {400,
              "Cette connexion FranceConnect n'est plus valable : elle a "
              "déjà servi, elle a expiré ou elle a été commencée dans un "
              "autre navigateur. Recommencez depuis le choix du réassort."};
    case OidcError::kMissingClaims:
      return {502,
              "FranceConnect n'a pas transmis toute l'identité demandée "
              "(nom, prénoms, date et lieu de naissance, sexe)."};
    default:  // signature, key, issuer, audience, expiry, nonce
      return {502,
              "La réponse de FranceConnect n'a pas pu être vérifiée : "
              "recommencez depuis le choix du réassort."};
  }
}

}  // namespace

bool FranceConnectConfigured(Context& ctx) {
  return ctx.services().oidc != nullptr &&
         ctx.stores().oidc_states != nullptr &&
         EducationOidc::Of(ctx.config()).oidc.enabled();
}

std::string FranceConnectAttemptsKey(int64_t account_id) {
  return "education:franceconnect:account:" + std::to_string(account_id);
}

Response FranceConnectStartScreen::Get(Context& ctx) {
  Account account;
  Response instead;
  StatusOr<Voter> voter = SignedInVoter(ctx, &account, &instead);
  if (!voter.ok()) return instead;
  if (!FranceConnectConfigured(ctx)) return NotOffered(ctx);
  if (voter->pivot_digest.empty()) return NoIdentity(ctx);
  StatusOr<int> tries =
      ctx.stores().limits->Count(FranceConnectAttemptsKey(account.id), 3600);
  if (!tries.ok()) return ctx.FromStatus(tries.status());
  if (*tries >= Attempts(ctx.config())) return Closed(ctx);

  OidcStart start =
      LoginOf(ctx).Start(Binding(ctx), std::to_string(account.id));
  if (!start.ok()) {
    Log("warning", "franceconnect.start_failed",
        {{"error", OidcErrorName(start.error)}, {"detail", start.detail}});
    auto [status, message] = FailureOf(start.error, "");
    return Failure(ctx, status, message + kNothingChanged);
  }
  Response r;
  r.status = 302;
  r.AddHeader("Location", start.authorization_url);
  return r;
}

Response FranceConnectCallbackScreen::Get(Context& ctx) {
  Account account;
  Response instead;
  StatusOr<Voter> voter = SignedInVoter(ctx, &account, &instead);
  if (!voter.ok()) return instead;
  if (!FranceConnectConfigured(ctx)) return NotOffered(ctx);
  const Request& req = ctx.request();
  const OidcCallback callback{req.Param("state"), req.Param("code"),
                              req.Param("error")};
  // The state is spent first: whatever follows, this callback is used.
  OidcCompleted done = LoginOf(ctx).Complete(callback, Binding(ctx));
  if (!done.ok()) {
    Log("warning", "franceconnect.callback_failed",
        {{"error", OidcErrorName(done.error)}, {"detail", done.detail}});
    auto [status, message] = FailureOf(done.error, callback.error);
    return Refused(ctx, account.id, "education.franceconnect.fail",
                   OidcErrorName(done.error), status,
                   message + kNothingChanged);
  }
  // Started by another account of this browser (signed out and in
  // meanwhile): the identity proves nothing for this one.
  if (done.context != std::to_string(account.id)) {
    return Refused(ctx, account.id, "education.franceconnect.fail",
                   "other_account", 403,
                   std::string("Cette connexion FranceConnect a été "
                               "commencée pour un autre compte : "
                               "recommencez depuis le choix du réassort.") +
                       kNothingChanged);
  }
  if (voter->pivot_digest.empty()) return NoIdentity(ctx);

  // Counted before the comparison, on the signed-in account only.
  const Config& config = ctx.config();
  StatusOr<std::optional<size_t>> over = ctx.stores().limits->HitWithin(
      {{FranceConnectAttemptsKey(account.id), 3600, Attempts(config)}});
  if (!over.ok()) return ctx.FromStatus(over.status());
  if (*over) return Closed(ctx);

  const OidcIdentity& id = done.identity;
  StatusOr<std::string> digest =
      PivotDigest(config, ctx.services().hasher, account.login,
                  IdentityPivot{id.family_name, id.given_name, id.birthdate,
                                id.birthplace, id.gender});
  if (!digest.ok() && digest.status().code() != StatusCode::kInvalidArgument) {
    return ctx.FromStatus(digest.status());
  }
  // A pivot that cannot be normalised matches nothing.
  if (!digest.ok() ||
      !crypto::ConstantTimeEquals(*digest, voter->pivot_digest)) {
    return Refused(ctx, account.id, "education.franceconnect.mismatch",
                   digest.ok() ? "pivot" : "pivot_unreadable", 403,
                   std::string(kPivotMismatch) + kNothingChanged);
  }
  StatusOr<std::string> cookie = IssueRegenerationGrant(
      ctx.stores(), config, account.id, req.client_ip, "franceconnect");
  if (!cookie.ok()) return ctx.FromStatus(cookie.status());
  Response r =
      Response::Redirect(ctx.Path("/education/reassort/avertissement"));
  r.AddHeader("Set-Cookie", *cookie);
  return r;
}

}  // namespace sesame
