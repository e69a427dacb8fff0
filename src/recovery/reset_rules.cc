#include "recovery/reset_rules.h"

#include "crypto/crypto.h"

namespace sesame {

LinkState ClassifyLink(const RecoveryRequest& r, int max_attempts) {
  if (r.used) return LinkState::kUsed;
  if (r.superseded) return LinkState::kSuperseded;
  if (r.expired) return LinkState::kExpired;
  if (r.account_disabled) return LinkState::kAccountDisabled;
  if (r.code_attempts >= max_attempts) return LinkState::kTooManyAttempts;
  return LinkState::kLive;
}

std::string NewActivationCode(int length) {
  return crypto::RandomString(static_cast<size_t>(length), kCodeAlphabet);
}

std::string ActivationCodeKey(std::string_view secret_key) {
  return crypto::DeriveKey(secret_key, "sms-code");
}

std::string CodeMac(std::string_view key, std::string_view token_hash,
                    std::string_view code) {
  return crypto::BoundMac(key, token_hash, code);
}

bool CodeMatches(std::string_view key, std::string_view token_hash,
                 std::string_view typed, std::string_view stored_mac) {
  while (!typed.empty() && typed.front() == ' ') typed.remove_prefix(1);
  while (!typed.empty() && typed.back() == ' ') typed.remove_suffix(1);
  if (typed.empty() || typed.size() > 64) return false;
  return crypto::BoundMacMatches(key, token_hash, typed, stored_mac);
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

std::string FillText(std::string_view text, std::string_view organisation,
                     std::string_view code) {
  return FillPlaceholders(text,
                          {{"organisation", organisation}, {"code", code}});
}

}  // namespace sesame
