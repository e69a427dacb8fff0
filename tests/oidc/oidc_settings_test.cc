#include "oidc/oidc_settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "flows/flows.h"

namespace sesame {
namespace {

using ::testing::HasSubstr;

std::string Keys(const std::vector<ConfigProblem>& problems) {
  std::string out;
  for (const ConfigProblem& p : problems)
    out += p.key + ": " + p.message + "\n";
  return out;
}

const OidcSettings& Parse(const std::string& toml,
                          std::vector<ConfigProblem>* problems) {
  static Config config;
  config = ParseConfig("[security]\nsecret_key_file = \"/k\"\n" + toml,
                       "t.toml", problems, FlowConfigSchema());
  return EducationOidc::Of(config).oidc;
}

TEST(OidcSettingsTest, AbsentSectionIsOffWithTheDefaults) {
  std::vector<ConfigProblem> problems;
  const OidcSettings& s = Parse("", &problems);
  EXPECT_TRUE(problems.empty()) << Keys(problems);
  EXPECT_FALSE(s.enabled());
  EXPECT_EQ(s.redirect_path, "/education/franceconnect/retour");
  EXPECT_EQ(s.scopes,
            "openid given_name family_name birthdate birthplace gender");
  EXPECT_EQ(s.acr_values, "eidas1");
}

TEST(OidcSettingsTest, ReadsEducationOidc) {
  std::vector<ConfigProblem> problems;
  const OidcSettings& s = Parse(R"(
[education.oidc]
issuer = "https://fcp.integ01.dev-franceconnect.fr/api/v1/"
client_id = "abc123"
client_secret_file = "/etc/sesame/fc.secret"
redirect_path = "/education/franceconnect/retour"
scopes = "openid family_name"
timeout_seconds = 3
state_ttl_seconds = 300
)",
                                &problems);
  EXPECT_TRUE(problems.empty()) << Keys(problems);
  EXPECT_TRUE(s.enabled());
  EXPECT_EQ(s.issuer, "https://fcp.integ01.dev-franceconnect.fr/api/v1");
  EXPECT_EQ(s.client_id, "abc123");
  EXPECT_EQ(s.client_secret_file, "/etc/sesame/fc.secret");
  EXPECT_EQ(s.redirect_path, "/education/franceconnect/retour");
  EXPECT_EQ(s.scopes, "openid family_name");
  EXPECT_EQ(s.timeout_seconds, 3);
  EXPECT_EQ(s.state_ttl_seconds, 300);
}

TEST(OidcSettingsTest, BadValuesAreReported) {
  std::vector<ConfigProblem> problems;
  Parse(R"(
[education.oidc]
issuer = "http://fc.example/api"
redirect_path = "https://evil.example/cb"
scopes = "profile"
timeout_seconds = 0
surprise = 1
)",
        &problems);
  std::string all = Keys(problems);
  EXPECT_THAT(all, HasSubstr("education.oidc.issuer: must be an https://"));
  EXPECT_THAT(all, HasSubstr("education.oidc.redirect_path"));
  EXPECT_THAT(all, HasSubstr("education.oidc.scopes: must contain openid"));
  EXPECT_THAT(all, HasSubstr("education.oidc.timeout_seconds"));
  EXPECT_THAT(all, HasSubstr("education.oidc.surprise: unknown key"));
  EXPECT_THAT(all, HasSubstr("education.oidc.client_id: is required"));
  EXPECT_THAT(all, HasSubstr("education.oidc.client_secret_file: is required"));
}

// The Education flow routes one callback: another path would be a 404.
TEST(OidcSettingsTest, RedirectPathOtherThanTheRoutedOneRefused) {
  std::vector<ConfigProblem> problems;
  Parse(R"(
[education.oidc]
issuer = "https://fcp.integ01.dev-franceconnect.fr/api/v1"
client_id = "abc123"
client_secret_file = "/etc/sesame/fc.secret"
redirect_path = "/fc/callback"
)",
        &problems);
  EXPECT_THAT(Keys(problems), HasSubstr("education.oidc.redirect_path: must be "
                                        "/education/franceconnect/retour"));
}

TEST(OidcSettingsTest, LoopbackHttpIssuerIsAccepted) {
  std::vector<ConfigProblem> problems;
  const OidcSettings& s = Parse(R"(
[education.oidc]
issuer = "http://127.0.0.1:4593/api/oidc"
client_id = "sesame"
client_secret_file = "/tmp/x"
)",
                                &problems);
  EXPECT_TRUE(problems.empty()) << Keys(problems);
  EXPECT_EQ(s.issuer, "http://127.0.0.1:4593/api/oidc");
}

TEST(OidcSettingsTest, ClientSecretIsTheFirstLineOfItsFile) {
  OidcSettings s;
  s.client_secret_file = ::testing::TempDir() + "/oidc_secret_test";
  std::ofstream(s.client_secret_file) << "s3cret\nsecond line\n";
  StatusOr<std::string> secret = ReadOidcClientSecret(s);
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(*secret, "s3cret");
  std::ofstream(s.client_secret_file) << "\n";
  EXPECT_FALSE(ReadOidcClientSecret(s).ok());
  std::remove(s.client_secret_file.c_str());
  EXPECT_FALSE(ReadOidcClientSecret(s).ok());
}

}  // namespace
}  // namespace sesame
