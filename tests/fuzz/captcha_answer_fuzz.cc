// The captcha's answer as typed (captcha/captcha_rules.h
// NormaliseCaptchaAnswer, CaptchaAnswerMatches). Invariants: a normalised
// answer is exactly 4 ASCII digits, normalises to itself and is the typed
// text less surrounding spaces and tabs; every such typed text is
// accepted; an answer matches the MAC of its normalised form and of no
// other answer.
#include <optional>
#include <string>

#include "captcha/captcha_rules.h"
#include "crypto/crypto.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view typed = sesame::fuzz::AsText(data, size);
  const std::optional<std::string> a = sesame::NormaliseCaptchaAnswer(typed);

  std::string_view core = typed;
  auto space = [](char c) { return c == ' ' || c == '\t'; };
  while (!core.empty() && space(core.front())) core.remove_prefix(1);
  while (!core.empty() && space(core.back())) core.remove_suffix(1);
  bool digits = core.size() == static_cast<size_t>(sesame::kCaptchaLength);
  for (char c : core) digits = digits && c >= '0' && c <= '9';
  FUZZ_CHECK(a.has_value() == digits, typed);
  if (!a) {
    FUZZ_CHECK(
        !sesame::CaptchaAnswerMatches("key", "id", typed, std::string(32, 'x')),
        typed);
    return 0;
  }
  FUZZ_CHECK(*a == core, *a);
  FUZZ_CHECK(sesame::NormaliseCaptchaAnswer(*a) == a, *a);
  const std::string mac = sesame::CaptchaMac("key", "id", *a);
  FUZZ_CHECK(sesame::CaptchaAnswerMatches("key", "id", typed, mac), typed);
  std::string other = *a;
  other[0] = other[0] == '9' ? '0' : static_cast<char>(other[0] + 1);
  FUZZ_CHECK(!sesame::CaptchaAnswerMatches("key", "id", other, mac), other);
  FUZZ_CHECK(!sesame::CaptchaAnswerMatches("key", "id2", typed, mac), typed);
  return 0;
}
