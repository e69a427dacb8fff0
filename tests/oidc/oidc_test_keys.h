// Test keys and ID tokens made with libcjose's own key generation and
// signing (the relying party's library), for the oidc tests.
#ifndef SESAME_TESTS_OIDC_OIDC_TEST_KEYS_H_
#define SESAME_TESTS_OIDC_OIDC_TEST_KEYS_H_

#include <cjose/cjose.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crypto/crypto.h"

namespace sesame::testing {

struct JwkDeleter {
  void operator()(cjose_jwk_t* k) const { cjose_jwk_release(k); }
};
using TestJwk = std::unique_ptr<cjose_jwk_t, JwkDeleter>;

inline TestJwk NewRsaKey(const std::string& kid) {
  static const uint8_t kE[] = {0x01, 0x00, 0x01};
  cjose_err err{};
  TestJwk k(cjose_jwk_create_RSA_random(2048, kE, sizeof(kE), &err));
  cjose_jwk_set_kid(k.get(), kid.data(), kid.size(), &err);
  return k;
}

inline TestJwk NewEcKey(const std::string& kid) {
  cjose_err err{};
  TestJwk k(cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, &err));
  cjose_jwk_set_kid(k.get(), kid.data(), kid.size(), &err);
  return k;
}

// {"keys": [public parts]}, as a provider's jwks_uri serves it.
inline std::string PublicJwks(const std::vector<const cjose_jwk_t*>& keys) {
  nlohmann::json jwks = {{"keys", nlohmann::json::array()}};
  for (const cjose_jwk_t* k : keys) {
    cjose_err err{};
    char* text = cjose_jwk_to_json(k, false, &err);
    jwks["keys"].push_back(nlohmann::json::parse(text));
    free(text);  // NOLINT: cjose's allocation
  }
  return jwks.dump();
}

// A compact JWS of `claims` signed by `key` with `alg`, kid in the header.
inline std::string SignToken(const cjose_jwk_t* key, const char* alg,
                             const nlohmann::json& claims) {
  cjose_err err{};
  cjose_header_t* h = cjose_header_new(&err);
  cjose_header_set(h, CJOSE_HDR_ALG, alg, &err);
  const char* kid = cjose_jwk_get_kid(key, &err);
  if (kid != nullptr) cjose_header_set(h, CJOSE_HDR_KID, kid, &err);
  const std::string payload = claims.dump();
  cjose_jws_t* jws =
      cjose_jws_sign(key, h, reinterpret_cast<const uint8_t*>(payload.data()),
                     payload.size(), &err);
  cjose_header_release(h);
  if (jws == nullptr) return "";
  const char* compact = nullptr;
  cjose_jws_export(jws, &compact, &err);
  std::string out = compact != nullptr ? compact : "";
  cjose_jws_release(jws);
  return out;
}

// An unsigned token (alg "none"): what an attacker would send.
inline std::string UnsignedToken(const nlohmann::json& claims) {
  const std::string header = R"({"alg":"none","typ":"JWT"})";
  return crypto::Base64UrlEncode(header) + "." +
         crypto::Base64UrlEncode(claims.dump()) + ".";
}

// The claims of a good token for `nonce` at `now`.
inline nlohmann::json GoodClaims(const std::string& issuer,
                                 const std::string& client_id,
                                 const std::string& nonce, int64_t now) {
  return {{"iss", issuer},
          {"sub", "f3b1c2d4e5"},
          {"aud", client_id},
          {"exp", now + 60},
          {"iat", now},
          {"nonce", nonce},
          {"acr", "eidas1"},
          {"given_name", "Angela Claire Louise"},
          {"family_name", "DUBOIS"},
          {"birthdate", "1962-08-24"},
          {"birthplace", "75107"},
          {"gender", "female"}};
}

}  // namespace sesame::testing

#endif  // SESAME_TESTS_OIDC_OIDC_TEST_KEYS_H_
