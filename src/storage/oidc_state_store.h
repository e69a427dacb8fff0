// OidcStateStore: the OpenID Connect logins under way (src/oidc/), between
// the redirection to the provider and its callback.
//
// A row is keyed by SHA-256 of the `state` sent to the provider (the state
// itself is only in the browser's URL); it holds the nonce and the PKCE
// verifier to check the answer with, SHA-256 of the CSRF cookie of the
// browser that left (the binding), what the caller wants back (context,
// e.g. the account being recovered) and its lifetime. Take spends the row
// with one conditional DELETE whose affected-row count decides: of six
// copies of one callback, one gets the row and five get nothing. Validity
// is decided with the database clock.
#ifndef SESAME_STORAGE_OIDC_STATE_STORE_H_
#define SESAME_STORAGE_OIDC_STATE_STORE_H_

#include <optional>
#include <string>

#include "core/status.h"

namespace sesame {

struct OidcPendingLogin {
  std::string nonce;
  std::string code_verifier;
  std::string context;  // the caller's, at most 255 bytes
};

class OidcStateStore {
 public:
  virtual ~OidcStateStore() = default;
  // Stores a login live for `ttl_seconds`. InvalidArgument when a digest is
  // not 32 bytes, a field too long or the lifetime not positive;
  // AlreadyExists when the digest is taken.
  virtual Status Create(const std::string& state_hash,
                        const std::string& binding,
                        const OidcPendingLogin& login, int ttl_seconds) = 0;
  // Spends the login and returns it when it was live and bound to
  // `binding`; nullopt (and nothing changed) when it is missing, spent,
  // expired or bound to another browser.
  virtual StatusOr<std::optional<OidcPendingLogin>> Take(
      const std::string& state_hash, const std::string& binding) = 0;
};

}  // namespace sesame

#endif  // SESAME_STORAGE_OIDC_STATE_STORE_H_
