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

constexpr char kTitle[] = "ed_fc_title";  // its key

// `message` (a key) and that nothing changed, in the request's language.
std::string Unchanged(const Context& ctx, const std::string& message) {
  return ctx.T(message) + " " + ctx.T("ed_fc_nothing_changed");
}

// A page that says what failed, with the way back to the choice.
Response Failure(Context& ctx, int status, const std::string& message) {
  Page page{"education/franceconnect.tpl", ctx.T(kTitle), {}};
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
  return ctx.ErrorPage(404, ctx.T(kTitle), ctx.T("ed_fc_not_offered"));
}

Response NoIdentity(Context& ctx) {
  return Failure(ctx, 409, ctx.T("ed_fc_no_identity"));
}

Response Closed(Context& ctx) {
  metrics::ProcessMetrics::Get().RateLimitRefused(
      metrics::RateLimitKind::kFranceConnect);
  Response r = Failure(ctx, 429, Unchanged(ctx, "ed_fc_closed"));
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
// (The message is a catalogue key.)
std::pair<int, std::string> FailureOf(OidcError error,
                                      const std::string& provider_error) {
  switch (error) {
    case OidcError::kUnavailable:
      return {503, "ed_fc_unavailable"};
    case OidcError::kStoreUnavailable:
      return {503, "ed_fc_store_unavailable"};
    case OidcError::kRefused:
      if (provider_error == "access_denied") {
        return {403, "ed_fc_cancelled"};
      }
      return {403, "ed_fc_refused"};
    case OidcError::kBadState:
      return {400, "ed_fc_bad_state"};
    case OidcError::kMissingClaims:
      return {502, "ed_fc_missing_claims"};
    default:  // signature, key, issuer, audience, expiry, nonce
      return {502, "ed_fc_unverified"};
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
    return Failure(ctx, status, Unchanged(ctx, message));
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
                   OidcErrorName(done.error), status, Unchanged(ctx, message));
  }
  // Started by another account of this browser (signed out and in
  // meanwhile): the identity proves nothing for this one.
  if (done.context != std::to_string(account.id)) {
    return Refused(ctx, account.id, "education.franceconnect.fail",
                   "other_account", 403, Unchanged(ctx, "ed_fc_other_account"));
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
                   Unchanged(ctx, "ed_fc_pivot_mismatch"));
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
