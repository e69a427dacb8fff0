#include "captcha/captcha_rules.h"

#include "crypto/crypto.h"

namespace sesame {

static_assert(kCaptchaLength == 4 && kCaptchaRejectFrom % 10000 == 0 &&
                  kCaptchaRejectFrom > 0xffffffffu - 10000,
              "CaptchaAnswerFor draws 4 digits from 32-bit groups");

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

CaptchaKeys CaptchaKeys::FromSecret(std::string_view secret) {
  return {crypto::DeriveKey(secret, "captcha-answer"),
          crypto::DeriveKey(secret, "captcha"),
          crypto::DeriveKey(secret, "captcha-seed")};
}

std::string CaptchaDigitsFromBlock(std::string_view block) {
  for (size_t at = 0; at + 4 <= block.size(); at += 4) {
    uint32_t v = 0;
    for (size_t i = 0; i < 4; ++i) {
      v = (v << 8) | static_cast<unsigned char>(block[at + i]);
    }
    if (v >= kCaptchaRejectFrom) continue;
    v %= 10000;
    std::string digits(kCaptchaLength, '0');
    for (int i = kCaptchaLength - 1; i >= 0; --i) {
      digits[static_cast<size_t>(i)] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    return digits;
  }
  return "";
}

std::string CaptchaAnswerFor(std::string_view answer_key,
                             std::string_view id_token) {
  std::string block = crypto::HmacSha256(answer_key, id_token);
  while (true) {
    std::string digits = CaptchaDigitsFromBlock(block);
    if (!digits.empty()) return digits;
    // All 8 groups rejected (about once in 10^46 ids): draw on.
    block = crypto::HmacSha256(answer_key, block);
  }
}

std::string CaptchaIdHash(std::string_view id_token) {
  return crypto::Sha256(id_token);
}

uint64_t CaptchaSeed(std::string_view seed_key, std::string_view id_token) {
  const std::string digest = crypto::HmacSha256(seed_key, id_token);
  uint64_t seed = 0;
  for (size_t i = 0; i < 8; ++i) {
    seed = (seed << 8) | static_cast<unsigned char>(digest[i]);
  }
  return seed;
}

std::string CaptchaStoredMac(const CaptchaKeys& keys,
                             std::string_view id_token) {
  return CaptchaMac(keys.mac, CaptchaIdHash(id_token),
                    CaptchaAnswerFor(keys.answer, id_token));
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
