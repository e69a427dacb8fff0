#include "flows/consular/rules.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "recovery/link_rules.h"

namespace sesame {
namespace {

TEST(NormaliseNumic, PadsShortNumbersWithZeros) {
  EXPECT_EQ(NormaliseNumic("12345678"), "12345678");
  EXPECT_EQ(NormaliseNumic("345678"), "00345678");
  EXPECT_EQ(NormaliseNumic("7"), "00000007");
  EXPECT_EQ(NormaliseNumic("  00345678 "), "00345678");
}

TEST(NormaliseNumic, RefusesAnythingElse) {
  for (const char* bad :
       {"", "   ", "123456789", "1234 5678", "1234a678", "ABCDEFGH", "-1234567",
        "+1234567", "1234567\n", "１２３４５６７８",  // fullwidth digits
        "١٢٣٤٥٦٧٨",                                   // Arabic-Indic digits
        "12345678\xff"}) {
    EXPECT_FALSE(NormaliseNumic(bad).has_value()) << bad;
  }
}

TEST(NumicSalt, SixteenBytesBoundToTheKey) {
  EXPECT_EQ(NumicSalt(std::string(32, 'k')).size(), 16u);
  EXPECT_EQ(NumicSalt(std::string(32, 'k')), NumicSalt(std::string(32, 'k')));
  EXPECT_NE(NumicSalt(std::string(32, 'k')), NumicSalt(std::string(32, 'j')));
}

TEST(NotBothRules, EachCredentialGuardsTheOtherForTheWindow) {
  std::vector<MarkRule> rules = NotBothRules(24);
  std::vector<MarkGuard> password = GuardsFor(rules, 7, kPasswordRenewalMark);
  ASSERT_EQ(password.size(), 1u);
  EXPECT_EQ(password[0].account_id, 7);
  EXPECT_EQ(password[0].mark, kIdentifierSentMark);
  EXPECT_EQ(password[0].within_seconds, 24 * 3600);
  std::vector<MarkGuard> identifier = GuardsFor(rules, 7, kIdentifierSentMark);
  ASSERT_EQ(identifier.size(), 1u);
  EXPECT_EQ(identifier[0].mark, kPasswordRenewalMark);
  EXPECT_EQ(GuardHours(identifier), 24);
  EXPECT_TRUE(GuardsFor(rules, 7, "other.mark").empty());
  EXPECT_TRUE(NotBothRules(0).empty()) << "0 turns the rule off";
  EXPECT_EQ(GuardHours({}), 0);
}

}  // namespace
}  // namespace sesame
