#include "cli/csv.h"

#include <gtest/gtest.h>

namespace sesame {
namespace {

TEST(ParseCsv, PlainRowsWithLineNumbers) {
  auto rows = ParseCsv("a,b,c\n1,2,3\n\n4,5,6\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(rows[1].line, 2);
  EXPECT_EQ(rows[2].line, 4);
  EXPECT_EQ(rows[2].fields[2], "6");
}

TEST(ParseCsv, QuotedFieldsWithCommasQuotesAndNewlines) {
  auto rows =
      ParseCsv("\"Dupont, Jean\",\"dit \"\"JD\"\"\",\"l1\nl2\"\r\nx,y,z");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields[0], "Dupont, Jean");
  EXPECT_EQ(rows[0].fields[1], "dit \"JD\"");
  EXPECT_EQ(rows[0].fields[2], "l1\nl2");
  EXPECT_EQ(rows[1].line, 3);
}

TEST(ParseCsv, ReportsBrokenQuotes) {
  auto rows = ParseCsv("ok,row\nab\"c,d\n\"open,e\n");
  ASSERT_GE(rows.size(), 2u);
  EXPECT_TRUE(rows[0].error.empty());
  EXPECT_FALSE(rows[1].error.empty());
  EXPECT_EQ(rows[1].line, 2);
  EXPECT_FALSE(rows.back().error.empty());
}

TEST(ParseCsv, EmptyFields) {
  auto rows = ParseCsv("a,,c\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"a", "", "c"}));
}

// Found by tests/fuzz/csv_fuzz.cc: a bare CR ends a line outside quotes but
// was not counted inside a quoted field, so every later row was reported
// one line too early.
TEST(ParseCsv, FuzzCsv_BareCrInQuotedFieldCountsAsLineBreak) {
  auto rows = ParseCsv("a,\"x\ry\"\rb,c\r\nd,\"1\r\n2\"\ne\n");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].fields[1], "x\ry");
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_EQ(rows[2].line, 4);
  EXPECT_EQ(rows[3].line, 6);
}

}  // namespace
}  // namespace sesame
