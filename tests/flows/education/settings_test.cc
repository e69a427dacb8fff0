#include "flows/education/settings.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
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

TEST(EducationConfigTest, ParsesAndChecksItsKeys) {
  std::vector<ConfigProblem> problems;
  Config c = ParseConfig(std::string(kMinimal) +
                             "[recovery]\nflows = [\"education\"]\n"
                             "[captcha]\nforms = [\"education_vote\", "
                             "\"education_question\"]\n"
                             "[education]\nvote_code_failures = 3\n"
                             "question_attempts = 4\nlink_ttl_minutes = 20\n"
                             "grant_ttl_minutes = 10\n"
                             "code_display_seconds = 15\n"
                             "activation_ttl_hours = 24\n"
                             "link_sms_text = \"{link}\"\n",
                         "c.toml", &problems, FlowConfigSchema());
  EXPECT_TRUE(problems.empty()) << ProblemKeys(problems);
  EXPECT_TRUE(c.recovery.Offers("education"));
  const EducationSettings& s = EducationSettings::Of(c);
  EXPECT_EQ(s.vote_code_failures, 3);
  EXPECT_EQ(s.question_attempts, 4);
  EXPECT_EQ(s.link_ttl_minutes, 20);
  EXPECT_EQ(s.grant_ttl_minutes, 10);
  EXPECT_EQ(s.code_display_seconds, 15);
  EXPECT_EQ(s.activation_ttl_hours, 24);
  EXPECT_EQ(c.BrandingFor("education").credential, "code de vote");

  problems = ProblemsOf(std::string(kMinimal) +
                        "[education]\nvote_code_failures = 0\n"
                        "link_ttl_minutes = 2\ncode_display_seconds = 601\n"
                        "link_sms_text = \"no link\"\nunknown = 1\n");
  for (const char* key :
       {"education.vote_code_failures", "education.link_ttl_minutes",
        "education.code_display_seconds", "education.link_sms_text",
        "education.unknown"}) {
    EXPECT_NE(FindProblem(problems, key), nullptr) << key << "\n"
                                                   << ProblemKeys(problems);
  }
}

// conf/sesame.toml writes out every key of [education] with its default.
TEST(EducationConfigTest, ExampleWritesOutEveryKeyWithItsDefault) {
  std::ifstream in(std::string(SESAME_SOURCE_DIR) + "/conf/sesame.toml");
  std::ostringstream text;
  text << in.rdbuf();
  int assignments = 0;
  bool inside = false;
  std::istringstream lines(text.str());
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] == '[') inside = line == "[education]";
    if (inside && !line.empty() && line[0] != '#' &&
        line.find(" = ") != std::string::npos) {
      ++assignments;
    }
  }
  EXPECT_EQ(assignments, 9);  // every key of EducationSettings
  std::vector<ConfigProblem> problems;
  Config c = ParseConfig(text.str(), "conf/sesame.toml", &problems,
                         FlowConfigSchema());
  ASSERT_TRUE(problems.empty()) << ProblemKeys(problems);
  const EducationSettings& s = EducationSettings::Of(c);
  const EducationSettings d;
  EXPECT_EQ(s.vote_code_failures, d.vote_code_failures);
  EXPECT_EQ(s.question_attempts, d.question_attempts);
  EXPECT_EQ(s.link_ttl_minutes, d.link_ttl_minutes);
  EXPECT_EQ(s.grant_ttl_minutes, d.grant_ttl_minutes);
  EXPECT_EQ(s.code_display_seconds, d.code_display_seconds);
  EXPECT_EQ(s.activation_ttl_hours, d.activation_ttl_hours);
  EXPECT_EQ(s.link_mail_subject, d.link_mail_subject);
  EXPECT_EQ(s.activation_mail_subject, d.activation_mail_subject);
  EXPECT_EQ(s.link_sms_text, d.link_sms_text);
}

}  // namespace
}  // namespace sesame
