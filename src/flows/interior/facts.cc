#include "flows/interior/facts.h"

#include "crypto/crypto.h"
#include "recovery/limits.h"

namespace sesame {

std::string FactDigest(const Config& config, std::string_view kind,
                       std::string_view fact) {
  const std::string key =
      crypto::DeriveKey(config.security.secret_key, "interior-facts");
  return crypto::HmacSha256(key, std::string(kind) + ":" + std::string(fact));
}

StatusOr<std::string> ReassortDigest(const Config& config,
                                     crypto::PasswordHasher* hasher,
                                     std::string_view reassort_fact) {
  const std::string salt =
      crypto::DeriveKey(config.security.secret_key, "interior-reassort")
          .substr(0, 16);
  return hasher->KeyedDigest(salt, reassort_fact);
}

std::string RegenerationFailuresKey(const Config& config,
                                    std::string_view matricule) {
  return "interior:regeneration:fail:" +
         LimitDigest(config, std::string(matricule));
}

}  // namespace sesame
