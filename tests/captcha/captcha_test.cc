#include <gd.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "captcha/captcha_audio.h"
#include "captcha/captcha_image.h"
#include "captcha/captcha_random.h"
#include "captcha/captcha_rules.h"
#include "crypto/crypto.h"

namespace sesame {
namespace {

// ---------------------------------------------------------------- rules

// "0042" for 42 (n in 0..9999).
std::string FourDigits(int n) {
  std::string digits = std::to_string(n);
  return std::string(4 - digits.size(), '0') + digits;
}

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
    const std::string guess = FourDigits(n);
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

// ------------------------------------------------- answers derived from ids

std::string Block(std::initializer_list<uint32_t> groups) {
  std::string out;
  for (uint32_t g : groups) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.push_back(static_cast<char>((g >> shift) & 0xff));
    }
  }
  return out;
}

TEST(CaptchaDerivationTest, DigitsComeFromTheFirstGroupBelowTheCut) {
  EXPECT_EQ(CaptchaDigitsFromBlock(Block({0})), "0000");
  EXPECT_EQ(CaptchaDigitsFromBlock(Block({7})), "0007");
  EXPECT_EQ(CaptchaDigitsFromBlock(Block({123456789})), "6789");
  // The last value kept, then the first rejected ones.
  EXPECT_EQ(CaptchaDigitsFromBlock(Block({kCaptchaRejectFrom - 1})), "9999");
  EXPECT_EQ(CaptchaDigitsFromBlock(Block({kCaptchaRejectFrom, 42})), "0042");
  EXPECT_EQ(CaptchaDigitsFromBlock(Block({0xffffffffu, 0xfffffff0u, 10001})),
            "0001");
  // Every group rejected, or no whole group: nothing drawn.
  EXPECT_EQ(CaptchaDigitsFromBlock(Block({0xffffffffu, kCaptchaRejectFrom})),
            "");
  EXPECT_EQ(CaptchaDigitsFromBlock(std::string("\0\0\0", 3)), "");
  // The cut keeps each of the 10^4 answers equally likely.
  EXPECT_EQ(kCaptchaRejectFrom % 10000, 0u);
  EXPECT_GT(kCaptchaRejectFrom, 0xffffffffu - 10000);
}

TEST(CaptchaDerivationTest, AnswerIsAKeyedFunctionOfTheId) {
  const CaptchaKeys keys = CaptchaKeys::FromSecret(std::string(32, 's'));
  EXPECT_EQ(keys.answer,
            crypto::DeriveKey(std::string(32, 's'), "captcha-answer"));
  EXPECT_EQ(keys.mac, crypto::DeriveKey(std::string(32, 's'), "captcha"));
  EXPECT_NE(keys.answer, keys.mac);
  const std::string id = crypto::NewToken();
  const std::string answer = CaptchaAnswerFor(keys.answer, id);
  EXPECT_TRUE(IsCaptchaAnswer(answer)) << answer;
  EXPECT_EQ(answer, CaptchaAnswerFor(keys.answer, id));
  EXPECT_EQ(answer,
            CaptchaDigitsFromBlock(crypto::HmacSha256(keys.answer, id)));
  // Another key gives unrelated answers: count agreements over many ids.
  const CaptchaKeys other = CaptchaKeys::FromSecret(std::string(32, 't'));
  int same = 0;
  for (int i = 0; i < 2000; ++i) {
    const std::string t = crypto::NewToken();
    if (CaptchaAnswerFor(keys.answer, t) == CaptchaAnswerFor(other.answer, t)) {
      ++same;
    }
  }
  EXPECT_LT(same, 5);  // expected 0.2
}

TEST(CaptchaDerivationTest, AnswersAreUniformOverIds) {
  const CaptchaKeys keys = CaptchaKeys::FromSecret(std::string(32, 's'));
  std::vector<int> count(10, 0);
  std::set<std::string> distinct;
  const int draws = 5000;
  for (int i = 0; i < draws; ++i) {
    std::string a = CaptchaAnswerFor(keys.answer, "id-" + std::to_string(i));
    ASSERT_TRUE(IsCaptchaAnswer(a)) << a;
    for (char c : a) ++count[c - '0'];
    distinct.insert(a);
  }
  for (int d = 0; d < 10; ++d) {
    EXPECT_GT(count[d], 1750) << d;
    EXPECT_LT(count[d], 2250) << d;
  }
  EXPECT_GT(distinct.size(), 3500u);
}

