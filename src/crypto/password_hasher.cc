#include "crypto/password_hasher.h"

#include <argon2.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "core/metrics.h"
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

// One hashing thread: runs one job at a time, handed over by
// RunOnHashingThread under its own mutex.
struct PasswordHasher::Worker {
  std::mutex mu;
  std::condition_variable cv;
  const std::function<void()>* job = nullptr;
  bool done = false;
  bool stop = false;
  std::thread thread;

  void Loop() {
    std::unique_lock<std::mutex> lock(mu);
    while (true) {
      cv.wait(lock, [this] { return stop || job != nullptr; });
      if (job == nullptr) return;  // stopping
      (*job)();
      job = nullptr;
      done = true;
      cv.notify_all();
    }
  }
};

PasswordHasher::PasswordHasher(const Argon2Config& config) : config_(config) {
  dummy_phc_ =
      EncodeRaw(config_, "sesame-dummy-password", RandomBytes(kSaltBytes));
  const int slots = std::max(0, config_.max_concurrent);
  workers_.resize(static_cast<size_t>(slots));
  for (int i = slots - 1; i >= 0; --i) free_.push_back(i);
}

PasswordHasher::~PasswordHasher() {
  for (auto& worker : workers_) {
    if (!worker) continue;
    {
      std::lock_guard<std::mutex> lock(worker->mu);
      worker->stop = true;
    }
    worker->cv.notify_all();
    worker->thread.join();
  }
}

bool PasswordHasher::RunOnHashingThread(const std::function<void()>& work) {
  int slot = -1;
  metrics::ProcessMetrics& metrics = metrics::ProcessMetrics::Get();
  const auto queued = std::chrono::steady_clock::now();
  {
    std::unique_lock<std::mutex> lock(mu_);
    const bool got =
        cv_.wait_for(lock, std::chrono::milliseconds(config_.queue_timeout_ms),
                     [this] { return !free_.empty(); });
    metrics.argon2_queue_wait.Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - queued)
            .count());
    if (!got) {
      metrics.argon2_queue_timeouts.Add();
      return false;
    }
    slot = free_.back();
    free_.pop_back();
    std::unique_ptr<Worker>& worker = workers_[static_cast<size_t>(slot)];
    if (!worker) {
      worker = std::make_unique<Worker>();
      Worker* raw = worker.get();
      raw->thread = std::thread([raw] { raw->Loop(); });
    }
  }
  Worker& worker = *workers_[static_cast<size_t>(slot)];
  metrics.argon2_in_flight.Add(1);
  {
    std::unique_lock<std::mutex> lock(worker.mu);
    worker.done = false;
    worker.job = &work;
    worker.cv.notify_all();
    worker.cv.wait(lock, [&worker] { return worker.done; });
  }
  metrics.argon2_in_flight.Add(-1);
  {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(slot);
  }
  cv_.notify_one();
  return true;
}

StatusOr<std::string> PasswordHasher::Hash(std::string_view password) {
  std::string phc;
  if (!RunOnHashingThread([&] {
        phc = EncodeRaw(config_, password, RandomBytes(kSaltBytes));
      })) {
    return Status::ResourceExhausted("password hashing busy");
  }
  if (phc.empty()) return Status::Internal("argon2id_hash_encoded failed");
  return phc;
}

namespace {

// Reads `prefix` then decimal digits (no sign, no space: as libargon2's
// decoder) into *value, advancing *s; a number past UINT32_MAX reads as
// UINT32_MAX (never wraps into the bounds). False for anything else.
bool ReadParameter(std::string_view* s, std::string_view prefix,
                   uint32_t* value) {
  if (s->substr(0, prefix.size()) != prefix) return false;
  s->remove_prefix(prefix.size());
  size_t digits = 0;
  uint64_t v = 0;
  while (digits < s->size() && (*s)[digits] >= '0' && (*s)[digits] <= '9') {
    v = std::min<uint64_t>(UINT32_MAX,
                           v * 10 + static_cast<uint64_t>((*s)[digits] - '0'));
    ++digits;
  }
  if (digits == 0) return false;
  s->remove_prefix(digits);
  *value = static_cast<uint32_t>(v);
  return true;
}

}  // namespace

std::string CheckPhcParameters(std::string_view phc) {
  uint32_t m = 0, t = 0, p = 0;
  std::string_view rest = phc;
  if (!ReadParameter(&rest, "$argon2id$v=19$m=", &m) ||
      !ReadParameter(&rest, ",t=", &t) || !ReadParameter(&rest, ",p=", &p) ||
      rest.substr(0, 1) != "$") {
    return "not an Argon2id (v=19) PHC string";
  }
  if (p < 1 || p > kMaxArgon2Parallelism) {
    return "p must be 1 to " + std::to_string(kMaxArgon2Parallelism);
  }
  if (t < 1 || t > kMaxArgon2Iterations) {
    return "t must be 1 to " + std::to_string(kMaxArgon2Iterations);
  }
  if (m < 8 * p || m > kMaxArgon2MemoryKib) {
    return "m must be 8 KiB per lane to " +
           std::to_string(kMaxArgon2MemoryKib) + " KiB";
  }
  return "";
}

StatusOr<bool> PasswordHasher::Verify(std::string_view phc,
                                      std::string_view password) {
  // A stored hash whose parameters are out of bounds is not run (R9): it
  // fails like a malformed one, after the same dummy hash.
  bool real =
      phc.rfind("$argon2id$", 0) == 0 && CheckPhcParameters(phc).empty();
  std::string encoded(real ? phc : std::string_view(dummy_phc_));
  int rc = ARGON2_OK;
  if (!RunOnHashingThread([&] {
        rc = argon2id_verify(encoded.c_str(), password.data(), password.size());
        if (rc != ARGON2_OK && rc != ARGON2_VERIFY_MISMATCH) {
          // A malformed stored hash fails before hashing: spend the same
          // time.
          real = false;
          (void)argon2id_verify(dummy_phc_.c_str(), password.data(),
                                password.size());
        }
      })) {
    return Status::ResourceExhausted("password hashing busy");
  }
  return real && rc == ARGON2_OK;
}

StatusOr<std::string> PasswordHasher::KeyedDigest(std::string_view salt,
                                                  std::string_view value) {
  if (salt.size() != kSaltBytes) {
    return Status::InvalidArgument("keyed digest salt must be 16 bytes");
  }
  std::string digest(kHashBytes, '\0');
  int rc = ARGON2_OK;
  if (!RunOnHashingThread([&] {
        rc = argon2id_hash_raw(config_.iterations, config_.memory_kib,
                               config_.parallelism, value.data(), value.size(),
                               salt.data(), salt.size(), digest.data(),
                               digest.size());
      })) {
    return Status::ResourceExhausted("password hashing busy");
  }
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
