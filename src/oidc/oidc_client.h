// OidcClient: Sésame as an OpenID Connect relying party (FranceConnect),
// authorization code flow with state, nonce and PKCE (S256), acr_values.
//
//   Begin()  -> the provider's authorization URL, and the state, nonce and
//               PKCE verifier to keep until the callback;
//   Finish() -> the code exchanged at the token endpoint (client_secret_basic
//               and the verifier), the ID token checked (VerifyIdToken:
//               signature against the provider's JWKS, iss, aud, exp,
//               nonce) and the identity pivot, from the ID token or, when
//               it lacks it (FranceConnect), from the userinfo endpoint;
//               or a typed error.
//
// The discovery document (ISSUER/.well-known/openid-configuration, whose
// issuer must be ISSUER) and the JWKS are fetched on first use and kept an
// hour; a token signed by a key the JWKS lacks makes one refetch. The
// provider down or slow is kUnavailable (OidcSettings::timeout_seconds per
// call). OidcLogin (oidc_login.h) adds the one-time storage of the state.
#ifndef SESAME_OIDC_OIDC_CLIENT_H_
#define SESAME_OIDC_OIDC_CLIENT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "oidc/id_token.h"
#include "oidc/oidc_settings.h"
#include "oidc/oidc_transport.h"

namespace sesame {

// What Begin made and the callback needs back.
struct OidcRequest {
  std::string state;
  std::string nonce;
  std::string code_verifier;
};

struct OidcStart {
  OidcError error = OidcError::kNone;
  std::string detail;  // for the log
  std::string authorization_url;
  OidcRequest kept;
  bool ok() const { return error == OidcError::kNone; }
};

struct OidcFinish {
  OidcError error = OidcError::kNone;
  std::string detail;  // for the log
  OidcIdentity identity;
  bool ok() const { return error == OidcError::kNone; }
};

class OidcClient {
 public:
  virtual ~OidcClient() = default;
  virtual OidcStart Begin() = 0;
  virtual OidcFinish Finish(const std::string& code,
                            const OidcRequest& kept) = 0;
};

class HttpOidcClient : public OidcClient {
 public:
  using Clock = std::function<int64_t()>;  // seconds since the epoch

  // `redirect_uri`: public_base_url + settings.redirect_path.
  HttpOidcClient(OidcSettings settings, std::string client_secret,
                 std::string redirect_uri,
                 std::unique_ptr<OidcTransport> transport, Clock clock);

  OidcStart Begin() override;
  OidcFinish Finish(const std::string& code, const OidcRequest& kept) override;

 private:
  struct Provider {
    std::string authorization_endpoint;
    std::string token_endpoint;
    std::string jwks_uri;
    std::string userinfo_endpoint;  // may be empty
    std::string jwks;               // the JWKS document
    int64_t fetched_at = 0;
  };
  // The provider's endpoints (and keys), fetched when missing or older than
  // an hour, or when `refresh_keys`.
  OidcError Discover(bool refresh_keys, Provider* out, std::string* detail);

  const OidcSettings settings_;
  const std::string client_secret_;
  const std::string redirect_uri_;
  std::unique_ptr<OidcTransport> transport_;
  Clock clock_;
  std::mutex mu_;
  Provider provider_;  // guarded by mu_
};

// The real client for `settings`: libcurl and the system clock; `secret`
// from ReadOidcClientSecret, `base_url` the config's public_base_url.
std::unique_ptr<OidcClient> NewHttpOidcClient(const OidcSettings& settings,
                                              const std::string& secret,
                                              const std::string& base_url);

}  // namespace sesame

#endif  // SESAME_OIDC_OIDC_CLIENT_H_
