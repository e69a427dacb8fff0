#include "crypto/password_hasher.h"

#include <argon2.h>
#include <pthread.h>
#include <sodium.h>
#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <utility>

#include "core/log.h"
#include "core/metrics.h"
#include "crypto/crypto.h"

namespace sesame::crypto {
namespace {

constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;
// A salt or hash longer than this in a stored PHC string is not run.
constexpr size_t kMaxPhcFieldBytes = 1024;
constexpr size_t kHugePage = size_t{2} << 20;

// For the hashes libargon2 computes (see RunArgon2id: those libsodium
// cannot), Argon2id's matrix of each hashing thread: mapped once (it costs
// no memory until libargon2 first writes it), asked to be backed
// by transparent huge pages (Argon2id reads it at random: 2 MiB pages spare
// it the TLB misses of 4 KiB pages, about a fifth of a hash on these
// machines), reused by every hash of the thread. libargon2 wipes it after
// every hash, before handing it back.
struct MatrixMemory {
  uint8_t* data = nullptr;
  size_t size = 0;
  void* mapping = nullptr;
  size_t mapped = 0;

  explicit MatrixMemory(size_t bytes) {
    const size_t want = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    mapped = want + kHugePage;  // room to align on a huge page
    mapping = mmap(nullptr, mapped, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapping == MAP_FAILED) {
      mapping = nullptr;
      return;  // the hashes of this thread use malloc
    }
    const uintptr_t start = reinterpret_cast<uintptr_t>(mapping);
    const uintptr_t aligned = (start + kHugePage - 1) / kHugePage * kHugePage;
    data = reinterpret_cast<uint8_t*>(aligned);
    size = want;
    (void)madvise(data, size, MADV_HUGEPAGE);  // a hint: fine if refused
  }
  ~MatrixMemory() {
    if (mapping != nullptr) munmap(mapping, mapped);
  }
  MatrixMemory(const MatrixMemory&) = delete;
  MatrixMemory& operator=(const MatrixMemory&) = delete;
};

thread_local MatrixMemory* t_matrix = nullptr;

// libargon2's allocation hooks: this thread's matrix when it is big enough
// (any hash with the configured parameters), malloc otherwise (a stored
// hash with more memory).
int AllocateMatrix(uint8_t** memory, size_t bytes) {
  if (t_matrix != nullptr && t_matrix->data != nullptr &&
      bytes <= t_matrix->size) {
    *memory = t_matrix->data;
  } else {
    *memory = static_cast<uint8_t*>(std::malloc(bytes));
  }
  return *memory != nullptr ? ARGON2_OK : ARGON2_MEMORY_ALLOCATION_ERROR;
}

void FreeMatrix(uint8_t* memory, size_t /*bytes*/) {
  if (t_matrix != nullptr && memory == t_matrix->data) return;
  std::free(memory);
}

// The bytes libargon2 asks for with m KiB and p lanes (at least 8 blocks a
// lane).
size_t MatrixBytes(uint32_t m, uint32_t p) {
  return static_cast<size_t>(std::max(m, 8 * p)) * 1024;
}

// True when libsodium's crypto_pwhash can compute this Argon2id: one lane,
// a 16-byte salt, at least 16 bytes of output. That is the shape of every
// hash Sésame writes (kSaltBytes, kHashBytes, and p = 1 by default).
bool SodiumRuns(uint32_t p, size_t salt_bytes, size_t out_bytes) {
  static const bool ready = sodium_init() >= 0;
  return ready && p == 1 && salt_bytes == crypto_pwhash_SALTBYTES &&
         out_bytes >= crypto_pwhash_BYTES_MIN &&
         out_bytes <= crypto_pwhash_BYTES_MAX;
}

// Argon2id by libsodium into *out: 0, or -1 when it failed (memory).
int SodiumArgon2id(uint32_t t, uint32_t m, std::string_view password,
                   std::string_view salt, std::string* out) {
  return crypto_pwhash(reinterpret_cast<unsigned char*>(out->data()),
                       out->size(), password.data(), password.size(),
                       reinterpret_cast<const unsigned char*>(salt.data()), t,
                       static_cast<size_t>(m) * 1024,
                       crypto_pwhash_ALG_ARGON2ID13);
}

// Runs Argon2id (v=19) over `password` and `salt` into `out` (or compares
// with `expected`, in constant time); a libargon2 return code.
//
// libsodium computes it when `sodium` and it can (SodiumRuns): it picks the
// CPU's vector instructions (AVX2, AVX-512) at run time, where Debian's
// libargon2 is built for any x86-64. Both libraries compute the same bytes
// (RFC 9106), so a hash one wrote the other verifies. The rest (several
// lanes, other salt or output lengths: hashes imported from elsewhere) goes
// to libargon2, through the hooks above.
int RunArgon2id(bool sodium, uint32_t t, uint32_t m, uint32_t p,
                std::string_view password, std::string_view salt,
                std::string* out, const std::string* expected = nullptr) {
  if (sodium && SodiumRuns(p, salt.size(), out->size())) {
    if (SodiumArgon2id(t, m, password, salt, out) != 0) {
      return ARGON2_MEMORY_ALLOCATION_ERROR;
    }
    if (expected == nullptr) return ARGON2_OK;
    const bool same =
        expected->size() == out->size() &&
        sodium_memcmp(out->data(), expected->data(), out->size()) == 0;
    sodium_memzero(out->data(), out->size());
    return same ? ARGON2_OK : ARGON2_VERIFY_MISMATCH;
  }
  argon2_context c{};
  c.out = reinterpret_cast<uint8_t*>(out->data());
  c.outlen = static_cast<uint32_t>(out->size());
  c.pwd = reinterpret_cast<uint8_t*>(const_cast<char*>(password.data()));
  c.pwdlen = static_cast<uint32_t>(password.size());
  c.salt = reinterpret_cast<uint8_t*>(const_cast<char*>(salt.data()));
  c.saltlen = static_cast<uint32_t>(salt.size());
  c.t_cost = t;
  c.m_cost = m;
  c.lanes = p;
  c.threads = 1;  // the lanes one after the other, on this hashing thread
  c.version = ARGON2_VERSION_13;
  c.allocate_cbk = AllocateMatrix;
  c.free_cbk = FreeMatrix;
  c.flags = ARGON2_DEFAULT_FLAGS;
  if (expected == nullptr) return argon2_ctx(&c, Argon2_id);
  return argon2_verify_ctx(&c, expected->data(), Argon2_id);
}

// Base64 without padding, as PHC strings and libargon2 write it.
constexpr char kB64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string ToB64(std::string_view bytes) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kB64[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kB64[(acc << (6 - bits)) & 63];
  return out;
}

int B64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Decodes base64 characters from the front of *s up to the first other
// character, as libargon2's decoder: no padding, a length of 1 modulo 4
// refused, and the bits left over must be zero.
bool FromB64(std::string_view* s, std::string* out) {
  uint32_t acc = 0;
  int bits = 0;
  size_t used = 0;
  out->clear();
  while (used < s->size() && B64Value((*s)[used]) >= 0) {
    acc = (acc << 6) | static_cast<uint32_t>(B64Value((*s)[used]));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((acc >> bits) & 0xFF));
      if (out->size() > kMaxPhcFieldBytes) return false;
    }
    ++used;
  }
  if (bits > 4 || (acc & ((1u << bits) - 1)) != 0) return false;
  s->remove_prefix(used);
  return true;
}

