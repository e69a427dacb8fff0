#include "oidc/oidc_client.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "crypto/crypto.h"

namespace sesame {

namespace {

using json = nlohmann::json;

constexpr int64_t kProviderCacheSeconds = 3600;

// The JSON object of a 200 answer, or an error.
OidcError JsonBody(const HttpReply& reply, const char* what, json* out,
                   std::string* detail) {
  if (!reply.reached) {
    *detail = std::string(what) + ": " + reply.error;
    return OidcError::kUnavailable;
  }
  if (reply.status != 200) {
    *detail = std::string(what) + ": HTTP " + std::to_string(reply.status);
    return OidcError::kUnavailable;
  }
  try {
    *out = json::parse(reply.body);
  } catch (const json::exception& e) {
    *detail = std::string(what) + ": not JSON: " + e.what();
    return OidcError::kUnavailable;
  }
  if (!out->is_object()) {
    *detail = std::string(what) + ": not a JSON object";
    return OidcError::kUnavailable;
  }
  return OidcError::kNone;
}

std::string StringField(const json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

HttpOidcClient::HttpOidcClient(OidcSettings settings, std::string client_secret,
                               std::string redirect_uri,
                               std::unique_ptr<OidcTransport> transport,
                               Clock clock)
    : settings_(std::move(settings)),
      client_secret_(std::move(client_secret)),
      redirect_uri_(std::move(redirect_uri)),
      transport_(std::move(transport)),
      clock_(std::move(clock)) {}

OidcError HttpOidcClient::Discover(bool refresh_keys, Provider* out,
                                   std::string* detail) {
  const int64_t now = clock_();
  {
    std::lock_guard<std::mutex> l(mu_);
    if (!refresh_keys && !provider_.jwks.empty() &&
        now - provider_.fetched_at < kProviderCacheSeconds) {
      *out = provider_;
      return OidcError::kNone;
    }
  }
  // Fetched without the lock: a slow provider holds up no other thread's
  // cached answer; two threads fetching at once both store the same.
  Provider p;
  json doc;
  OidcError e = JsonBody(
      transport_->Get(settings_.issuer + "/.well-known/openid-configuration"),
      "discovery", &doc, detail);
  if (e != OidcError::kNone) return e;
  if (StringField(doc, "issuer") != settings_.issuer) {
    *detail = "discovery: issuer \"" + StringField(doc, "issuer") +
              "\" is not " + settings_.issuer;
    return OidcError::kUnavailable;
  }
  p.authorization_endpoint = StringField(doc, "authorization_endpoint");
  p.token_endpoint = StringField(doc, "token_endpoint");
  p.jwks_uri = StringField(doc, "jwks_uri");
  p.userinfo_endpoint = StringField(doc, "userinfo_endpoint");
  if (p.authorization_endpoint.empty() || p.token_endpoint.empty() ||
      p.jwks_uri.empty()) {
    *detail = "discovery: an endpoint is missing";
    return OidcError::kUnavailable;
  }
  HttpReply keys = transport_->Get(p.jwks_uri);
  json jwks;
  e = JsonBody(keys, "jwks", &jwks, detail);
  if (e != OidcError::kNone) return e;
  p.jwks = keys.body;
  p.fetched_at = now;
  std::lock_guard<std::mutex> l(mu_);
  provider_ = p;
  *out = std::move(p);
  return OidcError::kNone;
}

OidcStart HttpOidcClient::Begin() {
  OidcStart start;
  Provider p;
  start.error = Discover(false, &p, &start.detail);
  if (!start.ok()) return start;
  start.kept.state = crypto::NewToken();
  start.kept.nonce = crypto::NewToken();
  start.kept.code_verifier = crypto::NewToken();  // 43 characters
  const std::string challenge =
      crypto::Base64UrlEncode(crypto::Sha256(start.kept.code_verifier));
  std::string url = p.authorization_endpoint;
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += "response_type=code&client_id=" + FormEscape(settings_.client_id) +
         "&redirect_uri=" + FormEscape(redirect_uri_) +
         "&scope=" + FormEscape(settings_.scopes) +
         "&state=" + start.kept.state + "&nonce=" + start.kept.nonce +
         "&code_challenge=" + challenge + "&code_challenge_method=S256";
  if (!settings_.acr_values.empty()) {
    url += "&acr_values=" + FormEscape(settings_.acr_values);
  }
  start.authorization_url = std::move(url);
  return start;
}

OidcFinish HttpOidcClient::Finish(const std::string& code,
                                  const OidcRequest& kept) {
  OidcFinish finish;
  if (code.empty() || code.size() > 2048) {
    finish.error = OidcError::kRefused;
    finish.detail = "no code";
    return finish;
  }
  Provider p;
  finish.error = Discover(false, &p, &finish.detail);
  if (!finish.ok()) return finish;
  const std::string form =
      "grant_type=authorization_code&code=" + FormEscape(code) +
      "&redirect_uri=" + FormEscape(redirect_uri_) +
      "&code_verifier=" + FormEscape(kept.code_verifier);
  HttpReply reply = transport_->PostForm(p.token_endpoint, form,
                                         settings_.client_id, client_secret_);
  if (reply.reached && reply.status >= 400 && reply.status < 500) {
    finish.error = OidcError::kRefused;
    finish.detail = "token endpoint: HTTP " + std::to_string(reply.status);
    return finish;
  }
  json token;
  finish.error = JsonBody(reply, "token", &token, &finish.detail);
  if (!finish.ok()) return finish;
  const std::string id_token = StringField(token, "id_token");
  if (id_token.empty()) {
    finish.error = OidcError::kRefused;
    finish.detail = "token endpoint: no id_token";
    return finish;
  }
  IdTokenCheck check{settings_.issuer, settings_.client_id, kept.nonce,
                     clock_()};
  finish.error =
      VerifyIdToken(id_token, p.jwks, check, &finish.identity, &finish.detail);
  if (finish.error == OidcError::kUnknownKey) {
    // The provider may have rolled its keys: fetch them once more.
    finish.error = Discover(true, &p, &finish.detail);
    if (!finish.ok()) return finish;
    finish.error = VerifyIdToken(id_token, p.jwks, check, &finish.identity,
                                 &finish.detail);
    if (finish.error == OidcError::kUnknownKey) {
      finish.error = OidcError::kBadSignature;
    }
  }
  if (!finish.ok() || HasPivot(finish.identity)) return finish;
  // The pivot from the userinfo endpoint, for the ID token's subject.
  const std::string access_token = StringField(token, "access_token");
  if (p.userinfo_endpoint.empty() || access_token.empty()) {
    finish.error = OidcError::kMissingClaims;
    finish.detail = "no pivot in the ID token and no userinfo";
  } else {
    HttpReply info = transport_->Get(p.userinfo_endpoint, access_token);
    if (!info.reached || info.status != 200) {
      finish.error = OidcError::kUnavailable;
      finish.detail =
          "userinfo: " +
          (info.reached ? "HTTP " + std::to_string(info.status) : info.error);
    } else {
      finish.error = ReadUserinfo(info.body, p.jwks, check, &finish.identity,
                                  &finish.detail);
      if (finish.ok() && !HasPivot(finish.identity)) {
        finish.error = OidcError::kMissingClaims;
        finish.detail = "given_name, family_name, birthdate or gender missing";
      }
    }
  }
  if (!finish.ok()) finish.identity = OidcIdentity{};
  return finish;
}

std::unique_ptr<OidcClient> NewHttpOidcClient(const OidcSettings& settings,
                                              const std::string& secret,
                                              const std::string& base_url) {
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return std::make_unique<HttpOidcClient>(
      settings, secret, base + settings.redirect_path,
      NewCurlOidcTransport(settings.timeout_seconds), [] {
        return static_cast<int64_t>(
            std::chrono::duration_cast<std::chrono::seconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count());
      });
}

}  // namespace sesame
