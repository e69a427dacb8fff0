#include "web/request.h"

#include <gtest/gtest.h>

namespace sesame {
namespace {

TEST(ParseUrlEncoded, DecodesPlusAndPercent) {
  std::map<std::string, std::string> f;
  EXPECT_EQ(ParseUrlEncoded("login=a+b&email=x%40y.fr&empty=", &f),
            FormProblem::kNone);
  EXPECT_EQ(f["login"], "a b");
  EXPECT_EQ(f["email"], "x@y.fr");
  EXPECT_EQ(f.count("empty"), 1u);
  EXPECT_EQ(f["empty"], "");
}

TEST(ParseUrlEncoded, DecodesUtf8) {
  std::map<std::string, std::string> f;
  EXPECT_EQ(ParseUrlEncoded("name=Cr%C3%A9dit", &f), FormProblem::kNone);
  EXPECT_EQ(f["name"], "Crédit");
}

TEST(ParseUrlEncoded, MalformedPercentIsReported) {
  for (const char* body : {"a=%zz", "a=%4", "a=%", "=value", "%G1=x"}) {
    std::map<std::string, std::string> f;
    EXPECT_EQ(ParseUrlEncoded(body, &f), FormProblem::kMalformed) << body;
  }
}

TEST(ParseUrlEncoded, InvalidUtf8ValueIsDropped) {
  std::map<std::string, std::string> f;
  EXPECT_EQ(ParseUrlEncoded("login=ok&name=%C3%28", &f),
            FormProblem::kInvalidUtf8);
  EXPECT_EQ(f["login"], "ok");
  EXPECT_EQ(f["name"], "");
}

TEST(ParseUrlEncoded, DuplicateFieldKeepsFirstAndIsReported) {
  std::map<std::string, std::string> f;
  EXPECT_EQ(ParseUrlEncoded("email=v%40x.fr&email=a%40evil.fr", &f),
            FormProblem::kDuplicate);
  EXPECT_EQ(f["email"], "v@x.fr");
}

TEST(ParseUrlEncoded, EmptyBodyAndStrayAmpersands) {
  std::map<std::string, std::string> f;
  EXPECT_EQ(ParseUrlEncoded("", &f), FormProblem::kNone);
  EXPECT_TRUE(f.empty());
  EXPECT_EQ(ParseUrlEncoded("&&a=1&", &f), FormProblem::kNone);
  EXPECT_EQ(f["a"], "1");
}

TEST(IsValidUtf8, AcceptsAndRefuses) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("é€😀"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(Utf8Length, CountsCodePoints) {
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("é😀"), 2u);
}

TEST(ParseCookies, SplitsAndTrims) {
  auto c = ParseCookies("a=1; sesame_session=xyz ;b=; =bad; c");
  EXPECT_EQ(c["a"], "1");
  EXPECT_EQ(c["sesame_session"], "xyz");
  EXPECT_EQ(c["b"], "");
  EXPECT_EQ(c.count(""), 0u);
  EXPECT_EQ(c.count("c"), 0u);
}

TEST(UrlEncode, EscapesReserved) {
  EXPECT_EQ(UrlEncode("a b&c=é"), "a%20b%26c%3D%C3%A9");
}

}  // namespace
}  // namespace sesame
