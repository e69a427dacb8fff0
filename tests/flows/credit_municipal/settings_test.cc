#include "flows/credit_municipal/settings.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/config.h"
#include "flows/flows.h"

namespace sesame {
namespace {

TEST(RecoveryConfigTest, RefusesUnknownFlowsAndTextsWithoutCode) {
  std::vector<ConfigProblem> problems;
  (void)ParseConfig(
      "[security]\nsecret_key_file = \"/k\"\n[recovery]\n"
      "flows = [\"credit_municipal\", \"carrier_pigeon\"]\n"
      "sms_text = \"votre code\"\ncode_length = 3\nflows_extra = 1\n",
      "t.toml", &problems, FlowConfigSchema());
  std::set<std::string> keys;
  for (const ConfigProblem& p : problems) keys.insert(p.key);
  EXPECT_TRUE(keys.count("recovery.flows"));
  EXPECT_TRUE(keys.count("recovery.sms_text"));
  EXPECT_TRUE(keys.count("recovery.code_length"));
  EXPECT_TRUE(keys.count("recovery.flows_extra"));
}

TEST(RecoveryConfigTest, EmptyFlowListTurnsTheFlowOff) {
  std::vector<ConfigProblem> problems;
  Config c = ParseConfig(
      "[security]\nsecret_key_file = \"/k\"\n[recovery]\nflows = []\n",
      "t.toml", &problems, FlowConfigSchema());
  EXPECT_TRUE(problems.empty());
  EXPECT_FALSE(c.recovery.Offers("credit_municipal"));
}

}  // namespace
}  // namespace sesame
