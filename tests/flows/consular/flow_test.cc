// The consular flow (NUMIC + e-mail), over in-memory stores: what the
// intake worker does with what the request forms stored.
#include <gtest/gtest.h>

#include <regex>

#include "captcha/captcha_rules.h"
#include "flows/consular/intake.h"
#include "flows/consular/rules.h"
#include "flows/consular/settings.h"
#include "screens/harness.h"

namespace sesame::testing {
namespace {

const char kPassword[] = "une phrase de passe solide 2026";

Config ConsularConfig() {
  Config c = TestConfig();
  c.recovery.flows = {"credit_municipal", "consular"};
  c.branding.organisation = "Élections consulaires";
  return c;
}

// The same, with room for more requests an hour than one test makes (the
// fake's windows never end).
Config RoomyConsularConfig() {
  Config c = ConsularConfig();
  c.security.limits.request_per_account_hour = 20;
  return c;
}

class ConsularIntakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    id_ = h_.AddAccount("dominique", kPassword, false, {{"numic", "345678"}});
  }
  // Stores what a request form would, then runs the worker.
  void Ask(const std::string& flow, const std::string& numic,
           const std::string& email = "dominique@example.org") {
    Intent intent;
    intent.flow = flow;
    intent.fields = {{"numic", numic}, {"email", email}};
    intent.client_ip = "192.0.2.7";
    ASSERT_TRUE(*h_.stores.Submit(intent, {}));
    EXPECT_EQ(h_.RunIntake(), 1);
  }
  std::string LastEvent() { return h_.stores.audit_events.back().event; }

  Harness h_{RoomyConsularConfig()};
  int64_t id_ = 0;
};

TEST_F(ConsularIntakeTest, PasswordRenewalMailsASingleUseLink) {
  Ask(kConsularPasswordFlow, "00345678");
  ASSERT_EQ(h_.stores.outbox.size(), 1u);
  const OutboxMessage& mail = h_.stores.outbox[0];
  EXPECT_EQ(mail.recipient, "dominique@example.org");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      mail.text, m,
      std::regex("https://portail.example.org/consulaire/lien\\?t=([A-Za-z0-9_"
                 "-]{43})")))
      << mail.text;
  EXPECT_NE(mail.text.find("un seul renouvellement"), std::string::npos);
  ASSERT_EQ(h_.stores.requests.size(), 1u);
  const NewRecoveryRequest& r = h_.stores.requests.begin()->second.request;
  EXPECT_EQ(r.flow, kConsularFlow);
  EXPECT_EQ(r.account_id, id_);
  EXPECT_TRUE(r.code_hmac.empty());
  EXPECT_EQ(r.ttl_seconds, 24 * 3600);
  EXPECT_EQ(h_.stores.marks.count({id_, kPasswordRenewalMark}), 1u);
}

TEST_F(ConsularIntakeTest, ShortNumicIsPaddedLikeTheForm) {
  Ask(kConsularPasswordFlow, "345678");
  EXPECT_EQ(h_.stores.outbox.size(), 1u);
}

TEST_F(ConsularIntakeTest, AnythingButAnExactMatchSendsNothing) {
  Ask(kConsularPasswordFlow, "00345679");
  Ask(kConsularPasswordFlow, "00345678", "autre@example.org");
  Ask(kConsularPasswordFlow, "00345678", "Dominique@example.org");
  Ask(kConsularIdentifierFlow, "abc");
  h_.stores.accounts[id_].disabled = true;
  Ask(kConsularIdentifierFlow, "00345678");
  EXPECT_TRUE(h_.stores.outbox.empty());
  EXPECT_TRUE(h_.stores.requests.empty());
  EXPECT_EQ(LastEvent(), "recovery.request.nomatch");
}

