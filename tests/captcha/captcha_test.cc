#include <gtest/gtest.h>

#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "captcha/captcha_random.h"
#include "captcha/captcha_rules.h"
#include "crypto/crypto.h"

namespace sesame {
namespace {

// ---------------------------------------------------------------- rules

TEST(CaptchaRulesTest, NewAnswerIsFourUniformDigits) {
  std::vector<int> count(10, 0);
  std::set<std::string> distinct;
  const int draws = 5000;
  for (int i = 0; i < draws; ++i) {
    std::string a = NewCaptchaAnswer();
    ASSERT_TRUE(IsCaptchaAnswer(a)) << a;
    for (char c : a) ++count[c - '0'];
    distinct.insert(a);
  }
  // 20 000 digits: each expected 2000 times (sd about 42).
  for (int d = 0; d < 10; ++d) {
    EXPECT_GT(count[d], 1750) << d;
    EXPECT_LT(count[d], 2250) << d;
  }
  EXPECT_GT(distinct.size(), 3500u);
}

TEST(CaptchaRulesTest, NormalisesOnlyFourAsciiDigits) {
  EXPECT_EQ(NormaliseCaptchaAnswer("1234"), "1234");
  EXPECT_EQ(NormaliseCaptchaAnswer(" 1234 "), "1234");
  EXPECT_EQ(NormaliseCaptchaAnswer("\t0007  "), "0007");
  EXPECT_EQ(NormaliseCaptchaAnswer("0000"), "0000");
  for (const char* bad :
       {"", "    ", "123", "12345", "12a4", "12 34", "١٢٣٤", "１２３４", "۱۲۳۴",
        "-123", "1234\n", "1234\u00a0", "\u00a01234", "abcd", "12.4", "1,23"}) {
    EXPECT_EQ(NormaliseCaptchaAnswer(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(NormaliseCaptchaAnswer(std::string("12\0"
                                               "4",
                                               4)),
            std::nullopt);
}

TEST(CaptchaRulesTest, MacIsBoundToKeyIdAndAnswer) {
  const std::string key = crypto::DeriveKey(std::string(32, 's'), "captcha");
  const std::string a = crypto::Sha256("captcha A");
  const std::string b = crypto::Sha256("captcha B");
  const std::string mac_a = CaptchaMac(key, a, "1234");
  EXPECT_EQ(mac_a.size(), 32u);
  EXPECT_EQ(mac_a, CaptchaMac(key, a, "1234"));
  EXPECT_TRUE(CaptchaAnswerMatches(key, a, "1234", mac_a));
  EXPECT_TRUE(CaptchaAnswerMatches(key, a, " 1234 ", mac_a));
  // The answer of captcha A does not solve captcha B, even if B shows the
  // same digits.
  const std::string mac_b = CaptchaMac(key, b, "1234");
  EXPECT_NE(mac_a, mac_b);
  EXPECT_FALSE(CaptchaAnswerMatches(key, b, "1234", mac_a));
  EXPECT_FALSE(CaptchaAnswerMatches(key, a, "1234", mac_b));
  // Another key, another answer, no stored MAC: no match.
  EXPECT_FALSE(CaptchaAnswerMatches(
      crypto::DeriveKey(std::string(32, 't'), "captcha"), a, "1234", mac_a));
  EXPECT_FALSE(CaptchaAnswerMatches(key, a, "1235", mac_a));
  EXPECT_FALSE(CaptchaAnswerMatches(key, a, "1234", ""));
  EXPECT_FALSE(CaptchaAnswerMatches(key, a, "12345", mac_a));
  EXPECT_FALSE(CaptchaAnswerMatches(key, a, "١٢٣٤", mac_a));
  EXPECT_FALSE(CaptchaAnswerMatches(key, a, "", mac_a));
}

TEST(CaptchaRulesTest, OnlyTheAnswerPassesAmongAllCandidates) {
  const std::string key = crypto::DeriveKey(std::string(32, 's'), "captcha");
  const std::string id = crypto::Sha256("the captcha");
  const std::string answer = NewCaptchaAnswer();
  const std::string mac = CaptchaMac(key, id, answer);
  int passed = 0;
  for (int n = 0; n < 10000; ++n) {
    char guess[5];
    std::snprintf(guess, sizeof guess, "%04d", n);
    if (CaptchaAnswerMatches(key, id, guess, mac)) {
      ++passed;
      EXPECT_EQ(guess, answer);
    }
  }
  EXPECT_EQ(passed, 1);
}

TEST(CaptchaRulesTest, TenThousandRandomGuessesPassOnlyWhenExact) {
  const std::string key = crypto::DeriveKey(std::string(32, 's'), "captcha");
  const std::string id = crypto::Sha256("the captcha");
  const std::string answer = "4071";
  const std::string mac = CaptchaMac(key, id, answer);
  CaptchaRandom rng(2024);
  std::string symbols = "0123456789 \t-+aZ٠١";
  symbols.push_back('\0');
  for (int i = 0; i < 10000; ++i) {
    std::string guess;
    if (i % 2 == 0) {
      guess = NewCaptchaAnswer();  // well-formed
    } else {
      int len = rng.Int(0, 8);
      for (int k = 0; k < len; ++k) {
        guess.push_back(
            symbols[rng.Int(0, static_cast<int>(symbols.size()) - 1)]);
      }
    }
    bool exact = NormaliseCaptchaAnswer(guess) == answer;
    EXPECT_EQ(CaptchaAnswerMatches(key, id, guess, mac), exact) << guess;
  }
}

}  // namespace
}  // namespace sesame