std::string EncodeRaw(bool sodium, const Argon2Config& c,
                      std::string_view password, const std::string& salt) {
  std::string hash(kHashBytes, '\0');
  if (RunArgon2id(sodium, c.iterations, c.memory_kib, c.parallelism, password,
                  salt, &hash) != ARGON2_OK) {
    return "";
  }
  return "$argon2id$v=19$m=" + std::to_string(c.memory_kib) +
         ",t=" + std::to_string(c.iterations) +
         ",p=" + std::to_string(c.parallelism) + "$" + ToB64(salt) + "$" +
         ToB64(hash);
}

// Milliseconds of the fastest of `runs` calls of `hash`, after `warmups`
// untimed ones.
template <typename F>
double FastestMs(int warmups, int runs, F hash) {
  for (int i = 0; i < warmups; ++i) hash();
  double best = 0;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    hash();
    const double ms = std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - start)
                          .count();
    if (i == 0 || ms < best) best = ms;
  }
  return best;
}

// Whether libsodium or libargon2 (with a kept matrix) hashes faster here at
// cost (t, m), measured once per process and cost: two hashes each, the
// faster counted. Which one wins depends on the machine, not only on the
// CPU: libsodium's vector code computes a hash in about half libargon2's
// time, but it maps a fresh matrix for every hash, and where the kernel
// (or the hypervisor under it) makes first touches of memory dear, those
// 19 MiB of page faults cost more than the computation (measured on two
// machines of the same kind: libsodium 1.85 times libargon2's hashes per
// second on one, 0.45 times on the other). Both compute the same bytes, so
// the choice changes only the time. Logged as argon2.library.
bool SodiumFasterHere(uint32_t t, uint32_t m) {
  static std::mutex mu;
  static std::map<std::pair<uint32_t, uint32_t>, bool> known;
  std::lock_guard<std::mutex> lock(mu);
  auto it = known.find({t, m});
  if (it != known.end()) return it->second;
  const std::string salt = RandomBytes(kSaltBytes);
  std::string out(kHashBytes, '\0');
  MatrixMemory matrix(MatrixBytes(m, 1));
  MatrixMemory* const saved = t_matrix;
  t_matrix = &matrix;
  const double argon2_ms = FastestMs(1, 2, [&] {
    (void)RunArgon2id(false, t, m, 1, "sesame-calibration", salt, &out);
  });
  t_matrix = saved;
  const double sodium_ms = FastestMs(0, 2, [&] {
    (void)RunArgon2id(true, t, m, 1, "sesame-calibration", salt, &out);
  });
  const bool sodium = sodium_ms < argon2_ms;
  char figures[96];
  std::snprintf(figures, sizeof figures, "%.1f ms libsodium, %.1f ms libargon2",
                sodium_ms, argon2_ms);
  Log("info", "argon2.library",
      {{"library", sodium ? "libsodium" : "libargon2"},
       {"measured", figures},
       {"m", std::to_string(m)},
       {"t", std::to_string(t)}});
  known[{t, m}] = sodium;
  return sodium;
}

}  // namespace

