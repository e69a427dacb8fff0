#include "flows/interior/rules.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace sesame {
namespace {

const CivilDate kToday{2024, 6, 15};

BirthDate Parse(std::string_view typed) {
  return ParseBirthDate(typed, kToday);
}

TEST(InteriorBirthDate, AcceptsTheVariantsAPersonTypes) {
  for (const char* typed : {"01/02/1980", "1/2/1980", "01-02-1980", "1-2-1980",
                            "01.02.1980", "01 02 1980", "01021980",
                            "  01/02/1980  ", "\t1/02/1980 ", " 01021980 "}) {
    BirthDate d = Parse(typed);
    EXPECT_EQ(d.problem, BirthDateProblem::kNone) << typed;
    EXPECT_EQ(d.canonical, "01/02/1980") << typed;
    EXPECT_EQ(d.date.year, 1980) << typed;
    EXPECT_EQ(d.date.month, 2) << typed;
    EXPECT_EQ(d.date.day, 1) << typed;
  }
  EXPECT_EQ(Parse("31/12/1999").canonical, "31/12/1999");
  EXPECT_EQ(Parse("9/11/2001").canonical, "09/11/2001");
}

TEST(InteriorBirthDate, EmptyIsItsOwnProblem) {
  EXPECT_EQ(Parse("").problem, BirthDateProblem::kEmpty);
  EXPECT_EQ(Parse("   ").problem, BirthDateProblem::kEmpty);
  EXPECT_TRUE(Parse("").canonical.empty());
}

TEST(InteriorBirthDate, RefusesOtherShapes) {
  for (const char* typed :
       {"1980-02-01",         "01/02/80",    "010280",         "0102198",
        "010219800",          "001/02/1980", "01/002/1980",    "01/02/19800",
        "01//02/1980",        "01/02/1980/", "01 / 02 / 1980", "1 février 1980",
        "01/02/198O",         "01/02",       "JJ/MM/AAAA",     "01/02 1980x",
        "０１/０２/１９８０", "1.2.1980.",   "01:02:1980",     "+1/02/1980",
        "-1/02/1980",         "01/02/-980"}) {
    BirthDate d = Parse(typed);
    EXPECT_EQ(d.problem, BirthDateProblem::kFormat) << typed;
    EXPECT_TRUE(d.canonical.empty()) << typed;
  }
}

TEST(InteriorBirthDate, RefusesImpossibleDates) {
  for (const char* typed :
       {"31/02/1980", "30/02/2000", "29/02/1981", "29/02/1900", "31/04/1980",
        "31/06/1980", "31/09/1980", "31/11/1980", "00/01/1980", "01/00/1980",
        "12/13/1980", "32/01/1980", "00000000", "31021980", "99/99/1980"}) {
    BirthDate d = Parse(typed);
    EXPECT_EQ(d.problem, BirthDateProblem::kImpossible) << typed;
    EXPECT_TRUE(d.canonical.empty()) << typed;
  }
}

TEST(InteriorBirthDate, LeapDaysOfLeapYearsOnly) {
  EXPECT_EQ(Parse("29/02/2000").problem, BirthDateProblem::kNone);  // 400
  EXPECT_EQ(Parse("29/02/1980").problem, BirthDateProblem::kNone);  // 4
  EXPECT_EQ(Parse("29/02/1900").problem,  // 100, not 400
            BirthDateProblem::kImpossible);
  EXPECT_EQ(Parse("29/02/2023").problem, BirthDateProblem::kImpossible);
  EXPECT_EQ(Parse("29/02/2024").problem, BirthDateProblem::kNone);
}

TEST(InteriorBirthDate, From1900ToToday) {
  EXPECT_EQ(Parse("01/01/1900").problem, BirthDateProblem::kNone);
  EXPECT_EQ(Parse("31/12/1899").problem, BirthDateProblem::kTooOld);
  EXPECT_EQ(Parse("01/01/1000").problem, BirthDateProblem::kTooOld);
  EXPECT_EQ(Parse("01/01/0000").problem, BirthDateProblem::kTooOld);
  EXPECT_EQ(Parse("15/06/2024").problem, BirthDateProblem::kNone);  // today
  EXPECT_EQ(Parse("16/06/2024").problem, BirthDateProblem::kFuture);
  EXPECT_EQ(Parse("01/07/2024").problem, BirthDateProblem::kFuture);
  EXPECT_EQ(Parse("01/01/2025").problem, BirthDateProblem::kFuture);
  EXPECT_EQ(Parse("01/01/9999").problem, BirthDateProblem::kFuture);
  EXPECT_EQ(Parse("14/06/2024").problem, BirthDateProblem::kNone);
  // The future is measured from `today`, not from a fixed year.
  EXPECT_EQ(ParseBirthDate("16/06/2024", {2030, 1, 1}).problem,
            BirthDateProblem::kNone);
}

TEST(InteriorBirthDate, FrenchMessageForEachProblem) {
  EXPECT_EQ(BirthDateMessage(BirthDateProblem::kNone), "");
  EXPECT_EQ(BirthDateMessage(BirthDateProblem::kEmpty),
            "Saisissez votre date de naissance.");
  EXPECT_EQ(BirthDateMessage(BirthDateProblem::kFormat),
            "Saisissez votre date de naissance au format JJ/MM/AAAA "
            "(exemple : 01/02/1980).");
  EXPECT_EQ(BirthDateMessage(BirthDateProblem::kImpossible),
            "Cette date n'existe pas : vérifiez le jour et le mois.");
  EXPECT_EQ(BirthDateMessage(BirthDateProblem::kTooOld),
            "La date de naissance ne peut pas être antérieure au "
            "1er janvier 1900.");
  EXPECT_EQ(BirthDateMessage(BirthDateProblem::kFuture),
            "La date de naissance ne peut pas être dans le futur.");
}

TEST(InteriorMatricule, DigitsKeptAsTyped) {
  EXPECT_EQ(NormaliseMatricule("123456"), "123456");
  EXPECT_EQ(NormaliseMatricule("  0012345 "), "0012345");
  EXPECT_EQ(NormaliseMatricule("7"), "7");
  EXPECT_EQ(NormaliseMatricule("123456789012"), "123456789012");
}

TEST(InteriorMatricule, RefusesAnythingElse) {
  for (const char* typed :
       {"", "   ", "123 456", "12-3456", "12a456", "A123456", "1234567890123",
        "12345.6", "+123456", "１２３４５６", "123456\n", "123456\xff"}) {
    EXPECT_FALSE(NormaliseMatricule(typed).has_value()) << typed;
  }
}

TEST(InteriorCardNumber, SpacesDashesAndCaseNormalised) {
  EXPECT_EQ(NormaliseCardNumber("A1B2C3D4E5F6"), "A1B2C3D4E5F6");
  EXPECT_EQ(NormaliseCardNumber("a1b2 c3d4-e5f6"), "A1B2C3D4E5F6");
  EXPECT_EQ(NormaliseCardNumber(" 4970-1012-3456-7890 "), "4970101234567890");
  EXPECT_EQ(NormaliseCardNumber("abcdef"), "ABCDEF");
  EXPECT_EQ(NormaliseCardNumber(std::string(32, '9')), std::string(32, '9'));
}

TEST(InteriorCardNumber, RefusesAnythingElse) {
  for (const std::string& typed :
       {std::string(""), std::string("  - "), std::string("A1B2C"),
        std::string(33, '9'), std::string("A1B2C3/D4"),
        std::string("A1B2C3.D4"), std::string("A1B2C3_D4"),
        std::string("ÉCARTE123")}) {
    EXPECT_FALSE(NormaliseCardNumber(typed).has_value()) << typed;
  }
}

TEST(InteriorIban, ValidIbansAsTyped) {
  struct Case {
    const char* typed;
    const char* normalised;
  };
  for (const Case& c : std::vector<Case>{
           {"FR7630006000011234567890189", "FR7630006000011234567890189"},
           {"FR76 3000 6000 0112 3456 7890 189", "FR7630006000011234567890189"},
           {"fr76-3000-6000-0112-3456-7890-189", "FR7630006000011234567890189"},
           {"  Fr76 3000 6000 0112 3456 7890 189 ",
            "FR7630006000011234567890189"},
           {"GB82WEST12345698765432", "GB82WEST12345698765432"},
           {"gb82 west 1234 5698 7654 32", "GB82WEST12345698765432"},
           {"DE89370400440532013000", "DE89370400440532013000"},
           {"DE89 3704 0044 0532 0130 00", "DE89370400440532013000"},
       }) {
    Iban iban = NormaliseIban(c.typed);
    EXPECT_EQ(iban.problem, IbanProblem::kNone) << c.typed;
    EXPECT_EQ(iban.normalised, c.normalised) << c.typed;
  }
}

TEST(InteriorIban, OneDigitChangedFailsTheCheckDigits) {
  for (const char* typed :
       {"FR7630006000011234567890188", "FR7730006000011234567890189",
        "FR7630006000011234567890198",  // two digits swapped
        "GB82WEST12345698765433", "GB82WEST12345698765423",
        "GB82WESU12345698765432", "DE89370400440532013001",
        "DE88370400440532013000", "de89 3704 0044 0532 0130 01",
        // The example of the issue: its check digits are made up.
        "FR12 1234 5123 4501 2345 A012 01"}) {
    Iban iban = NormaliseIban(typed);
    EXPECT_EQ(iban.problem, IbanProblem::kCheckDigits) << typed;
    EXPECT_TRUE(iban.normalised.empty()) << typed;
  }
}

TEST(InteriorIban, CheckDigitsNeverIssuedAreRefused) {
  // 97 and 98 are valid here; 00 and 01 leave the same remainder mod 97
  // but are never issued (ISO 13616: 02 to 98).
  EXPECT_EQ(NormaliseIban("FR9730006000011234567890005").problem,
            IbanProblem::kNone);
  EXPECT_EQ(NormaliseIban("FR0030006000011234567890005").problem,
            IbanProblem::kCheckDigits);
  EXPECT_EQ(NormaliseIban("FR9830006000011234567890084").problem,
            IbanProblem::kNone);
  EXPECT_EQ(NormaliseIban("FR0130006000011234567890084").problem,
            IbanProblem::kCheckDigits);
}

TEST(InteriorIban, RefusesOtherShapes) {
  for (const std::string& typed :
       {std::string(""), std::string("FR76"), std::string("FR763000600001"),
        std::string("7630006000011234567890189FR"),
        std::string("F17630006000011234567890189"),
        std::string("FRX630006000011234567890189"),
        std::string("FR7630006000011234567890189/"),
        std::string("FR76.3000.6000.0112.3456.7890.189"),
        "FR76" + std::string(31, '1'),
        std::string("FR76 3000 6000 01É2 3456")}) {
    Iban iban = NormaliseIban(typed);
    EXPECT_EQ(iban.problem, IbanProblem::kFormat) << typed;
    EXPECT_TRUE(iban.normalised.empty()) << typed;
  }
}

TEST(InteriorReassortSecret, SixOfTheCardThenSixOfTheIban) {
  // The example: card A1B2C3…, IBAN FR12 1234 5123 4501 2345 A012 01.
  EXPECT_EQ(DeriveReassortSecret("A1B2C3D4E5F6", "FR121234512345012345A01201"),
            "A1B2C3A01201");
  EXPECT_EQ(DeriveReassortSecret("A1B2C3", "FR7630006000011234567890189"),
            "A1B2C3890189");
  EXPECT_EQ(DeriveReassortSecret(
                *NormaliseCardNumber("4970 1012 3456 7890"),
                NormaliseIban("GB82 WEST 1234 5698 7654 32").normalised),
            "497010765432");
  EXPECT_EQ(DeriveReassortSecret("A1B2C3", "FR76").size(), 0u);
}

TEST(InteriorReassortSecret, TypedSecretNormalised) {
  EXPECT_EQ(NormaliseReassortSecret("A1B2C3A01201"), "A1B2C3A01201");
  EXPECT_EQ(NormaliseReassortSecret("a1b2c3a01201"), "A1B2C3A01201");
  EXPECT_EQ(NormaliseReassortSecret(" A1B2C3 A01201 "), "A1B2C3A01201");
  EXPECT_EQ(NormaliseReassortSecret("a1b2c3-a012-01"), "A1B2C3A01201");
}

TEST(InteriorReassortSecret, ElevenOrThirteenCharactersRefused) {
  for (const char* typed :
       {"A1B2C3A0120", "A1B2C3A012011", "A1B2C3 A0120", "", "A1B2C3A0120!",
        "A1B2C3A0120É", "A1B2C3_01201", "A1B2C3A01201\n"}) {
    EXPECT_FALSE(NormaliseReassortSecret(typed).has_value()) << typed;
  }
}

TEST(InteriorSecurityKey, ShapeAndAlphabet) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string key = NewSecurityKey();
    ASSERT_EQ(key.size(), kSecurityKeyLength);
    for (char c : key) {
      EXPECT_TRUE((c >= '2' && c <= '9') || (c >= 'A' && c <= 'Z')) << key;
      EXPECT_EQ(std::string("01OIL").find(c), std::string::npos) << key;
    }
    EXPECT_EQ(NormaliseSecurityKey(key), key);
    seen.insert(key);
  }
  EXPECT_EQ(seen.size(), 200u);  // 59 bits each: no repeat
}

