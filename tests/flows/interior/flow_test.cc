// The Interior flow over in-memory stores: the four-field sign-in, the
// online regeneration form, what the intake worker does with it (a mail
// link or an SMS) and the link page.
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <regex>

#include "flows/interior/facts.h"
#include "flows/interior/intake.h"
#include "flows/interior/rules.h"
#include "flows/interior/settings.h"
#include "screens/harness.h"

namespace sesame::testing {
namespace {

const char kPassword[] = "une phrase de passe solide 2026";
const char kChosen[] = "Verger bleu, quatorze lanternes & un hibou";
const char kMatricule[] = "123456";
const char kBirth[] = "12/03/1981";
const char kCard[] = "A1B2C3D4E5";
const char kIban[] = "FR7630006000011234567890189";
// The card's 6 first characters and the IBAN's 6 last.
const char kSecret[] = "A1B2C3890189";
const char kWrongMessage[] =
    "Les informations saisies ne permettent pas de vous identifier.";

Config InteriorConfig() {
  Config c = TestConfig();
  c.recovery.flows = {"credit_municipal", "interior"};
  c.branding.organisation = "Élections professionnelles";
  // Room for more requests an hour than one test makes (the fake's windows
  // never end), unless a test asks otherwise.
  c.security.limits.request_per_account_hour = 100;
  return c;
}

Config SmsConfig() {
  Config c = InteriorConfig();
  c.MutableFlow<InteriorSettings>(kInteriorFlow).delivery =
      InteriorSettings::Delivery::kSms;
  return c;
}

int CurrentYear() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

class InteriorFlowTest : public ::testing::Test {
 protected:
  explicit InteriorFlowTest(Config config = InteriorConfig())
      : h_(std::move(config)) {}

  void SetUp() override { id_ = AddAgent("agent", kMatricule, &key_); }

  // An agent enrolled as `sesame account add` does; *key is the security
  // key it printed.
  int64_t AddAgent(const std::string& login, const std::string& matricule,
                   std::string* key) {
    int64_t id = h_.AddAccount(login, kPassword, false,
                               {{"matricule", matricule},
                                {"birth-date", kBirth},
                                {"card-number", kCard},
                                {"iban", kIban},
                                {"bureau", "BVE-1"}});
    EXPECT_EQ(h_.last_told.size(), 1u);
    std::smatch m;
    const std::string told = h_.last_told.empty() ? "" : h_.last_told[0];
    EXPECT_TRUE(std::regex_search(
        told, m,
        std::regex("^security key \\(code de sécurité\\), shown only now: "
                   "([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})$")))
        << told;
    *key = m[1];
    return id;
  }

  Response SignIn(const std::string& matricule, const std::string& birth,
                  const std::string& key, const std::string& password) {
    return h_.Post("/interieur/connexion", {{"matricule", matricule},
                                            {"naissance", birth},
                                            {"cle", key},
                                            {"password", password}});
  }
  Response SignIn() { return SignIn(kMatricule, kBirth, key_, kPassword); }

  Response Regenerate(const std::string& matricule = kMatricule,
                      const std::string& birth = kBirth,
                      const std::string& secret = kSecret) {
    return h_.Post(
        "/interieur/regeneration",
        {{"matricule", matricule}, {"naissance", birth}, {"secret", secret}});
  }

  int Count(const std::string& event) {
    int n = 0;
    for (const AuditEvent& e : h_.stores.audit_events) n += e.event == event;
    return n;
  }

  std::vector<std::string> LinkTokens() {
    std::vector<std::string> tokens;
    for (const OutboxMessage& m : h_.stores.outbox) {
      std::smatch match;
      if (std::regex_search(
              m.text, match,
              std::regex("https://portail\\.example\\.org/interieur/lien\\?t="
                         "([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])"))) {
        tokens.push_back(match[1]);
      }
    }
    return tokens;
  }

