// A flow that lives only in this folder, registered by this test alone, run
// end to end through App and the intake worker over the fakes: the registry
// is all a flow needs.
#include "flows/example/example_flow.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "flows/flows.h"
#include "screens/harness.h"
#include "web/renderer.h"

namespace sesame::testing {
namespace {

FlowList WithExample() {
  FlowList flows = CompiledFlows();
  flows.push_back(&example::Flow());
  return flows;
}

Config ExampleConfig() {
  Config c = TestConfig();
  c.recovery.flows = {"credit_municipal", "example"};
  return c;
}

class ExampleFlowTest : public ::testing::Test {
 protected:
  ExampleFlowTest() : h_(ExampleConfig(), WithExample()) {}
  void SetUp() override { id_ = h_.AddAccount("alix", kPassword); }

  // The token of the link in the last mail.
  std::string MailedToken() {
    std::smatch m;
    for (auto it = h_.stores.outbox.rbegin(); it != h_.stores.outbox.rend();
         ++it) {
      if (std::regex_search(
              it->text, m,
              std::regex("/exemple/lien\\?t=([A-Za-z0-9_-]{43})"))) {
        return m[1];
      }
    }
    return "";
  }
  Response Open(const std::string& token) {
    Response r = h_.Get("/exemple/lien", "t=" + token);
    std::smatch m;
    std::string cookie = Harness::Header(r, "Set-Cookie");
    if (std::regex_search(cookie, m, std::regex("^__Host-example=([^;]*)"))) {
      link_cookie_ = m[1];
    }
    return r;
  }
  Response Submit(const std::string& email) {
    Request req = h_.Base("POST", "/exemple/lien");
    req.cookies["__Host-example"] = link_cookie_;
    req.form = {{"email", email},
                {"csrf", h_.app().CsrfToken(req.cookies["__Host-csrf"])}};
    return h_.Send(req);
  }

  static constexpr char kPassword[] = "une phrase de passe solide 2026";
  Harness h_;
  int64_t id_ = 0;
  std::string link_cookie_;
};

TEST_F(ExampleFlowTest, LoginPageShowsItsLinkOnlyWhileOffered) {
  EXPECT_NE(h_.Get("/login").body.find("<a href=\"/exemple\">Compte bloqué ?"),
            std::string::npos);
  Config off = TestConfig();  // credit_municipal only
  Harness plain(off, WithExample());
  EXPECT_EQ(plain.Get("/login").body.find("Compte bloqué ?"),
            std::string::npos);
  EXPECT_EQ(plain.Get("/exemple").status, 404);
}

TEST_F(ExampleFlowTest, RequestMailLinkAndLinkStepEndToEnd) {
  Response asked = h_.Post("/exemple", {{"login", "alix"}});
  ASSERT_EQ(asked.status, 303) << asked.body;
  EXPECT_EQ(Harness::Header(asked, "Location"), "/exemple/envoye");
  // The intake worker (run by the harness after each request) mailed it.
  const std::string token = MailedToken();
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(h_.stores.outbox.back().recipient, "alix@example.org");

  Response opened = Open(token);
  EXPECT_EQ(opened.status, 303);
  ASSERT_FALSE(link_cookie_.empty());

  Response wrong = Submit("autre@example.org");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_NE(wrong.body.find("Il vous reste 2 essais."), std::string::npos);

  Response done = Submit("alix@example.org");
  EXPECT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(Harness::Header(done, "Location"), "/exemple/fait");
  EXPECT_EQ(h_.stores.audit_events.back().event, "example.unblocked");

  // Spent: the same link is « déjà utilisé ».
  Response again = Submit("alix@example.org");
  EXPECT_EQ(again.status, 410);
  EXPECT_NE(again.body.find("Lien déjà utilisé"), std::string::npos);
}

TEST_F(ExampleFlowTest, ItsOwnAttemptBudgetKillsTheRequest) {
  ASSERT_EQ(h_.Post("/exemple", {{"login", "alix"}}).status, 303);
  Open(MailedToken());
  EXPECT_EQ(Submit("a@example.org").status, 400);
  EXPECT_EQ(Submit("b@example.org").status, 400);
  Response dead = Submit("c@example.org");  // the 3rd of 3
  EXPECT_EQ(dead.status, 410);
  EXPECT_NE(dead.body.find("Demande annulée"), std::string::npos);
  EXPECT_EQ(Submit("alix@example.org").status, 410);
}

TEST_F(ExampleFlowTest, UnknownIdentifierGetsTheSameAnswerAndNoMail) {
  Response asked = h_.Post("/exemple", {{"login", "personne"}});
  EXPECT_EQ(asked.status, 303);
  EXPECT_EQ(Harness::Header(asked, "Location"), "/exemple/envoye");
  EXPECT_TRUE(h_.stores.outbox.empty());
}

TEST(ExampleFlowRegistry, ConfigSchemaTemplatesAndCaptchaFormsComeFromIt) {
  std::vector<ConfigProblem> problems;
  Config c = ParseConfig(
      "[security]\nsecret_key_file = \"/k\"\n"
      "[recovery]\nflows = [\"example\"]\n"
      "[captcha]\nforms = [\"example_request\"]\n"
      "[example]\nattempts = 7\n",
      "t.toml", &problems, FlowConfigSchema(WithExample()));
  EXPECT_TRUE(problems.empty()) << (problems.empty() ? "" : problems[0].key);
  EXPECT_EQ(example::Settings::Of(c).attempts, 7);
  EXPECT_TRUE(c.captcha.On("example_request"));

  // Without it, the same file names every key it does not know.
  problems.clear();
  (void)ParseConfig(
      "[security]\nsecret_key_file = \"/k\"\n"
      "[recovery]\nflows = [\"example\"]\n[example]\nattempts = 7\n",
      "t.toml", &problems, FlowConfigSchema());
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].key, "recovery.flows");
  EXPECT_EQ(problems[1].key, "example");

  // Its templates load with the others, as `sesame serve` loads them.
  CtemplateRenderer renderer(std::string(SESAME_SOURCE_DIR) + "/html");
  EXPECT_TRUE(renderer.Preload(AllTemplates(WithExample())).ok());

  // `sesame deliver` loads the mails only, its own among them.
  const std::vector<std::string> mails = MailTemplates(WithExample());
  EXPECT_TRUE(std::find(mails.begin(), mails.end(),
                        "mail/password_changed.txt.tpl") != mails.end());
  EXPECT_TRUE(std::find(mails.begin(), mails.end(),
                        std::string(SESAME_SOURCE_DIR) +
                            "/tests/flows/example/html/mail/link.html.tpl") !=
              mails.end());
  EXPECT_TRUE(std::find(mails.begin(), mails.end(), "layout.tpl") ==
              mails.end());
  for (const std::string& name : mails) {
    EXPECT_NE(name.find("mail/"), std::string::npos) << name;
  }
  EXPECT_TRUE(renderer.Preload(mails).ok());
}

}  // namespace
}  // namespace sesame::testing
