#include "cli/audit_anchor.h"

#include <gtest/gtest.h>

#include <cctype>
#include <optional>
#include <string>

namespace sesame {
namespace {

TEST(AuditAnchorTest, R8_FormatsAndParsesIdColonHexMac) {
  AuditAnchor anchor;
  anchor.id = 1234;
  for (int i = 0; i < 32; ++i) anchor.mac.push_back(static_cast<char>(i * 8));
  const std::string text = FormatAuditAnchor(anchor);
  EXPECT_EQ(text, "1234:" + std::string("00081018202830384048505860687078") +
                      "80889098a0a8b0b8c0c8d0d8e0e8f0f8");
  std::optional<AuditAnchor> parsed = ParseAuditAnchor(text);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->id, 1234);
  EXPECT_EQ(parsed->mac, anchor.mac);
  // Upper-case hex is the same MAC.
  std::string upper = text;
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  ASSERT_TRUE(ParseAuditAnchor(upper).has_value());
  EXPECT_EQ(ParseAuditAnchor(upper)->mac, anchor.mac);
  EXPECT_EQ(ParseAuditAnchor("0:" + std::string(64, '0'))->id, 0);
}

TEST(AuditAnchorTest, R8_RefusesAnythingElse) {
  const std::string mac(64, 'a');
  for (const std::string& bad :
       {std::string(""), std::string("12"), ":" + mac, "12" + mac, "-1:" + mac,
        "1x:" + mac, " 1:" + mac, "1:" + mac + "a", "1:" + mac.substr(1),
        "1:" + mac.substr(2) + "zz", "1234567890123456789:" + mac,
        "1:" + mac + "\n"}) {
    EXPECT_FALSE(ParseAuditAnchor(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace sesame
