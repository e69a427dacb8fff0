// Rules every link page shares (recovery/link_rules.h).
#include "recovery/link_rules.h"

#include <gtest/gtest.h>

namespace sesame {
namespace {

TEST(FillPlaceholders, ReplacesEachNameOnceAndNeverInsideValues) {
  EXPECT_EQ(FillPlaceholders("{a} et {b} ({c})", {{"a", "{b}"}, {"b", "2"}}),
            "{b} et 2 ({c})");
  EXPECT_EQ(FillPlaceholders("{", {{"a", "1"}}), "{");
}

}  // namespace
}  // namespace sesame
