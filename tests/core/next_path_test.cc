#include "core/next_path.h"

#include <gtest/gtest.h>

#include "core/config_problems.h"

namespace sesame {
namespace {

const std::vector<std::string> kAllowed = {"/intranet/", "/wiki"};

TEST(NextPath, PlainPathsUnderAPrefixAreAllowed) {
  EXPECT_TRUE(NextPathAllowed("/intranet/", kAllowed));
  EXPECT_TRUE(NextPathAllowed("/intranet/a/b-c_d.e~f", kAllowed));
  EXPECT_TRUE(NextPathAllowed("/wiki", kAllowed));
}

TEST(NextPath, OtherHostsRefused) {
  EXPECT_FALSE(NextPathAllowed("//evil.example/intranet/", kAllowed));
  EXPECT_FALSE(NextPathAllowed("/\\evil.example", kAllowed));
  EXPECT_FALSE(NextPathAllowed("https://evil.example/intranet/", kAllowed));
  EXPECT_FALSE(NextPathAllowed("intranet/", kAllowed));
}

TEST(NextPath, DotSegmentsAndDoubleSlashesRefused) {
  EXPECT_FALSE(NextPathAllowed("/intranet/../account", kAllowed));
  EXPECT_FALSE(NextPathAllowed("/intranet/..", kAllowed));
  EXPECT_FALSE(NextPathAllowed("/intranet/./", kAllowed));
  EXPECT_FALSE(NextPathAllowed("/intranet//x", kAllowed));
  EXPECT_TRUE(NextPathAllowed("/intranet/..x/.y", kAllowed));
}

TEST(NextPath, EscapesQueriesAndOddBytesRefused) {
  for (const char* next :
       {"/intranet/%2e%2e/", "/intranet/%2F", "/intranet/?a=b", "/intranet/#x",
        "/intranet/ a", "/intranet/\t", "/intranet/\r\n", "/intranet/\xc3\xa9",
        "/intranet/;x", "/intranet/@x", "/intranet/:x"}) {
    EXPECT_FALSE(NextPathAllowed(next, kAllowed)) << next;
  }
  EXPECT_FALSE(NextPathAllowed(std::string("/intranet/\0x", 12), kAllowed));
}

TEST(NextPath, PrefixesEndAtASlashAndExactEntriesAreExact) {
  EXPECT_FALSE(NextPathAllowed("/intranet", kAllowed));
  EXPECT_FALSE(NextPathAllowed("/intranet-evil/", kAllowed));
  EXPECT_FALSE(NextPathAllowed("/wiki/", kAllowed));
  EXPECT_FALSE(NextPathAllowed("/wikipedia", kAllowed));
  EXPECT_FALSE(NextPathAllowed("/intranet/", {}));
}

TEST(NextPath, ConfigRefusesAnEntryThatIsNotAPlainPath) {
  using testing::FindProblem;
  using testing::kMinimalConfig;
  using testing::ProblemsOf;
  for (const char* entry : {"//evil.example/", "https://x/", "/a/../b/", "",
                            "/a%2F/", "intranet/"}) {
    auto problems = ProblemsOf(std::string(kMinimalConfig) +
                               "[auth]\nnext_allowed = [\"" + entry + "\"]\n");
    EXPECT_NE(FindProblem(problems, "auth.next_allowed"), nullptr) << entry;
  }
  auto problems =
      ProblemsOf(std::string(kMinimalConfig) +
                 "[auth]\nnext_allowed = [\"/intranet/\", \"/w\"]\n");
  EXPECT_EQ(FindProblem(problems, "auth.next_allowed"), nullptr);
  std::vector<ConfigProblem> none;
  Config c =
      ParseConfig(std::string(kMinimalConfig) +
                      "[auth]\nnext_allowed = [\"/intranet/\", \"/w\"]\n",
                  "t.toml", &none, FlowConfigSchema());
  EXPECT_EQ(c.auth.next_allowed,
            (std::vector<std::string>{"/intranet/", "/w"}));
}

TEST(NextPath, ConfigRefusesUnknownAuthKeys) {
  auto problems = testing::ProblemsOf(std::string(testing::kMinimalConfig) +
                                      "[auth]\nnext = [\"/x/\"]\n");
  EXPECT_NE(testing::FindProblem(problems, "auth.next"), nullptr);
}

}  // namespace
}  // namespace sesame