TEST(CaptchaDerivationTest, SeedIsTheFirstEightBytesOfTheKeyedIdMac) {
  const std::string id = "an id";
  const CaptchaKeys keys = CaptchaKeys::FromSecret(std::string(32, 's'));
  const std::string mac = crypto::HmacSha256(keys.seed, id);
  uint64_t expected = 0;
  for (int i = 0; i < 8; ++i) {
    expected = expected << 8 | static_cast<unsigned char>(mac[i]);
  }
  EXPECT_EQ(CaptchaSeed(keys.seed, id), expected);
  EXPECT_NE(CaptchaSeed(keys.seed, "another id"), expected);
  EXPECT_EQ(CaptchaIdHash(id), crypto::Sha256(id));
  // The seed key is its own: neither the answer's nor the MAC's.
  EXPECT_NE(keys.seed, keys.answer);
  EXPECT_NE(keys.seed, keys.mac);
}

// R1: the picture and the sound of a public id cannot be drawn again
// without the server secret: with another key (an attacker's guess, or no
// key at all as before: SHA-256 of the id) the same id and answer give
// other bytes, so the 10^4 candidates rendered offline match nothing.
TEST(CaptchaDerivationTest, R1_AnotherKeyDrawsAnotherPictureAndSound) {
  const std::string id = crypto::NewToken();
  const std::string answer = "4821";
  const CaptchaKeys server = CaptchaKeys::FromSecret(std::string(32, 's'));
  const CaptchaKeys other = CaptchaKeys::FromSecret(std::string(32, 't'));
  const std::string digest = crypto::Sha256(id);
  uint64_t unkeyed = 0;
  for (int i = 0; i < 8; ++i) {
    unkeyed = unkeyed << 8 | static_cast<unsigned char>(digest[i]);
  }
  const std::string drawn =
      RenderCaptchaPng(answer, CaptchaSeed(server.seed, id)).value();
  EXPECT_NE(drawn,
            RenderCaptchaPng(answer, CaptchaSeed(other.seed, id)).value());
  EXPECT_NE(drawn, RenderCaptchaPng(answer, unkeyed).value());
  StatusOr<CaptchaAudio> audio = CaptchaAudio::Load(SESAME_CAPTCHA_AUDIO_DIR);
  ASSERT_TRUE(audio.ok()) << audio.status().ToString();
  EXPECT_NE(audio->RenderWav(answer, CaptchaSeed(server.seed, id)).value(),
            audio->RenderWav(answer, CaptchaSeed(other.seed, id)).value());
}

TEST(CaptchaDerivationTest, StoredMacIsTheMacOfTheDerivedAnswer) {
  const CaptchaKeys keys = CaptchaKeys::FromSecret(std::string(32, 's'));
  const std::string id = crypto::NewToken();
  const std::string mac = CaptchaStoredMac(keys, id);
  const std::string answer = CaptchaAnswerFor(keys.answer, id);
  EXPECT_EQ(mac, CaptchaMac(keys.mac, CaptchaIdHash(id), answer));
  EXPECT_TRUE(CaptchaAnswerMatches(keys.mac, CaptchaIdHash(id), answer, mac));
  // Only the derived answer passes among all 10^4 candidates.
  int passed = 0;
  for (int n = 0; n < 10000; ++n) {
    const std::string guess = FourDigits(n);
    if (CaptchaAnswerMatches(keys.mac, CaptchaIdHash(id), guess, mac)) {
      ++passed;
      EXPECT_EQ(guess, answer);
    }
  }
  EXPECT_EQ(passed, 1);
}

