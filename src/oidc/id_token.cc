#include "oidc/id_token.h"

#include <cjose/cjose.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

namespace sesame {

namespace {

using json = nlohmann::json;

struct JwsDeleter {
  void operator()(cjose_jws_t* j) const { cjose_jws_release(j); }
};
struct JwkDeleter {
  void operator()(cjose_jwk_t* k) const { cjose_jwk_release(k); }
};
using JwsPtr = std::unique_ptr<cjose_jws_t, JwsDeleter>;
using JwkPtr = std::unique_ptr<cjose_jwk_t, JwkDeleter>;

OidcError Fail(OidcError e, std::string* detail, std::string what) {
  if (detail != nullptr) *detail = std::move(what);
  return e;
}

std::string CjoseMessage(const cjose_err& err) {
  return err.message != nullptr ? err.message : "unknown cjose error";
}

// The keys of the JWKS that may have signed a token of `alg` and `kid`
// (kid empty: every key of the right type).
std::vector<json> CandidateKeys(const json& jwks, const std::string& alg,
                                const std::string& kid) {
  std::vector<json> keys;
  if (!jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array()) {
    return keys;
  }
  const std::string kty = alg == "ES256" ? "EC" : "RSA";
  for (const json& k : jwks["keys"]) {
    if (!k.is_object() || k.value("kty", "") != kty) continue;
    if (k.contains("use") && k["use"] != "sig") continue;
    if (k.contains("alg") && k["alg"] != alg) continue;
    if (kty == "EC" && k.value("crv", "") != "P-256") continue;
    if (!kid.empty() && k.value("kid", "") != kid) continue;
    // Only the public part goes to cjose.
    json pub = json::object();
    for (const char* field : {"kty", "kid", "n", "e", "crv", "x", "y"}) {
      if (k.contains(field)) pub[field] = k[field];
    }
    keys.push_back(std::move(pub));
  }
  return keys;
}

bool StringClaim(const json& claims, const char* name, std::string* out) {
  auto it = claims.find(name);
  if (it == claims.end() || !it->is_string()) return false;
  *out = it->get<std::string>();
  return true;
}

// The pivot claims `claims` holds (the others are left as they are).
void ReadPivot(const json& claims, OidcIdentity* id) {
  StringClaim(claims, "given_name", &id->given_name);
  StringClaim(claims, "family_name", &id->family_name);
  StringClaim(claims, "birthdate", &id->birthdate);
  StringClaim(claims, "birthplace", &id->birthplace);
  StringClaim(claims, "gender", &id->gender);
}

// The payload of `jwt` once its signature verifies with a key of `jwks_json`.
OidcError VerifiedClaims(std::string_view jwt, std::string_view jwks_json,
                         json* claims, std::string* detail);

OidcError CheckClaims(const json& claims, const IdTokenCheck& check,
                      OidcIdentity* identity, std::string* detail) {
  if (!claims.is_object()) {
    return Fail(OidcError::kBadSignature, detail, "payload is not an object");
  }
  std::string iss;
  if (!StringClaim(claims, "iss", &iss) || iss != check.issuer) {
    return Fail(OidcError::kWrongIssuer, detail, "iss is not the issuer");
  }
  // aud: the client id, or a list holding it (then azp must name us).
  bool aud_ok = false;
  if (auto it = claims.find("aud"); it != claims.end()) {
    if (it->is_string()) {
      aud_ok = *it == check.client_id;
    } else if (it->is_array() && !it->empty()) {
      for (const json& a : *it) aud_ok = aud_ok || a == check.client_id;
      if (it->size() > 1) {
        aud_ok = aud_ok && claims.value("azp", "") == check.client_id;
      }
    }
  }
  if (!aud_ok) {
    return Fail(OidcError::kWrongAudience, detail, "aud is not our client");
  }
  auto exp = claims.find("exp");
  if (exp == claims.end() || !exp->is_number()) {
    return Fail(OidcError::kExpired, detail, "exp missing");
  }
  if (exp->get<double>() + static_cast<double>(check.leeway_seconds) <=
      static_cast<double>(check.now)) {
    return Fail(OidcError::kExpired, detail, "exp is past");
  }
  if (auto iat = claims.find("iat");
      iat != claims.end() && iat->is_number() &&
      iat->get<double>() >
          static_cast<double>(check.now + check.leeway_seconds)) {
    return Fail(OidcError::kExpired, detail, "iat is in the future");
  }
  std::string nonce;
  if (check.nonce.empty() || !StringClaim(claims, "nonce", &nonce) ||
      nonce != check.nonce) {
    return Fail(OidcError::kWrongNonce, detail, "nonce does not match");
  }
  OidcIdentity id;
  if (!StringClaim(claims, "sub", &id.subject) || id.subject.empty()) {
    return Fail(OidcError::kMissingClaims, detail, "sub missing");
  }
  ReadPivot(claims, &id);
  StringClaim(claims, "acr", &id.acr);
  *identity = std::move(id);
  return OidcError::kNone;
}

}  // namespace

const char* OidcErrorName(OidcError error) {
  switch (error) {
    case OidcError::kNone:
      return "none";
    case OidcError::kUnavailable:
      return "provider_unavailable";
    case OidcError::kStoreUnavailable:
      return "store_unavailable";
    case OidcError::kRefused:
      return "refused";
    case OidcError::kBadState:
      return "bad_state";
    case OidcError::kBadSignature:
      return "bad_signature";
    case OidcError::kUnknownKey:
      return "unknown_key";
    case OidcError::kWrongIssuer:
      return "wrong_issuer";
    case OidcError::kWrongAudience:
      return "wrong_audience";
    case OidcError::kExpired:
      return "expired";
    case OidcError::kWrongNonce:
      return "wrong_nonce";
    case OidcError::kMissingClaims:
      return "missing_claims";
  }
  return "unknown";
}

namespace {

OidcError VerifiedClaims(std::string_view jwt, std::string_view jwks_json,
                         json* claims, std::string* detail) {
  if (jwt.empty() || jwt.size() > 64 * 1024) {
    return Fail(OidcError::kBadSignature, detail, "no token or too long");
  }
  cjose_err err{};
  JwsPtr jws(cjose_jws_import(jwt.data(), jwt.size(), &err));
  if (!jws) {
    return Fail(OidcError::kBadSignature, detail,
                "not a JWS: " + CjoseMessage(err));
  }
  cjose_header_t* header = cjose_jws_get_protected(jws.get());
  const char* alg_c = header != nullptr
                          ? cjose_header_get(header, CJOSE_HDR_ALG, &err)
                          : nullptr;
  const std::string alg = alg_c != nullptr ? alg_c : "";
  if (alg != "RS256" && alg != "ES256") {
    return Fail(OidcError::kBadSignature, detail,
                "alg \"" + alg + "\" is not RS256 or ES256");
  }
  const char* kid_c = cjose_header_get(header, CJOSE_HDR_KID, &err);
  const std::string kid = kid_c != nullptr ? kid_c : "";

  json jwks;
  try {
    jwks = json::parse(jwks_json);
  } catch (const json::exception& e) {
    return Fail(OidcError::kUnavailable, detail,
                std::string("JWKS is not JSON: ") + e.what());
  }
  std::vector<json> keys = CandidateKeys(jwks, alg, kid);
  if (keys.empty()) {
    return Fail(OidcError::kUnknownKey, detail,
                "no " + alg + " key \"" + kid + "\" in the JWKS");
  }
  bool verified = false;
  for (const json& k : keys) {
    const std::string text = k.dump();
    JwkPtr jwk(cjose_jwk_import(text.data(), text.size(), &err));
    if (!jwk) continue;
    if (cjose_jws_verify(jws.get(), jwk.get(), &err)) {
      verified = true;
      break;
    }
  }
  if (!verified) {
    return Fail(OidcError::kBadSignature, detail,
                "signature does not verify: " + CjoseMessage(err));
  }
  uint8_t* plain = nullptr;
  size_t plain_len = 0;
  if (!cjose_jws_get_plaintext(jws.get(), &plain, &plain_len, &err)) {
    return Fail(OidcError::kBadSignature, detail, "no payload");
  }
  try {
    *claims = json::parse(
        std::string_view(reinterpret_cast<const char*>(plain), plain_len));
  } catch (const json::exception& e) {
    return Fail(OidcError::kBadSignature, detail,
                std::string("payload is not JSON: ") + e.what());
  }
  return OidcError::kNone;
}

}  // namespace

OidcError VerifyIdToken(std::string_view jwt, std::string_view jwks_json,
                        const IdTokenCheck& check, OidcIdentity* identity,
                        std::string* detail) {
  json claims;
  OidcError e = VerifiedClaims(jwt, jwks_json, &claims, detail);
  if (e != OidcError::kNone) return e;
  return CheckClaims(claims, check, identity, detail);
}

bool HasPivot(const OidcIdentity& id) {
  return !id.given_name.empty() && !id.family_name.empty() &&
         !id.birthdate.empty() && !id.gender.empty();
}

OidcError ReadUserinfo(std::string_view body, std::string_view jwks_json,
                       const IdTokenCheck& check, OidcIdentity* identity,
                       std::string* detail) {
  size_t start = body.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) {
    return Fail(OidcError::kUnavailable, detail, "userinfo: empty");
  }
  body.remove_prefix(start);
  while (!body.empty() &&
         std::isspace(static_cast<unsigned char>(body.back()))) {
    body.remove_suffix(1);
  }
  json claims;
  if (body.front() == '{') {
    try {
      claims = json::parse(body);
    } catch (const json::exception& e) {
      return Fail(OidcError::kUnavailable, detail,
                  std::string("userinfo: not JSON: ") + e.what());
    }
  } else {
    // A signed userinfo (FranceConnect v2): the same keys, issuer and
    // audience as the ID token.
    OidcError e = VerifiedClaims(body, jwks_json, &claims, detail);
    if (e != OidcError::kNone) return e;
    if (claims.contains("iss") && claims["iss"] != check.issuer) {
      return Fail(OidcError::kWrongIssuer, detail, "userinfo: wrong iss");
    }
    if (claims.contains("aud") && claims["aud"] != check.client_id &&
        !(claims["aud"].is_array() &&
          std::find(claims["aud"].begin(), claims["aud"].end(),
                    check.client_id) != claims["aud"].end())) {
      return Fail(OidcError::kWrongAudience, detail, "userinfo: wrong aud");
    }
  }
  if (!claims.is_object() || claims.value("sub", "") != identity->subject) {
    return Fail(OidcError::kMissingClaims, detail,
                "userinfo: sub is not the ID token's");
  }
  ReadPivot(claims, identity);
  return OidcError::kNone;
}

}  // namespace sesame
