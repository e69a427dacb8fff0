// CaptchaStore: the captchas shown on forms, waiting for their answer.
//
// A row is keyed by SHA-256 of the captcha's id; it holds the HMAC of the
// answer (captcha/captcha_rules.h), SHA-256 of the CSRF cookie of the
// browser it was shown to (the binding), and its lifetime. A captcha is
// spent by its first answer, right or wrong: Consume is one conditional
// UPDATE whose affected-row count decides, so of two concurrent answers
// only one ever sees the MAC. Validity is decided with the database clock.
#ifndef SESAME_STORAGE_CAPTCHA_STORE_H_
#define SESAME_STORAGE_CAPTCHA_STORE_H_

#include <optional>
#include <string>

#include "core/status.h"

namespace sesame {

class CaptchaStore {
 public:
  virtual ~CaptchaStore() = default;
  // Stores a captcha live for `ttl_seconds`. InvalidArgument when a digest
  // or MAC is not 32 bytes or the lifetime is not positive; AlreadyExists
  // when the id is taken.
  virtual Status Create(const std::string& id_hash,
                        const std::string& answer_mac,
                        const std::string& binding, int ttl_seconds) = 0;
  // True when the captcha exists, is unused and unexpired (the image and
  // audio endpoints draw only those). Spends nothing.
  virtual StatusOr<bool> Live(const std::string& id_hash) = 0;
  // Spends the captcha and returns its answer MAC when it was live and bound
  // to `binding`; nullopt (and nothing changed) when it is missing, used,
  // expired or bound to another browser. The caller compares the answer
  // afterwards: a captcha is spent whether the answer matches or not.
  virtual StatusOr<std::optional<std::string>> Consume(
      const std::string& id_hash, const std::string& binding) = 0;
};

}  // namespace sesame

#endif  // SESAME_STORAGE_CAPTCHA_STORE_H_
