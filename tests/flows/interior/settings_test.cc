#include "flows/interior/settings.h"

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

TEST(InteriorConfigTest, ParsesAndChecksItsKeys) {
  std::vector<ConfigProblem> problems;
  Config c = ParseConfig(std::string(kMinimal) +
                             "[recovery]\nflows = [\"interior\"]\n"
                             "[interior]\ndelivery = \"sms\"\n"
                             "link_ttl_hours = 6\nregeneration_failures = 3\n"
                             "regeneration_interval_minutes = 0\n"
                             "password_length = 16\n"
                             "sms_text = \"{password}\"\n",
                         "c.toml", &problems, FlowConfigSchema());
  EXPECT_TRUE(problems.empty()) << ProblemKeys(problems);
  EXPECT_TRUE(c.recovery.Offers("interior"));
  const InteriorSettings& s = InteriorSettings::Of(c);
  EXPECT_EQ(s.delivery, InteriorSettings::Delivery::kSms);
  EXPECT_EQ(s.link_ttl_hours, 6);
  EXPECT_EQ(s.regeneration_failures, 3);
  EXPECT_EQ(s.regeneration_interval_minutes, 0);
  EXPECT_EQ(s.password_length, 16);

  problems = ProblemsOf(std::string(kMinimal) +
                        "[interior]\ndelivery = \"fax\"\n"
                        "link_ttl_hours = 73\npassword_length = 11\n"
                        "sms_text = \"no secret\"\n");
  for (const char* key : {"interior.delivery", "interior.link_ttl_hours",
                          "interior.password_length", "interior.sms_text"}) {
    EXPECT_NE(FindProblem(problems, key), nullptr) << key << "\n"
                                                   << ProblemKeys(problems);
  }
}

// conf/sesame.toml writes out every key of [interior] with its default.
TEST(InteriorConfigTest, ExampleWritesOutEveryKeyWithItsDefault) {
  std::ifstream in(std::string(SESAME_SOURCE_DIR) + "/conf/sesame.toml");
  std::ostringstream text;
  text << in.rdbuf();
  int assignments = 0;
  bool inside = false;
  std::istringstream lines(text.str());
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line[0] == '[') inside = line == "[interior]";
    if (inside && !line.empty() && line[0] != '#' &&
        line.find(" = ") != std::string::npos) {
      ++assignments;
    }
  }
  EXPECT_EQ(assignments, 12);  // every key of InteriorSettings
  std::vector<ConfigProblem> problems;
  Config c = ParseConfig(text.str(), "conf/sesame.toml", &problems,
                         FlowConfigSchema());
  ASSERT_TRUE(problems.empty()) << ProblemKeys(problems);
  const InteriorSettings& s = InteriorSettings::Of(c);
  const InteriorSettings d;
  EXPECT_EQ(s.delivery, d.delivery);
  EXPECT_EQ(s.link_ttl_hours, d.link_ttl_hours);
  EXPECT_EQ(s.regeneration_failures, d.regeneration_failures);
  EXPECT_EQ(s.regeneration_interval_minutes, d.regeneration_interval_minutes);
  EXPECT_EQ(s.password_length, d.password_length);
  EXPECT_EQ(s.desk_actions_per_hour, d.desk_actions_per_hour);
  EXPECT_EQ(s.desk_lookups_per_hour, d.desk_lookups_per_hour);
  EXPECT_EQ(s.desk_slip_minutes, d.desk_slip_minutes);
  EXPECT_EQ(s.link_mail_subject, d.link_mail_subject);
  EXPECT_EQ(s.desk_mail_subject, d.desk_mail_subject);
  EXPECT_EQ(s.desk_key_mail_subject, d.desk_key_mail_subject);
  EXPECT_EQ(s.sms_text, d.sms_text);
}

}  // namespace
}  // namespace sesame
