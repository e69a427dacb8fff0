#include "recovery/link_rules.h"

#include "crypto/crypto.h"

namespace sesame {

namespace {
std::string LinkTokenKey(std::string_view secret_key) {
  return crypto::DeriveKey(secret_key, "link-token");
}
}  // namespace

std::string NewLinkToken(std::string_view secret_key) {
  return crypto::NewSignedToken(LinkTokenKey(secret_key));
}

bool LinkTokenGenuine(std::string_view secret_key, std::string_view token) {
  return crypto::SignedTokenValid(LinkTokenKey(secret_key), token);
}

LinkState ClassifyLink(const RecoveryRequest& r, int max_attempts) {
  if (r.used) return LinkState::kUsed;
  if (r.superseded) return LinkState::kSuperseded;
  if (r.expired) return LinkState::kExpired;
  if (r.account_disabled) return LinkState::kAccountDisabled;
  if (r.code_attempts >= max_attempts) return LinkState::kTooManyAttempts;
  return LinkState::kLive;
}

int AttemptsLeft(int attempts, int max_attempts) {
  return attempts >= max_attempts ? 0 : max_attempts - attempts;
}

std::string FillPlaceholders(
    std::string_view text,
    std::initializer_list<std::pair<std::string_view, std::string_view>>
        values) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    bool replaced = false;
    if (text[i] == '{') {
      for (const auto& [name, value] : values) {
        if (text.substr(i + 1, name.size()) == name &&
            text.substr(i + 1 + name.size(), 1) == "}") {
          out.append(value);
          i += name.size() + 2;
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out.push_back(text[i++]);
  }
  return out;
}

}  // namespace sesame
