#include "flows/consular/settings.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/config_problems.h"
#include "flows/flows.h"

namespace sesame {
namespace {

using testing::FindProblem;
using testing::ProblemKeys;
using testing::ProblemsOf;
constexpr const char* kMinimal = testing::kMinimalConfig;

TEST(ConsularConfigTest, ParsesAndChecksEveryKey) {
  std::vector<ConfigProblem> problems;
  Config c = ParseConfig(std::string(kMinimal) +
                             "[recovery]\nflows = [\"consular\"]\n"
                             "[consular]\nlink_ttl_hours = 6\n"
                             "identifier_attempts = 3\nnot_both_hours = 0\n"
                             "password_length = 16\n"
                             "sms_text = \"{password}\"\n",
                         "c.toml", &problems, FlowConfigSchema());
  EXPECT_TRUE(problems.empty()) << ProblemKeys(problems);
  EXPECT_TRUE(c.recovery.Offers("consular"));
  EXPECT_FALSE(c.recovery.Offers("credit_municipal"));
  EXPECT_EQ(ConsularSettings::Of(c).link_ttl_hours, 6);
  EXPECT_EQ(ConsularSettings::Of(c).identifier_attempts, 3);
  EXPECT_EQ(ConsularSettings::Of(c).not_both_hours, 0);
  EXPECT_EQ(ConsularSettings::Of(c).password_length, 16);

  problems = ProblemsOf(std::string(kMinimal) +
                        "[consular]\npassword_length = 8\n"
                        "sms_text = \"no secret\"\nlink_ttl = 3\n"
                        "password_mail_subject = \"a\\nb\"\n");
  EXPECT_NE(FindProblem(problems, "consular.password_length"), nullptr)
      << ProblemKeys(problems);
  EXPECT_NE(FindProblem(problems, "consular.sms_text"), nullptr);
  EXPECT_NE(FindProblem(problems, "consular.link_ttl"), nullptr);
  EXPECT_NE(FindProblem(problems, "consular.password_mail_subject"), nullptr);
  problems = ProblemsOf(std::string(kMinimal) +
                        "[recovery]\nflows = [\"consulaire\"]\n");
  EXPECT_NE(FindProblem(problems, "recovery.flows"), nullptr);
}

TEST(ConsularConfigTest, ExampleWritesOutEveryKey) {
  std::ifstream in(std::string(SESAME_SOURCE_DIR) + "/conf/sesame.toml");
  int assignments = 0;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] == '[') inside = line == "[consular]";
    if (inside && !line.empty() && line[0] != '#' &&
        line.find(" = ") != std::string::npos) {
      ++assignments;
    }
  }
  EXPECT_EQ(assignments, 7);  // every key of ConsularSettings
}

}  // namespace
}  // namespace sesame
