#include "core/ip_allow.h"

#include <gtest/gtest.h>

#include "core/config_problems.h"

namespace sesame {
namespace {

TEST(IpAllowList, DefaultIsLoopbackOnly) {
  IpAllowList allow(MetricsConfig().allow);
  EXPECT_TRUE(allow.Allows("127.0.0.1"));
  EXPECT_TRUE(allow.Allows("::1"));
  EXPECT_TRUE(allow.Allows("::ffff:127.0.0.1"));
  EXPECT_FALSE(allow.Allows("127.0.0.2"));
  EXPECT_FALSE(allow.Allows("192.0.2.10"));
  EXPECT_FALSE(allow.Allows("2001:db8::1"));
  EXPECT_FALSE(allow.Allows(""));
  EXPECT_FALSE(allow.Allows("localhost"));
}

TEST(IpAllowList, CidrBlocksOfBothFamilies) {
  IpAllowList allow({"10.0.0.0/8", "192.0.2.128/25", "fd00::/8"});
  EXPECT_TRUE(allow.Allows("10.255.1.2"));
  EXPECT_FALSE(allow.Allows("11.0.0.1"));
  EXPECT_TRUE(allow.Allows("192.0.2.200"));
  EXPECT_FALSE(allow.Allows("192.0.2.127"));
  EXPECT_TRUE(allow.Allows("fd12:3456::1"));
  EXPECT_FALSE(allow.Allows("fe80::1"));
  EXPECT_FALSE(allow.Allows("127.0.0.1"));
}

TEST(IpAllowList, ZeroPrefixAllowsTheWholeFamily) {
  IpAllowList allow({"0.0.0.0/0"});
  EXPECT_TRUE(allow.Allows("203.0.113.9"));
  EXPECT_FALSE(allow.Allows("::1"));
}

TEST(IpAllowList, CheckRefusesWhatIsNotAnAddressOrBlock) {
  EXPECT_EQ(IpAllowList::Check("127.0.0.1"), "");
  EXPECT_EQ(IpAllowList::Check("10.0.0.0/8"), "");
  EXPECT_EQ(IpAllowList::Check("::1/128"), "");
  EXPECT_NE(IpAllowList::Check("localhost"), "");
  EXPECT_NE(IpAllowList::Check("10.0.0.0/33"), "");
  EXPECT_NE(IpAllowList::Check("::/129"), "");
  EXPECT_NE(IpAllowList::Check("10.0.0.0/"), "");
  EXPECT_NE(IpAllowList::Check("10.0.0.0/x"), "");
  EXPECT_NE(IpAllowList::Check("10.0.0/8"), "");
}

TEST(MetricsConfig, BadAllowEntryIsAConfigProblem) {
  auto problems = testing::ProblemsOf(std::string(testing::kMinimalConfig) +
                                      "[metrics]\nallow = [\"10.0.0.0/99\"]\n");
  const ConfigProblem* p = testing::FindProblem(problems, "metrics.allow");
  ASSERT_NE(p, nullptr) << testing::ProblemKeys(problems);
  EXPECT_NE(p->message.find("10.0.0.0/99"), std::string::npos);
}

TEST(MetricsConfig, UnknownMetricsKeyIsAConfigProblem) {
  auto problems = testing::ProblemsOf(std::string(testing::kMinimalConfig) +
                                      "[metrics]\nallowed = []\n");
  EXPECT_NE(testing::FindProblem(problems, "metrics.allowed"), nullptr)
      << testing::ProblemKeys(problems);
}

TEST(ServerConfig, LogFormatIsTextOrJson) {
  std::vector<ConfigProblem> problems;
  Config c = ParseConfig(std::string(testing::kMinimalConfig) +
                             "[server]\nlog_format = \"json\"\n",
                         "t.toml", &problems, FlowConfigSchema());
  EXPECT_TRUE(problems.empty()) << testing::ProblemKeys(problems);
  EXPECT_EQ(c.server.log_format, "json");
  EXPECT_EQ(Config().server.log_format, "text");
  auto bad = testing::ProblemsOf(std::string(testing::kMinimalConfig) +
                                 "[server]\nlog_format = \"xml\"\n");
  EXPECT_NE(testing::FindProblem(bad, "server.log_format"), nullptr)
      << testing::ProblemKeys(bad);
}

}  // namespace
}  // namespace sesame
