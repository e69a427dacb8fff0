// Each flow speaks in its own words: the organisation, assistance, sender
// and credential name of its config section, [branding] otherwise.
#include <gtest/gtest.h>

#include <regex>

#include "flows/consular/settings.h"
#include "flows/credit_municipal/settings.h"
#include "flows/flows.h"
#include "screens/harness.h"

namespace sesame::testing {
namespace {

const char kPassword[] = "une phrase de passe solide 2026";
const char kNew[] = "Verger bleu, quatorze lanternes & un hibou";

Config TwoVoices() {
  Config c = TestConfig();  // [branding]: « Crédit Municipal de Test »
  c.recovery.flows = {"credit_municipal", "consular"};
  AddDefaultFlowSettings(&c);
  BrandingOverrides& consular =
      c.MutableFlow<ConsularSettings>(kConsularFlow).branding;
  consular.organisation = "Élections consulaires";
  consular.assistance_contact = "+33 1 43 17 00 00";
  consular.mail_from = "vote@consulaire.example";
  consular.mail_from_name = "Vote consulaire";
  return c;
}

TEST(FlowBranding, ConfigSectionsNameTheirOwnVoice) {
  std::vector<ConfigProblem> problems;
  Config c = ParseConfig(
      "[security]\nsecret_key_file = \"/k\"\n"
      "[branding]\norganisation = \"Sésame\"\ncredential = \"secret\"\n"
      "[consular]\norganisation = \"Élections consulaires\"\n"
      "mail_from = \"vote@consulaire.example\"\n"
      "assistance_url = \"https://aide.consulaire.example/\"\n",
      "t.toml", &problems, FlowConfigSchema());
  ASSERT_TRUE(problems.empty()) << problems[0].key << problems[0].message;
  const BrandingConfig consular = c.BrandingFor(kConsularFlow);
  EXPECT_EQ(consular.organisation, "Élections consulaires");
  EXPECT_EQ(consular.mail_from, "vote@consulaire.example");
  EXPECT_EQ(consular.credential, "secret") << "[branding]'s, not set here";
  // The Crédit Municipal flow names its secret itself, over [branding].
  EXPECT_EQ(c.BrandingFor(kCreditMunicipalFlow).credential, "code d'accès");
  EXPECT_EQ(c.BrandingFor(kCreditMunicipalFlow).organisation, "Sésame");
  EXPECT_EQ(c.BrandingFor("").credential, "secret");

  for (const char* bad :
       {"mail_from = \"vote consulaire <vote@x.example>\"",
        "organisation = \"a\\nb\"", "credential = \"\"",
        "assistance_url = \"javascript:alert(1)\"", "credential = 3"}) {
    problems.clear();
    (void)ParseConfig(std::string("[security]\nsecret_key_file = \"/k\"\n"
                                  "[consular]\n") +
                          bad,
                      "t.toml", &problems, FlowConfigSchema());
    ASSERT_EQ(problems.size(), 1u) << bad;
    EXPECT_EQ(problems[0].key.rfind("consular.", 0), 0u) << bad;
  }
}

TEST(FlowBranding, EachFlowsPagesSpeakWithItsOrganisation) {
  Harness h(TwoVoices());
  const std::string consular = h.Get("/consulaire/motdepasse").body;
  EXPECT_NE(consular.find("Élections consulaires"), std::string::npos);
  EXPECT_EQ(consular.find("Crédit Municipal de Test"), std::string::npos);
  EXPECT_NE(consular.find("+33 1 43 17 00 00"), std::string::npos);
  const std::string forgot = h.Get("/forgot").body;
  EXPECT_NE(forgot.find("Crédit Municipal de Test"), std::string::npos);
  EXPECT_EQ(forgot.find("Élections consulaires"), std::string::npos);
  // The shared sign-in page speaks for the deployment.
  EXPECT_NE(h.Get("/login").body.find("Crédit Municipal de Test"),
            std::string::npos);
}

TEST(FlowBranding, EachFlowsMailsComeFromItsSenderInItsWords) {
  Harness h(TwoVoices());
  h.AddAccount("dominique", kPassword, false, {{"numic", "345678"}});
  ASSERT_EQ(h.Post("/consulaire/identifiant",
                   {{"numic", "345678"}, {"email", "dominique@example.org"}})
                .status,
            303);
  const OutboxMessage& consular = h.stores.outbox.back();
  EXPECT_EQ(consular.from, "vote@consulaire.example");
  EXPECT_EQ(consular.from_name, "Vote consulaire");
  EXPECT_NE(consular.subject.find("Élections consulaires"), std::string::npos);
  EXPECT_NE(consular.text.find("Élections consulaires"), std::string::npos);
  EXPECT_EQ(consular.text.find("Crédit Municipal"), std::string::npos);

  // Another account: « pas les deux » would refuse dominique's renewal.
  h.AddAccount("camille", kPassword);
  ASSERT_EQ(h.Post("/forgot",
                   {{"login", "camille"}, {"email", "camille@example.org"}})
                .status,
            303);
  const OutboxMessage& credit = h.stores.outbox[h.stores.outbox.size() - 2];
  EXPECT_EQ(credit.from, "") << "[mail] from";
  EXPECT_NE(credit.subject.find("Crédit Municipal de Test"), std::string::npos);
}

TEST(FlowBranding, PasswordChangedMailNamesTheCredentialOfWhereItChanged) {
  Harness h(TwoVoices());
  h.AddAccount("camille", kPassword);
  ASSERT_EQ(
      h.Post("/login", {{"login", "camille"}, {"password", kPassword}}).status,
      303);
  // Signed in, outside any flow: [branding]'s « mot de passe ».
  ASSERT_EQ(h.Post("/account/password", {{"current_password", kPassword},
                                         {"password", kNew},
                                         {"password_confirm", kNew}})
                .status,
            303);
  const OutboxMessage& note = h.stores.outbox.back();
  EXPECT_EQ(note.subject,
            "Crédit Municipal de Test : votre mot de passe a été modifié");
  EXPECT_NE(note.text.find("Le mot de passe de votre espace personnel"),
            std::string::npos);
  EXPECT_EQ(note.text.find("Code d'accès oublié"), std::string::npos);
}

}  // namespace
}  // namespace sesame::testing