TEST_F(ConsularIntakeTest, LostIdentifierIsMailedToTheAddressOnRecord) {
  Ask(kConsularIdentifierFlow, "00345678", "  dominique@EXAMPLE.org ");
  ASSERT_EQ(h_.stores.outbox.size(), 1u);
  const OutboxMessage& mail = h_.stores.outbox[0];
  EXPECT_EQ(mail.recipient, "dominique@example.org");
  EXPECT_NE(mail.text.find("Votre identifiant : dominique"), std::string::npos);
  EXPECT_NE(mail.html.find("<strong>dominique</strong>"), std::string::npos);
  EXPECT_TRUE(h_.stores.requests.empty());
  EXPECT_EQ(LastEvent(), "recovery.identifier.sent");
}

// "Not both at once": within the window the second renewal is refused, and
// only the mailbox is told.
TEST_F(ConsularIntakeTest, NeverBothWithinTheWindow) {
  Ask(kConsularIdentifierFlow, "00345678");
  h_.stores.now += 23 * 3600;
  Ask(kConsularPasswordFlow, "00345678");
  ASSERT_EQ(h_.stores.outbox.size(), 2u);
  EXPECT_NE(h_.stores.outbox[1].text.find("à la fois son identifiant et son "
                                          "mot de passe"),
            std::string::npos);
  EXPECT_EQ(h_.stores.outbox[1].text.find("/consulaire/lien"),
            std::string::npos);
  EXPECT_TRUE(h_.stores.requests.empty());
  EXPECT_EQ(LastEvent(), "recovery.not_both");
  h_.stores.now += 3600;
  Ask(kConsularPasswordFlow, "00345678");
  EXPECT_EQ(h_.stores.requests.size(), 1u);
  // And the other way round.
  Ask(kConsularIdentifierFlow, "00345678");
  EXPECT_EQ(LastEvent(), "recovery.not_both");
  EXPECT_EQ(h_.stores.outbox.back().text.find("Votre identifiant :"),
            std::string::npos);
}

TEST_F(ConsularIntakeTest, NumicIsStoredOnlyAsAKeyedDigest) {
  ASSERT_EQ(h_.stores.identifiers.size(), 1u);
  EXPECT_EQ(h_.stores.identifiers.begin()->first.first, kNumicIdentifierKind);
  const std::string& digest = h_.stores.identifiers.begin()->first.second;
  EXPECT_EQ(digest.size(), 32u);
  EXPECT_EQ(digest.find("345678"), std::string::npos);
  EXPECT_EQ(digest,
            *h_.hasher().KeyedDigest(NumicSalt(h_.config().security.secret_key),
                                     "00345678"));
}

}  // namespace
}  // namespace sesame::testing

namespace sesame::testing {
namespace {

class ConsularFlowTest : public ::testing::Test {
 protected:
  ConsularFlowTest() : h_(ConsularConfig()) {}
  void SetUp() override {
    id_ = h_.AddAccount("dominique", kPassword, false, {{"numic", "345678"}});
  }
  Response AskPassword(const std::string& numic = "345678",
                       const std::string& email = "dominique@example.org") {
    return h_.Post("/consulaire/motdepasse",
                   {{"numic", numic}, {"email", email}});
  }
  std::string LinkToken() {
    for (auto it = h_.stores.outbox.rbegin(); it != h_.stores.outbox.rend();
         ++it) {
      std::smatch m;
      if (std::regex_search(
              it->text, m,
              std::regex("/consulaire/lien\\?t=([A-Za-z0-9_-]{43})"))) {
        return m[1];
      }
    }
    return "";
  }
  Response Open(const std::string& token) {
    Response r = h_.Get("/consulaire/lien", "t=" + token);
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(Harness::Header(r, "Location"), "/consulaire/lien");
    std::smatch m;
    std::string cookie = Harness::Header(r, "Set-Cookie");
    if (std::regex_search(cookie, m, std::regex("^__Host-consular=([^;]*)"))) {
      cookie_ = m[1];
    }
    Request req = h_.Base("GET", "/consulaire/lien");
    req.cookies["__Host-consular"] = cookie_;
    return h_.Send(req);
  }
  Response Identify(const std::string& login) {
    Request req = h_.Base("POST", "/consulaire/lien");
    req.cookies["__Host-consular"] = cookie_;
    req.form = {{"login", login},
                {"csrf", h_.app().CsrfToken(req.cookies["__Host-csrf"])}};
    return h_.Send(req);
  }
  std::string SmsPassword() {
    for (auto it = h_.stores.outbox.rbegin(); it != h_.stores.outbox.rend();
         ++it) {
      std::smatch m;
      if (it->kind == OutboxMessage::Kind::kSms &&
          std::regex_search(it->text, m,
                            std::regex("mot de passe est (\\S+) "))) {
        return m[1];
      }
    }
    return "";
  }

