#include "recovery/limits.h"

#include "crypto/crypto.h"

namespace sesame {

std::string LimitDigest(const Config& config, const std::string& value) {
  return crypto::HexEncode(
             crypto::HmacSha256(
                 crypto::DeriveKey(config.security.secret_key, "limits"),
                 value))
      .substr(0, 32);
}

LimitCheck AccountRequestLimit(const LimitsConfig& limits, int64_t account_id) {
  return {"recovery:account:" + std::to_string(account_id), 3600,
          limits.request_per_account_hour};
}

}  // namespace sesame
