#include <gd.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "captcha/captcha_image.h"
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

const char* const kNotAnswers[] = {
    "",     "123",  "12345", "12a4",     " 1234", "1234 ", "12 34",
    "-123", "+123", "١٢٣٤",  "１２３４", "abcd",  "0x12",
};

// ---------------------------------------------------------------- image

struct GdImageDeleter {
  void operator()(gdImagePtr im) const { gdImageDestroy(im); }
};

std::unique_ptr<gdImage, GdImageDeleter> DecodePng(const std::string& png) {
  return std::unique_ptr<gdImage, GdImageDeleter>(gdImageCreateFromPngPtr(
      static_cast<int>(png.size()), const_cast<char*>(png.data())));
}

TEST(CaptchaImageTest, IsAPngOfTheAnnouncedSize) {
  for (uint64_t seed : {0ull, 1ull, 42ull, 0xffffffffffffffffull}) {
    StatusOr<std::string> png = RenderCaptchaPng("0429", seed);
    ASSERT_TRUE(png.ok()) << png.status().ToString();
    ASSERT_GT(png->size(), 8u);
    EXPECT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    auto im = DecodePng(*png);
    ASSERT_NE(im, nullptr);
    EXPECT_EQ(gdImageSX(im.get()), kCaptchaImageWidth);
    EXPECT_EQ(gdImageSY(im.get()), kCaptchaImageHeight);
  }
}

TEST(CaptchaImageTest, SameSeedSameBytes) {
  EXPECT_EQ(RenderCaptchaPng("7351", 99).value(),
            RenderCaptchaPng("7351", 99).value());
}

TEST(CaptchaImageTest, DifferentSeedsOrDigitsGiveDifferentImages) {
  std::set<std::string> seen;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    seen.insert(RenderCaptchaPng("7351", seed).value());
  }
  EXPECT_EQ(seen.size(), 20u);
  EXPECT_NE(RenderCaptchaPng("0000", 5).value(),
            RenderCaptchaPng("1234", 5).value());
}

TEST(CaptchaImageTest, DarkInkWhereTheDigitsAre) {
  // The digits are dark on a light background: the middle band holds far
  // more dark pixels than the top and bottom rows.
  auto im = DecodePng(RenderCaptchaPng("8888", 3).value());
  ASSERT_NE(im, nullptr);
  auto dark_in_rows = [&](int y0, int y1) {
    int dark = 0;
    for (int y = y0; y < y1; ++y) {
      for (int x = 0; x < kCaptchaImageWidth; ++x) {
        int p = gdImageGetTrueColorPixel(im.get(), x, y);
        int luma = (299 * gdTrueColorGetRed(p) + 587 * gdTrueColorGetGreen(p) +
                    114 * gdTrueColorGetBlue(p)) /
                   1000;
        if (luma < 110) ++dark;
      }
    }
    return dark;
  };
  EXPECT_GT(dark_in_rows(25, 45), 800);
  EXPECT_GT(dark_in_rows(25, 45), 10 * dark_in_rows(0, 4));
}

TEST(CaptchaImageTest, RefusesAnythingButFourAsciiDigits) {
  for (const char* bad : kNotAnswers) {
    StatusOr<std::string> png = RenderCaptchaPng(bad, 1);
    EXPECT_FALSE(png.ok()) << bad;
    EXPECT_EQ(png.status().code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(RenderCaptchaPng(std::string("12\0"
                                            "4",
                                            4),
                                1)
                   .ok());
}

TEST(CaptchaImageTest, MissingFontFallsBackToTheBuiltinOne) {
  StatusOr<std::string> png =
      RenderCaptchaPng("2580", 7, "/nonexistent/font.ttf");
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  auto im = DecodePng(*png);
  ASSERT_NE(im, nullptr);
  EXPECT_EQ(gdImageSX(im.get()), kCaptchaImageWidth);
  EXPECT_NE(*png, RenderCaptchaPng("2580", 7).value());
}

}  // namespace
}  // namespace sesame
