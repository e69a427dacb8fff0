#include "core/log.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sesame {
namespace {

std::chrono::system_clock::time_point At(int64_t ms) {
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
}

TEST(LogLine, JsonHasTimeLevelEventRequestIdAndFields) {
  const std::string line = FormatLogLine(
      LogFormat::kJson, At(1764543601123), "info", "request",
      "0123456789abcdef0123456789abcdef",
      {{"screen", "/login"}, {"status", 303}, {"duration_ms", 12.3456}});
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line";
  nlohmann::json j = nlohmann::json::parse(line);
  EXPECT_EQ(j["time"], "2025-11-30T23:00:01.123Z");
  EXPECT_EQ(j["level"], "info");
  EXPECT_EQ(j["event"], "request");
  EXPECT_EQ(j["request_id"], "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(j["screen"], "/login");
  EXPECT_TRUE(j["status"].is_number_integer());
  EXPECT_EQ(j["status"], 303);
  EXPECT_TRUE(j["duration_ms"].is_number());
  EXPECT_DOUBLE_EQ(j["duration_ms"].get<double>(), 12.346);
}

TEST(LogLine, JsonWithoutRequestIdHasNoSuchKey) {
  nlohmann::json j = nlohmann::json::parse(
      FormatLogLine(LogFormat::kJson, At(0), "error", "x", "", {}));
  EXPECT_FALSE(j.contains("request_id"));
  EXPECT_EQ(j["time"], "1970-01-01T00:00:00.000Z");
}

TEST(LogLine, JsonEscapesQuotesNewlinesAndBadUtf8) {
  const std::string line =
      FormatLogLine(LogFormat::kJson, At(0), "error", "internal_error", "",
                    {{"what", "a \"b\"\nc\xff"}});
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  nlohmann::json j = nlohmann::json::parse(line);
  EXPECT_EQ(j["what"], "a \"b\"\nc\xEF\xBF\xBD");
}

TEST(LogLine, TextQuotesValuesWithSpacesAndKeepsOneLine) {
  const std::string line =
      FormatLogLine(LogFormat::kText, At(0), "info", "request", "abc12",
                    {{"screen", "/login"}, {"what", "two words\nx"}, {"n", 3}});
  EXPECT_EQ(line,
            "sesame: request request_id=abc12 screen=/login "
            "what=\"two words\\x0ax\" n=3\n");
}

TEST(LogLine, TextNamesLevelsOtherThanInfo) {
  EXPECT_EQ(FormatLogLine(LogFormat::kText, At(0), "error", "x", "", {}),
            "sesame: x level=error\n");
}

TEST(RequestId, HexOfOneToSixtyFourDigits) {
  EXPECT_TRUE(ValidRequestId("0123456789abcdef0123456789abcdef"));
  EXPECT_TRUE(ValidRequestId("ABCDEF"));
  EXPECT_TRUE(ValidRequestId(std::string(64, 'a')));
  EXPECT_FALSE(ValidRequestId(""));
  EXPECT_FALSE(ValidRequestId(std::string(65, 'a')));
  EXPECT_FALSE(ValidRequestId("abc def"));
  EXPECT_FALSE(ValidRequestId("abc\"}"));
  EXPECT_FALSE(ValidRequestId("g123"));
}

TEST(RequestId, ScopeSetsAndRestoresAndIgnoresMalformed) {
  EXPECT_EQ(CurrentRequestId(), "");
  {
    RequestIdScope outer("abc123");
    EXPECT_EQ(CurrentRequestId(), "abc123");
    {
      RequestIdScope inner("not hex\n{\"x\":1}");
      EXPECT_EQ(CurrentRequestId(), "");
    }
    EXPECT_EQ(CurrentRequestId(), "abc123");
  }
  EXPECT_EQ(CurrentRequestId(), "");
}

TEST(Log, WritesTheCurrentRequestIdInTheCurrentFormat) {
  SetLogFormat(LogFormat::kJson);
  ::testing::internal::CaptureStderr();
  {
    RequestIdScope scope("feedface");
    Log("info", "unit.test", {{"k", "v"}});
  }
  const std::string out = ::testing::internal::GetCapturedStderr();
  SetLogFormat(LogFormat::kText);
  nlohmann::json j = nlohmann::json::parse(out);
  EXPECT_EQ(j["request_id"], "feedface");
  EXPECT_EQ(j["event"], "unit.test");
  EXPECT_EQ(j["k"], "v");
}

}  // namespace
}  // namespace sesame