TEST(InteriorSecurityKey, GroupedInFours) {
  EXPECT_EQ(GroupSecurityKey("K7QXM3TD9WRA"), "K7QX-M3TD-9WRA");
  std::string key = NewSecurityKey();
  std::string grouped = GroupSecurityKey(key);
  ASSERT_EQ(grouped.size(), 14u);
  EXPECT_EQ(grouped[4], '-');
  EXPECT_EQ(grouped[9], '-');
  EXPECT_EQ(NormaliseSecurityKey(grouped), key);
}

TEST(InteriorSecurityKey, TypedKeyNormalised) {
  EXPECT_EQ(NormaliseSecurityKey("K7QX-M3TD-9WRA"), "K7QXM3TD9WRA");
  EXPECT_EQ(NormaliseSecurityKey("k7qx-m3td-9wra"), "K7QXM3TD9WRA");
  EXPECT_EQ(NormaliseSecurityKey(" k7qx m3td 9wra "), "K7QXM3TD9WRA");
  EXPECT_EQ(NormaliseSecurityKey("K7QXM3TD9WRA"), "K7QXM3TD9WRA");
}

TEST(InteriorSecurityKey, RefusesAnythingElse) {
  for (const char* typed :
       {"", "K7QX-M3TD-9WR", "K7QX-M3TD-9WRAB", "K7QX-M3TD-9WR0",
        "K7QX-M3TD-9WRO", "K7QX-M3TD-9WR1", "K7QX-M3TD-9WRI", "K7QX-M3TD-9WRL",
        "k7qx-m3td-9wrl", "K7QX_M3TD_9WRA", "K7QX.M3TD.9WRA",
        "K7QX-M3TD-9WRÉ"}) {
    EXPECT_FALSE(NormaliseSecurityKey(typed).has_value()) << typed;
  }
}

