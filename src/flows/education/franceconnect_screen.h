// FranceConnect, the other proof of the « réassort » (OpenID Connect,
// src/oidc/), for a voter signed in to the portal, offered while
// [education.oidc] has an issuer (Services::oidc set) and the voter was
// enrolled with an identity (--franceconnect-pivot):
// - GET /education/franceconnect: OidcLogin::Start bound to this browser
//   (SHA-256 of its CSRF cookie), the context the account's id -> 302 to
//   the provider;
// - GET /education/franceconnect/retour (the one redirect_path routed):
//   OidcLogin::Complete spends the state, then the account in the state
//   must be the session's, and the identity pivot (NormalisePivot'd,
//   PivotDigest) must equal the enrolled digest (constant time). A match
//   gives the same grant as the link (IssueRegenerationGrant) -> 303 to
//   the warning page; anything else a French page with the way back to
//   /education/reassort, audited, with nothing granted nor changed.
//
// Each identity compared counts on the account's own hourly budget of
// FranceConnect tries ([education] question_attempts, a key of its own):
// the question path closing does not close FranceConnect, nor the other
// way round (README, « FranceConnect path »).
#ifndef SESAME_FLOWS_EDUCATION_FRANCECONNECT_SCREEN_H_
#define SESAME_FLOWS_EDUCATION_FRANCECONNECT_SCREEN_H_

#include <cstdint>
#include <string>

#include "web/screen.h"

namespace sesame {

// The callback's path: [education.oidc] redirect_path must be it.
inline constexpr char kFranceConnectCallback[] =
    "/education/franceconnect/retour";

// Whether this deployment offers FranceConnect (configured and wired).
bool FranceConnectConfigured(Context& ctx);

// The rate-limit key of an account's FranceConnect comparisons.
std::string FranceConnectAttemptsKey(int64_t account_id);

class FranceConnectStartScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
};

class FranceConnectCallbackScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
};

// The French texts of ed_fc_pivot_mismatch and ed_fc_closed.
inline constexpr char kPivotMismatch[] =
    "L'identité transmise par FranceConnect ne correspond pas à celle de "
    "votre compte électeur.";
inline constexpr char kFranceConnectClosed[] =
    "Le réassort par FranceConnect est fermé pendant une heure pour votre "
    "compte : trop d'essais n'ont pas abouti.";

}  // namespace sesame

#endif  // SESAME_FLOWS_EDUCATION_FRANCECONNECT_SCREEN_H_