  // GET /interieur/lien?t=TOKEN: the token moves into the cookie; then the
  // page itself.
  Response Open(const std::string& token) {
    Response r = h_.Get("/interieur/lien", "t=" + token);
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(Harness::Header(r, "Location"), "/interieur/lien");
    std::smatch m;
    std::string cookie = Harness::Header(r, "Set-Cookie");
    if (std::regex_search(cookie, m, std::regex("^__Host-interieur=([^;]*)"))) {
      link_cookie_ = m[1];
    }
    return Page();
  }
  Response Page(const std::string& method = "GET") {
    Request req = h_.Base(method, "/interieur/lien");
    req.cookies["__Host-interieur"] = link_cookie_;
    return h_.Send(req);
  }
  Response Choose(const std::string& password, const std::string& confirm) {
    Request req = h_.Base("POST", "/interieur/lien");
    req.cookies["__Host-interieur"] = link_cookie_;
    req.form = {{"password", password},
                {"password_confirm", confirm},
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
  std::string key_;
  std::string link_cookie_;
};

// ---- « Se connecter »: the four fields -----------------------------------

TEST_F(InteriorFlowTest, FourFieldSignInOpensASession) {
  Response r = SignIn();
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Harness::Header(r, "Location"), "/account");
  EXPECT_FALSE(h_.session_cookie().empty());
  EXPECT_EQ(Count("login.ok"), 1);
  Response account = h_.Get("/account");
  EXPECT_EQ(account.status, 200);
  EXPECT_NE(account.body.find("Camille agent"), std::string::npos);
}

TEST_F(InteriorFlowTest, FieldsAreTakenAsAPersonTypesThem) {
  std::string loose = key_;
  loose.erase(std::remove(loose.begin(), loose.end(), '-'), loose.end());
  for (char& c : loose) c = static_cast<char>(std::tolower(c));
  Response r = SignIn(" 123456 ", "12-3-1981", loose, kPassword);
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Harness::Header(r, "Location"), "/account");
}

// Whatever is wrong, the same page, status and message, and the same work:
// both digest lookups and one Argon2id verification (audited login.fail)
// for each attempt.
TEST_F(InteriorFlowTest, EachWrongFactGetsTheSameAnswerAndTheSameWork) {
  std::string other_key = NewSecurityKey();
  ASSERT_NE(other_key, *NormaliseSecurityKey(key_));
  struct Case {
    const char* what;
    std::string matricule, birth, key, password;
  };
  const std::vector<Case> cases = {
      {"matricule", "123457", kBirth, key_, kPassword},
      {"birth date", kMatricule, "13/03/1981", key_, kPassword},
      {"security key", kMatricule, kBirth, GroupSecurityKey(other_key),
       kPassword},
      {"password", kMatricule, kBirth, key_, "une autre phrase de passe 2026"},
      {"all four", "654321", "01/01/1970", GroupSecurityKey(other_key),
       "une autre phrase de passe 2026"},
  };
  std::string first_body;
  for (const Case& c : cases) {
    const int fails = Count("login.fail");
    const int lookups = h_.stores.identifier_lookups;
    Response r = SignIn(c.matricule, c.birth, c.key, c.password);
    EXPECT_EQ(r.status, 200) << c.what;
    EXPECT_TRUE(h_.session_cookie().empty()) << c.what;
    EXPECT_NE(r.body.find(kWrongMessage), std::string::npos) << c.what;
    EXPECT_EQ(r.body.find("aria-invalid"), std::string::npos)
        << c.what << ": no field is singled out";
    EXPECT_EQ(Count("login.fail"), fails + 1) << c.what << ": one Verify";
    EXPECT_EQ(h_.stores.identifier_lookups, lookups + 2) << c.what;
    // The page differs only by what was typed back into it.
    std::string body = r.body;
    for (const std::string& typed : {c.matricule, c.birth}) {
      body = std::regex_replace(body, std::regex("value=\"" + typed + "\""),
                                "value=\"TYPED\"");
    }
    if (first_body.empty()) first_body = body;
    EXPECT_EQ(body, first_body) << c.what;
  }
  EXPECT_EQ(Count("login.ok"), 0);
  EXPECT_EQ(SignIn().status, 303) << "the right four still work";
}

// The facts of an agent on an account of another role (or a disabled one)
// open nothing, with the same answer and work.
TEST_F(InteriorFlowTest, OnlyAnEnabledAgentSignsIn) {
  for (const char* role : {kRolePortal, kRoleOfficer}) {
    h_.stores.accounts[id_].role = role;
    const int fails = Count("login.fail");
    Response r = SignIn();
    EXPECT_EQ(r.status, 200) << role;
    EXPECT_NE(r.body.find(kWrongMessage), std::string::npos) << role;
    EXPECT_TRUE(h_.session_cookie().empty()) << role;
    EXPECT_EQ(Count("login.fail"), fails + 1) << role;
  }
  h_.stores.accounts[id_].role = kRoleAgent;
  h_.stores.accounts[id_].disabled = true;
  Response r = SignIn();
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(kWrongMessage), std::string::npos);
  h_.stores.accounts[id_].disabled = false;
  EXPECT_EQ(SignIn().status, 303);
}

// A field of the wrong shape is said on its own field, before anything is
// counted or verified.
TEST_F(InteriorFlowTest, MalformedFieldsGetTheirOwnMessage) {
  const std::string next_year = std::to_string(CurrentYear() + 1);
  struct Case {
    std::string matricule, birth, key, field, message;
  };
  const std::vector<Case> cases = {
      {kMatricule, "31/02/1980", key_, "naissance",
       "vérifiez le jour et le mois"},
      {kMatricule, "29/02/1981", key_, "naissance",
       "vérifiez le jour et le mois"},
      {kMatricule, "01/01/1899", key_, "naissance",
       "antérieure au 1er janvier"},
      {kMatricule, "01/01/" + next_year, key_, "naissance", "dans le futur"},
      {kMatricule, "1981-03-12", key_, "naissance", "format JJ/MM/AAAA"},
      {kMatricule, "", key_, "naissance", "Saisissez votre date de naissance"},
      {"12a456", kBirth, key_, "matricule", "chiffres uniquement"},
      {"123 456", kBirth, key_, "matricule", "chiffres uniquement"},
      {"ABCDEF", kBirth, key_, "matricule", "chiffres uniquement"},
      {"", kBirth, key_, "matricule", "Saisissez votre matricule"},
      {kMatricule, kBirth, key_.substr(0, key_.size() - 1), "cle",
       "12 lettres"},
      {kMatricule, kBirth, key_ + "A", "cle", "12 lettres"},
      {kMatricule, kBirth, "", "cle", "Saisissez votre code de sécurité"},
  };
  for (const Case& c : cases) {
    Response r = SignIn(c.matricule, c.birth, c.key, kPassword);
    EXPECT_EQ(r.status, 400) << c.matricule << " " << c.birth << " " << c.key;
    EXPECT_NE(r.body.find("id=\"" + c.field + "-error\""), std::string::npos)
        << c.field;
    EXPECT_NE(r.body.find(c.message), std::string::npos) << c.message;
    EXPECT_EQ(r.body.find(kWrongMessage), std::string::npos);
  }
  Response none = SignIn(kMatricule, kBirth, key_, "");
  EXPECT_EQ(none.status, 400);
  EXPECT_NE(none.body.find("id=\"password-error\""), std::string::npos);
  EXPECT_EQ(Count("login.fail"), 0) << "nothing verified";
  EXPECT_EQ(h_.stores.identifier_lookups, 0) << "nothing looked up";
  EXPECT_TRUE(h_.session_cookie().empty());
}

TEST_F(InteriorFlowTest, NotOfferedIs404) {
  Harness plain;  // credit_municipal only
  EXPECT_EQ(plain.Get("/interieur/connexion").status, 404);
  EXPECT_EQ(plain.Get("/interieur/regeneration").status, 404);
  EXPECT_EQ(plain
                .Post("/interieur/regeneration", {{"matricule", kMatricule},
                                                  {"naissance", kBirth},
                                                  {"secret", kSecret}})
                .status,
            404);
  EXPECT_EQ(h_.Get("/interieur/connexion").status, 200);
  EXPECT_NE(h_.Get("/login").body.find("href=\"/interieur/connexion\""),
            std::string::npos);
}

// ---- « Demande de régénération du mot de passe » -------------------------

TEST_F(InteriorFlowTest, SameAnswerForAMatchAndForNonsense) {
  Response a = Regenerate();
  Response b = Regenerate("999999", "01/01/1970", "ZZZZZZ999999");
  Response c = Regenerate(kMatricule, kBirth, "A1B2C3890188");
  Response d = Regenerate(kMatricule, "13/03/1981", kSecret);
  for (const Response* r : {&a, &b, &c, &d}) {
    EXPECT_EQ(r->status, 303);
    EXPECT_EQ(r->headers, a.headers);
    EXPECT_EQ(r->body, a.body);
  }
  EXPECT_EQ(Harness::Header(a, "Location"), "/interieur/regeneration/envoye");
  EXPECT_EQ(h_.stores.outbox.size(), 1u) << "only the match sent something";
  Response sent = h_.Get("/interieur/regeneration/envoye");
  EXPECT_EQ(sent.status, 200);
  EXPECT_NE(sent.body.find("Si les informations saisies correspondent"),
            std::string::npos);
}

TEST_F(InteriorFlowTest, MalformedRegenerationFieldsAreSaidOnTheForm) {
  struct Case {
    std::string matricule, birth, secret, field, message;
  };
  const std::vector<Case> cases = {
      {kMatricule, kBirth, "A1B2C389018", "secret", "exactement 12"},
      {kMatricule, kBirth, "A1B2C38901890", "secret", "exactement 12"},
      {kMatricule, kBirth, "A1B2C3_890189", "secret", "exactement 12"},
      {kMatricule, kBirth, "", "secret", "Saisissez votre donnée secrète"},
      {"12a456", kBirth, kSecret, "matricule", "chiffres uniquement"},
      {" 123 456", kBirth, kSecret, "matricule", "chiffres uniquement"},
      {kMatricule, "31/02/1980", kSecret, "naissance",
       "vérifiez le jour et le mois"},
      {kMatricule, "15/06/1899", kSecret, "naissance", "1er janvier 1900"},
      {kMatricule, "01/01/" + std::to_string(CurrentYear() + 1), kSecret,
       "naissance", "dans le futur"},
  };
  for (const Case& c : cases) {
    Response r = Regenerate(c.matricule, c.birth, c.secret);
    EXPECT_EQ(r.status, 400) << c.secret << c.matricule << c.birth;
    EXPECT_NE(r.body.find("id=\"" + c.field + "-error\""), std::string::npos)
        << c.field;
    EXPECT_NE(r.body.find(c.message), std::string::npos) << c.message;
    // What was typed stays, but never the secret.
    EXPECT_NE(r.body.find("value=\"" + c.birth + "\""), std::string::npos);
    if (!c.secret.empty()) {
      EXPECT_EQ(r.body.find(c.secret), std::string::npos);
    }
  }
  EXPECT_TRUE(h_.stores.intents.empty());
  EXPECT_TRUE(h_.stores.outbox.empty());
}

TEST_F(InteriorFlowTest, IntentHoldsTheNormalisedFields) {
  h_.run_intake = false;
  ASSERT_EQ(Regenerate(" 123456 ", "12-3-1981", "a1b2 c3-89 0189").status, 303);
  ASSERT_EQ(h_.stores.intents.size(), 1u);
  const Intent& intent = h_.stores.intents[0];
  EXPECT_EQ(intent.flow, kInteriorRegenerationFlow);
  const std::map<std::string, std::string> expected = {
      {"matricule", "123456"},
      {"naissance", "12/03/1981"},
      {"secret", kSecret}};
  EXPECT_EQ(intent.fields, expected);
  EXPECT_EQ(intent.client_ip, h_.client_ip);
  h_.RunIntake();
  EXPECT_EQ(LinkTokens().size(), 1u) << "and it matches the agent";
}

// ---- what `sesame deliver` does with it -----------------------------------

TEST_F(InteriorFlowTest, AMatchMailsASingleUseLinkToTheWorkAddress) {
  ASSERT_EQ(Regenerate().status, 303);
  ASSERT_EQ(h_.stores.requests.size(), 1u);
  const NewRecoveryRequest& request =
      h_.stores.requests.begin()->second.request;
  EXPECT_EQ(request.flow, kInteriorFlow);
  EXPECT_EQ(request.account_id, id_);
  EXPECT_EQ(request.ttl_seconds, 12 * 3600);
  EXPECT_TRUE(request.code_hmac.empty());
  ASSERT_EQ(h_.stores.outbox.size(), 1u);
  const OutboxMessage& mail = h_.stores.outbox[0];
  EXPECT_EQ(mail.kind, OutboxMessage::Kind::kMail);
  EXPECT_EQ(mail.recipient, "agent@example.org");
  EXPECT_EQ(mail.subject,
            "Élections professionnelles : régénération de votre mot de passe");
  EXPECT_NE(mail.text.find("/interieur/lien?t="), std::string::npos);
  EXPECT_EQ(LinkTokens().size(), 1u);
  EXPECT_EQ(crypto::Sha256(LinkTokens()[0]), request.token_hash);
  EXPECT_EQ(h_.stores.marks.count({id_, kRegenerationMark}), 1u);
  // Nothing changed yet: the old password still signs in.
  EXPECT_EQ(SignIn().status, 303);
}

// 20 requests for one matricule before the worker runs: the interval mark
// lets one message through.
TEST_F(InteriorFlowTest, TwentyRequestsInARowSendOneMessage) {
  h_.run_intake = false;
  for (int i = 0; i < 20; ++i) ASSERT_EQ(Regenerate().status, 303);
  EXPECT_EQ(h_.RunIntake(), 20);
  EXPECT_EQ(h_.stores.outbox.size(), 1u);
  EXPECT_EQ(h_.stores.requests.size(), 1u);
  EXPECT_EQ(Count("recovery.request.repeated"), 19);
  // Past [interior] regeneration_interval_minutes, another one goes (from
  // another address: this one used its request_per_ip_hour).
  h_.stores.now += 5 * 60;
  h_.client_ip = "192.0.2.99";
  ASSERT_EQ(Regenerate().status, 303);
  EXPECT_EQ(h_.RunIntake(), 1);
  EXPECT_EQ(h_.stores.outbox.size(), 2u);
}

// 5 requests whose facts match no agent suspend the online regeneration of
// that matricule for the hour: the form says so even to the right secret,
// and the worker sends nothing for a request already stored.
TEST_F(InteriorFlowTest, FiveFailuresSuspendTheMatriculesOnlineRegeneration) {
  std::string other_key;
  const int64_t other = AddAgent("voisin", "777777", &other_key);
  h_.run_intake = false;
  for (const char* secret : {"A1B2C3890188", "ZZZZZZ000000", "A1B2C3890180",
                             "999999999999", "A1B2C3000000"}) {
    ASSERT_EQ(Regenerate(kMatricule, kBirth, secret).status, 303);
  }
  // A right one stored before the worker ran.
  ASSERT_EQ(Regenerate().status, 303);
  EXPECT_EQ(h_.RunIntake(), 6);
  EXPECT_TRUE(h_.stores.outbox.empty());
  EXPECT_TRUE(h_.stores.requests.empty());
  EXPECT_EQ(Count("recovery.request.nomatch"), 5);
  EXPECT_EQ(Count("recovery.regeneration.suspended"), 1);
  // The form now says so, whatever is typed.
  for (const char* secret : {kSecret, "ZZZZZZ000000"}) {
    Response r = Regenerate(kMatricule, kBirth, secret);
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(Harness::Header(r, "Retry-After"), "3600");
    EXPECT_NE(r.body.find("suspendue pour ce matricule"), std::string::npos);
    EXPECT_NE(r.body.find("président de votre bureau"), std::string::npos);
  }
  EXPECT_TRUE(h_.stores.intents.empty());
  // Another matricule is not concerned; the sign-in still works.
  ASSERT_EQ(Regenerate("777777", kBirth, kSecret).status, 303);
  EXPECT_EQ(h_.RunIntake(), 1);
  ASSERT_EQ(h_.stores.outbox.size(), 1u);
  EXPECT_EQ(h_.stores.outbox[0].recipient, "voisin@example.org");
  EXPECT_EQ(h_.stores.requests.begin()->second.request.account_id, other);
  h_.run_intake = true;
  EXPECT_EQ(SignIn().status, 303);
}

TEST_F(InteriorFlowTest, SuspensionIsReadAgainWhenTheMatchIsWritten) {
  // A worker handles a right request while others write the matricule's
  // fifth failure: the match, written after, sends nothing.
  h_.run_intake = false;
  ASSERT_EQ(Regenerate().status, 303);
  ASSERT_EQ(h_.stores.intents.size(), 1u);
  InteriorIntake intake(h_.deps());
  StatusOr<IntentOutcome> outcome = intake.Handle(h_.stores.intents[0]);
  ASSERT_TRUE(outcome.ok());
  ASSERT_TRUE(outcome->request.has_value()) << "a match";
  const std::string key = RegenerationFailuresKey(h_.config(), kMatricule);
  for (int i = 0; i < InteriorSettings::Of(h_.config()).regeneration_failures;
       ++i) {
    ASSERT_TRUE(h_.stores.Hit(key, 3600).ok());
  }
  StatusOr<IntentResult> written =
      h_.stores.Finish(h_.stores.intents[0].id, "", *outcome);
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(*written, IntentResult::kLimited);
  EXPECT_TRUE(h_.stores.outbox.empty());
  EXPECT_TRUE(h_.stores.requests.empty());
  StatusOr<int> failures = h_.stores.Count(key, 3600);
  ASSERT_TRUE(failures.ok());
  EXPECT_EQ(*failures, 5) << "the check adds nothing";
}

// ---- the link page ---------------------------------------------------------

TEST_F(InteriorFlowTest, LinkPageSetsTheNewPasswordOnce) {
  ASSERT_EQ(Regenerate().status, 303);
  const std::string token = LinkTokens().at(0);
  // A mail scanner, then the agent: GET and HEAD spend nothing.
  for (int i = 0; i < 3; ++i) {
    Response form = Open(token);
    EXPECT_EQ(form.status, 200);
    EXPECT_NE(form.body.find("name=\"password_confirm\""), std::string::npos);
    EXPECT_EQ(Page("HEAD").status, 200);
  }
  Response mismatch = Choose(kChosen, std::string(kChosen) + "!");
  EXPECT_EQ(mismatch.status, 400);
  Response done = Choose(kChosen, kChosen);
  EXPECT_EQ(done.status, 303);
  EXPECT_EQ(Harness::Header(done, "Location"), "/interieur/lien/fait");
  EXPECT_NE(h_.Get("/interieur/lien/fait")
                .body.find("nouveau mot de passe est "
                           "enregistré"),
            std::string::npos);
  EXPECT_EQ(Count("password.reset"), 1);
  // « Mot de passe modifié » to the work address.
  EXPECT_EQ(h_.stores.outbox.back().recipient, "agent@example.org");
  // Replayed: the link is used.
  EXPECT_EQ(Open(token).status, 410);
  EXPECT_EQ(Choose("Encore une autre phrase, 77 hiboux",
                   "Encore une autre "
                   "phrase, 77 hiboux")
                .status,
            410);
  // The new password with the security key; the old one no more.
  EXPECT_EQ(SignIn().status, 200);
  Response in = SignIn(kMatricule, kBirth, key_, kChosen);
  EXPECT_EQ(in.status, 303);
  EXPECT_EQ(Harness::Header(in, "Location"), "/account");
  h_.set_session_cookie("");
  EXPECT_EQ(
      SignIn(kMatricule, kBirth, GroupSecurityKey(NewSecurityKey()), kChosen)
          .status,
      200)
      << "still not without the security key";
}

TEST_F(InteriorFlowTest, ASpentLinksPageLeadsToTheAgentsSignIn) {
  ASSERT_EQ(Regenerate().status, 303);
  const std::string token = LinkTokens().at(0);
  ASSERT_EQ(Open(token).status, 200);
  ASSERT_EQ(Choose(kChosen, kChosen).status, 303);
  Response spent = Open(token);
  EXPECT_EQ(spent.status, 410);
  EXPECT_NE(
      spent.body.find("href=\"/interieur/connexion\">Retour à la connexion"),
      std::string::npos);
  EXPECT_EQ(spent.body.find("href=\"/login\">Retour"), std::string::npos);
  EXPECT_NE(spent.body.find("href=\"/interieur/regeneration\""),
            std::string::npos);
}

TEST_F(InteriorFlowTest, ANewerRequestKillsTheOlderLink) {
  ASSERT_EQ(Regenerate().status, 303);
  h_.stores.now += 5 * 60;
  ASSERT_EQ(Regenerate().status, 303);
  std::vector<std::string> tokens = LinkTokens();
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_NE(Open(tokens[0]).status, 200);
  EXPECT_EQ(Open(tokens[1]).status, 200);
}

// ---- delivery = "sms" ------------------------------------------------------

class InteriorSmsTest : public InteriorFlowTest {
 protected:
  InteriorSmsTest() : InteriorFlowTest(SmsConfig()) {}
};

TEST_F(InteriorSmsTest, OneTimePasswordBySmsLeadsToTheForcedChange) {
  Response asked = Regenerate();
  EXPECT_EQ(asked.status, 303);
  EXPECT_NE(h_.Get("/interieur/regeneration/envoye").body.find("par SMS"),
            std::string::npos);
  ASSERT_EQ(h_.stores.outbox.size(), 1u);
  const OutboxMessage& sms = h_.stores.outbox[0];
  EXPECT_EQ(sms.kind, OutboxMessage::Kind::kSms);
  EXPECT_EQ(sms.recipient, "+33612345678");
  const std::string password = SmsPassword();
  EXPECT_EQ(password.size(), 14u);
  EXPECT_TRUE(h_.stores.requests.empty()) << "no link";
  EXPECT_EQ(Count("password.renewal.sms"), 1);
  // The old password is gone; the SMS one signs in once, to the forced
  // change.
  EXPECT_EQ(SignIn().status, 200);
  Response in = SignIn(kMatricule, kBirth, key_, password);
  EXPECT_EQ(in.status, 303);
  EXPECT_EQ(Harness::Header(in, "Location"), "/account/password");
  h_.set_session_cookie("");
  EXPECT_EQ(SignIn(kMatricule, kBirth, key_, password).status, 200)
      << "usable once";
}

TEST_F(InteriorSmsTest, AnAgentWithoutPhoneIsMailedToGoToTheDesk) {
  h_.stores.accounts[id_].phone = "";
  ASSERT_EQ(Regenerate().status, 303);
  ASSERT_EQ(h_.stores.outbox.size(), 1u);
  const OutboxMessage& mail = h_.stores.outbox[0];
  EXPECT_EQ(mail.kind, OutboxMessage::Kind::kMail);
  EXPECT_EQ(mail.recipient, "agent@example.org");
  EXPECT_NE(mail.text.find("Aucun numéro de téléphone portable"),
            std::string::npos);
  EXPECT_NE(mail.text.find("président de votre bureau de vote"),
            std::string::npos);
  EXPECT_EQ(mail.text.find("/interieur/lien"), std::string::npos);
  EXPECT_TRUE(SmsPassword().empty());
  EXPECT_EQ(Count("recovery.request.no_phone"), 1);
  EXPECT_EQ(SignIn().status, 303) << "nothing changed";
}

}  // namespace
}  // namespace sesame::testing
