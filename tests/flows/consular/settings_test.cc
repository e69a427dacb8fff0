#include "flows/consular/settings.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/config.h"
#include "flows/flows.h"

namespace sesame {
namespace {

constexpr char kMinimal[] = "[security]\nsecret_key_file = \"/k\"\n";

// The config as `sesame` reads it: with the compiled-in flows' sections.
std::vector<ConfigProblem> ParseWith(const std::string& text) {
  std::vector<ConfigProblem> problems;
  ParseConfig(text, "test.toml", &problems, FlowConfigSchema());
  return problems;
}

const ConfigProblem* Find(const std::vector<ConfigProblem>& problems,
                          const std::string& key) {
  for (const auto& p : problems) {
    if (p.key == key) return &p;
  }
  return nullptr;
}

std::string Keys(const std::vector<ConfigProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.key + ": " + p.message + "\n";
  return out;
}

TEST(ConsularConfigTest, ParsesAndChecksEveryKey) {
  std::vector<ConfigProblem> problems;
  Config c = ParseConfig(std::string(kMinimal) +
                             "[recovery]\nflows = [\"consular\"]\n"
                             "[consular]\nlink_ttl_hours = 6\n"
                             "identifier_attempts = 3\nnot_both_hours = 0\n"
                             "password_length = 16\n"
                             "sms_text = \"{password}\"\n",
                         "c.toml", &problems, FlowConfigSchema());
  EXPECT_TRUE(problems.empty()) << Keys(problems);
  EXPECT_TRUE(c.recovery.Offers("consular"));
  EXPECT_FALSE(c.recovery.Offers("credit_municipal"));
  EXPECT_EQ(ConsularSettings::Of(c).link_ttl_hours, 6);
  EXPECT_EQ(ConsularSettings::Of(c).identifier_attempts, 3);
  EXPECT_EQ(ConsularSettings::Of(c).not_both_hours, 0);
  EXPECT_EQ(ConsularSettings::Of(c).password_length, 16);

  problems = ParseWith(std::string(kMinimal) +
                       "[consular]\npassword_length = 8\n"
                       "sms_text = \"no secret\"\nlink_ttl = 3\n"
                       "password_mail_subject = \"a\\nb\"\n");
  EXPECT_NE(Find(problems, "consular.password_length"), nullptr)
      << Keys(problems);
  EXPECT_NE(Find(problems, "consular.sms_text"), nullptr);
  EXPECT_NE(Find(problems, "consular.link_ttl"), nullptr);
  EXPECT_NE(Find(problems, "consular.password_mail_subject"), nullptr);
  problems = ParseWith(std::string(kMinimal) +
                       "[recovery]\nflows = [\"consulaire\"]\n");
  EXPECT_NE(Find(problems, "recovery.flows"), nullptr);
}

}  // namespace
}  // namespace sesame
