// Rules of the 4-digit captcha, without I/O: how an answer is drawn, what
// the database keeps of it, and how a typed answer is read and compared.
//
// The database keeps only CaptchaMac(key, id_hash, answer), where `key` is
// derived from the server secret (crypto::DeriveKey(secret, "captcha")) and
// `id_hash` is the digest of the captcha's id: an answer is bound to its
// captcha, so the answer of one never solves another. The captcha is
// friction, not a control: 10^4 answers are few, and the limits still apply
// (single use, consumed on success and failure, short lifetime).
//
// A captcha is a random id (crypto::NewToken()) shown in the form and in the
// image and audio URLs. Its answer is derived from the id with a keyed HMAC
// (CaptchaAnswerFor), so the image and audio endpoints draw it from the id
// alone and the answer itself is never stored; the database row (keyed by
// CaptchaIdHash) holds the MAC above, the binding to one browser and the
// lifetime.
#ifndef SESAME_CAPTCHA_CAPTCHA_RULES_H_
#define SESAME_CAPTCHA_CAPTCHA_RULES_H_

#include <cstdint>
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

// The keys of the captcha, derived from the server secret.
struct CaptchaKeys {
  std::string answer;  // crypto::DeriveKey(secret, "captcha-answer")
  std::string mac;     // crypto::DeriveKey(secret, "captcha")
  std::string seed;    // crypto::DeriveKey(secret, "captcha-seed")

  static CaptchaKeys FromSecret(std::string_view secret);
};

// 32-bit values at or above this are rejected when drawing a digit group:
// floor(2^32 / 10^4) * 10^4, so the 10^4 answers are equally likely.
inline constexpr uint32_t kCaptchaRejectFrom = 4294960000u;

// The answer of the captcha whose id is `id_token`, derived with a keyed PRF
// so that the form, the image and the audio agree without the answer being
// stored anywhere: the first 32-bit big-endian group of
// HMAC-SHA256(answer_key, id_token) below kCaptchaRejectFrom, modulo 10^4,
// written as kCaptchaLength digits (the next group when one is rejected;
// after all 8, the HMAC of the previous block). Without the server secret,
// knowing the id says nothing about the answer.
std::string CaptchaAnswerFor(std::string_view answer_key,
                             std::string_view id_token);

// The digits CaptchaAnswerFor draws from one block of bytes: from its first
// 32-bit big-endian group below kCaptchaRejectFrom; "" when every whole
// group is rejected. Exposed for tests.
std::string CaptchaDigitsFromBlock(std::string_view block);

// The digest of a captcha id that the database keeps: SHA-256(id_token).
std::string CaptchaIdHash(std::string_view id_token);

// The drawing seed of the image and the sound of the captcha `id_token`:
// the first 8 bytes of HMAC-SHA256(seed_key, id_token), big-endian. Every
// request for one captcha draws the same picture and the same sound; without
// the server secret nobody can draw them again, so the 10^4 candidate
// pictures of a public id cannot be rendered offline and compared (R1).
uint64_t CaptchaSeed(std::string_view seed_key, std::string_view id_token);

// What the database keeps of the answer of the captcha `id_token`:
// CaptchaMac(keys.mac, CaptchaIdHash(id_token), CaptchaAnswerFor(...)).
std::string CaptchaStoredMac(const CaptchaKeys& keys,
                             std::string_view id_token);

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
