#include "oidc/oidc_login.h"

#include <optional>

#include "crypto/crypto.h"

namespace sesame {

OidcStart OidcLogin::Start(const std::string& binding,
                           const std::string& context) {
  OidcStart start = client_->Begin();
  if (!start.ok()) return start;
  OidcPendingLogin row{start.kept.nonce, start.kept.code_verifier, context};
  Status stored = store_->Create(crypto::Sha256(start.kept.state), binding, row,
                                 ttl_seconds_);
  start.kept = OidcRequest{};
  if (!stored.ok()) {
    start.error = OidcError::kStoreUnavailable;
    start.detail = stored.message();
    start.authorization_url.clear();
  }
  return start;
}

OidcCompleted OidcLogin::Complete(const OidcCallback& callback,
                                  const std::string& binding) {
  OidcCompleted done;
  if (!crypto::LooksLikeToken(callback.state)) {
    done.error = OidcError::kBadState;
    done.detail = "state missing or malformed";
    return done;
  }
  StatusOr<std::optional<OidcPendingLogin>> taken =
      store_->Take(crypto::Sha256(callback.state), binding);
  if (!taken.ok()) {
    done.error = OidcError::kStoreUnavailable;
    done.detail = taken.status().message();
    return done;
  }
  if (!taken->has_value()) {
    done.error = OidcError::kBadState;
    done.detail = "state unknown, spent, expired or from another browser";
    return done;
  }
  const OidcPendingLogin& row = **taken;
  done.context = row.context;
  if (!callback.error.empty()) {
    done.error = OidcError::kRefused;
    done.detail = "provider error: " + callback.error.substr(0, 64);
    return done;
  }
  OidcFinish finish = client_->Finish(
      callback.code, OidcRequest{callback.state, row.nonce, row.code_verifier});
  done.error = finish.error;
  done.detail = std::move(finish.detail);
  done.identity = std::move(finish.identity);
  return done;
}

}  // namespace sesame
