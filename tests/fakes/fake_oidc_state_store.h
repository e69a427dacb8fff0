// FakeOidcStateStore: OidcStateStore in memory, times in seconds on `now`.
#ifndef SESAME_TESTS_FAKES_FAKE_OIDC_STATE_STORE_H_
#define SESAME_TESTS_FAKES_FAKE_OIDC_STATE_STORE_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "storage/oidc_state_store.h"

namespace sesame {

class FakeOidcStateStore : public OidcStateStore {
 public:
  struct Row {
    std::string binding;
    OidcPendingLogin login;
    int64_t expires = 0;
  };
  std::map<std::string, Row> rows;  // by state digest
  int64_t now = 1000;
  std::optional<Status> fail_with;

  Status Create(const std::string& state_hash, const std::string& binding,
                const OidcPendingLogin& login, int ttl_seconds) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    if (state_hash.size() != 32 || binding.size() != 32 || ttl_seconds <= 0 ||
        login.nonce.empty() || login.code_verifier.empty() ||
        login.context.size() > 255) {
      return Status::InvalidArgument("oidc state");
    }
    if (!rows.emplace(state_hash, Row{binding, login, now + ttl_seconds})
             .second) {
      return Status::AlreadyExists("state");
    }
    return Status::Ok();
  }

  StatusOr<std::optional<OidcPendingLogin>> Take(
      const std::string& state_hash, const std::string& binding) override {
    std::lock_guard<std::mutex> l(mu_);
    if (fail_with) return *fail_with;
    auto it = rows.find(state_hash);
    if (it == rows.end() || it->second.binding != binding ||
        it->second.expires <= now) {
      return std::optional<OidcPendingLogin>();
    }
    OidcPendingLogin login = it->second.login;
    rows.erase(it);
    return std::optional<OidcPendingLogin>(login);
  }

 private:
  std::mutex mu_;
};

}  // namespace sesame

#endif  // SESAME_TESTS_FAKES_FAKE_OIDC_STATE_STORE_H_
