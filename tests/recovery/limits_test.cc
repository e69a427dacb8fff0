// The rate-limit key rule (recovery/limits.h).
#include "recovery/limits.h"

#include <gtest/gtest.h>

namespace sesame {
namespace {

TEST(LimitDigest, IsShortHexKeyedByTheSecretAndNeverTheValue) {
  Config a;
  a.security.secret_key = std::string(32, 'a');
  Config b;
  b.security.secret_key = std::string(32, 'b');
  const std::string d = LimitDigest(a, "camille");
  EXPECT_EQ(d.size(), 32u);
  EXPECT_EQ(d.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(LimitDigest(a, "camille"), d);
  EXPECT_NE(LimitDigest(a, "dominique"), d);
  EXPECT_NE(LimitDigest(b, "camille"), d);
  EXPECT_EQ(d.find("camille"), std::string::npos);
}

}  // namespace
}  // namespace sesame
