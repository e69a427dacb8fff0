// [interior] delivery = "screen": the regeneration form itself looks the
// facts up and shows a one-time password once; the weaker mode a
// deployment without a channel to its agents may choose.
#include <gtest/gtest.h>

#include <regex>

#include "flows/interior/facts.h"
#include "flows/interior/settings.h"
#include "screens/harness.h"

namespace sesame::testing {
namespace {

const char kPassword[] = "une phrase de passe solide 2026";

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Config ScreenConfig() {
  Config c = TestConfig();
  c.recovery.flows = {"interior"};
  auto settings = std::make_unique<InteriorSettings>();
  settings->delivery = InteriorSettings::Delivery::kScreen;
  c.flow_settings.Set(kInteriorFlow, std::move(settings));
  return c;
}

class ScreenDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    id_ = h_.AddAccount("agent", kPassword, false,
                        {{"matricule", "1234567"},
                         {"birth-date", "01/02/1980"},
                         {"card-number", "A1B2C3D4E5"},
                         {"iban", "FR7630006000011234567890189"},
                         {"bureau", "BVE-1"}});
    ASSERT_EQ(h_.last_told.size(), 1u);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(h_.last_told[0], m,
                                  std::regex("([A-Z0-9]{4}-[A-Z0-9]{4}-"
                                             "[A-Z0-9]{4})$")));
    key_ = m[1];
  }
  Response Ask(const std::string& secret) {
    return h_.Post("/interieur/regeneration", {{"matricule", "1234567"},
                                               {"naissance", "1/2/1980"},
                                               {"secret", secret}});
  }

  Harness h_{ScreenConfig()};
  int64_t id_ = 0;
  std::string key_;
};

TEST_F(ScreenDeliveryTest, RightFactsShowAOneTimePasswordOnce) {
  // The secret: card's 6 first + IBAN's 6 last, typed loosely.
  Response r = Ask("a1b2c3 890189");
  ASSERT_EQ(r.status, 200);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.body, m, std::regex("<code>([^<]+)</code>")));
  const std::string password = m[1];
  EXPECT_TRUE(h_.stores.accounts[id_].must_change_password);
  // Nothing sent holds it: only the « mot de passe modifié » mail.
  ASSERT_EQ(h_.stores.outbox.size(), 1u);
  EXPECT_EQ(h_.stores.outbox[0].text.find(password), std::string::npos);
  EXPECT_EQ(h_.stores.audit_events.back().event, "password.renewal.screen");
  // It opens the four-field sign-in, straight to the forced change.
  Response in = h_.Post("/interieur/connexion", {{"matricule", "1234567"},
                                                 {"naissance", "01/02/1980"},
                                                 {"cle", key_},
                                                 {"password", password}});
  EXPECT_EQ(in.status, 303);
  EXPECT_EQ(Harness::Header(in, "Location"), "/account/password");
}

TEST_F(ScreenDeliveryTest, WrongFactsChangeNothingAndCountAgainstTheMatricule) {
  const std::string before = h_.stores.accounts[id_].password_hash;
  for (int i = 0; i < 5; ++i) {
    Response r = Ask("A1B2C3890180");
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("ne correspondent à aucun agent"), std::string::npos);
    EXPECT_EQ(r.body.find("<code>"), std::string::npos);
  }
  EXPECT_EQ(h_.stores.accounts[id_].password_hash, before);
  EXPECT_TRUE(h_.stores.outbox.empty());
  // The sixth, even right, meets the suspension.
  Response r = Ask("A1B2C3890189");
  EXPECT_EQ(r.status, 429);
  EXPECT_NE(r.body.find("suspendue"), std::string::npos);
  EXPECT_EQ(r.body.find("<code>"), std::string::npos);
  EXPECT_EQ(h_.stores.accounts[id_].password_hash, before);
}

// The regeneration in English: the form, the password shown, and the
// no-match error.
TEST_F(ScreenDeliveryTest, RegenerationInEnglish) {
  h_.cookies["__Host-lang"] = "en";
  Response r = h_.Get("/interieur/regeneration");
  EXPECT_TRUE(Has(r.body, "<h1>Password renewal request</h1>")) << r.body;
  EXPECT_TRUE(Has(r.body, "Renewal secret"));
  EXPECT_FALSE(Has(r.body, "Donnée secrète"));
  r = Ask("A1B2C3890180");
  EXPECT_TRUE(Has(r.body, "The details typed match no agent.")) << r.body;
  EXPECT_FALSE(Has(r.body, "ne correspondent à aucun agent"));
  r = Ask("a1b2c3 890189");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r.body, "Your password has been renewed.")) << r.body;
  EXPECT_FALSE(Has(r.body, "régénéré"));
}

TEST_F(ScreenDeliveryTest, AgentSignInErrorsInEnglish) {
  h_.cookies["__Host-lang"] = "en";
  Response r = h_.Get("/interieur/connexion");
  EXPECT_TRUE(Has(r.body, "Staff number")) << r.body;
  EXPECT_FALSE(Has(r.body, "Matricule"));
  r = h_.Post("/interieur/connexion", {{"matricule", ""},
                                       {"naissance", "31/02/1980"},
                                       {"cle", ""},
                                       {"password", "x"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(Has(r.body, "Type your staff number.")) << r.body;
  EXPECT_TRUE(Has(r.body, "This date does not exist"));
  EXPECT_TRUE(Has(r.body, "Type your security key."));
  EXPECT_FALSE(Has(r.body, "Saisissez"));
}

}  // namespace
}  // namespace sesame::testing