// One hashing thread: runs one job at a time, handed over by
// RunOnHashingThread under its own mutex.
struct PasswordHasher::Worker {
  size_t matrix_bytes = 0;
  std::mutex mu;
  std::condition_variable cv;
  const std::function<void()>* job = nullptr;
  bool done = false;
  bool stop = false;
  std::thread thread;

  void Loop() {
    // Named for top -H, ps -L and perf: these threads are where serve's CPU
    // goes.
    pthread_setname_np(pthread_self(), "sesame-argon2");
    MatrixMemory matrix(matrix_bytes);
    t_matrix = &matrix;
    std::unique_lock<std::mutex> lock(mu);
    while (true) {
      cv.wait(lock, [this] { return stop || job != nullptr; });
      if (job == nullptr) {  // stopping
        t_matrix = nullptr;
        return;
      }
      (*job)();
      job = nullptr;
      done = true;
      cv.notify_all();
    }
  }
};

PasswordHasher::PasswordHasher(const Argon2Config& config,
                               Argon2Library library)
    : config_(config) {
  const bool sodium_can =
      SodiumRuns(config_.parallelism, kSaltBytes, kHashBytes);
  switch (library) {
    case Argon2Library::kFastestHere:
      sodium_ = sodium_can &&
                SodiumFasterHere(config_.iterations, config_.memory_kib);
      break;
    case Argon2Library::kLibsodium:
      sodium_ = sodium_can;
      break;
    case Argon2Library::kLibargon2:
      sodium_ = false;
      break;
  }
  dummy_phc_ = EncodeRaw(sodium_, config_, "sesame-dummy-password",
                         RandomBytes(kSaltBytes));

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
      worker->matrix_bytes =
          MatrixBytes(config_.memory_kib, config_.parallelism);
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
        phc = EncodeRaw(sodium_, config_, password, RandomBytes(kSaltBytes));
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

namespace {

// A stored "$argon2id$v=19$m=M,t=T,p=P$salt$hash", decoded as libargon2's
// argon2id_verify decodes it (within the bounds of CheckPhcParameters, and
// salt and hash of at most kMaxPhcFieldBytes).
struct Phc {
  uint32_t m = 0, t = 0, p = 0;
  std::string salt, hash;
};

std::optional<Phc> ParsePhc(std::string_view phc) {
  if (!CheckPhcParameters(phc).empty()) return std::nullopt;
  Phc out;
  std::string_view rest = phc;
  if (!ReadParameter(&rest, "$argon2id$v=19$m=", &out.m) ||
      !ReadParameter(&rest, ",t=", &out.t) ||
      !ReadParameter(&rest, ",p=", &out.p) || rest.substr(0, 1) != "$") {
    return std::nullopt;
  }
  rest.remove_prefix(1);
  if (!FromB64(&rest, &out.salt) || rest.substr(0, 1) != "$") {
    return std::nullopt;
  }
  rest.remove_prefix(1);
  if (!FromB64(&rest, &out.hash) || !rest.empty()) return std::nullopt;
  return out;
}

int VerifyPhc(bool sodium, const std::optional<Phc>& phc,
              std::string_view password) {
  if (!phc) return ARGON2_DECODING_FAIL;
  std::string out(phc->hash.size(), '\0');
  return RunArgon2id(sodium, phc->t, phc->m, phc->p, password, phc->salt, &out,
                     &phc->hash);
}

}  // namespace

StatusOr<bool> PasswordHasher::Verify(std::string_view phc,
                                      std::string_view password) {
  // A stored hash whose parameters are out of bounds is not run (R9): it
  // fails like a malformed one, after the same dummy hash.
  const std::optional<Phc> stored = ParsePhc(phc);
  const std::optional<Phc> dummy = ParsePhc(dummy_phc_);
  bool real = stored.has_value();
  int rc = ARGON2_OK;
  if (!RunOnHashingThread([&] {
        rc = VerifyPhc(sodium_, real ? stored : dummy, password);
        if (rc != ARGON2_OK && rc != ARGON2_VERIFY_MISMATCH) {
          // A malformed stored hash fails before hashing (or libargon2
          // refused its salt or length): spend the same time.
          real = false;
          (void)VerifyPhc(sodium_, dummy, password);
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
        rc = RunArgon2id(sodium_, config_.iterations, config_.memory_kib,
                         config_.parallelism, value, salt, &digest);
      })) {
    return Status::ResourceExhausted("password hashing busy");
  }
  if (rc != ARGON2_OK) return Status::Internal("argon2id failed");
  return digest;
}

bool PasswordHasher::NeedsRehash(std::string_view phc) const {
  char want[96];
  std::snprintf(want, sizeof want, "$argon2id$v=19$m=%u,t=%u,p=%u$",
                config_.memory_kib, config_.iterations, config_.parallelism);
  return phc.rfind(want, 0) != 0;
}

bool HashOnceWith(Argon2Implementation implementation,
                  const Argon2Config& config, std::string_view password) {
  const std::string salt = RandomBytes(kSaltBytes);
  std::string out(kHashBytes, '\0');
  if (implementation == Argon2Implementation::kLibargon2Malloc) {
    return argon2id_hash_raw(config.iterations, config.memory_kib,
                             config.parallelism, password.data(),
                             password.size(), salt.data(), salt.size(),
                             out.data(), out.size()) == ARGON2_OK;
  }
  if (!SodiumRuns(config.parallelism, salt.size(), out.size())) return false;
  return SodiumArgon2id(config.iterations, config.memory_kib, password, salt,
                        &out) == 0;
}

}  // namespace sesame::crypto
