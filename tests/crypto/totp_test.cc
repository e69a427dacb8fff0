#include "crypto/totp.h"

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sesame::crypto {
namespace {

// The key of RFC 4226 Appendix D and RFC 6238 Appendix B (SHA1).
const std::string kRfcSecret = "12345678901234567890";

TEST(Totp, Rfc4226HotpValues) {
  const std::vector<std::string> expected = {
      "755224", "287082", "359152", "969429", "338314",
      "254676", "287922", "162583", "399871", "520489"};
  for (int counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(TotpCode(kRfcSecret, counter), expected[counter]) << counter;
  }
}

TEST(Totp, Rfc6238SixDigitTruncations) {
  // Appendix B gives 8 digits; 6 digits are their last 6.
  struct Vector {
    int64_t time;
    int64_t step;
    const char* rfc_code;
  };
  for (const Vector& v : std::vector<Vector>{
           {59, 0x1, "94287082"},
           {1111111109, 0x23523EC, "07081804"},
           {1111111111, 0x23523ED, "14050471"},
           {1234567890, 0x273EF07, "89005924"},
           {2000000000, 0x3F940AA, "69279037"},
           {20000000000, 0x27BC86AA, "65353130"},
       }) {
    EXPECT_EQ(TotpStep(v.time), v.step) << v.time;
    EXPECT_EQ(TotpCode(kRfcSecret, TotpStep(v.time)),
              std::string(v.rfc_code).substr(2))
        << v.time;
  }
}

TEST(Totp, StepsOfThirtySeconds) {
  EXPECT_EQ(TotpStep(0), 0);
  EXPECT_EQ(TotpStep(29), 0);
  EXPECT_EQ(TotpStep(30), 1);
  EXPECT_EQ(TotpStep(59), 1);
  EXPECT_EQ(TotpStep(60), 2);
  EXPECT_EQ(TotpStep(-1), -1);  // floor
  EXPECT_EQ(TotpStep(-30), -1);
  EXPECT_EQ(TotpStep(-31), -2);
}

TEST(Totp, NewSecretIsTwentyRandomBytes) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    std::string secret = NewTotpSecret();
    EXPECT_EQ(secret.size(), 20u);
    EXPECT_EQ(Base32Encode(secret).size(), 32u);
    seen.insert(secret);
  }
  EXPECT_EQ(seen.size(), 50u);
}

