#include "flows/consular/rules.h"

#include "crypto/crypto.h"

namespace sesame {

std::optional<std::string> NormaliseNumic(std::string_view typed) {
  while (!typed.empty() && typed.front() == ' ') typed.remove_prefix(1);
  while (!typed.empty() && typed.back() == ' ') typed.remove_suffix(1);
  if (typed.empty() || typed.size() > kNumicDigits) return std::nullopt;
  for (char c : typed) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return std::string(kNumicDigits - typed.size(), '0') + std::string(typed);
}

std::string NumicSalt(std::string_view secret_key) {
  return crypto::DeriveKey(secret_key, "numic-digest").substr(0, 16);
}

std::vector<MarkRule> NotBothRules(int window_hours) {
  if (window_hours <= 0) return {};
  const int seconds = window_hours * 3600;
  return {{kPasswordRenewalMark, kIdentifierSentMark, seconds},
          {kIdentifierSentMark, kPasswordRenewalMark, seconds}};
}

}  // namespace sesame