TEST(CaptchaDerivationTest, TenThousandRandomGuessesOnFreshCaptchas) {
  // One guess per captcha, as an attacker gets: each passes exactly when it
  // is that captcha's answer.
  const CaptchaKeys keys = CaptchaKeys::FromSecret(std::string(32, 's'));
  int passed = 0, expected = 0;
  for (int i = 0; i < 10000; ++i) {
    const std::string id = crypto::NewToken();
    const std::string mac = CaptchaStoredMac(keys, id);
    const std::string guess = NewCaptchaAnswer();
    const bool right = guess == CaptchaAnswerFor(keys.answer, id);
    expected += right;
    bool ok = CaptchaAnswerMatches(keys.mac, CaptchaIdHash(id), guess, mac);
    EXPECT_EQ(ok, right) << guess;
    passed += ok;
    // The MAC is bound to its id: the right answer under another id fails.
    EXPECT_FALSE(CaptchaAnswerMatches(keys.mac, CaptchaIdHash(id + "x"),
                                      CaptchaAnswerFor(keys.answer, id), mac));
  }
  EXPECT_EQ(passed, expected);
  EXPECT_LT(passed, 10);  // expected 1
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

// Issue 16: stock OCR thresholds the picture globally. The ground is cut
// into light and dark patches that reach every edge (the ink is dark on the
// light ones and light on the dark ones), so no global threshold separates
// the digits from the ground: at mid grey, a fair share of the picture and
// of its top rows, where no digit is, falls on each side. (Before, the
// digits were the only dark things on a pale ground.)
TEST(CaptchaImageTest, I16_LightAndDarkGroundSoNoThresholdIsolatesTheInk) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    auto im = DecodePng(RenderCaptchaPng("8888", seed).value());
    ASSERT_NE(im, nullptr);
    auto dark_share = [&](int y0, int y1) {
      int dark = 0;
      for (int y = y0; y < y1; ++y) {
        for (int x = 0; x < kCaptchaImageWidth; ++x) {
          int p = gdImageGetTrueColorPixel(im.get(), x, y);
          int luma =
              (299 * gdTrueColorGetRed(p) + 587 * gdTrueColorGetGreen(p) +
               114 * gdTrueColorGetBlue(p)) /
              1000;
          if (luma < 128) ++dark;
        }
      }
      return static_cast<double>(dark) / ((y1 - y0) * kCaptchaImageWidth);
    };
    const double all = dark_share(0, kCaptchaImageHeight);
    const double top = dark_share(0, 4);
    EXPECT_GT(all, 0.2) << "seed " << seed;
    EXPECT_LT(all, 0.8) << "seed " << seed;
    EXPECT_GT(top, 0.1) << "seed " << seed;
    EXPECT_LT(top, 0.9) << "seed " << seed;
  }
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

// ---------------------------------------------------------------- audio

class CaptchaAudioTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    StatusOr<CaptchaAudio> loaded =
        CaptchaAudio::Load(SESAME_CAPTCHA_AUDIO_DIR);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    audio_ = new CaptchaAudio(std::move(loaded).value());
  }
  static void TearDownTestSuite() {
    delete audio_;
    audio_ = nullptr;
  }

  static PcmClip Render(const std::string& digits, uint64_t seed) {
    StatusOr<std::string> wav = audio_->RenderWav(digits, seed);
    EXPECT_TRUE(wav.ok()) << wav.status().ToString();
    StatusOr<PcmClip> pcm = ParseWav(wav.ok() ? *wav : "");
    EXPECT_TRUE(pcm.ok()) << pcm.status().ToString();
    return pcm.ok() ? *pcm : PcmClip{};
  }

  static CaptchaAudio* audio_;
};

CaptchaAudio* CaptchaAudioTest::audio_ = nullptr;

double Rms(const std::vector<int16_t>& s, size_t from, size_t to) {
  double e = 0;
  for (size_t i = from; i < to; ++i) e += static_cast<double>(s[i]) * s[i];
  return to > from ? std::sqrt(e / static_cast<double>(to - from)) : 0;
}

struct Segment {
  size_t begin, end;
};

// Speech segments: 10 ms windows louder than 3 times the noise of the
// leading pause (at least 300 ms), joined across gaps under 200 ms.
std::vector<Segment> FindSpeech(const PcmClip& pcm) {
  const size_t win = static_cast<size_t>(pcm.sample_rate / 100);
  const double floor = Rms(pcm.samples, 0, pcm.sample_rate / 4);
  std::vector<Segment> found;
  for (size_t i = 0; i + win <= pcm.samples.size(); i += win) {
    if (Rms(pcm.samples, i, i + win) < 3 * floor) continue;
    if (!found.empty() && i - found.back().end < 20 * win) {
      found.back().end = i + win;
    } else {
      found.push_back({i, i + win});
    }
  }
  return found;
}

TEST_F(CaptchaAudioTest, ClipsAreLoadedAndNotSilent) {
  EXPECT_GE(audio_->sample_rate(), 8000);
  for (int d = 0; d < 10; ++d) {
    // Every French digit takes at least 150 ms to say.
    EXPECT_GT(audio_->clip_samples(d),
              static_cast<size_t>(audio_->sample_rate() * 0.15))
        << d;
  }
  EXPECT_GT(audio_->speech_rms(), 500);
}