TEST(Base32, Rfc4648Vectors) {
  struct Vector {
    const char* raw;
    const char* encoded;  // RFC 4648 section 10, padding removed
    const char* padded;
  };
  for (const Vector& v : std::vector<Vector>{
           {"", "", ""},
           {"f", "MY", "MY======"},
           {"fo", "MZXQ", "MZXQ===="},
           {"foo", "MZXW6", "MZXW6==="},
           {"foob", "MZXW6YQ", "MZXW6YQ="},
           {"fooba", "MZXW6YTB", "MZXW6YTB"},
           {"foobar", "MZXW6YTBOI", "MZXW6YTBOI======"},
       }) {
    EXPECT_EQ(Base32Encode(v.raw), v.encoded) << v.raw;
    EXPECT_EQ(Base32Decode(v.encoded), v.raw) << v.encoded;
    EXPECT_EQ(Base32Decode(v.padded), v.raw) << v.padded;
  }
  EXPECT_EQ(Base32Encode("Hello!\xde\xad\xbe\xef"), "JBSWY3DPEHPK3PXP");
  EXPECT_EQ(Base32Encode(kRfcSecret), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

TEST(Base32, RoundTripOfEveryLength) {
  std::string raw;
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(Base32Decode(Base32Encode(raw)), raw) << i;
    raw.push_back(static_cast<char>(i * 37 + 200));
  }
  for (int i = 0; i < 20; ++i) {
    std::string secret = NewTotpSecret();
    EXPECT_EQ(Base32Decode(Base32Encode(secret)), secret);
  }
}

TEST(Base32, TypedAsAPersonCopiesIt) {
  const std::string hello = "Hello!\xde\xad\xbe\xef";
  EXPECT_EQ(Base32Decode("jbswy3dpehpk3pxp"), hello);
  EXPECT_EQ(Base32Decode("JBSW Y3DP EHPK 3PXP"), hello);
  EXPECT_EQ(Base32Decode(" jbsw y3dp ehpk 3pxp "), hello);
  EXPECT_EQ(Base32Decode("MZXW6==="), "foo");
  EXPECT_EQ(Base32Decode("mzxw6 = = ="), "foo");
}

TEST(Base32, RefusesOtherCharactersAndLengths) {
  for (const char* bad :
       {"JBSWY3DPEHPK3PX0", "JBSWY3DPEHPK3PX1", "JBSWY3DPEHPK3PX8", "JBSW-Y3DP",
        "MZ=XW6", "=MZXW6", "MZXW6\n", "MZXW6\t", "MZXW6É", "M", "MZX",
        "MZXW6Y", "MZXW6YTBO"}) {
    EXPECT_FALSE(Base32Decode(bad).has_value()) << bad;
  }
}

// The code typed at `now` for the step `offset` steps away.
std::string CodeAt(int64_t now, int offset) {
  return TotpCode(kRfcSecret, TotpStep(now) + offset);
}

TEST(MatchTotp, CurrentStepAndOneStepOfDrift) {
  const int64_t now = 1111111111;  // step 0x23523ED
  const int64_t step = TotpStep(now);
  EXPECT_EQ(MatchTotp(kRfcSecret, CodeAt(now, 0), now, std::nullopt), step);
  EXPECT_EQ(MatchTotp(kRfcSecret, CodeAt(now, -1), now, std::nullopt),
            step - 1);
  EXPECT_EQ(MatchTotp(kRfcSecret, CodeAt(now, +1), now, std::nullopt),
            step + 1);
  EXPECT_EQ(MatchTotp(kRfcSecret, "050471", now, std::nullopt), step);
  EXPECT_EQ(MatchTotp(kRfcSecret, " 050471 ", now, std::nullopt), step);
}

TEST(MatchTotp, TwoStepsAwayRefused) {
  const int64_t now = 1111111111;
  EXPECT_FALSE(MatchTotp(kRfcSecret, CodeAt(now, -2), now, std::nullopt));
  EXPECT_FALSE(MatchTotp(kRfcSecret, CodeAt(now, +2), now, std::nullopt));
  EXPECT_FALSE(MatchTotp(kRfcSecret, CodeAt(now, -10), now, std::nullopt));
}

TEST(MatchTotp, ReusedCodeRefused) {
  const int64_t now = 1111111111;
  const int64_t step = TotpStep(now);
  const std::string code = CodeAt(now, 0);
  std::optional<int64_t> used = MatchTotp(kRfcSecret, code, now, std::nullopt);
  ASSERT_EQ(used, step);
  // The same code again, in the same step or the next one: refused.
  EXPECT_FALSE(MatchTotp(kRfcSecret, code, now, used));
  EXPECT_FALSE(MatchTotp(kRfcSecret, code, now + 30, used));
  // The previous step's code, still within the drift: refused too.
  EXPECT_FALSE(MatchTotp(kRfcSecret, CodeAt(now, -1), now, used));
  // The next step's code is later: accepted.
  EXPECT_EQ(MatchTotp(kRfcSecret, CodeAt(now, +1), now, used), step + 1);
  EXPECT_EQ(MatchTotp(kRfcSecret, CodeAt(now + 30, 0), now + 30, used),
            step + 1);
  // An older last use leaves the current code usable.
  EXPECT_EQ(MatchTotp(kRfcSecret, code, now, step - 1), step);
}

TEST(MatchTotp, OnlySixDigitsAccepted) {
  const int64_t now = 1111111111;
  const std::string code = CodeAt(now, 0);  // "050471"
  for (const std::string& bad :
       {std::string(""), code.substr(1), code.substr(0, 5), code + "0",
        "0" + code, code.substr(0, 3) + " " + code.substr(3),
        code.substr(0, 5) + "a", std::string("05047l"), "+" + code.substr(1),
        code + "\n", std::string("０５０４７１"), std::string("abcdef")}) {
    EXPECT_FALSE(MatchTotp(kRfcSecret, bad, now, std::nullopt)) << bad;
  }
}

TEST(MatchTotp, AnotherSecretsCodeRefused) {
  const int64_t now = 1111111111;
  const std::string other = "another secret of 20b";
  EXPECT_FALSE(MatchTotp(other, CodeAt(now, 0), now, std::nullopt));
}

TEST(OtpauthUri, PercentEncodesIssuerAndAccount) {
  EXPECT_EQ(OtpauthUri("Bureau de vote", "jean.dupont", kRfcSecret),
            "otpauth://totp/Bureau%20de%20vote:jean.dupont"
            "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=Bureau%20de%20vote&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(OtpauthUri("Sésame", "a:b@c&d=e?f/g", "foo"),
            "otpauth://totp/S%C3%A9same:a%3Ab%40c%26d%3De%3Ff%2Fg"
            "?secret=MZXW6&issuer=S%C3%A9same&algorithm=SHA1&digits=6"
            "&period=30");
}

}  // namespace
}  // namespace sesame::crypto
