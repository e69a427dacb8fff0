#include "captcha/captcha_rules.h"

#include "crypto/crypto.h"

namespace sesame {

bool IsCaptchaAnswer(std::string_view digits) {
  if (digits.size() != static_cast<size_t>(kCaptchaLength)) return false;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string NewCaptchaAnswer() {
  return crypto::RandomString(kCaptchaLength, "0123456789");
}

std::string CaptchaMac(std::string_view key, std::string_view captcha_id_hash,
                       std::string_view answer) {
  return crypto::BoundMac(key, captcha_id_hash, answer);
}

std::optional<std::string> NormaliseCaptchaAnswer(std::string_view typed) {
  auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!typed.empty() && is_space(typed.front())) typed.remove_prefix(1);
  while (!typed.empty() && is_space(typed.back())) typed.remove_suffix(1);
  if (!IsCaptchaAnswer(typed)) return std::nullopt;
  return std::string(typed);
}

bool CaptchaAnswerMatches(std::string_view key,
                          std::string_view captcha_id_hash,
                          std::string_view typed, std::string_view stored_mac) {
  std::optional<std::string> answer = NormaliseCaptchaAnswer(typed);
  if (!answer) return false;
  return crypto::BoundMacMatches(key, captcha_id_hash, *answer, stored_mac);
}

}  // namespace sesame
