// The Education flow's rules, without I/O.
#include "flows/education/rules.h"

#include <gtest/gtest.h>

#include <ctime>
#include <set>

namespace sesame {
namespace {

TEST(EducationRulesTest, NumenAccepted) {
  VoterId id = ParseVoterId(" 07e0123456abc ");
  EXPECT_EQ(id.problem, VoterIdProblem::kNone);
  EXPECT_EQ(id.kind, VoterIdKind::kNumen);
  EXPECT_EQ(id.canonical, "07E0123456ABC");
}

TEST(EducationRulesTest, NumenOfAnotherShapeRefused) {
  for (const char* typed : {"07E012345ABC", "07E01234567ABC", "07E0123456AB1",
                            "0XE0123456ABC", "07EE123456ABC"}) {
    EXPECT_EQ(ParseVoterId(typed).problem, VoterIdProblem::kNumenFormat)
        << typed;
  }
}

TEST(EducationRulesTest, Nir10Accepted) {
  VoterId id = ParseVoterId("1 85 07 75 123");
  EXPECT_EQ(id.problem, VoterIdProblem::kNone);
  EXPECT_EQ(id.kind, VoterIdKind::kNir10);
  EXPECT_EQ(id.canonical, "1850775123");
  // Unknown month (20+) and the temporary numbers (7, 8).
  EXPECT_EQ(ParseVoterId("2853099123").problem, VoterIdProblem::kNone);
  EXPECT_EQ(ParseVoterId("7850599123").problem, VoterIdProblem::kNone);
}

TEST(EducationRulesTest, Nir10CorsicaAccepted) {
  VoterId a = ParseVoterId("18507 2a 004");
  EXPECT_EQ(a.problem, VoterIdProblem::kNone);
  EXPECT_EQ(a.canonical, "185072A004");
  EXPECT_EQ(ParseVoterId("185072B004").problem, VoterIdProblem::kNone);
  EXPECT_EQ(ParseVoterId("185072C004").problem, VoterIdProblem::kFormat);
  EXPECT_EQ(ParseVoterId("18507A2004").problem, VoterIdProblem::kFormat);
}

TEST(EducationRulesTest, Nir10WrongSexDigitRefused) {
  EXPECT_EQ(ParseVoterId("3850775123").problem, VoterIdProblem::kNirSex);
  EXPECT_EQ(ParseVoterId("0850775123").problem, VoterIdProblem::kNirSex);
}

TEST(EducationRulesTest, Nir10WrongMonthRefused) {
  for (const char* typed : {"1850075123", "1851375123", "1851975123"}) {
    EXPECT_EQ(ParseVoterId(typed).problem, VoterIdProblem::kNirMonth) << typed;
  }
}

TEST(EducationRulesTest, Nir10WrongDepartmentRefused) {
  EXPECT_EQ(ParseVoterId("1850700123").problem, VoterIdProblem::kNirDepartment);
}

TEST(EducationRulesTest, FullNirRefusedForItsLength) {
  EXPECT_EQ(ParseVoterId("185077512345678").problem,
            VoterIdProblem::kNirLength);
  EXPECT_EQ(ParseVoterId("185077512").problem, VoterIdProblem::kNirLength);
  EXPECT_EQ(ParseVoterId("").problem, VoterIdProblem::kEmpty);
  EXPECT_EQ(ParseVoterId("18507751x3").problem, VoterIdProblem::kFormat);
  EXPECT_FALSE(VoterIdMessage(VoterIdProblem::kNirMonth).empty());
}

TEST(EducationRulesTest, AnswerNormalisedForCaseAccentsAndSpaces) {
  EXPECT_EQ(NormaliseAnswer("  Citroën   DS "), "citroen ds");
  EXPECT_EQ(NormaliseAnswer("CITROEN\tds"), "citroen ds");
  EXPECT_EQ(NormaliseAnswer("L\u2019Œuvre  à\u00a0Noël"), "l'oeuvre a noel");
  // A decomposed accent (e + U+0301) folds as the composed one.
  EXPECT_EQ(NormaliseAnswer("E\xcc\x81te\xcc\x81"), "ete");
  EXPECT_EQ(NormaliseAnswer("   "), "");
}

TEST(EducationRulesTest, ChallengeQuestionsAreAFixedList) {
  ASSERT_GE(ChallengeQuestions().size(), 5u);
  ASSERT_NE(FindQuestion("voiture"), nullptr);
  EXPECT_STREQ(FindQuestion("voiture")->text,
               "Quelle était la marque de votre première voiture ?");
  EXPECT_EQ(FindQuestion("nope"), nullptr);
}

// Splits a code into its symbols (one UTF-8 code point each).
std::vector<std::string> SymbolsOf(const std::string& code) {
  std::vector<std::string> out;
  for (size_t i = 0; i < code.size();) {
    size_t n = (static_cast<unsigned char>(code[i]) & 0xE0) == 0xC0 ? 2 : 1;
    out.push_back(code.substr(i, n));
    i += n;
  }
  return out;
}

TEST(EducationRulesTest, NewVoteCodeHas16SymbolsOfEachKind) {
  const std::set<std::string> alphabet(VoteCodeSymbols().begin(),
                                       VoteCodeSymbols().end());
  EXPECT_GE(alphabet.size(), 64u);
  EXPECT_TRUE(alphabet.count("à") && alphabet.count("é") &&
              alphabet.count("$") && alphabet.count("?"));
  std::set<std::string> codes;
  for (int n = 0; n < 200; ++n) {
    const std::string code = NewVoteCode();
    codes.insert(code);
    std::vector<std::string> symbols = SymbolsOf(code);
    ASSERT_EQ(symbols.size(), kVoteCodeLength) << code;
    bool letter = false, digit = false, special = false;
    for (const std::string& s : symbols) {
      ASSERT_TRUE(alphabet.count(s)) << s;
      const unsigned char c = static_cast<unsigned char>(s[0]);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (std::isalpha(c) || c >= 0x80) {
        letter = true;
      } else {
        special = true;
      }
    }
    EXPECT_TRUE(letter && digit && special) << code;
  }
  EXPECT_EQ(codes.size(), 200u);
}

TEST(EducationRulesTest, VoteCodeTypedWithDecomposedAccentsMatches) {
  EXPECT_EQ(NormaliseVoteCode(" 2Ly?TcP0:M$9ha\xcc\x80Ug "),
            "2Ly?TcP0:M$9hàUg");
  EXPECT_EQ(NormaliseVoteCode("e\xcc\x81"), "é");
  EXPECT_EQ(NormaliseVoteCode("   "), "");
}

TEST(EducationRulesTest, MobileNumbers) {
  EXPECT_TRUE(IsMobileNumber("+33612345678"));
  EXPECT_TRUE(IsMobileNumber("+33712345678"));
  EXPECT_FALSE(IsMobileNumber("+33123456789"));
  EXPECT_FALSE(IsMobileNumber("+33912345678"));
  EXPECT_TRUE(IsMobileNumber("+32470123456"));  // another country's plan
}

TEST(EducationRulesTest, SameMailboxAfterNormalisation) {
  EXPECT_TRUE(
      SameMailbox(" Jean.Nicolas@AC-Paris.fr ", "jean.nicolas@ac-paris.fr"));
  EXPECT_FALSE(
      SameMailbox("jean.nicolas@gmail.com", "jean.nicolas@ac-paris.fr"));
}

TEST(EducationRulesTest, PivotNormalised) {
  std::optional<IdentityPivot> a = NormalisePivot(
      {"Nicolas", "Jean-Marc  Manuel", "1972-04-01", "75112", "male"});
  std::optional<IdentityPivot> b = NormalisePivot(
      {" NICOLAS ", "jean marc manuel", "1972-04-01", "75112", "MALE"});
  ASSERT_TRUE(a && b);
  EXPECT_EQ(PivotFact("l", *a), PivotFact("l", *b));
  EXPECT_EQ(a->given_name, "JEAN MARC MANUEL");
  EXPECT_NE(PivotFact("l", *a), PivotFact("other", *a));
  EXPECT_FALSE(NormalisePivot({"", "Jean", "1972-04-01", "", "male"}));
  EXPECT_FALSE(NormalisePivot({"N", "Jean", "01/04/1972", "", "male"}));
  EXPECT_FALSE(NormalisePivot({"N", "Jean", "1972-04-01", "", "x"}));
  EXPECT_TRUE(ParsePivotOption("N|J|1972-04-01|75112|male"));
  EXPECT_FALSE(ParsePivotOption("N|J|1972-04-01|male"));
}

TEST(EducationRulesTest, FactsAreBoundToTheLogin) {
  EXPECT_NE(AnswerFact("a", "voiture", "x"), AnswerFact("b", "voiture", "x"));
  EXPECT_NE(VoterIdFact("a", VoterIdKind::kNir10, "1850775123"),
            VoterIdFact("b", VoterIdKind::kNir10, "1850775123"));
}

TEST(EducationRulesTest, CodeSlipRoundTrip) {
  std::optional<CodeSlip> slip =
      DecodeCodeSlip(EncodeCodeSlip({"2Ly?TcP0:M$9hàUg", 1800000000}));
  ASSERT_TRUE(slip);
  EXPECT_EQ(slip->code, "2Ly?TcP0:M$9hàUg");
  EXPECT_EQ(slip->until, 1800000000);
  EXPECT_FALSE(DecodeCodeSlip("garbage"));
}

int64_t Utc(int y, int mo, int d, int h, int mi) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  return timegm(&tm);
}

TEST(EducationRulesTest, ParisTimeFollowsSummerTime) {
  EXPECT_EQ(ParisTime(Utc(2026, 1, 15, 12, 0)), "13 h 00 min 00 s");
  EXPECT_EQ(ParisTime(Utc(2026, 7, 1, 12, 30)), "14 h 30 min 00 s");
  // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
  EXPECT_EQ(ParisTime(Utc(2026, 3, 29, 0, 59)), "01 h 59 min 00 s");
  EXPECT_EQ(ParisTime(Utc(2026, 3, 29, 1, 0)), "03 h 00 min 00 s");
  EXPECT_EQ(ParisTime(Utc(2026, 10, 25, 0, 59)), "02 h 59 min 00 s");
  EXPECT_EQ(ParisTime(Utc(2026, 10, 25, 1, 0)), "02 h 00 min 00 s");
}

}  // namespace
}  // namespace sesame