  Harness h_;
  int64_t id_ = 0;
  std::string cookie_;
};

// R10: the link page asks for the identifier as proof, so no mail or SMS
// of the flow shows it but the « Identifiant perdu » mail itself (an
// account without a name on record is greeted by no name, not its login).
TEST_F(ConsularFlowTest, R10_IdentifierOnlyInTheIdentifierMail) {
  h_.stores.accounts[id_].display_name = "";
  ASSERT_EQ(AskPassword().status, 303);
  Open(LinkToken());
  ASSERT_EQ(Identify("dominique").status, 303);
  const std::string password = SmsPassword();
  ASSERT_FALSE(password.empty());
  ASSERT_EQ(h_.Post("/login", {{"login", "dominique"}, {"password", password}})
                .status,
            303);
  const char kChosen[] = "Verger bleu, quatorze lanternes & un hibou";
  ASSERT_EQ(h_.Post("/account/password",
                    {{"password", kChosen}, {"password_confirm", kChosen}})
                .status,
            303);
  // « not both »: the refusal mail.
  ASSERT_EQ(h_.Post("/consulaire/identifiant",
                    {{"numic", "345678"}, {"email", "dominique@example.org"}})
                .status,
            303);
  ASSERT_EQ(h_.stores.audit_events.back().event, "recovery.not_both");
  // Link mail, SMS, « mot de passe modifié », refusal: four messages, none
  // with the identifier.
  ASSERT_EQ(h_.stores.outbox.size(), 4u);
  for (const OutboxMessage& m : h_.stores.outbox) {
    EXPECT_EQ(m.text.find("dominique"), std::string::npos) << m.text;
    EXPECT_EQ(m.html.find("dominique"), std::string::npos) << m.html;
    EXPECT_EQ(m.subject.find("dominique"), std::string::npos) << m.subject;
  }
  EXPECT_NE(h_.stores.outbox[0].text.find("Bonjour,"), std::string::npos);

  // The identifier mail (another voter, nothing renewed) is the one that
  // shows it.
  int64_t other =
      h_.AddAccount("camille", kPassword, false, {{"numic", "777"}});
  h_.stores.accounts[other].display_name = "";
  ASSERT_EQ(h_.Post("/consulaire/identifiant",
                    {{"numic", "777"}, {"email", "camille@example.org"}})
                .status,
            303);
  EXPECT_NE(h_.stores.outbox.back().text.find("camille"), std::string::npos);
}

TEST_F(ConsularFlowTest, WholeRenewalSendsAOneTimePasswordBySms) {
  Response asked = AskPassword();
  EXPECT_EQ(asked.status, 303);
  EXPECT_EQ(Harness::Header(asked, "Location"), "/consulaire/envoye");
  Response sent = h_.Get("/consulaire/envoye");
  EXPECT_NE(sent.body.find("courriels indésirables"), std::string::npos);
  Response form = Open(LinkToken());
  EXPECT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("name=\"login\""), std::string::npos);
  Response done = Identify("dominique");
  EXPECT_EQ(done.status, 303);
  EXPECT_EQ(Harness::Header(done, "Location"), "/consulaire/lien/fait");
  EXPECT_NE(h_.Get("/consulaire/lien/fait").body.find("envoyé par SMS"),
            std::string::npos);
  const std::string password = SmsPassword();
  ASSERT_GE(password.size(), 12u);
  EXPECT_EQ(h_.stores.outbox.back().recipient, "+33612345678");
  // The old password is gone; the new one works once, straight to the
  // forced change.
  EXPECT_EQ(h_.Post("/login", {{"login", "dominique"}, {"password", kPassword}})
                .status,
            200);
  Response in =
      h_.Post("/login", {{"login", "dominique"}, {"password", password}});
  EXPECT_EQ(in.status, 303);
  EXPECT_EQ(Harness::Header(in, "Location"), "/account/password");
  h_.set_session_cookie("");
  Response again =
      h_.Post("/login", {{"login", "dominique"}, {"password", password}});
  EXPECT_EQ(again.status, 200) << "usable once";
  // The link is spent.
  EXPECT_EQ(Open(LinkToken()).status, 410);
}

TEST_F(ConsularFlowTest, SmsPasswordDiesWithItsLifetime) {
  (void)AskPassword();
  (void)Open(LinkToken());
  ASSERT_EQ(Identify("dominique").status, 303);
  const std::string password = SmsPassword();
  // What the database decides once security.temporary_password_hours passed.
  h_.stores.accounts[id_].password_expired = true;
  Response r =
      h_.Post("/login", {{"login", "dominique"}, {"password", password}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("provisoire a expiré"), std::string::npos);
  EXPECT_TRUE(h_.session_cookie().empty());
}

TEST_F(ConsularFlowTest, NumicMistakesAreSaidOnTheSameScreen) {
  for (const char* numic : {"", "12a45678", "1234 5678", "123456789",
                            "１２３４５６７８", "ABCDEFGH"}) {
    Response r = AskPassword(numic);
    EXPECT_EQ(r.status, 400) << numic;
    EXPECT_NE(r.body.find("NUMIC"), std::string::npos);
    EXPECT_NE(r.body.find("aria-invalid=\"true\""), std::string::npos);
  }
  EXPECT_TRUE(h_.stores.intents.empty());
  EXPECT_TRUE(h_.stores.outbox.empty());
}

TEST_F(ConsularFlowTest, A1_SameAnswerWhateverTheInput) {
  Response a = AskPassword();
  Response b = AskPassword("99999999");
  Response c = AskPassword("345678", "autre@example.org");
  for (const Response* r : {&a, &b, &c}) {
    EXPECT_EQ(r->status, 303);
    EXPECT_EQ(r->headers, a.headers);
    EXPECT_EQ(r->body, a.body);
  }
  EXPECT_EQ(h_.stores.outbox.size(), 1u);
}

TEST_F(ConsularFlowTest, WrongIdentifierCountsThenCancels) {
  (void)AskPassword();
  (void)Open(LinkToken());
  for (int i = 1; i < 5; ++i) {
    Response r = Identify("dominiqu");
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find("ne correspond pas"), std::string::npos);
    EXPECT_NE(r.body.find("Il vous reste " + std::to_string(5 - i)),
              std::string::npos);
  }
  EXPECT_EQ(Identify("dominiqu").status, 410);
  EXPECT_EQ(Identify("dominique").status, 410) << "the request is dead";
  EXPECT_TRUE(SmsPassword().empty());
}

TEST_F(ConsularFlowTest, NoPhoneIsToldAndNothingChanges) {
  h_.stores.accounts[id_].phone = "";
  (void)AskPassword();
  (void)Open(LinkToken());
  Response r = Identify("dominique");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Aucun numéro de téléphone"), std::string::npos);
  EXPECT_NE(r.body.find("consulat"), std::string::npos);
  EXPECT_TRUE(SmsPassword().empty());
  EXPECT_EQ(h_.Post("/login", {{"login", "dominique"}, {"password", kPassword}})
                .status,
            303);
}

TEST_F(ConsularFlowTest, D22_GetAndHeadSpendNothing) {
  (void)AskPassword();
  const std::string token = LinkToken();
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(Open(token).status, 200);
    Request head = h_.Base("HEAD", "/consulaire/lien");
    head.cookies["__Host-consular"] = cookie_;
    EXPECT_EQ(h_.Send(head).status, 200);
  }
  EXPECT_EQ(Identify("dominique").status, 303);
}

