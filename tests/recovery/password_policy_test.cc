#include "recovery/password_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "crypto/crypto.h"

namespace sesame {
namespace {

using Code = PasswordProblem::Code;
using ::testing::HasSubstr;

// A strong, random-looking passphrase of a given length in code points.
std::string Strong(size_t n) {
  static const std::string kBase =
      "Vq7#loutre-Parapluie!fanfare9Kx2&orage_Brume4cerfZw8%lichen";
  std::string out;
  while (out.size() < n) out += kBase;
  out.resize(n);
  return out;
}

std::vector<Code> Codes(const std::vector<PasswordProblem>& problems) {
  std::vector<Code> out;
  for (const auto& p : problems) out.push_back(p.code);
  return out;
}

bool Has(const std::vector<PasswordProblem>& problems, Code code) {
  for (const auto& p : problems) {
    if (p.code == code) return true;
  }
  return false;
}

std::string Messages(const std::vector<PasswordProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.message + "\n";
  return out;
}

class PasswordPolicyTest : public ::testing::Test {
 protected:
  PasswordPolicyTest() : policy_(config_) {}

  std::vector<PasswordProblem> Check(const std::string& pw) {
    return policy_.Check(pw, pw, context_);
  }

  SecurityConfig config_;
  PasswordPolicy policy_;
  PasswordContext context_{"jdupont", "jean.dupont@example.org",
                           "Mairie de Trifouillis", "Jean Dupont"};
};

TEST_F(PasswordPolicyTest, LoadWithoutBlocklistIsOk) {
  EXPECT_TRUE(policy_.Load().ok());
}

TEST_F(PasswordPolicyTest, F32_ElevenCharactersRefused) {
  auto problems = Check(Strong(11));
  ASSERT_EQ(Codes(problems), std::vector<Code>{Code::kTooShort});
  EXPECT_EQ(problems[0].message,
            "Le mot de passe doit contenir au moins 12 caractères.");
}

TEST_F(PasswordPolicyTest, TwelveStrongCharactersAccepted) {
  auto problems = Check(Strong(12));
  EXPECT_TRUE(problems.empty()) << Messages(problems);
}

TEST_F(PasswordPolicyTest, EmptyRefused) {
  EXPECT_TRUE(Has(Check(""), Code::kTooShort));
}

TEST_F(PasswordPolicyTest, F32_MaximumLengthAcceptedOneMoreRefused) {
  auto ok = Check(Strong(128));
  EXPECT_TRUE(ok.empty()) << Messages(ok);
  auto problems = Check(Strong(129));
  ASSERT_EQ(Codes(problems), std::vector<Code>{Code::kTooLong});
  EXPECT_THAT(problems[0].message, HasSubstr("128"));
}

TEST_F(PasswordPolicyTest, LengthCountsCodePointsNotBytes) {
  // 12 two-byte characters (24 bytes) is 12 characters: long enough.
  std::string accents = "éàçùèôîÉÀÇÙ€";  // 11 x 2 bytes + 1 x 3 bytes
  auto problems = Check(accents);
  EXPECT_FALSE(Has(problems, Code::kTooShort)) << Messages(problems);
  // 11 four-byte emoji (44 bytes) is still too short.
  std::string emoji;
  for (int i = 0; i < 11; ++i) emoji += "\U0001F98A";
  EXPECT_TRUE(Has(Check(emoji), Code::kTooShort));
  // 128 four-byte characters (512 bytes) are not too long...
  std::string long_emoji;
  const char* animals[] = {"\U0001F98A", "\U0001F422", "\U0001F989",
                           "\U0001F41D"};
  for (int i = 0; i < 128; ++i) long_emoji += animals[(i * 7 + i / 3) % 4];
  EXPECT_FALSE(Has(Check(long_emoji), Code::kTooLong));
  // ...but 129 are.
  EXPECT_TRUE(Has(Check(long_emoji + "\U0001F98A"), Code::kTooLong));
}

TEST_F(PasswordPolicyTest, F36_OneMegabyteRefusedAsTooLongOnly) {
  std::string huge(1 << 20, 'a');
  auto problems = policy_.Check(huge, huge, context_);
  EXPECT_EQ(Codes(problems), std::vector<Code>{Code::kTooLong});
  // Invalid UTF-8 at the end of a huge input: still only "too long" (the
  // length cap comes before any other analysis).
  std::string huge_bad = huge + "\xff";
  EXPECT_EQ(Codes(policy_.Check(huge_bad, huge_bad, context_)),
            std::vector<Code>{Code::kTooLong});
}

TEST_F(PasswordPolicyTest, F32_EmojiAndSpacesAccepted) {
  std::string pw = "🦊 mange 🍕 sous la 🌧️ à minuit";
  auto problems = Check(pw);
  EXPECT_TRUE(problems.empty()) << Messages(problems);
  auto spaced = Check("   loutre   parapluie   fanfare   ");
  EXPECT_TRUE(spaced.empty()) << Messages(spaced);
}

TEST_F(PasswordPolicyTest, F32_NoCompositionRules) {
  // All lower case, no digit, no symbol: fine when long and unpredictable.
  auto problems = Check("cheval agrafe pile correct");
  EXPECT_TRUE(problems.empty()) << Messages(problems);
}

TEST_F(PasswordPolicyTest, F33_CommonPasswordsRefusedAsWeak) {
  for (const char* pw :
       {"password1234", "azertyuiop123", "aaaaaaaaaaaa", "123456789012",
        "qwertyuiop12", "Password1234!", "motdepasse123", "Soleil2024!!",
        "Trifouillis2024", "JeanDupont2024"}) {
    auto problems = Check(pw);
    EXPECT_TRUE(Has(problems, Code::kTooGuessable)) << pw;
    for (const auto& p : problems) {
      if (p.code == Code::kTooGuessable) {
        EXPECT_THAT(p.message, HasSubstr("trop facile à deviner"));
      }
    }
  }
}

TEST_F(PasswordPolicyTest, MinScoreZeroAcceptsWeak) {
  config_.password_min_score = 0;
  PasswordPolicy lax(config_);
  EXPECT_TRUE(lax.Check("password1234", "password1234", context_).empty());
}

TEST_F(PasswordPolicyTest, ScoreIsOrdered) {
  EXPECT_EQ(PasswordPolicy::Score("password", {}), 0);
  EXPECT_LE(PasswordPolicy::Score("azertyuiop123", {}), 2);
  EXPECT_EQ(PasswordPolicy::Score("loutre parapluie fanfare 42", {}), 4);
  // A word of the user dictionary is much easier to guess.
  EXPECT_LT(PasswordPolicy::Score("trifouillis1", {"trifouillis"}),
            PasswordPolicy::Score("trifouillis1", {}));
}

TEST_F(PasswordPolicyTest, F33_ContainsLoginRefused) {
  auto problems = Check("Ma-loutre-JDupont-fanfare");
  ASSERT_TRUE(Has(problems, Code::kContainsLogin)) << Messages(problems);
  EXPECT_FALSE(Has(problems, Code::kContainsEmail));
  for (const auto& p : problems) {
    if (p.code == Code::kContainsLogin) {
      EXPECT_THAT(p.message, HasSubstr("identifiant"));
    }
  }
}

TEST_F(PasswordPolicyTest, ContainsEmailLocalPartRefused) {
  auto problems = Check("orage JEAN.DUPONT brume cerf");
  ASSERT_TRUE(Has(problems, Code::kContainsEmail)) << Messages(problems);
  for (const auto& p : problems) {
    if (p.code == Code::kContainsEmail) {
      EXPECT_THAT(p.message, HasSubstr("adresse"));
    }
  }
}

TEST_F(PasswordPolicyTest, ShortEmailLocalPartIgnored) {
  context_.email = "jd@example.org";
  context_.login = "x";
  auto problems = Check("jd loutre parapluie fanfare");
  EXPECT_FALSE(Has(problems, Code::kContainsEmail)) << Messages(problems);
  EXPECT_FALSE(Has(problems, Code::kContainsLogin)) << Messages(problems);
}

TEST_F(PasswordPolicyTest, F33_ContainsOrganisationRefused) {
  auto problems = Check("lichen mairie de trifouillis 77");
  ASSERT_TRUE(Has(problems, Code::kContainsOrganisation)) << Messages(problems);
  for (const auto& p : problems) {
    if (p.code == Code::kContainsOrganisation) {
      EXPECT_THAT(p.message, HasSubstr("Mairie de Trifouillis"));
    }
  }
}

TEST_F(PasswordPolicyTest, F34_MismatchRefused) {
  std::string pw = Strong(20);
  auto problems = policy_.Check(pw, pw + "x", context_);
  ASSERT_EQ(Codes(problems), std::vector<Code>{Code::kMismatch});
  EXPECT_EQ(problems[0].message,
            "Les deux mots de passe ne sont pas identiques.");
  EXPECT_TRUE(Has(policy_.Check(pw, "", context_), Code::kMismatch));
}

TEST_F(PasswordPolicyTest, InvalidUtf8Refused) {
  for (std::string bad : {std::string("loutre-parapluie\xff-fanfare"),
                          std::string("loutre-parapluie\xc3"),     // truncated
                          std::string("loutre-\xc0\xaf-fanfare"),  // overlong
                          std::string("loutre-\xed\xa0\x80-fanfare")}) {
    auto problems = policy_.Check(bad, bad, context_);
    ASSERT_FALSE(problems.empty());
    EXPECT_EQ(problems[0].code, Code::kInvalidText);
  }
}

TEST_F(PasswordPolicyTest, ControlCharactersRefused) {
  std::string pw = std::string("loutre parapluie") + '\0' + "fanfare";
  EXPECT_TRUE(Has(policy_.Check(pw, pw, context_), Code::kInvalidText));
  pw = "loutre parapluie\nfanfare";
  EXPECT_TRUE(Has(policy_.Check(pw, pw, context_), Code::kInvalidText));
}

TEST_F(PasswordPolicyTest, RandomStrongPassphraseAccepted) {
  // Five random words from a word list plus a separator: what the form
  // suggests. Drawn from the OS generator, so different at every run, all
  // far above the thresholds.
  const std::vector<std::string> words = {
      "loutre", "parapluie", "fanfare", "lichen",  "orage",    "brume",
      "cerf",   "ardoise",   "tilleul", "gravier", "falaise",  "moineau",
      "citron", "boussole",  "renard",  "vitrail", "chaloupe", "grenier"};
  for (int round = 0; round < 20; ++round) {
    std::string pw;
    for (int i = 0; i < 5; ++i) {
      std::string index = crypto::RandomString(1, "abcdefghijklmnopqr");
      if (i > 0) pw += ' ';
      pw += words[static_cast<size_t>(index[0] - 'a')];
    }
    auto problems = Check(pw);
    EXPECT_TRUE(problems.empty()) << pw << ": " << Messages(problems);
  }
}

TEST_F(PasswordPolicyTest, RulesAreShownInFrench) {
  std::vector<std::string> rules = policy_.Rules();
  ASSERT_FALSE(rules.empty());
  std::string all;
  for (const auto& r : rules) all += r + "\n";
  EXPECT_THAT(all, HasSubstr("12"));
  EXPECT_THAT(all, HasSubstr("128"));
  EXPECT_THAT(all, HasSubstr("caractères"));
  config_.password_min_length = 15;
  EXPECT_THAT(PasswordPolicy(config_).Rules()[0], HasSubstr("15"));
}

TEST_F(PasswordPolicyTest, ConfiguredLengthsApply) {
  config_.password_min_length = 15;
  config_.password_max_length = 20;
  PasswordPolicy p(config_);
  EXPECT_TRUE(Has(p.Check(Strong(14), Strong(14), context_), Code::kTooShort));
  EXPECT_TRUE(p.Check(Strong(15), Strong(15), context_).empty());
  EXPECT_TRUE(p.Check(Strong(20), Strong(20), context_).empty());
  EXPECT_TRUE(Has(p.Check(Strong(21), Strong(21), context_), Code::kTooLong));
}

// ---- blocklists ----

class BlocklistTest : public PasswordPolicyTest {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sesame_blocklist_XXXXXX";
    char* d = mkdtemp(tmpl);
    ASSERT_NE(d, nullptr);
    dir_ = d;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string Write(const std::string& name, const std::string& content) {
    std::string p = dir_ + "/" + name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  std::string dir_;
};

TEST_F(BlocklistTest, PlainListRefusesItsEntries) {
  config_.password_blocklist_file = Write(
      "plain.txt", "loutre parapluie fanfare\r\nVq7#loutre-Parapluie\n\n");
  PasswordPolicy p(config_);
  ASSERT_TRUE(p.Load().ok());
  std::string listed = "loutre parapluie fanfare";
  auto problems = p.Check(listed, listed, context_);
  ASSERT_EQ(Codes(problems), std::vector<Code>{Code::kBlocklisted});
  EXPECT_THAT(problems[0].message, HasSubstr("divulgués"));
  std::string second = "Vq7#loutre-Parapluie";
  EXPECT_TRUE(Has(p.Check(second, second, context_), Code::kBlocklisted));
  // A password not in the list passes.
  std::string other = "loutre parapluie fanfares";
  EXPECT_TRUE(p.Check(other, other, context_).empty());
}

TEST_F(BlocklistTest, PwnedFormatSearchedInPlace) {
  // Sorted "SHA1:count" lines, as downloaded from Pwned Passwords.
  std::vector<std::string> listed = {
      "loutre parapluie fanfare", "orage brume cerf lichen",
      "Vq7#loutre-Parapluie", "ardoise tilleul gravier"};
  std::vector<std::string> lines;
  for (const auto& pw : listed) lines.push_back(crypto::Sha1Hex(pw) + ":42");
  // Filler entries around them, so the search has to bisect.
  for (int i = 0; i < 2000; ++i) {
    lines.push_back(crypto::Sha1Hex("filler " + std::to_string(i)) + ":" +
                    std::to_string(i + 1));
  }
  std::sort(lines.begin(), lines.end());
  std::string content;
  for (const auto& l : lines) content += l + "\r\n";
  config_.password_blocklist_file = Write("pwned.txt", content);
  PasswordPolicy p(config_);
  ASSERT_TRUE(p.Load().ok());
  for (const auto& pw : listed) {
    EXPECT_EQ(Codes(p.Check(pw, pw, context_)),
              std::vector<Code>{Code::kBlocklisted})
        << pw;
  }
  for (const char* pw : {"falaise moineau citron", "boussole renard vitrail",
                         "chaloupe grenier lichen"}) {
    auto problems = p.Check(pw, pw, context_);
    EXPECT_TRUE(problems.empty()) << pw << ": " << Messages(problems);
  }
}

TEST_F(BlocklistTest, PwnedFormatFirstAndLastLines) {
  std::vector<std::string> lines;
  for (int i = 0; i < 50; ++i) {
    lines.push_back(crypto::Sha1Hex("lichen ardoise " + std::to_string(i)) +
                    ":1");
  }
  std::sort(lines.begin(), lines.end());
  std::string content;
  for (const auto& l : lines) content += l + "\n";
  config_.password_blocklist_file = Write("edges.txt", content);
  PasswordPolicy p(config_);
  ASSERT_TRUE(p.Load().ok());
  int found = 0;
  for (int i = 0; i < 50; ++i) {
    std::string pw = "lichen ardoise " + std::to_string(i);
    if (Has(p.Check(pw, pw, context_), Code::kBlocklisted)) ++found;
  }
  EXPECT_EQ(found, 50);
}

TEST_F(BlocklistTest, BareSha1LinesAndCopiesShareTheList) {
  std::vector<std::string> lines;
  for (int i = 0; i < 500; ++i) {
    lines.push_back(crypto::Sha1Hex("brume falaise " + std::to_string(i)));
  }
  std::sort(lines.begin(), lines.end());
  std::string content;
  for (const auto& l : lines) content += l + "\n";
  config_.password_blocklist_file = Write("bare.txt", content);
  PasswordPolicy p(config_);
  ASSERT_TRUE(p.Load().ok());
  PasswordPolicy copy = p;  // shares the open file
  std::string pw = "brume falaise 321";
  EXPECT_TRUE(Has(copy.Check(pw, pw, context_), Code::kBlocklisted));
  pw = "brume falaise 500";
  EXPECT_FALSE(Has(copy.Check(pw, pw, context_), Code::kBlocklisted));
}

TEST_F(BlocklistTest, EmptyPlainFileBlocksNothing) {
  config_.password_blocklist_file = Write("empty.txt", "");
  PasswordPolicy p(config_);
  ASSERT_TRUE(p.Load().ok());
  std::string pw = Strong(20);
  EXPECT_TRUE(p.Check(pw, pw, context_).empty());
}

TEST_F(BlocklistTest, MissingFileIsAnError) {
  config_.password_blocklist_file = dir_ + "/absent.txt";
  PasswordPolicy p(config_);
  Status st = p.Load();
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(st.message(), HasSubstr("absent.txt"));
}

}  // namespace
}  // namespace sesame
