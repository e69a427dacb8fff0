#include "oidc/oidc_client.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "oidc/oidc_test_keys.h"

namespace sesame {
namespace {

using nlohmann::json;

constexpr char kIssuer[] = "https://fc.example/api/v1";
constexpr int64_t kNow = 1800000000;

// Answers for the provider: by URL, a reply; records the token POSTs.
class FakeTransport : public OidcTransport {
 public:
  std::map<std::string, HttpReply> replies;
  std::string posted_form, posted_user, posted_password;
  int gets = 0;

  std::string bearer;
  HttpReply Get(const std::string& url, const std::string& b = "") override {
    ++gets;
    bearer = b;
    auto it = replies.find(url);
    return it != replies.end() ? it->second : HttpReply{};
  }
  HttpReply PostForm(const std::string& url, const std::string& form,
                     const std::string& user,
                     const std::string& password) override {
    posted_form = form;
    posted_user = user;
    posted_password = password;
    auto it = replies.find(url);
    return it != replies.end() ? it->second : HttpReply{};
  }
};

HttpReply Ok(const std::string& body) { return {true, 200, body, ""}; }

// The parameter `name` of a query string (not decoded).
std::string Param(const std::string& url, const std::string& name) {
  size_t at = url.find("?" + name + "=");
  if (at == std::string::npos) at = url.find("&" + name + "=");
  if (at == std::string::npos) return "";
  at += name.size() + 2;
  return url.substr(at, url.find('&', at) - at);
}

class OidcClientTest : public ::testing::Test {
 protected:
  OidcClientTest() : key_(testing::NewEcKey("ec-1")) {
    settings_.issuer = kIssuer;
    settings_.client_id = "sesame";
    auto t = std::make_unique<FakeTransport>();
    transport_ = t.get();
    transport_->replies[std::string(kIssuer) +
                        "/.well-known/openid-configuration"] = Ok(json{
        {"issuer", kIssuer},
        {"authorization_endpoint", "https://fc.example/api/v1/authorize"},
        {"token_endpoint", "https://fc.example/api/v1/token"},
        {"jwks_uri", "https://fc.example/api/v1/jwks"},
        {"userinfo_endpoint", "https://fc.example/api/v1/userinfo"}}.dump());
    transport_->replies["https://fc.example/api/v1/jwks"] =
        Ok(testing::PublicJwks({key_.get()}));
    client_ = std::make_unique<HttpOidcClient>(
        settings_, "s3cret", "https://sesame.example/education/fc/retour",
        std::move(t), [this] { return now_; });
  }

  // The token endpoint answers with an ID token of `claims`.
  void TokenAnswers(const json& claims, const cjose_jwk_t* key = nullptr) {
    transport_->replies["https://fc.example/api/v1/token"] = Ok(json{
        {"access_token", "at"},
        {"token_type", "Bearer"},
        {"id_token", testing::SignToken(key ? key : key_.get(), "ES256",
                                        claims)}}.dump());
  }

