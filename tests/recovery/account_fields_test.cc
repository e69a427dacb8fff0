#include "recovery/account_fields.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace sesame {
namespace {

TEST(CheckLogin, AcceptsAndRefuses) {
  EXPECT_FALSE(CheckLogin("jean.dupont-2"));
  EXPECT_TRUE(CheckLogin(""));
  EXPECT_TRUE(CheckLogin(std::string(65, 'a')));
  EXPECT_TRUE(CheckLogin("jean dupont"));
  EXPECT_TRUE(CheckLogin("<script>"));
  EXPECT_TRUE(CheckLogin("ｊｅａｎ"));  // full-width look-alikes
}

TEST(CheckEmail, RefusesListsHeadersAndLookAlikes) {
  EXPECT_FALSE(CheckEmail("camille@example.org"));
  EXPECT_TRUE(CheckEmail("a@x.fr,b@y.fr"));
  EXPECT_TRUE(CheckEmail("a@x.fr;b@y.fr"));
  EXPECT_TRUE(CheckEmail("a@x.fr\r\nBcc:evil@y.fr"));
  EXPECT_TRUE(CheckEmail("a@b@x.fr"));
  EXPECT_TRUE(CheckEmail("mıke@x.fr"));  // dotless i
  EXPECT_TRUE(CheckEmail("@x.fr"));
  EXPECT_TRUE(CheckEmail("a@localhost"));
  EXPECT_TRUE(CheckEmail("a@x..fr"));
  EXPECT_TRUE(CheckEmail("Camille <c@x.fr>"));
}

TEST(NormaliseEmail, TrimsAndLowersDomainOnly) {
  EXPECT_EQ(NormaliseEmail("  Camille.D@Example.ORG "),
            "Camille.D@example.org");
  EXPECT_EQ(NormaliseEmail("   "), "");
}

TEST(NormalisePhone, FrenchAndE164) {
  EXPECT_EQ(NormalisePhone("06 12 34 56 78"), "+33612345678");
  EXPECT_EQ(NormalisePhone("+33 6 12 34 56 78"), "+33612345678");
  EXPECT_EQ(NormalisePhone("0033612345678"), "+33612345678");
  EXPECT_EQ(NormalisePhone("+1-202-555-0147"), "+12025550147");
  EXPECT_FALSE(NormalisePhone("12345"));
  EXPECT_FALSE(NormalisePhone("+33 6 12 34 56 78 ext"));
  EXPECT_FALSE(NormalisePhone("+0612345678"));
  EXPECT_FALSE(NormalisePhone("+3361234567890123"));
  EXPECT_FALSE(NormalisePhone("06\n12345678"));
}

TEST(CheckNewAccount, NormalisesAndNamesTheField) {
  NewAccount a;
  a.login = "camille";
  a.email = " c@Example.org";
  a.phone = "06 12 34 56 78";
  a.display_name = "Camille";
  EXPECT_FALSE(CheckNewAccount(&a));
  EXPECT_EQ(a.email, "c@example.org");
  EXPECT_EQ(a.phone, "+33612345678");
  NewAccount bad;
  bad.login = "camille";
  bad.email = "c@example.org";
  bad.phone = "not a phone";
  auto m = CheckNewAccount(&bad);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->rfind("phone:", 0), 0u);
  NewAccount ctrl;
  ctrl.login = "camille";
  ctrl.email = "c@example.org";
  ctrl.display_name = "Cam\x01ille";
  ASSERT_TRUE(CheckNewAccount(&ctrl));
}

TEST(NewTemporaryPassword, LongReadableAndFresh) {
  std::set<std::string> seen;
  const std::string alphabet = kTemporaryPasswordAlphabet;
  for (int i = 0; i < 1000; ++i) {
    std::string p = NewTemporaryPassword();
    EXPECT_EQ(p.size(), 14u);
    for (char c : p) EXPECT_NE(alphabet.find(c), std::string::npos) << c;
    EXPECT_TRUE(seen.insert(p).second);
  }
  EXPECT_EQ(NewTemporaryPassword(5).size(), 12u) << "never under 12";
  for (char c : std::string("0O1lI5S2Z")) {
    EXPECT_EQ(alphabet.find(c), std::string::npos) << c;
  }
}

}  // namespace
}  // namespace sesame
