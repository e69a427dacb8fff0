// OidcLogin: an OpenID Connect login as the flow's screens call it, with
// the state kept server-side as a one-time row (storage/oidc_state_store.h):
//
//   Start(binding, context)   -> the URL to redirect the browser to; the
//       nonce and PKCE verifier are stored under SHA-256 of the state,
//       bound to the browser (`binding`, SHA-256 of its CSRF cookie), with
//       the caller's `context`, for OidcSettings::state_ttl_seconds.
//   Complete(query, binding)  -> the callback: the row is spent first (one
//       conditional DELETE: a forged, replayed, expired or other browser's
//       state is kBadState, and of six copies of one callback five are),
//       then the provider's error or the code is checked by the client.
//
// A screen: GET /education/franceconnect -> Start -> 302 to the URL;
// GET redirect_path -> Complete(request's query) -> identity and context,
// or a page saying what failed (nothing else changed).
#ifndef SESAME_OIDC_OIDC_LOGIN_H_
#define SESAME_OIDC_OIDC_LOGIN_H_

#include <string>

#include "oidc/oidc_client.h"
#include "storage/oidc_state_store.h"

namespace sesame {

// The callback's query parameters.
struct OidcCallback {
  std::string state;
  std::string code;
  std::string error;  // the provider's "error", e.g. access_denied
};

struct OidcCompleted {
  OidcError error = OidcError::kNone;
  std::string detail;  // for the log
  OidcIdentity identity;
  std::string context;  // Start's, when the state was spent
  bool ok() const { return error == OidcError::kNone; }
};

class OidcLogin {
 public:
  OidcLogin(OidcClient* client, OidcStateStore* store, int state_ttl_seconds)
      : client_(client), store_(store), ttl_seconds_(state_ttl_seconds) {}

  // On success, error is kNone and authorization_url is set (the kept
  // secrets are in the store, not for the caller).
  OidcStart Start(const std::string& binding, const std::string& context);
  OidcCompleted Complete(const OidcCallback& callback,
                         const std::string& binding);

 private:
  OidcClient* client_;
  OidcStateStore* store_;
  int ttl_seconds_;
};

}  // namespace sesame

#endif  // SESAME_OIDC_OIDC_LOGIN_H_