TEST_F(CaptchaAudioTest, IsA16BitMonoPcmWavWithADataChunk) {
  std::string wav = audio_->RenderWav("1234", 11).value();
  ASSERT_GE(wav.size(), 44u);
  EXPECT_EQ(wav.substr(0, 4), "RIFF");
  EXPECT_EQ(wav.substr(8, 8), "WAVEfmt ");
  EXPECT_EQ(wav.substr(36, 4), "data");
  auto le32 = [&](size_t at) {
    return static_cast<uint32_t>(static_cast<unsigned char>(wav[at])) |
           static_cast<uint32_t>(static_cast<unsigned char>(wav[at + 1])) << 8 |
           static_cast<uint32_t>(static_cast<unsigned char>(wav[at + 2]))
               << 16 |
           static_cast<uint32_t>(static_cast<unsigned char>(wav[at + 3])) << 24;
  };
  EXPECT_EQ(le32(4), wav.size() - 8);
  EXPECT_EQ(le32(40), wav.size() - 44);
  PcmClip pcm = ParseWav(wav).value();
  EXPECT_EQ(pcm.sample_rate, audio_->sample_rate());
}

// R1: the sound's length says nothing of the digits nor of the draws: every
// sound lasts as long as the longest one could (the longest clip four times
// at the slowest speed, the longest pauses).
TEST_F(CaptchaAudioTest, R1_LengthIsTheSameWhateverTheDigitsAndDraws) {
  const double rate = audio_->sample_rate();
  size_t longest = 0;
  for (int d = 0; d < 10; ++d) {
    longest = std::max(longest, audio_->clip_samples(d));
  }
  const double most = 4 * (static_cast<double>(longest) / 0.94 + 1) +
                      (0.50 + 3 * 0.70 + 0.45) * rate;
  std::set<size_t> lengths;
  for (const char* digits : {"0000", "1111", "7777", "1234", "9876", "4821"}) {
    for (uint64_t seed = 0; seed < 10; ++seed) {
      lengths.insert(audio_->RenderWav(digits, seed).value().size());
      PcmClip pcm = Render(digits, seed);
      EXPECT_GE(static_cast<double>(pcm.samples.size()), most) << digits;
    }
  }
  EXPECT_EQ(lengths.size(), 1u);
}

TEST_F(CaptchaAudioTest, DeterministicPerSeedAndDigits) {
  EXPECT_EQ(audio_->RenderWav("1234", 5).value(),
            audio_->RenderWav("1234", 5).value());
  EXPECT_NE(audio_->RenderWav("1234", 5).value(),
            audio_->RenderWav("1234", 6).value());
  EXPECT_NE(audio_->RenderWav("0000", 5).value(),
            audio_->RenderWav("1234", 5).value());
}

TEST_F(CaptchaAudioTest, FourWordsInTheOrderGiven) {
  // "zéro" lasts twice as long as "un" or "deux": the lengths of the four
  // spoken segments show the order.
  const double rate = audio_->sample_rate();
  for (const std::string digits : {"0120", "1002", "2101"}) {
    for (uint64_t seed = 0; seed < 5; ++seed) {
      PcmClip pcm = Render(digits, seed);
      std::vector<Segment> speech = FindSpeech(pcm);
      ASSERT_EQ(speech.size(), 4u) << digits << " seed " << seed;
      for (size_t i = 0; i < 4; ++i) {
        double got = static_cast<double>(speech[i].end - speech[i].begin);
        double clip =
            static_cast<double>(audio_->clip_samples(digits[i] - '0'));
        EXPECT_GT(got, clip / 1.06 * 0.7 - 0.02 * rate)
            << digits << " seed " << seed << " word " << i;
        EXPECT_LT(got, clip / 0.94 + 0.02 * rate)
            << digits << " seed " << seed << " word " << i;
      }
    }
  }
}

TEST_F(CaptchaAudioTest, SpeechStandsWellAboveTheNoise) {
  for (uint64_t seed = 0; seed < 10; ++seed) {
    PcmClip pcm = Render("4789", seed);
    std::vector<Segment> speech = FindSpeech(pcm);
    ASSERT_EQ(speech.size(), 4u) << seed;
    double speech_energy = 0, noise_energy = 0;
    size_t speech_n = 0, noise_n = 0;
    // Noise: the pauses, 50 ms away from any word.
    const size_t guard = static_cast<size_t>(pcm.sample_rate / 20);
    size_t from = 0;
    for (size_t k = 0; k <= speech.size(); ++k) {
      size_t to = k < speech.size() ? speech[k].begin : pcm.samples.size();
      size_t a = k == 0 ? 0 : from + guard;
      size_t b = to > guard ? to - guard : 0;
      for (size_t i = a; i < b; ++i) {
        noise_energy += static_cast<double>(pcm.samples[i]) * pcm.samples[i];
        ++noise_n;
      }
      if (k < speech.size()) {
        for (size_t i = speech[k].begin; i < speech[k].end; ++i) {
          speech_energy += static_cast<double>(pcm.samples[i]) * pcm.samples[i];
          ++speech_n;
        }
        from = speech[k].end;
      }
    }
    double db =
        10 * std::log10((speech_energy / speech_n) / (noise_energy / noise_n));
    EXPECT_GE(db, 12) << seed;
    EXPECT_LE(db, 30) << seed;  // the noise is there
  }
}

