// PasswordHasher: Argon2id (libargon2) in PHC strings, with a bound on how
// many hashes run at once so that memory cannot be exhausted.
//
// The hashes run on max_concurrent hashing threads of their own (started on
// first use), the caller waiting for the result. Each thread maps its
// Argon2id matrix once (19 MiB by default, on transparent huge pages where
// the kernel grants them) and reuses it for every hash, so a process keeps
// max_concurrent matrices, not one per thread that ever hashed. PHC strings
// are written and read here in libargon2's own format: hashes made by
// either verify with the other (tests/crypto/crypto_test.cc).
#ifndef SESAME_CRYPTO_PASSWORD_HASHER_H_
#define SESAME_CRYPTO_PASSWORD_HASHER_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/config.h"
#include "core/status.h"

namespace sesame::crypto {

// Why the parameters of an Argon2id PHC string
// ("$argon2id$v=19$m=M,t=T,p=P$salt$hash") are not acceptable, or "" when
// they are: m at least 8 KiB per lane, and m, t, p within the bounds of
// [security.argon2] (kMaxArgon2*, core/config.h), whatever a stored or
// imported hash says (R9).
std::string CheckPhcParameters(std::string_view phc);

// For `sesame hash-bench`, side by side with PasswordHasher: one Argon2id
// hash at `config`'s parameters by libargon2 with the memory it allocates
// itself, or by libsodium's crypto_pwhash (p = 1 only; what PasswordHasher
// uses for such hashes). False when the library failed.
enum class Argon2Implementation { kLibargon2Malloc, kLibsodium };
bool HashOnceWith(Argon2Implementation implementation,
                  const Argon2Config& config, std::string_view password);

// Which library computes the hashes both can (one lane, 16-byte salt):
// kFastestHere times both once per process and cost and keeps the faster
// (see SodiumFasterHere in password_hasher.cc); the others name one
// library, for the tests. Other hashes always go to libargon2.
enum class Argon2Library { kFastestHere, kLibsodium, kLibargon2 };

class PasswordHasher {
 public:
  explicit PasswordHasher(const Argon2Config& config,
                          Argon2Library library = Argon2Library::kFastestHere);
  ~PasswordHasher();
  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  // Returns a PHC string "$argon2id$v=19$m=...,t=...,p=...$salt$hash" with a
  // fresh 16-byte salt. ResourceExhausted when too many hashes are queued.
  StatusOr<std::string> Hash(std::string_view password);

  // True when `password` matches `phc`. An empty or malformed `phc` still
  // costs one hash (against a dummy) so unknown accounts time the same.
  StatusOr<bool> Verify(std::string_view phc, std::string_view password);

  // A deterministic Argon2id digest (32 bytes) of a knowledge factor
  // (an identification number, ...) with a secret 16-byte `salt`, for lookups:
  // the same value always gives the same digest, a database dump without the
  // key gives nothing away, and each guess costs one Argon2id. InvalidArgument
  // when `salt` is not 16 bytes; ResourceExhausted as Hash.
  StatusOr<std::string> KeyedDigest(std::string_view salt,
                                    std::string_view value);

  // True when `phc` was made with other parameters than the configured ones.
  bool NeedsRehash(std::string_view phc) const;

  const Argon2Config& config() const { return config_; }

  // True when libsodium computes this hasher's own hashes.
  bool uses_libsodium() const { return sodium_; }

 private:
  struct Worker;
  // Runs `work` on a free hashing thread and waits for it; false (nothing
  // run) when none became free within queue_timeout_ms.
  bool RunOnHashingThread(const std::function<void()>& work);

  Argon2Config config_;
  bool sodium_ = false;
  std::string dummy_phc_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<int> free_;                         // free worker slots
  std::vector<std::unique_ptr<Worker>> workers_;  // started on first use
};

}  // namespace sesame::crypto

#endif  // SESAME_CRYPTO_PASSWORD_HASHER_H_
