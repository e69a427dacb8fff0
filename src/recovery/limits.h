// What every rate limit shares: how a typed value becomes part of a key.
#ifndef SESAME_RECOVERY_LIMITS_H_
#define SESAME_RECOVERY_LIMITS_H_

#include <string>

#include "core/config.h"

namespace sesame {

// A short keyed digest of `value` for rate-limit keys, so that typed
// identifiers never reach the database in clear.
std::string LimitDigest(const Config& config, const std::string& value);

}  // namespace sesame

#endif  // SESAME_RECOVERY_LIMITS_H_