TEST_F(ConsularFlowTest, D20_CreditMunicipalLinkOpensNothingHere) {
  (void)h_.Post("/forgot",
                {{"login", "dominique"}, {"email", "dominique@example.org"}});
  std::smatch m;
  ASSERT_TRUE(std::regex_search(h_.stores.outbox[0].text, m,
                                std::regex("/reset\\?t=([A-Za-z0-9_-]{43})")));
  EXPECT_EQ(Open(m[1]).status, 404);
}

TEST_F(ConsularFlowTest, LostIdentifierGoesToTheMailbox) {
  Response r =
      h_.Post("/consulaire/identifiant",
              {{"numic", "00345678"}, {"email", "dominique@example.org"}});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Harness::Header(r, "Location"), "/consulaire/identifiant/envoye");
  ASSERT_EQ(h_.stores.outbox.size(), 1u);
  EXPECT_NE(h_.stores.outbox[0].text.find("Votre identifiant : dominique"),
            std::string::npos);
  // Then the password, within the window: refused, told in the mail only.
  Response p = AskPassword();
  EXPECT_EQ(p.status, 303);
  EXPECT_EQ(Harness::Header(p, "Location"), "/consulaire/envoye");
  EXPECT_TRUE(LinkToken().empty());
}

// « Ecran 1 »: both « perdu ou non reçu ? » links and the assistance.
TEST_F(ConsularFlowTest, LoginPageLeadsToBothRenewals) {
  Response r = h_.Get("/login");
  EXPECT_NE(r.body.find("href=\"/consulaire/identifiant\">Identifiant perdu "
                        "ou non reçu ?"),
            std::string::npos);
  EXPECT_NE(r.body.find("href=\"/consulaire/motdepasse\">Mot de passe perdu "
                        "ou non reçu ?"),
            std::string::npos);
  // The assistance, once (in the footer every page has).
  const std::string help = "Contactez l'assistance : 01 23 45 67 89";
  const size_t at = r.body.find(help);
  EXPECT_NE(at, std::string::npos);
  EXPECT_EQ(r.body.find("01 23 45 67 89", at + help.size()), std::string::npos);
  Harness plain;
  EXPECT_EQ(plain.Get("/login").body.find("/consulaire/"), std::string::npos);
}

