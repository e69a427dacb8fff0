// [branding] languages and [translations.<lang>].
#include <gtest/gtest.h>

#include "core/config_problems.h"

namespace sesame::testing {
namespace {

Config Parse(const std::string& text, std::vector<ConfigProblem>* problems) {
  return ParseConfig(std::string(kMinimalConfig) + text, "test.toml", problems,
                     FlowConfigSchema());
}

TEST(ConfigLanguagesTest, DefaultIsFrenchThenEnglish) {
  std::vector<ConfigProblem> problems;
  Config c = Parse("", &problems);
  EXPECT_TRUE(problems.empty()) << ProblemKeys(problems);
  EXPECT_EQ(c.branding.languages, (std::vector<std::string>{"fr", "en"}));
}

TEST(ConfigLanguagesTest, LanguagesAndTranslationsAreRead) {
  std::vector<ConfigProblem> problems;
  Config c = Parse(
      "[branding]\nlanguages = [\"en\", \"fr\"]\n"
      "[translations.en]\n\"Crédit Municipal\" = \"Municipal Credit\"\n",
      &problems);
  EXPECT_TRUE(problems.empty()) << ProblemKeys(problems);
  EXPECT_EQ(c.branding.languages, (std::vector<std::string>{"en", "fr"}));
  EXPECT_EQ(c.translations["en"]["Crédit Municipal"], "Municipal Credit");
}

TEST(ConfigLanguagesTest, BadLanguageListsAreNamed) {
  for (const char* bad : {"[]", "[\"fr\", \"fr\"]", "[\"FR\"]", "[\"f\"]",
                          "[\"fr-FR\"]", "\"fr\"", "[1]"}) {
    EXPECT_NE(FindProblem(ProblemsOf(std::string(kMinimalConfig) +
                                     "[branding]\nlanguages = " + bad + "\n"),
                          "branding.languages"),
              nullptr)
        << bad;
  }
}

TEST(ConfigLanguagesTest, TranslationsOfALanguageNotOfferedAreRefused) {
  std::vector<ConfigProblem> problems;
  Parse("[branding]\nlanguages = [\"fr\"]\n[translations.en]\n\"a\" = \"b\"\n",
        &problems);
  EXPECT_NE(FindProblem(problems, "translations.en"), nullptr)
      << ProblemKeys(problems);
}

TEST(ConfigLanguagesTest, EmptyTranslationIsRefused) {
  std::vector<ConfigProblem> problems;
  Parse("[translations.en]\n\"a\" = \"\"\n", &problems);
  EXPECT_NE(FindProblem(problems, "translations.en.\"a\""), nullptr)
      << ProblemKeys(problems);
}

TEST(ConfigLanguagesTest, LanguagesOnlyInBranding) {
  EXPECT_NE(FindProblem(ProblemsOf(std::string(kMinimalConfig) +
                                   "[consular]\nlanguages = [\"fr\"]\n"),
                        "consular.languages"),
            nullptr);
}

}  // namespace
}  // namespace sesame::testing
