#include "cli/qr_terminal.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace sesame {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Characters, not bytes: the half blocks are 3 bytes of UTF-8 each.
size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;
  return n;
}

const std::string kFull = "\u2588";  // both modules light
const std::string kUpper = "\u2580";
const std::string kLower = "\u2584";

TEST(QrForTerminal, VersionOneIsTwentyFiveModulesSquare) {
  // "HELLO" fits version 1 at level M: 21 modules, 25 with the quiet zone,
  // so 13 lines of 25 characters, every line ending with '\n'.
  const std::string qr = QrForTerminal("HELLO");
  ASSERT_FALSE(qr.empty());
  EXPECT_EQ(qr.back(), '\n');
  std::vector<std::string> lines = Lines(qr);
  ASSERT_EQ(lines.size(), 13u);
  for (const std::string& line : lines) EXPECT_EQ(CodePoints(line), 25u);
  // Two rows of quiet zone: the first line is light from end to end.
  std::string light_line;
  for (int i = 0; i < 25; ++i) light_line += kFull;
  EXPECT_EQ(lines[0], light_line);
  // The second line holds the finder pattern's first two rows, drawn dark
  // (spaces) inside the 2 light columns of the quiet zone: a dark row of 7
  // above "dark, 5 light, dark", then the light separator column.
  std::string finder = kFull + kFull + " ";
  for (int i = 0; i < 5; ++i) finder += kLower;
  finder += " " + kFull;
  EXPECT_EQ(lines[1].substr(0, finder.size()), finder);
  // 25 rows: the last line's bottom half is past the edge, so the quiet
  // zone's last row is drawn as upper halves.
  std::string last;
  for (int i = 0; i < 25; ++i) last += kUpper;
  EXPECT_EQ(lines[12], last);
}

TEST(QrForTerminal, SizeFollowsTheSymbolsVersion) {
  const std::string uri =
      "otpauth://totp/Bureau%20de%20vote:jean.dupont"
      "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
      "&issuer=Bureau%20de%20vote&algorithm=SHA1&digits=6&period=30";
  std::vector<std::string> lines = Lines(QrForTerminal(uri));
  ASSERT_FALSE(lines.empty());
  const size_t size = CodePoints(lines[0]);  // modules + 4
  // A version's width is 17 + 4 * version modules; longer than version 1.
  ASSERT_GT(size, 25u);
  EXPECT_EQ((size - 4 - 17) % 4, 0u);
  EXPECT_EQ(lines.size(), (size + 1) / 2);
  for (const std::string& line : lines) EXPECT_EQ(CodePoints(line), size);
}

TEST(QrForTerminal, SameTextSameDrawing) {
  const std::string uri =
      "otpauth://totp/Sesame:officier?secret=JBSWY3DPEHPK3PXP";
  EXPECT_EQ(QrForTerminal(uri), QrForTerminal(uri));
  EXPECT_NE(QrForTerminal(uri), QrForTerminal(uri + "A"));
}

TEST(QrForTerminal, EmptyWhenItCannotEncode) {
  EXPECT_EQ(QrForTerminal(""), "");
  // Version 40 at level M holds 2331 bytes.
  EXPECT_EQ(QrForTerminal(std::string(3000, 'x')), "");
  EXPECT_FALSE(QrForTerminal(std::string(2000, 'x')).empty());
}

}  // namespace
}  // namespace sesame