TEST_F(ConsularFlowTest, NotOfferedIs404) {
  Harness plain;  // credit_municipal only
  EXPECT_EQ(plain.Get("/consulaire/motdepasse").status, 404);
  EXPECT_EQ(plain
                .Post("/consulaire/identifiant",
                      {{"numic", "1"}, {"email", "a@b.fr"}})
                .status,
            404);
}

}  // namespace
}  // namespace sesame::testing

namespace sesame::testing {
namespace {

// The consular forms with their captchas (« Saisissez les 4 chiffres »).
class ConsularCaptchaTest : public ::testing::Test {
 protected:
  static Config WithCaptchas() {
    Config c = TestConfig();
    c.recovery.flows = {"consular"};
    c.captcha.forms = {"consular_password", "consular_identifier",
                       "consular_link"};
    return c;
  }
  ConsularCaptchaTest() : h_(WithCaptchas()) {}
  void SetUp() override {
    h_.AddAccount("dominique", "une phrase de passe solide 2026", false,
                  {{"numic", "345678"}});
  }
  static std::string IdIn(const Response& page) {
    std::smatch m;
    std::regex re("name=\"captcha_id\" value=\"([A-Za-z0-9_-]{43})\"");
    return std::regex_search(page.body, m, re) ? std::string(m[1]) : "";
  }
  std::string AnswerOf(const std::string& id) {
    return CaptchaAnswerFor(
        CaptchaKeys::FromSecret(h_.config().security.secret_key).answer, id);
  }
  Response Ask(const std::string& path, bool solve) {
    const std::string id = IdIn(h_.Get(path));
    EXPECT_FALSE(id.empty());
    std::string answer = AnswerOf(id);
    if (!solve) answer[0] = answer[0] == '9' ? '0' : answer[0] + 1;
    return h_.Post(path, {{"numic", "345678"},
                          {"email", "dominique@example.org"},
                          {"captcha_id", id},
                          {"captcha", answer}});
  }
  Harness h_;
};

TEST_F(ConsularCaptchaTest, E30_RequestFormsNeedTheirCaptcha) {
  for (const char* path :
       {"/consulaire/motdepasse", "/consulaire/identifiant"}) {
    Response wrong = Ask(path, false);
    EXPECT_EQ(wrong.status, 400) << path;
    EXPECT_NE(wrong.body.find("code de sécurité"), std::string::npos);
    EXPECT_NE(wrong.body.find("value=\"345678\""), std::string::npos)
        << "what was typed is kept";
    EXPECT_FALSE(IdIn(wrong).empty()) << "a fresh captcha";
    Response missing = h_.Post(
        path, {{"numic", "345678"}, {"email", "dominique@example.org"}});
    EXPECT_EQ(missing.status, 400);
  }
  EXPECT_TRUE(h_.stores.intents.empty());
  EXPECT_TRUE(h_.stores.outbox.empty());
  EXPECT_EQ(Ask("/consulaire/identifiant", true).status, 303);
  EXPECT_EQ(h_.stores.outbox.size(), 1u);
}

TEST_F(ConsularCaptchaTest, E30_LinkPageNeedsItsCaptchaBeforeTheIdentifier) {
  ASSERT_EQ(Ask("/consulaire/motdepasse", true).status, 303);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      h_.stores.outbox[0].text, m,
      std::regex("/consulaire/lien\\?t=([A-Za-z0-9_-]{43})")));
  Response r = h_.Get("/consulaire/lien", "t=" + std::string(m[1]));
  std::smatch c;
  std::string set_cookie = Harness::Header(r, "Set-Cookie");
  ASSERT_TRUE(
      std::regex_search(set_cookie, c, std::regex("^__Host-consular=([^;]*)")));
  const std::string cookie = c[1];
  auto page = [&] {
    Request get = h_.Base("GET", "/consulaire/lien");
    get.cookies["__Host-consular"] = cookie;
    return h_.Send(get);
  };
  auto post = [&](const std::string& id, const std::string& answer) {
    Request req = h_.Base("POST", "/consulaire/lien");
    req.cookies["__Host-consular"] = cookie;
    req.form = {{"login", "dominique"},
                {"captcha_id", id},
                {"captcha", answer},
                {"csrf", h_.app().CsrfToken(req.cookies["__Host-csrf"])}};
    return h_.Send(req);
  };
  std::string id = IdIn(page());
  std::string wrong = AnswerOf(id);
  wrong[0] = wrong[0] == '9' ? '0' : wrong[0] + 1;
  Response refused = post(id, wrong);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.body.find("Il vous reste"), std::string::npos)
      << "no identifier attempt spent";
  // The captcha was spent: its right answer no longer passes.
  EXPECT_EQ(post(id, AnswerOf(id)).status, 400);
  id = IdIn(page());
  Response done = post(id, AnswerOf(id));
  EXPECT_EQ(done.status, 303);
  EXPECT_EQ(Harness::Header(done, "Location"), "/consulaire/lien/fait");
}

