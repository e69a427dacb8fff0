// Argon2id PHC strings from a stored or imported hash
// (crypto/password_hasher.h CheckPhcParameters). The reference reads
// "$argon2id$v=19$m=M,t=T,p=P$" with M, T and P decimal numbers of any
// length, as libargon2's decoder does. Invariants: accepted parameters are
// well-formed and within the bounds (8 KiB per lane <= m <= 256 MiB,
// 1 <= t <= 16, 1 <= p <= 8), so no sign-in can be made to allocate more;
// and a well-formed string within the bounds is accepted.
#include <optional>
#include <string>

#include "core/config.h"
#include "crypto/password_hasher.h"
#include "fuzz_check.h"

namespace {

constexpr uint64_t kHuge = uint64_t{1} << 40;

// Reads 1+ decimal digits at *s, capped at kHuge.
std::optional<uint64_t> Number(std::string_view* s) {
  size_t i = 0;
  uint64_t v = 0;
  while (i < s->size() && (*s)[i] >= '0' && (*s)[i] <= '9') {
    v = std::min(kHuge, v * 10 + static_cast<uint64_t>((*s)[i] - '0'));
    ++i;
  }
  if (i == 0) return std::nullopt;
  s->remove_prefix(i);
  return v;
}

bool Eat(std::string_view* s, std::string_view prefix) {
  if (s->substr(0, prefix.size()) != prefix) return false;
  s->remove_prefix(prefix.size());
  return true;
}

struct Params {
  uint64_t m, t, p;
};

std::optional<Params> Reference(std::string_view s) {
  Params r{};
  std::optional<uint64_t> v;
  if (!Eat(&s, "$argon2id$v=19$m=") || !(v = Number(&s))) return std::nullopt;
  r.m = *v;
  if (!Eat(&s, ",t=") || !(v = Number(&s))) return std::nullopt;
  r.t = *v;
  if (!Eat(&s, ",p=") || !(v = Number(&s))) return std::nullopt;
  r.p = *v;
  if (!Eat(&s, "$")) return std::nullopt;
  return r;
}

bool InBounds(const Params& r) {
  return r.p >= 1 && r.p <= sesame::kMaxArgon2Parallelism && r.t >= 1 &&
         r.t <= sesame::kMaxArgon2Iterations && r.m >= 8 * r.p &&
         r.m <= sesame::kMaxArgon2MemoryKib;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view phc = sesame::fuzz::AsText(data, size);
  const std::string problem = sesame::crypto::CheckPhcParameters(phc);
  const std::optional<Params> ref = Reference(phc);
  if (problem.empty()) {
    FUZZ_CHECK(ref.has_value(), phc);
    FUZZ_CHECK(InBounds(*ref), phc);
  }
  // Canonical numbers (no leading zeros) within the bounds are accepted.
  if (ref && InBounds(*ref)) {
    const std::string canonical = "$argon2id$v=19$m=" + std::to_string(ref->m) +
                                  ",t=" + std::to_string(ref->t) +
                                  ",p=" + std::to_string(ref->p) + "$";
    FUZZ_CHECK(sesame::crypto::CheckPhcParameters(canonical).empty(),
               canonical);
  }
  return 0;
}
