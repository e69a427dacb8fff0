// Rules of the 4-digit captcha, without I/O: how an answer is drawn, what
// the database keeps of it, and how a typed answer is read and compared.
//
// The database keeps only CaptchaMac(key, id_hash, answer), where `key` is
// derived from the server secret (crypto::DeriveKey(secret, "captcha")) and
// `id_hash` is the digest of the captcha's id: an answer is bound to its
// captcha, so the answer of one never solves another. The captcha is
// friction, not a control: 10^4 answers are few, and the limits still apply
// (single use, consumed on success and failure, short lifetime).
#ifndef SESAME_CAPTCHA_CAPTCHA_RULES_H_
#define SESAME_CAPTCHA_CAPTCHA_RULES_H_

#include <optional>
#include <string>
#include <string_view>

namespace sesame {

// Number of ASCII digits in a captcha answer.
inline constexpr int kCaptchaLength = 4;

// True when `digits` is exactly kCaptchaLength ASCII digits '0'..'9'.
bool IsCaptchaAnswer(std::string_view digits);

// A fresh answer: kCaptchaLength uniformly random digits from the OS CSPRNG.
std::string NewCaptchaAnswer();

// HMAC of an answer bound to its captcha's id digest: what the database keeps.
std::string CaptchaMac(std::string_view key, std::string_view captcha_id_hash,
                       std::string_view answer);

// The answer as typed, made canonical: surrounding ASCII spaces and tabs
// removed, then exactly kCaptchaLength ASCII digits. Anything else (other
// lengths, letters, Unicode digits such as "١٢٣٤" or full-width ones, inner
// spaces) gives nullopt.
std::optional<std::string> NormaliseCaptchaAnswer(std::string_view typed);

// True when `typed`, normalised, is the answer whose MAC is `stored_mac`;
// compared in constant time. False for anything that does not normalise and
// for an empty `stored_mac`.
bool CaptchaAnswerMatches(std::string_view key,
                          std::string_view captcha_id_hash,
                          std::string_view typed, std::string_view stored_mac);

}  // namespace sesame

#endif  // SESAME_CAPTCHA_CAPTCHA_RULES_H_