// R9: « pas les deux » holds whichever flow renews the password: the
// Crédit Municipal form (/forgot) is refused too within the window after
// the identifier was mailed, and the identifier is refused after a
// renewal started there.
TEST_F(ConsularFlowTest, R9_NotBothHoldsWhicheverFlowRenews) {
  const std::string budget = "recovery:account:" + std::to_string(id_);
  auto identifier = [&] {
    return h_.Post("/consulaire/identifiant",
                   {{"numic", "345678"}, {"email", "dominique@example.org"}});
  };
  auto forgot = [&] {
    return h_.Post("/forgot", {{"login", "dominique"},
                               {"email", "dominique@example.org"}});
  };
  ASSERT_EQ(identifier().status, 303);
  ASSERT_EQ(h_.stores.outbox.size(), 1u);
  h_.stores.now += 23 * 3600;
  ASSERT_EQ(forgot().status, 303);
  ASSERT_EQ(h_.stores.outbox.size(), 2u);
  EXPECT_NE(h_.stores.outbox[1].text.find("à la fois son identifiant et son "
                                          "code d'accès"),
            std::string::npos)
      << h_.stores.outbox[1].text;
  EXPECT_EQ(h_.stores.outbox[1].text.find("/reset?t="), std::string::npos);
  EXPECT_TRUE(h_.stores.requests.empty()) << "no link, no SMS code";
  EXPECT_EQ(h_.stores.audit_events.back().event, "recovery.not_both");

  (void)h_.stores.Reset(budget);
  h_.stores.now += 3600;
  ASSERT_EQ(forgot().status, 303);
  EXPECT_EQ(h_.stores.requests.size(), 1u) << "past the window: renewed";
  const size_t sent = h_.stores.outbox.size();
  ASSERT_EQ(identifier().status, 303);
  ASSERT_EQ(h_.stores.outbox.size(), sent + 1);
  EXPECT_EQ(h_.stores.outbox.back().text.find("Votre identifiant :"),
            std::string::npos);
  EXPECT_EQ(h_.stores.audit_events.back().event, "recovery.not_both");
}

