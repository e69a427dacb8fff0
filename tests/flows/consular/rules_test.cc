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

TEST(RenewalAllowed, OutsideTheWindowOnly) {
  EXPECT_TRUE(RenewalAllowed(std::nullopt, 24));
  EXPECT_FALSE(RenewalAllowed(0, 24));
  EXPECT_FALSE(RenewalAllowed(24 * 3600 - 1, 24));
  EXPECT_TRUE(RenewalAllowed(24 * 3600, 24));
  EXPECT_TRUE(RenewalAllowed(5, 0)) << "0 turns the rule off";
}

}  // namespace
}  // namespace sesame
