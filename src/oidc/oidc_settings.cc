#include "oidc/oidc_settings.h"

#include <fstream>
#include <sstream>

namespace sesame {

namespace {

bool IsLoopbackHttp(const std::string& url) {
  for (const char* prefix : {"http://127.0.0.1:", "http://127.0.0.1/",
                             "http://localhost:", "http://localhost/",
                             "http://[::1]:", "http://[::1]/"}) {
    if (url.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

bool HasScope(const std::string& scopes, const std::string& scope) {
  std::istringstream in(scopes);
  std::string word;
  while (in >> word) {
    if (word == scope) return true;
  }
  return false;
}

bool Printable(const std::string& s) {
  for (unsigned char c : s) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

}  // namespace

void ParseOidcSettings(ConfigSection& s, OidcSettings* out) {
  if (s.Str("issuer", &out->issuer) && !out->issuer.empty()) {
    if (!Printable(out->issuer) || (out->issuer.rfind("https://", 0) != 0 &&
                                    !IsLoopbackHttp(out->issuer))) {
      s.Problem("issuer",
                "must be an https:// URL (http:// only on a loopback host)");
    }
    while (!out->issuer.empty() && out->issuer.back() == '/') {
      out->issuer.pop_back();
    }
  }
  if (s.Str("client_id", &out->client_id) && !Printable(out->client_id)) {
    s.Problem("client_id", "must not contain spaces or control characters");
  }
  s.Str("client_secret_file", &out->client_secret_file);
  if (s.Str("redirect_path", &out->redirect_path) &&
      (out->redirect_path.empty() || out->redirect_path[0] != '/' ||
       out->redirect_path.rfind("//", 0) == 0 ||
       !Printable(out->redirect_path) ||
       out->redirect_path.find_first_of("?#") != std::string::npos)) {
    s.Problem("redirect_path",
              "must be a path starting with / (no query, no fragment)");
  }
  if (s.Str("scopes", &out->scopes) && !HasScope(out->scopes, "openid")) {
    s.Problem("scopes", "must contain openid");
  }
  if (s.Str("acr_values", &out->acr_values) &&
      out->acr_values.find_first_of("&#\r\n") != std::string::npos) {
    s.Problem("acr_values", "must be space-separated values");
  }
  s.Int("timeout_seconds", &out->timeout_seconds, 1, 60);
  s.Int("state_ttl_seconds", &out->state_ttl_seconds, 60, 3600);
  if (out->enabled()) {
    if (out->client_id.empty()) {
      s.Problem("client_id", "is required when issuer is set");
    }
    if (out->client_secret_file.empty()) {
      s.Problem("client_secret_file", "is required when issuer is set");
    }
  }
}

std::unique_ptr<FlowSettings> ParseEducationOidc(ConfigSection& education) {
  auto settings = std::make_unique<EducationOidc>();
  ConfigSection oidc = education.Sub("oidc");
  ParseOidcSettings(oidc, &settings->oidc);
  // The Education flow routes one callback path (its routes are made at
  // start, from no config): any other would answer « page introuvable ».
  if (settings->oidc.redirect_path != OidcSettings().redirect_path) {
    oidc.Problem("redirect_path", "must be " + OidcSettings().redirect_path +
                                      " (the path Sésame routes)");
  }
  return settings;
}

StatusOr<std::string> ReadOidcClientSecret(const OidcSettings& settings) {
  std::ifstream in(settings.client_secret_file);
  if (!in) {
    return Status::InvalidArgument("client_secret_file: cannot read " +
                                   settings.client_secret_file);
  }
  std::string secret;
  std::getline(in, secret);
  while (!secret.empty() && (secret.back() == '\r' || secret.back() == ' ')) {
    secret.pop_back();
  }
  if (secret.empty()) {
    return Status::InvalidArgument(
        "client_secret_file: " + settings.client_secret_file + " is empty");
  }
  return secret;
}

}  // namespace sesame