// R9: the rule is decided where the outcome is written, not read before:
// two requests handled before either is written cannot both pass.
TEST_F(ConsularFlowTest, R9_NotBothIsDecidedWhenWrittenNotReadBefore) {
  FlowDeps deps = h_.deps();
  deps.mark_rules = NotBothRules(24);
  ConsularIntake intake(deps);
  Intent asked;
  asked.fields = {{"numic", "00345678"}, {"email", "dominique@example.org"}};
  asked.client_ip = "192.0.2.7";
  Intent identifier = asked, password = asked;
  identifier.flow = kConsularIdentifierFlow;
  password.flow = kConsularPasswordFlow;
  // Handled by two workers at once: both outcomes exist before either is
  // written.
  StatusOr<IntentOutcome> first = intake.Handle(identifier);
  StatusOr<IntentOutcome> second = intake.Handle(password);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*h_.stores.Finish(0, "w1", *first), IntentResult::kWritten);
  EXPECT_EQ(*h_.stores.Finish(0, "w2", *second), IntentResult::kMarked);
  EXPECT_TRUE(h_.stores.requests.empty());
  EXPECT_EQ(h_.stores.audit_events.back().event, "recovery.not_both");
}

// R4: the consular forms count the account's budget only for requests
// that matched it: a wrong NUMIC or address, however many, spends nothing.
TEST_F(ConsularFlowTest, R4_OnlyMatchingRequestsSpendTheAccountsBudget) {
  for (int i = 0; i < 8; ++i) {
    h_.client_ip = "198.51.100." + std::to_string(i);
    EXPECT_EQ(h_.Post("/consulaire/motdepasse",
                      {{"numic", "345678"}, {"email", "autre@example.org"}})
                  .status,
              303);
  }
  EXPECT_TRUE(h_.stores.outbox.empty());
  EXPECT_EQ(h_.Post("/consulaire/motdepasse",
                    {{"numic", "345678"}, {"email", "dominique@example.org"}})
                .status,
            303);
  EXPECT_EQ(h_.stores.outbox.size(), 1u);
  EXPECT_EQ(h_.stores.HitsFor("recovery:account:" + std::to_string(id_)), 1);
}

}  // namespace
}  // namespace sesame::testing
