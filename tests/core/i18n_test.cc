// The message catalogues (html/i18n/*.txt), the choice of a request's
// language and the translation of configured wording.
#include "core/i18n.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace sesame {
namespace {

const std::string kSource = SESAME_SOURCE_DIR;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Catalogue Shipped(const std::string& lang) {
  StatusOr<Catalogue> c =
      ParseCatalogue(ReadFile(kSource + "/html/i18n/" + lang + ".txt"));
  EXPECT_TRUE(c.ok()) << lang << ": " << c.status().message();
  return c.ok() ? *c : Catalogue{};
}

// A folder holding fr.txt and en.txt with the given texts.
std::string WriteCatalogues(const std::string& name, const std::string& fr,
                            const std::string& en) {
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("sesame-i18n-" + name))
          .string();
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/fr.txt") << fr;
  std::ofstream(dir + "/en.txt") << en;
  return dir;
}

TEST(CatalogueTest, ShippedCataloguesHaveTheSameKeysAndPlaceholders) {
  const Catalogue fr = Shipped("fr");
  const Catalogue en = Shipped("en");
  ASSERT_GT(fr.size(), 100u);
  std::vector<std::string> problems = CompareCatalogues("fr", fr, "en", en);
  std::string all;
  for (const std::string& p : problems) all += p + "\n";
  EXPECT_TRUE(problems.empty()) << all;
  EXPECT_EQ(fr.size(), en.size());
}

TEST(CatalogueTest, ShippedCataloguesHaveNoEmptyText) {
  for (const std::string lang : {"fr", "en"}) {
    for (const auto& [key, text] : Shipped(lang)) {
      EXPECT_FALSE(text.find_first_not_of(' ') == std::string::npos)
          << lang << ": " << key;
    }
  }
}

TEST(CatalogueTest, ShippedCataloguesLoadForBothLanguages) {
  I18n i18n;
  Status st = i18n.Load(kSource + "/html/i18n", {"fr", "en"});
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(i18n.Text("fr", "login_title"), "Connexion");
  EXPECT_EQ(i18n.Text("en", "login_title"), "Sign in");
  EXPECT_EQ(i18n.Text("en", "language_name"), "English");
  EXPECT_EQ(i18n.Text("fr", "language_name"), "Français");
}

// Every {{T_key}} of every template and every key the code asks for
// exists in the catalogues.
TEST(CatalogueTest, EveryKeyUsedInTemplatesAndCodeExists) {
  const Catalogue fr = Shipped("fr");
  std::set<std::string> used;
  const std::regex in_template(R"(\{\{T_([a-z0-9_]+):none\}\})");
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(kSource + "/html")) {
    if (entry.path().extension() != ".tpl") continue;
    const std::string text = ReadFile(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), in_template), end;
         it != end; ++it) {
      used.insert((*it)[1]);
    }
  }
  const size_t from_templates = used.size();
  // ctx.T("key"...), i18n.Text(lang, "key"...), T(cond ? "a" : "b"), and
  // the keys handed over as values (login links, password rules).
  const std::regex direct(
      R"((?:\bT|i18n(?:\(\))?\.Text)\((?:[a-z_.()]+,\s*)?\"([a-z0-9_]+)\")");
  const std::regex ternary(
      R"((?:\bT|i18n(?:\(\))?\.Text)\((?:[a-z_.()]+,\s*)?[^;?]*\?\s*\"([a-z0-9_]+)\"\s*:\s*\"([a-z0-9_]+)\")");
  const std::regex handed(
      R"(\"((?:password_rule|cm_login|consular_login|interior_login)[a-z_]*)\")");
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(kSource + "/src")) {
    if (entry.path().extension() != ".cc") continue;
    const std::string text = ReadFile(entry.path());
    for (const std::regex* re : {&direct, &ternary, &handed}) {
      for (std::sregex_iterator it(text.begin(), text.end(), *re), end;
           it != end; ++it) {
        for (size_t g = 1; g < it->size(); ++g) {
          if ((*it)[g].matched) used.insert((*it)[g]);
        }
      }
    }
  }
  EXPECT_GT(from_templates, 50u);
  EXPECT_GT(used.size(), from_templates + 50);
  for (const std::string& key : used) {
    EXPECT_EQ(fr.count(key), 1u)
        << "key used but not in the catalogues: " << key;
  }
}

TEST(CatalogueTest, MissingKeyInOneLanguageFailsTheLoad) {
  const std::string dir =
      WriteCatalogues("missing", "a = un\nb = deux\n", "a = one\n");
  I18n i18n;
  Status st = i18n.Load(dir, {"fr", "en"});
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("b: missing in en"), std::string::npos)
      << st.message();
}

TEST(CatalogueTest, ExtraKeyInOneLanguageFailsTheLoad) {
  const std::string dir =
      WriteCatalogues("extra", "a = un\n", "a = one\nb = two\n");
  I18n i18n;
  Status st = i18n.Load(dir, {"fr", "en"});
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("b: missing in fr"), std::string::npos)
      << st.message();
}

TEST(CatalogueTest, DifferentPlaceholdersFailTheLoad) {
  const std::string dir = WriteCatalogues(
      "placeholders", "a = il reste {n} essais\n", "a = {count} tries left\n");
  I18n i18n;
  Status st = i18n.Load(dir, {"fr", "en"});
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("a: not the same placeholders"),
            std::string::npos)
      << st.message();
}