TEST(InteriorFacts, EachFactNamesItsInputs) {
  EXPECT_EQ(MatriculeFact("123456"), MatriculeFact("123456"));
  EXPECT_NE(MatriculeFact("123456"), MatriculeFact("0123456"));
  EXPECT_EQ(IdentityFact("123456", "01/02/1980"),
            IdentityFact("123456", "01/02/1980"));
  EXPECT_NE(IdentityFact("123456", "01/02/1980"),
            IdentityFact("123456", "02/01/1980"));
  EXPECT_NE(SecurityKeyFact("123456", "K7QXM3TD9WRA"),
            SecurityKeyFact("123456", "K7QXM3TD9WRB"));
  EXPECT_NE(ReassortFact("123456", "01/02/1980", "A1B2C3A01201"),
            ReassortFact("123456", "01/02/1980", "A1B2C3A01202"));
}

TEST(InteriorFacts, DistinctInputsNeverMeet) {
  // Inputs that run together into the same characters, and the same inputs
  // under each kind of fact: every fact distinct.
  std::vector<std::string> facts = {
      MatriculeFact("1"),
      MatriculeFact("12"),
      MatriculeFact("123456"),
      IdentityFact("1", "01/02/1980"),
      IdentityFact("10", "1/02/1980"),
      IdentityFact("123456", "01/02/1980"),
      IdentityFact("12345", "601/02/1980"),
      SecurityKeyFact("1", "23456789ABCD"),
      SecurityKeyFact("12", "3456789ABCD"),
      SecurityKeyFact("123456", "01/02/1980"),
      ReassortFact("123456", "01/02/1980", "A1B2C3A01201"),
      ReassortFact("12345", "601/02/1980", "A1B2C3A01201"),
      ReassortFact("123456", "01/02/1980A", "1B2C3A01201"),
      ReassortFact("123456", "01/02/1980", ""),
      IdentityFact("123456", "01/02/1980A1B2C3A01201"),
      MatriculeFact("12345601/02/1980"),
  };
  std::set<std::string> distinct(facts.begin(), facts.end());
  EXPECT_EQ(distinct.size(), facts.size());
  // The separator occurs in no normalised input.
  for (const std::string& input :
       {*NormaliseMatricule("123456"), Parse("1/2/1980").canonical,
        *NormaliseSecurityKey("k7qx-m3td-9wra"),
        *NormaliseReassortSecret("a1b2c3-a01201")}) {
    EXPECT_EQ(input.find('|'), std::string::npos) << input;
  }
}

}  // namespace
}  // namespace sesame