TEST_F(CaptchaAudioTest, RefusesAnythingButFourAsciiDigits) {
  for (const char* bad : kNotAnswers) {
    StatusOr<std::string> wav = audio_->RenderWav(bad, 1);
    EXPECT_FALSE(wav.ok()) << bad;
    EXPECT_EQ(wav.status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(CaptchaAudioLoadTest, MissingFolderIsAFailedPrecondition) {
  StatusOr<CaptchaAudio> audio = CaptchaAudio::Load("/nonexistent/clips");
  ASSERT_FALSE(audio.ok());
  EXPECT_EQ(audio.status().code(), StatusCode::kFailedPrecondition);
}

TEST(CaptchaWavTest, EncodeThenParseRoundTrips) {
  PcmClip clip{16000, {0, 1, -1, 32767, -32768, 1234}};
  StatusOr<PcmClip> back = ParseWav(EncodeWav(clip));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->sample_rate, 16000);
  EXPECT_EQ(back->samples, clip.samples);
}

// A WAV built chunk by chunk.
std::string Chunk(const std::string& id, const std::string& body) {
  std::string out = id;
  uint32_t n = static_cast<uint32_t>(body.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(n >> (8 * i)));
  out += body;
  if (body.size() % 2) out.push_back('\0');
  return out;
}

std::string Fmt(uint16_t format, uint16_t channels, uint32_t rate,
                uint16_t bits) {
  std::string b;
  auto put = [&](uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i)
      b.push_back(static_cast<char>(v >> (8 * i)));
  };
  put(format, 2);
  put(channels, 2);
  put(rate, 4);
  put(rate * channels * bits / 8, 4);
  put(channels * bits / 8, 2);
  put(bits, 2);
  return Chunk("fmt ", b);
}

std::string Riff(const std::string& chunks) {
  std::string out = "RIFF";
  uint32_t n = static_cast<uint32_t>(4 + chunks.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(n >> (8 * i)));
  return out + "WAVE" + chunks;
}

TEST(CaptchaWavTest, FindsChunksWhereverTheyAre) {
  // An odd-sized LIST chunk (padded) before fmt, data before a trailing one.
  std::string wav = Riff(Chunk("LIST", "abc") + Fmt(1, 1, 22050, 16) +
                         Chunk("data", std::string("\x01\x00\xff\xff", 4)) +
                         Chunk("junk", "xyz"));
  StatusOr<PcmClip> pcm = ParseWav(wav);
  ASSERT_TRUE(pcm.ok()) << pcm.status().ToString();
  EXPECT_EQ(pcm->sample_rate, 22050);
  EXPECT_EQ(pcm->samples, (std::vector<int16_t>{1, -1}));
}

TEST(CaptchaWavTest, RefusesWhatIsNotPcm16Mono) {
  const std::string data = Chunk("data", std::string(4, '\0'));
  for (const std::string& bad : {
           std::string(""),
           std::string("RIFF"),
           std::string("RIFX\0\0\0\0WAVE", 12),
           Riff(data),                                         // no fmt
           Riff(Fmt(1, 1, 22050, 16)),                         // no data
           Riff(Fmt(3, 1, 22050, 32) + data),                  // float
           Riff(Fmt(1, 2, 22050, 16) + data),                  // stereo
           Riff(Fmt(1, 1, 22050, 8) + data),                   // 8-bit
           Riff(Fmt(1, 1, 0, 16) + data),                      // no rate
           Riff(Fmt(1, 1, 22050, 16) + Chunk("data", "abc")),  // half sample
           Riff(Fmt(1, 1, 22050, 16) + data).substr(0, 40),    // cut short
           Riff(Chunk("fmt ", "short") + data),
       }) {
    EXPECT_FALSE(ParseWav(bad).ok()) << bad.size();
  }
}

}  // namespace
}  // namespace sesame
