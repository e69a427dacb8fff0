// The captcha's drawing randomness: a small deterministic generator
// (SplitMix64) so that one seed always gives the same picture and the same
// sound, whatever the platform's <random> does. It shapes distortion and
// noise only; it is not for secrets (answers come from a keyed HMAC of a
// random id, see captcha_rules.h).
#ifndef SESAME_CAPTCHA_CAPTCHA_RANDOM_H_
#define SESAME_CAPTCHA_CAPTCHA_RANDOM_H_

#include <cstdint>

namespace sesame {

class CaptchaRandom {
 public:
  explicit CaptchaRandom(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  // Uniform in [0, 1), 53 bits.
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // Uniform in [lo, hi).
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Unit(); }

  // Uniform integer in [lo, hi] (the bias of at most 2^-50 does not matter
  // for noise).
  int Int(int lo, int hi) {
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }

 private:
  uint64_t state_;
};

}  // namespace sesame

#endif  // SESAME_CAPTCHA_CAPTCHA_RANDOM_H_
