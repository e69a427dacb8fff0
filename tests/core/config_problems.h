// Reading a config's problems in tests: the config as `sesame` parses it
// (with the compiled-in flows' sections), one problem by key, all of them
// as text for a failure message.
#ifndef SESAME_TESTS_CORE_CONFIG_PROBLEMS_H_
#define SESAME_TESTS_CORE_CONFIG_PROBLEMS_H_

#include <string>
#include <vector>

#include "core/config.h"
#include "flows/flows.h"

namespace sesame::testing {

inline constexpr char kMinimalConfig[] =
    "[security]\nsecret_key_file = \"/k\"\n";

inline std::vector<ConfigProblem> ProblemsOf(const std::string& text) {
  std::vector<ConfigProblem> problems;
  ParseConfig(text, "test.toml", &problems, FlowConfigSchema());
  return problems;
}

inline const ConfigProblem* FindProblem(
    const std::vector<ConfigProblem>& problems, const std::string& key) {
  for (const auto& p : problems) {
    if (p.key == key) return &p;
  }
  return nullptr;
}

inline std::string ProblemKeys(const std::vector<ConfigProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.key + ": " + p.message + "\n";
  return out;
}

}  // namespace sesame::testing

#endif  // SESAME_TESTS_CORE_CONFIG_PROBLEMS_H_
