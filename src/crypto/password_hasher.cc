#include "crypto/password_hasher.h"

#include <argon2.h>

#include <cstdio>

#include "crypto/crypto.h"

namespace sesame::crypto {
namespace {

constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

std::string EncodeRaw(const Argon2Config& c, std::string_view password,
                      const std::string& salt) {
  size_t len = argon2_encodedlen(c.iterations, c.memory_kib, c.parallelism,
                                 kSaltBytes, kHashBytes, Argon2_id);
  std::string encoded(len, '\0');
  int rc = argon2id_hash_encoded(c.iterations, c.memory_kib, c.parallelism,
                                 password.data(), password.size(), salt.data(),
                                 salt.size(), kHashBytes, encoded.data(), len);
  if (rc != ARGON2_OK) return "";
  encoded.resize(encoded.find('\0') == std::string::npos ? encoded.size()
                                                         : encoded.find('\0'));
  return encoded;
}

}  // namespace

PasswordHasher::PasswordHasher(const Argon2Config& config) : config_(config) {
  dummy_phc_ =
      EncodeRaw(config_, "sesame-dummy-password", RandomBytes(kSaltBytes));
}

bool PasswordHasher::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  bool got =
      cv_.wait_for(lock, std::chrono::milliseconds(config_.queue_timeout_ms),
                   [this] { return running_ < config_.max_concurrent; });
  if (got) ++running_;
  return got;
}

void PasswordHasher::Release() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    --running_;
  }
  cv_.notify_one();
}

StatusOr<std::string> PasswordHasher::Hash(std::string_view password) {
  if (!Acquire()) return Status::ResourceExhausted("password hashing busy");
  std::string phc = EncodeRaw(config_, password, RandomBytes(kSaltBytes));
  Release();
  if (phc.empty()) return Status::Internal("argon2id_hash_encoded failed");
  return phc;
}

StatusOr<bool> PasswordHasher::Verify(std::string_view phc,
                                      std::string_view password) {
  bool real = phc.rfind("$argon2id$", 0) == 0;
  std::string encoded(real ? phc : std::string_view(dummy_phc_));
  if (!Acquire()) return Status::ResourceExhausted("password hashing busy");
  int rc = argon2id_verify(encoded.c_str(), password.data(), password.size());
  if (rc != ARGON2_OK && rc != ARGON2_VERIFY_MISMATCH) {
    // A malformed stored hash fails before hashing: spend the same time.
    real = false;
    (void)argon2id_verify(dummy_phc_.c_str(), password.data(), password.size());
  }
  Release();
  return real && rc == ARGON2_OK;
}

StatusOr<std::string> PasswordHasher::KeyedDigest(std::string_view salt,
                                                  std::string_view value) {
  if (salt.size() != kSaltBytes) {
    return Status::InvalidArgument("keyed digest salt must be 16 bytes");
  }
  std::string digest(kHashBytes, '\0');
  if (!Acquire()) return Status::ResourceExhausted("password hashing busy");
  int rc = argon2id_hash_raw(
      config_.iterations, config_.memory_kib, config_.parallelism, value.data(),
      value.size(), salt.data(), salt.size(), digest.data(), digest.size());
  Release();
  if (rc != ARGON2_OK) return Status::Internal("argon2id_hash_raw failed");
  return digest;
}

bool PasswordHasher::NeedsRehash(std::string_view phc) const {
  char want[96];
  std::snprintf(want, sizeof want, "$argon2id$v=19$m=%u,t=%u,p=%u$",
                config_.memory_kib, config_.iterations, config_.parallelism);
  return phc.rfind(want, 0) != 0;
}

}  // namespace sesame::crypto