TEST(CatalogueTest, MissingCatalogueFailsTheLoad) {
  const std::string dir = WriteCatalogues("nofile", "a = un\n", "a = one\n");
  I18n i18n;
  EXPECT_FALSE(i18n.Load(dir, {"fr", "de"}).ok());
  EXPECT_TRUE(i18n.Load(dir, {"fr"}).ok());
}

TEST(CatalogueTest, BadLinesAreRefusedWithTheirNumber) {
  EXPECT_FALSE(ParseCatalogue("a = un\na = deux\n").ok());  // twice
  EXPECT_FALSE(ParseCatalogue("A = un\n").ok());            // bad key
  EXPECT_FALSE(ParseCatalogue("a =  \n").ok());             // empty text
  StatusOr<Catalogue> c = ParseCatalogue("# comment\n\nnot a line\n");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("line 3"), std::string::npos);
}

TEST(CatalogueTest, TextKeepsTheSpaceAfterTheSeparator) {
  StatusOr<Catalogue> c = ParseCatalogue("colon =  :\n");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->at("colon"), " :");
}

TEST(CatalogueTest, PlaceholdersAreReplaced) {
  EXPECT_EQ(FormatText("Il vous reste {n} essais.", {{"n", "3"}}),
            "Il vous reste 3 essais.");
  EXPECT_EQ(FormatText("{a} et {b}", {{"a", "x"}}), "x et {b}");
  EXPECT_EQ(Placeholders("{organisation} : {code}."),
            (std::set<std::string>{"code", "organisation"}));
}

// --- the language of a request
// ------------------------------------------------

const std::vector<std::string> kBoth = {"fr", "en"};

TEST(ChooseLanguageTest, CookieWinsOverAcceptLanguage) {
  EXPECT_EQ(ChooseLanguage(kBoth, "fr", "en-GB,en;q=0.9"), "fr");
  EXPECT_EQ(ChooseLanguage(kBoth, "en", "fr-FR,fr;q=0.9"), "en");
}

TEST(ChooseLanguageTest, AcceptLanguageWinsOverTheDefault) {
  EXPECT_EQ(ChooseLanguage(kBoth, "", "en-US,en;q=0.9"), "en");
  EXPECT_EQ(ChooseLanguage(kBoth, "", "EN"), "en");
}

TEST(ChooseLanguageTest, DefaultIsTheFirstConfigured) {
  EXPECT_EQ(ChooseLanguage(kBoth, "", ""), "fr");
  EXPECT_EQ(ChooseLanguage({"en", "fr"}, "", ""), "en");
}

TEST(ChooseLanguageTest, QValuesAreHonoured) {
  EXPECT_EQ(ChooseLanguage(kBoth, "", "fr;q=0.4, en;q=0.8"), "en");
  EXPECT_EQ(ChooseLanguage(kBoth, "", "de, fr;q=0.5, en;q=0.7"), "en");
  EXPECT_EQ(ChooseLanguage(kBoth, "", "en;q=0.5, fr;q=0.5"), "en");
  // q=0 says "not this one".
  EXPECT_EQ(ChooseLanguage({"en", "fr"}, "", "en;q=0, fr;q=0.1"), "fr");
  EXPECT_EQ(ChooseLanguage(kBoth, "", "en;q=0"), "fr");
}

TEST(ChooseLanguageTest, GarbageHeaderGivesTheDefault) {
  EXPECT_EQ(ChooseLanguage(kBoth, "", ";;;,,,=q"), "fr");
  EXPECT_EQ(ChooseLanguage(kBoth, "", "en;q=abc"), "fr");
  EXPECT_EQ(ChooseLanguage(kBoth, "", "en;q=2"), "fr");
  EXPECT_EQ(ChooseLanguage(kBoth, "", std::string(5000, 'e')), "fr");
  EXPECT_EQ(ChooseLanguage(kBoth, "", "\xff\xfe"), "fr");
}

TEST(ChooseLanguageTest, UnknownLanguageGivesTheDefault) {
  EXPECT_EQ(ChooseLanguage(kBoth, "de", "de-DE,es;q=0.9"), "fr");
  EXPECT_EQ(ChooseLanguage(kBoth, "<script>", ""), "fr");
  // A language not configured is not chosen even when a catalogue exists.
  EXPECT_EQ(ChooseLanguage({"fr"}, "en", "en"), "fr");
}

// --- configured wording
// --------------------------------------------------------

TEST(WordingTest, BuiltInDefaultsAreTranslated) {
  I18n i18n;
  ASSERT_TRUE(i18n.Load(kSource + "/html/i18n", {"fr", "en"}).ok());
  EXPECT_EQ(i18n.Wording("en", "code d'accès"), "access code");
  EXPECT_EQ(i18n.Wording("fr", "code d'accès"), "code d'accès");
  EXPECT_EQ(i18n.Wording("en", "mot de passe"), "password");
}

TEST(WordingTest, DeploymentTranslationsWinAndOthersStayAsConfigured) {
  I18n i18n;
  ASSERT_TRUE(
      i18n.Load(kSource + "/html/i18n", {"fr", "en"},
                {{"en",
                  {{"Crédit Municipal de Paris", "Paris Municipal Credit"},
                   {"code d'accès", "PIN"}}}})
          .ok());
  EXPECT_EQ(i18n.Wording("en", "Crédit Municipal de Paris"),
            "Paris Municipal Credit");
  EXPECT_EQ(i18n.Wording("fr", "Crédit Municipal de Paris"),
            "Crédit Municipal de Paris");
  EXPECT_EQ(i18n.Wording("en", "code d'accès"), "PIN");
  EXPECT_EQ(i18n.Wording("en", "Mairie de Test"), "Mairie de Test");
}

}  // namespace
}  // namespace sesame
