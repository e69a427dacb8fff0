// What every rate limit shares: how a typed value becomes part of a key.
#ifndef SESAME_RECOVERY_LIMITS_H_
#define SESAME_RECOVERY_LIMITS_H_

#include <cstdint>
#include <string>

#include "core/config.h"
#include "storage/types.h"

namespace sesame {

// A short keyed digest of `value` for rate-limit keys, so that typed
// identifiers never reach the database in clear.
std::string LimitDigest(const Config& config, const std::string& value);

// An account's budget of recovery requests, every flow together
// ([security.limits] request_per_account_hour). `sesame deliver` counts it
// once a request matched the account, never on the form: nobody spends it
// by typing a login, and requests that match nothing cost nobody anything.
LimitCheck AccountRequestLimit(const LimitsConfig& limits, int64_t account_id);

}  // namespace sesame

#endif  // SESAME_RECOVERY_LIMITS_H_
