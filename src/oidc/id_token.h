// The checks of an OpenID Connect ID token, without I/O: the signature with
// the provider's keys (JWKS), then iss, aud, exp, nonce and the identity
// pivot. JOSE is libcjose's (Debian's libcjose0); only RS256 and ES256 are
// accepted, so "none", HMAC with a public key as secret and the others are
// refused before any key is tried.
#ifndef SESAME_OIDC_ID_TOKEN_H_
#define SESAME_OIDC_ID_TOKEN_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace sesame {

// Why an OpenID Connect login failed (kNone: it did not).
enum class OidcError {
  kNone,
  kUnavailable,       // the provider is down, slow or answered nonsense
  kStoreUnavailable,  // our database could not keep or take the login
  kRefused,           // the provider refused (an error in the callback, the
                      // code refused at the token endpoint)
  kBadState,          // state missing, forged, replayed, expired or opened
                      // in another browser
  kBadSignature,      // malformed, alg not RS256/ES256 (none included),
                      // unknown key or a signature that does not verify
  kUnknownKey,        // signed by a key the JWKS does not hold (the caller
                      // refreshes the keys once, then it is kBadSignature)
  kWrongIssuer,
  kWrongAudience,
  kExpired,
  kWrongNonce,
  kMissingClaims,  // sub or a pivot claim absent (ID token and userinfo),
                   // or a userinfo for another sub
};

// A short English name for logs ("wrong_nonce").
const char* OidcErrorName(OidcError error);

// The identity pivot FranceConnect returns, as the provider gave it.
struct OidcIdentity {
  std::string subject;  // sub
  std::string given_name;
  std::string family_name;
  std::string birthdate;   // YYYY-MM-DD
  std::string birthplace;  // INSEE code; empty when born abroad
  std::string gender;      // "male" / "female"
  std::string acr;         // empty when the provider sent none
};

struct IdTokenCheck {
  std::string issuer;
  std::string client_id;
  std::string nonce;
  int64_t now = 0;  // seconds since the epoch
  int64_t leeway_seconds = 60;
};

// Checks `jwt` (compact JWS) against `jwks_json` ({"keys": [...]}) and
// `check`; on kNone fills *identity (sub, and the pivot claims the token
// holds: FranceConnect gives them at the userinfo endpoint instead).
// *detail (may be null) says what was wrong, for the log only.
OidcError VerifyIdToken(std::string_view jwt, std::string_view jwks_json,
                        const IdTokenCheck& check, OidcIdentity* identity,
                        std::string* detail);

// True when given_name, family_name, birthdate and gender are there
// (birthplace is empty for people born abroad).
bool HasPivot(const OidcIdentity& identity);

// The userinfo endpoint's answer, JSON or a JWS signed with the provider's
// keys (then its iss and aud are checked too): its pivot claims go into
// *identity when its sub is identity->subject.
OidcError ReadUserinfo(std::string_view body, std::string_view jwks_json,
                       const IdTokenCheck& check, OidcIdentity* identity,
                       std::string* detail);

}  // namespace sesame

#endif  // SESAME_OIDC_ID_TOKEN_H_
