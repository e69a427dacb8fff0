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

}  // namespace sesame
