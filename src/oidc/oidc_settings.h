// OidcSettings: the relying party's settings for one OpenID Connect
// provider (FranceConnect), read from a config section such as
// [education.oidc] by ParseOidcSettings.
//
//   issuer             "https://…" (http:// only for a loopback host, the
//                      local stack's provider); its discovery document is
//                      ISSUER/.well-known/openid-configuration. Empty: off.
//   client_id          given by the provider
//   client_secret_file a file holding the client secret (one line)
//   redirect_path      the callback's path on public_base_url, registered at
//                      the provider
//   scopes             space-separated; must contain "openid"
//   acr_values         asked of the provider ("eidas1")
//   timeout_seconds    for each call to the provider (discovery, keys,
//                      token)
//   state_ttl_seconds  how long a login may take at the provider
#ifndef SESAME_OIDC_OIDC_SETTINGS_H_
#define SESAME_OIDC_OIDC_SETTINGS_H_

#include <memory>
#include <string>

#include "core/config.h"
#include "core/status.h"

namespace sesame {

struct OidcSettings {
  std::string issuer;
  std::string client_id;
  std::string client_secret_file;
  std::string redirect_path = "/education/franceconnect/retour";
  std::string scopes =
      "openid given_name family_name birthdate birthplace gender";
  std::string acr_values = "eidas1";
  int timeout_seconds = 5;
  int state_ttl_seconds = 600;

  bool enabled() const { return !issuer.empty(); }
};

// Reads the keys above from `s` into *out (defaults kept for absent keys);
// problems (a bad issuer, a relative redirect path, scopes without
// "openid", an issuer without client_id or secret file) are reported on
// `s`. The secret file is not read here (ReadOidcClientSecret).
void ParseOidcSettings(ConfigSection& s, OidcSettings* out);

// The client secret: the first line of client_secret_file, which must be
// readable and not empty.
StatusOr<std::string> ReadOidcClientSecret(const OidcSettings& settings);

// [education.oidc] in the config, registered by flows/flows.cc on the
// [education] section and kept in Config under kEducationOidc:
//   const OidcSettings& s = EducationOidc::Of(config).oidc;
inline constexpr char kEducationOidc[] = "education.oidc";
struct EducationOidc : public FlowSettingsOf<EducationOidc> {
  OidcSettings oidc;
  static const EducationOidc& Of(const Config& config) {
    return config.Flow<EducationOidc>(kEducationOidc);
  }
};
// Reads the sub-table "oidc" of `education` ([education.oidc]).
std::unique_ptr<FlowSettings> ParseEducationOidc(ConfigSection& education);

}  // namespace sesame

#endif  // SESAME_OIDC_OIDC_SETTINGS_H_
