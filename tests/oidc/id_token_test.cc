#include "oidc/id_token.h"

#include <gtest/gtest.h>

#include <string>

#include "oidc/oidc_test_keys.h"

namespace sesame {
namespace {

using nlohmann::json;
using testing::GoodClaims;
using testing::NewEcKey;
using testing::NewRsaKey;
using testing::PublicJwks;
using testing::SignToken;

constexpr char kIssuer[] = "https://fc.example/api/v1";
constexpr char kClient[] = "sesame";
constexpr char kNonce[] = "n-0123456789";
constexpr int64_t kNow = 1800000000;

class IdTokenTest : public ::testing::Test {
 protected:
  IdTokenTest()
      : rsa_(NewRsaKey("rsa-1")),
        ec_(NewEcKey("ec-1")),
        jwks_(PublicJwks({rsa_.get(), ec_.get()})) {}

  IdTokenCheck Check() const { return {kIssuer, kClient, kNonce, kNow, 60}; }
  json Claims() const { return GoodClaims(kIssuer, kClient, kNonce, kNow); }
  OidcError Verify(const std::string& token) {
    return VerifyIdToken(token, jwks_, Check(), &identity_, &detail_);
  }

  testing::TestJwk rsa_;
  testing::TestJwk ec_;
  std::string jwks_;
  OidcIdentity identity_;
  std::string detail_;
};

TEST_F(IdTokenTest, Rs256TokenIsAccepted) {
  ASSERT_EQ(Verify(SignToken(rsa_.get(), "RS256", Claims())), OidcError::kNone)
      << detail_;
  EXPECT_EQ(identity_.subject, "f3b1c2d4e5");
  EXPECT_EQ(identity_.given_name, "Angela Claire Louise");
  EXPECT_EQ(identity_.family_name, "DUBOIS");
  EXPECT_EQ(identity_.birthdate, "1962-08-24");
  EXPECT_EQ(identity_.birthplace, "75107");
  EXPECT_EQ(identity_.gender, "female");
  EXPECT_EQ(identity_.acr, "eidas1");
}

TEST_F(IdTokenTest, Es256TokenIsAccepted) {
  ASSERT_EQ(Verify(SignToken(ec_.get(), "ES256", Claims())), OidcError::kNone)
      << detail_;
  EXPECT_EQ(identity_.family_name, "DUBOIS");
}

TEST_F(IdTokenTest, TokenSignedByAnotherKeyWithTheSameKidIsRefused) {
  testing::TestJwk other = NewRsaKey("rsa-1");
  EXPECT_EQ(Verify(SignToken(other.get(), "RS256", Claims())),
            OidcError::kBadSignature);
  testing::TestJwk other_ec = NewEcKey("ec-1");
  EXPECT_EQ(Verify(SignToken(other_ec.get(), "ES256", Claims())),
            OidcError::kBadSignature);
  EXPECT_TRUE(identity_.subject.empty());
}

TEST_F(IdTokenTest, TokenSignedByAKeyNotInTheJwksIsUnknownKey) {
  testing::TestJwk other = NewRsaKey("rsa-2");
  EXPECT_EQ(Verify(SignToken(other.get(), "RS256", Claims())),
            OidcError::kUnknownKey);
}

TEST_F(IdTokenTest, AlgNoneIsRefused) {
  EXPECT_EQ(Verify(testing::UnsignedToken(Claims())), OidcError::kBadSignature);
  EXPECT_TRUE(identity_.subject.empty());
}

TEST_F(IdTokenTest, Hs256WithThePublicKeyAsSecretIsRefused) {
  // The classic confusion: HMAC keyed with the provider's public key.
  cjose_err err{};
  const std::string secret = PublicJwks({rsa_.get()});
  testing::TestJwk oct(cjose_jwk_create_oct_spec(
      reinterpret_cast<const uint8_t*>(secret.data()), secret.size(), &err));
  ASSERT_NE(oct, nullptr);
  cjose_jwk_set_kid(oct.get(), "rsa-1", 5, &err);
  std::string token = SignToken(oct.get(), "HS256", Claims());
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(Verify(token), OidcError::kBadSignature);
}

TEST_F(IdTokenTest, Rs256HeaderOnAnEs256SignatureIsRefused) {
  std::string token = SignToken(ec_.get(), "ES256", Claims());
  // Same payload and signature, header claiming RS256 with the EC kid.
  std::string header =
      crypto::Base64UrlEncode(R"({"alg":"RS256","kid":"ec-1"})");
  token = header + token.substr(token.find('.'));
  EXPECT_NE(Verify(token), OidcError::kNone);
}

TEST_F(IdTokenTest, TamperedPayloadIsRefused) {
  std::string token = SignToken(rsa_.get(), "RS256", Claims());
  json changed = Claims();
  changed["family_name"] = "MARTIN";
  size_t first = token.find('.'), second = token.find('.', first + 1);
  token = token.substr(0, first + 1) + crypto::Base64UrlEncode(changed.dump()) +
          token.substr(second);
  EXPECT_EQ(Verify(token), OidcError::kBadSignature);
}

TEST_F(IdTokenTest, MalformedTokenIsRefused) {
  EXPECT_EQ(Verify(""), OidcError::kBadSignature);
  EXPECT_EQ(Verify("abc"), OidcError::kBadSignature);
  EXPECT_EQ(Verify("a.b.c"), OidcError::kBadSignature);
  EXPECT_EQ(Verify(std::string(70000, 'a')), OidcError::kBadSignature);
}

TEST_F(IdTokenTest, ExpiredTokenIsRefused) {
  json c = Claims();
  c["exp"] = kNow - 61;  // past the 60 s leeway
  EXPECT_EQ(Verify(SignToken(rsa_.get(), "RS256", c)), OidcError::kExpired);
  c["exp"] = kNow - 30;  // within it
  EXPECT_EQ(Verify(SignToken(rsa_.get(), "RS256", c)), OidcError::kNone);
  c.erase("exp");
  EXPECT_EQ(Verify(SignToken(rsa_.get(), "RS256", c)), OidcError::kExpired);
}

TEST_F(IdTokenTest, TokenIssuedInTheFutureIsRefused) {
  json c = Claims();
  c["iat"] = kNow + 3600;
  c["exp"] = kNow + 7200;
  EXPECT_EQ(Verify(SignToken(rsa_.get(), "RS256", c)), OidcError::kExpired);
}

TEST_F(IdTokenTest, WrongIssuerIsRefused) {
  json c = Claims();
  c["iss"] = "https://evil.example/api/v1";
  EXPECT_EQ(Verify(SignToken(rsa_.get(), "RS256", c)), OidcError::kWrongIssuer);
  c.erase("iss");
  EXPECT_EQ(Verify(SignToken(rsa_.get(), "RS256", c)), OidcError::kWrongIssuer);
}

TEST_F(IdTokenTest, WrongAudienceIsRefused) {
  json c = Claims();
  c["aud"] = "another-client";
  EXPECT_EQ(Verify(SignToken(rsa_.get(), "RS256", c)),
            OidcError::kWrongAudience);
  c["aud"] = json::array({"another-client", kClient});  // no azp
  EXPECT_EQ(Verify(SignToken(rsa_.get(), "RS256", c)),
            OidcError::kWrongAudience);
  c["azp"] = kClient;
  EXPECT_EQ(Verify(SignToken(rsa_.get(), "RS256", c)), OidcError::kNone);
}

TEST_F(IdTokenTest, WrongNonceIsRefused) {
  json c = Claims();
  c["nonce"] = "n-another";
  EXPECT_EQ(Verify(SignToken(rsa_.get(), "RS256", c)), OidcError::kWrongNonce);
  c.erase("nonce");
  EXPECT_EQ(Verify(SignToken(rsa_.get(), "RS256", c)), OidcError::kWrongNonce);
}

TEST_F(IdTokenTest, MissingSubIsRefused) {
  json c = Claims();
  c.erase("sub");
  EXPECT_EQ(Verify(SignToken(rsa_.get(), "RS256", c)),
            OidcError::kMissingClaims);
}

TEST_F(IdTokenTest, PivotIsCompleteOnlyWithItsFourClaims) {
  for (const char* claim :
       {"given_name", "family_name", "birthdate", "gender"}) {
    json c = Claims();
    c.erase(claim);
    ASSERT_EQ(Verify(SignToken(rsa_.get(), "RS256", c)), OidcError::kNone);
    EXPECT_FALSE(HasPivot(identity_)) << claim;
  }
  json c = Claims();
  c.erase("birthplace");  // born abroad: FranceConnect sends none
  ASSERT_EQ(Verify(SignToken(rsa_.get(), "RS256", c)), OidcError::kNone);
  EXPECT_TRUE(HasPivot(identity_));
}

TEST_F(IdTokenTest, JwksThatIsNotJsonIsUnavailable) {
  jwks_ = "<html>maintenance</html>";
  EXPECT_EQ(Verify(SignToken(rsa_.get(), "RS256", Claims())),
            OidcError::kUnavailable);
}

}  // namespace
}  // namespace sesame
