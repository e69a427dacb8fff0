// PasswordHasher: Argon2id (libargon2) in PHC strings, with a bound on how
// many hashes run at once so that memory cannot be exhausted.
#ifndef SESAME_CRYPTO_PASSWORD_HASHER_H_
#define SESAME_CRYPTO_PASSWORD_HASHER_H_

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/status.h"

namespace sesame::crypto {

class PasswordHasher {
 public:
  explicit PasswordHasher(const Argon2Config& config);

  // Returns a PHC string "$argon2id$v=19$m=...,t=...,p=...$salt$hash" with a
  // fresh 16-byte salt. ResourceExhausted when too many hashes are queued.
  StatusOr<std::string> Hash(std::string_view password);

  // True when `password` matches `phc`. An empty or malformed `phc` still
  // costs one hash (against a dummy) so unknown accounts time the same.
  StatusOr<bool> Verify(std::string_view phc, std::string_view password);

  // A deterministic Argon2id digest (32 bytes) of a knowledge factor
  // (a NUMIC, ...) with a secret 16-byte `salt`, for lookups: the same value
  // always gives the same digest, a database dump without the key gives
  // nothing away, and each guess costs one Argon2id. InvalidArgument when
  // `salt` is not 16 bytes; ResourceExhausted as Hash.
  StatusOr<std::string> KeyedDigest(std::string_view salt,
                                    std::string_view value);

  // True when `phc` was made with other parameters than the configured ones.
  bool NeedsRehash(std::string_view phc) const;

  const Argon2Config& config() const { return config_; }

 private:
  // Counting semaphore with a timeout.
  bool Acquire();
  void Release();

  Argon2Config config_;
  std::string dummy_phc_;
  std::mutex mu_;
  std::condition_variable cv_;
  int running_ = 0;
};

}  // namespace sesame::crypto

#endif  // SESAME_CRYPTO_PASSWORD_HASHER_H_