  OidcSettings settings_;
  testing::TestJwk key_;
  FakeTransport* transport_;
  int64_t now_ = kNow;
  std::unique_ptr<HttpOidcClient> client_;
};

TEST_F(OidcClientTest, BeginBuildsTheAuthorizationUrl) {
  OidcStart s = client_->Begin();
  ASSERT_TRUE(s.ok()) << s.detail;
  const std::string& url = s.authorization_url;
  EXPECT_EQ(url.rfind("https://fc.example/api/v1/authorize?", 0), 0u) << url;
  EXPECT_EQ(Param(url, "response_type"), "code");
  EXPECT_EQ(Param(url, "client_id"), "sesame");
  EXPECT_EQ(Param(url, "redirect_uri"),
            "https%3A%2F%2Fsesame.example%2Feducation%2Ffc%2Fretour");
  EXPECT_EQ(Param(url, "scope"),
            "openid%20given_name%20family_name%20birthdate%20birthplace%"
            "20gender");
  EXPECT_EQ(Param(url, "acr_values"), "eidas1");
  EXPECT_EQ(Param(url, "state"), s.kept.state);
  EXPECT_EQ(Param(url, "nonce"), s.kept.nonce);
  EXPECT_EQ(Param(url, "code_challenge_method"), "S256");
  EXPECT_EQ(Param(url, "code_challenge"),
            crypto::Base64UrlEncode(crypto::Sha256(s.kept.code_verifier)));
  EXPECT_EQ(url.find(s.kept.code_verifier), std::string::npos);
  EXPECT_TRUE(crypto::LooksLikeToken(s.kept.state));
  EXPECT_NE(s.kept.state, client_->Begin().kept.state);
}

TEST_F(OidcClientTest, FinishExchangesTheCodeAndChecksTheToken) {
  OidcStart s = client_->Begin();
  TokenAnswers(testing::GoodClaims(kIssuer, "sesame", s.kept.nonce, kNow));
  OidcFinish f = client_->Finish("the-code", s.kept);
  ASSERT_TRUE(f.ok()) << OidcErrorName(f.error) << " " << f.detail;
  EXPECT_EQ(f.identity.family_name, "DUBOIS");
  EXPECT_EQ(transport_->posted_user, "sesame");
  EXPECT_EQ(transport_->posted_password, "s3cret");
  EXPECT_NE(transport_->posted_form.find("grant_type=authorization_code"),
            std::string::npos);
  EXPECT_NE(transport_->posted_form.find("code=the-code"), std::string::npos);
  EXPECT_NE(
      transport_->posted_form.find("code_verifier=" + s.kept.code_verifier),
      std::string::npos);
}

TEST_F(OidcClientTest, WrongNonceIsRefused) {
  OidcStart s = client_->Begin();
  TokenAnswers(testing::GoodClaims(kIssuer, "sesame", "another", kNow));
  EXPECT_EQ(client_->Finish("c", s.kept).error, OidcError::kWrongNonce);
}

TEST_F(OidcClientTest, TokenSignedByAnotherKeyIsRefusedAfterOneKeyRefresh) {
  OidcStart s = client_->Begin();
  const int gets_before = transport_->gets;
  testing::TestJwk other = testing::NewEcKey("ec-2");
  TokenAnswers(testing::GoodClaims(kIssuer, "sesame", s.kept.nonce, kNow),
               other.get());
  EXPECT_EQ(client_->Finish("c", s.kept).error, OidcError::kBadSignature);
  EXPECT_EQ(transport_->gets, gets_before + 2);  // discovery and keys again
}

TEST_F(OidcClientTest, RolledKeyIsFoundAfterTheRefresh) {
  OidcStart s = client_->Begin();
  testing::TestJwk rolled = testing::NewEcKey("ec-2");
  transport_->replies["https://fc.example/api/v1/jwks"] =
      Ok(testing::PublicJwks({key_.get(), rolled.get()}));
  TokenAnswers(testing::GoodClaims(kIssuer, "sesame", s.kept.nonce, kNow),
               rolled.get());
  EXPECT_TRUE(client_->Finish("c", s.kept).ok());
}

TEST_F(OidcClientTest, ExpiredTokenIsRefused) {
  OidcStart s = client_->Begin();
  TokenAnswers(testing::GoodClaims(kIssuer, "sesame", s.kept.nonce, kNow));
  now_ = kNow + 3600;
  EXPECT_EQ(client_->Finish("c", s.kept).error, OidcError::kExpired);
}

TEST_F(OidcClientTest, ProviderDownIsUnavailable) {
  transport_->replies.clear();  // every call: not reached
  OidcStart s = client_->Begin();
  EXPECT_EQ(s.error, OidcError::kUnavailable);
  EXPECT_TRUE(s.authorization_url.empty());
}

TEST_F(OidcClientTest, ProviderDownAtTheTokenEndpointIsUnavailable) {
  OidcStart s = client_->Begin();
  transport_->replies.erase("https://fc.example/api/v1/token");
  EXPECT_EQ(client_->Finish("c", s.kept).error, OidcError::kUnavailable);
  transport_->replies["https://fc.example/api/v1/token"] = {true, 502, "", ""};
  EXPECT_EQ(client_->Finish("c", s.kept).error, OidcError::kUnavailable);
  transport_->replies["https://fc.example/api/v1/token"] = Ok("<html>");
  EXPECT_EQ(client_->Finish("c", s.kept).error, OidcError::kUnavailable);
}

TEST_F(OidcClientTest, CodeRefusedByTheProviderIsRefused) {
  OidcStart s = client_->Begin();
  transport_->replies["https://fc.example/api/v1/token"] = {
      true, 400, R"({"error":"invalid_grant"})", ""};
  EXPECT_EQ(client_->Finish("c", s.kept).error, OidcError::kRefused);
  EXPECT_EQ(client_->Finish("", s.kept).error, OidcError::kRefused);
}

TEST_F(OidcClientTest, DiscoveryNamingAnotherIssuerIsRefused) {
  transport_->replies[std::string(kIssuer) +
                      "/.well-known/openid-configuration"] = Ok(json{
      {"issuer", "https://evil.example"},
      {"authorization_endpoint", "https://evil.example/a"},
      {"token_endpoint", "https://evil.example/t"},
      {"jwks_uri", "https://evil.example/k"}}.dump());
  EXPECT_EQ(client_->Begin().error, OidcError::kUnavailable);
}

TEST_F(OidcClientTest, DiscoveryAndKeysAreCachedAnHour) {
  client_->Begin();
  const int gets = transport_->gets;
  client_->Begin();
  EXPECT_EQ(transport_->gets, gets);
  now_ += 3600;
  client_->Begin();
  EXPECT_EQ(transport_->gets, gets + 2);
}

// FranceConnect's way: only sub in the ID token, the pivot at userinfo.
json SubOnly(const std::string& nonce) {
  json c = testing::GoodClaims(kIssuer, "sesame", nonce, kNow);
  for (const char* k :
       {"given_name", "family_name", "birthdate", "birthplace", "gender"}) {
    c.erase(k);
  }
  return c;
}

TEST_F(OidcClientTest, PivotIsReadFromUserinfoWhenTheIdTokenLacksIt) {
  OidcStart s = client_->Begin();
  TokenAnswers(SubOnly(s.kept.nonce));
  transport_->replies["https://fc.example/api/v1/userinfo"] =
      Ok(testing::GoodClaims(kIssuer, "sesame", "", kNow).dump());
  OidcFinish f = client_->Finish("c", s.kept);
  ASSERT_TRUE(f.ok()) << OidcErrorName(f.error) << " " << f.detail;
  EXPECT_EQ(f.identity.family_name, "DUBOIS");
  EXPECT_EQ(f.identity.birthplace, "75107");
  EXPECT_EQ(transport_->bearer, "at");
}

TEST_F(OidcClientTest, SignedUserinfoIsVerified) {
  OidcStart s = client_->Begin();
  TokenAnswers(SubOnly(s.kept.nonce));
  json info = testing::GoodClaims(kIssuer, "sesame", "", kNow);
  transport_->replies["https://fc.example/api/v1/userinfo"] =
      Ok(testing::SignToken(key_.get(), "ES256", info));
  EXPECT_TRUE(client_->Finish("c", s.kept).ok());
  testing::TestJwk other = testing::NewEcKey("ec-1");
  transport_->replies["https://fc.example/api/v1/userinfo"] =
      Ok(testing::SignToken(other.get(), "ES256", info));
  EXPECT_EQ(client_->Finish("c", s.kept).error, OidcError::kBadSignature);
}

TEST_F(OidcClientTest, UserinfoOfAnotherSubjectIsRefused) {
  OidcStart s = client_->Begin();
  TokenAnswers(SubOnly(s.kept.nonce));
  json info = testing::GoodClaims(kIssuer, "sesame", "", kNow);
  info["sub"] = "someone-else";
  transport_->replies["https://fc.example/api/v1/userinfo"] = Ok(info.dump());
  OidcFinish f = client_->Finish("c", s.kept);
  EXPECT_EQ(f.error, OidcError::kMissingClaims);
  EXPECT_TRUE(f.identity.family_name.empty());
}

TEST_F(OidcClientTest, MissingPivotIsRefused) {
  OidcStart s = client_->Begin();
  TokenAnswers(SubOnly(s.kept.nonce));
  json info = {{"sub", "f3b1c2d4e5"}, {"family_name", "DUBOIS"}};
  transport_->replies["https://fc.example/api/v1/userinfo"] = Ok(info.dump());
  EXPECT_EQ(client_->Finish("c", s.kept).error, OidcError::kMissingClaims);
}

TEST_F(OidcClientTest, UserinfoDownIsUnavailable) {
  OidcStart s = client_->Begin();
  TokenAnswers(SubOnly(s.kept.nonce));
  EXPECT_EQ(client_->Finish("c", s.kept).error, OidcError::kUnavailable);
}

TEST(FormEscapeTest, KeepsUnreservedAndEscapesTheRest) {
  EXPECT_EQ(FormEscape("aZ09-._~"), "aZ09-._~");
  EXPECT_EQ(FormEscape("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
}

}  // namespace
}  // namespace sesame
