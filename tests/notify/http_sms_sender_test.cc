#include "notify/http_sms_sender.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace sesame {
namespace {

SmsConfig JsonConfig() {
  SmsConfig config;
  config.content_type = "application/json";
  config.body_template = R"({"to":"{to}","text":"{text}","from":"{sender}"})";
  config.sender = "SESAME";
  return config;
}

TEST(RenderSmsBodyTest, JsonEscapesQuotesNewlinesAndControls) {
  const std::string text =
      "Code: \"AB12\"\nback\\slash\t\x01 end\",\"to\":\"+1999";
  std::string body = RenderSmsBody(JsonConfig(), Sms{"+33612345678", text});
  nlohmann::json parsed = nlohmann::json::parse(body);  // throws if broken
  EXPECT_EQ(parsed.size(), 3u);
  EXPECT_EQ(parsed["to"], "+33612345678");
  EXPECT_EQ(parsed["text"], text);
  EXPECT_EQ(parsed["from"], "SESAME");
}

TEST(RenderSmsBodyTest, JsonKeepsUnicode) {
  const std::string text = "Votre code d'accès : é€😀";
  std::string body = RenderSmsBody(JsonConfig(), Sms{"+33612345678", text});
  EXPECT_EQ(nlohmann::json::parse(body)["text"], text);
}

TEST(RenderSmsBodyTest, JsonWithCharsetParameterStillEscapes) {
  SmsConfig config = JsonConfig();
  config.content_type = "Application/JSON; charset=utf-8";
  std::string body = RenderSmsBody(config, Sms{"+33612345678", "a\"b"});
  EXPECT_EQ(nlohmann::json::parse(body)["text"], "a\"b");
}

TEST(RenderSmsBodyTest, InvalidUtf8DoesNotThrow) {
  std::string body =
      RenderSmsBody(JsonConfig(), Sms{"+33612345678", "bad \xff byte"});
  EXPECT_NO_THROW(nlohmann::json::parse(body));
}

TEST(RenderSmsBodyTest, FormEncodesEveryValue) {
  SmsConfig config;
  config.content_type = "application/x-www-form-urlencoded";
  config.body_template = "to={to}&message={text}&sender={sender}";
  config.sender = "Crédit M";
  std::string body = RenderSmsBody(config, Sms{"+33612345678", "a b&c=d+é\n"});
  EXPECT_EQ(body,
            "to=%2B33612345678&message=a%20b%26c%3Dd%2B%C3%A9%0A"
            "&sender=Cr%C3%A9dit%20M");
}

TEST(RenderSmsBodyTest, ReplacementsAreNotScannedAgain) {
  std::string body =
      RenderSmsBody(JsonConfig(), Sms{"+33612345678", "{to} {sender} {x}"});
  EXPECT_EQ(nlohmann::json::parse(body)["text"], "{to} {sender} {x}");
}

TEST(RenderSmsBodyTest, UnknownBracesAreKept) {
  SmsConfig config = JsonConfig();
  config.body_template = R"({"to":"{to}","text":"{text}","x":"{other}"})";
  std::string body = RenderSmsBody(config, Sms{"+33612345678", "t"});
  EXPECT_EQ(nlohmann::json::parse(body)["x"], "{other}");
}

TEST(ValidatePhoneNumberTest, AcceptsE164Only) {
  EXPECT_TRUE(ValidatePhoneNumber("+33612345678").ok());
  EXPECT_TRUE(ValidatePhoneNumber("+14155550123").ok());
  for (const char* bad : {"0612345678", "+33 612345678", "+0612345678", "+336",
                          "+33612345678\r\n", "+1234567890123456", "",
                          "+33612345678,+33700000000"}) {
    EXPECT_EQ(ValidatePhoneNumber(bad).code(), StatusCode::kInvalidArgument)
        << bad;
  }
}

TEST(HttpSmsSenderTest, RefusesMalformedNumberWithoutSending) {
  SmsConfig config = JsonConfig();
  config.url = "http://127.0.0.1:1/";
  HttpSmsSender sender(config);
  EXPECT_EQ(sender.Send(Sms{"+33 6", "x"}).code(),
            StatusCode::kInvalidArgument);
}

TEST(HttpSmsSenderTest, DisabledWhenNoUrl) {
  HttpSmsSender sender(JsonConfig());
  EXPECT_EQ(sender.Send(Sms{"+33612345678", "x"}).code(),
            StatusCode::kFailedPrecondition);
}

TEST(HttpSmsSenderTest, RefusesAuthHeaderWithLineBreak) {
  SmsConfig config = JsonConfig();
  config.url = "http://127.0.0.1:1/";
  config.auth_header = "Authorization: Bearer x\r\nX-Evil: 1";
  HttpSmsSender sender(config);
  EXPECT_EQ(sender.Send(Sms{"+33612345678", "x"}).code(),
            StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace sesame
