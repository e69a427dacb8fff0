// The officers' desk (« guichet ») of the Interior flow, over the fakes:
// the officer's sign-in with password and TOTP, the desk session, the
// search by matricule within the officer's bureau, the hand-over of a new
// password or security key, its slip shown once, the agent's mail and the
// audit rows.
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <regex>
#include <tuple>

#include "crypto/totp.h"
#include "flows/interior/desk_agent_screen.h"
#include "flows/interior/desk_rules.h"
#include "flows/interior/facts.h"
#include "flows/interior/officer_enrolment.h"
#include "flows/interior/rules.h"
#include "flows/interior/settings.h"
#include "screens/harness.h"

namespace sesame::testing {
namespace {

const char kPassword[] = "une phrase de passe solide 2026";
const char kMatricule[] = "123456";
const char kBureau[] = "BVE-1";
const char kWrong[] =
    "Identifiant, mot de passe ou code de vérification incorrect.";
const char kNoAgent[] = "Aucun agent de votre bureau n&#39;a ce matricule.";

Config DeskConfig() {
  Config c = TestConfig();
  c.recovery.flows = {"credit_municipal", "interior"};
  return c;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class DeskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    agent_id_ = h_.AddAccount("agent1", kPassword, false,
                              {{"matricule", kMatricule},
                               {"birth-date", "01/02/1980"},
                               {"card-number", "A1B2C3D4"},
                               {"iban", "FR76 3000 6000 0112 3456 7890 189"},
                               {"bureau", kBureau}});
    std::smatch m;
    ASSERT_EQ(h_.last_told.size(), 1u);
    ASSERT_TRUE(std::regex_search(h_.last_told[0], m,
                                  std::regex("([A-Z0-9]{4}-[A-Z0-9]{4}-"
                                             "[A-Z0-9]{4})$")));
    key_ = m[1];
    officer_id_ =
        AddOfficer("president", kBureau, &officer_password_, &officer_secret_);
  }

  int64_t AddOfficer(const std::string& login, const std::string& bureau,
                     std::string* password, std::string* secret) {
    StatusOr<OfficerEnrolment> e = EnrolOfficer(
        h_.config(), &h_.hasher(), login, bureau, "", "Claude " + login);
    EXPECT_TRUE(e.ok()) << e.status().ToString();
    *password = e->password;
    *secret = *crypto::Base32Decode(e->totp_base32);
    return *h_.stores.Add(e->account, {});
  }

  // The code of `secret` `delta` steps from now.
  static std::string Code(const std::string& secret, int delta = 0) {
    return crypto::TotpCode(
        secret,
        crypto::TotpStep(static_cast<int64_t>(std::time(nullptr))) + delta);
  }

  Response SignIn(const std::string& login, const std::string& password,
                  const std::string& totp) {
    return h_.Post("/guichet/connexion",
                   {{"login", login}, {"password", password}, {"totp", totp}});
  }

  // The president signed in with the code `delta` steps from now.
  void SignInPresident(int delta = 0) {
    Response r =
        SignIn("president", officer_password_, Code(officer_secret_, delta));
    ASSERT_EQ(r.status, 303) << r.body;
    ASSERT_EQ(Harness::Header(r, "Location"), "/guichet");
    ASSERT_FALSE(h_.guichet_cookie.empty());
  }

  Response Act(const std::string& remise,
               const std::string& matricule = kMatricule,
               const std::string& document = "passeport",
               const std::string& end = "7k-2c") {
    return h_.Post("/guichet/agent", {{"matricule", matricule},
                                      {"document", document},
                                      {"document_fin", end},
                                      {"remise", remise}});
  }

  // Acts, then reads the slip once; returns the secret shown.
  std::string ActAndReadSlip(const std::string& remise) {
    Response r = Act(remise);
    EXPECT_EQ(r.status, 303) << r.body;
    EXPECT_EQ(Harness::Header(r, "Location"), "/guichet/fiche");
    Response slip = h_.Get("/guichet/fiche");
    EXPECT_EQ(slip.status, 200);
    std::smatch m;
    if (!std::regex_search(slip.body, m,
                           std::regex("id=\"slip-secret\">([^<]+)<"))) {
      ADD_FAILURE() << slip.body;
      return "";
    }
    return m[1];
  }

  // The agent's four-field sign-in from a fresh browser.
  Response AgentSignIn(const std::string& key, const std::string& password) {
    h_.guichet_cookie.clear();
    h_.set_session_cookie("");
    h_.device_cookie.clear();
    return h_.Post("/interieur/connexion", {{"matricule", kMatricule},
                                            {"naissance", "01/02/1980"},
                                            {"cle", key},
                                            {"password", password}});
  }

  Harness h_{DeskConfig()};
  int64_t agent_id_ = 0;
  std::string key_;
  int64_t officer_id_ = 0;
  std::string officer_password_;
  std::string officer_secret_;
};

TEST_F(DeskTest, OfficerSignsInWithPasswordAndTotp) {
  SignInPresident();
  Response desk = h_.Get("/guichet");
  EXPECT_EQ(desk.status, 200);
  EXPECT_TRUE(Has(desk.body, "Claude president")) << desk.body;
  EXPECT_TRUE(Has(desk.body, "BVE-1"));
  EXPECT_TRUE(Has(desk.body, "name=\"matricule\""));
  // The desk's sign-in page sends a signed-in officer to the desk.
  EXPECT_EQ(Harness::Header(h_.Get("/guichet/connexion"), "Location"),
            "/guichet");
  // A code of the step before or after is accepted too (clock drift).
  h_.guichet_cookie.clear();
  Response next =
      SignIn("president", officer_password_, Code(officer_secret_, 1));
  EXPECT_EQ(next.status, 303) << next.body;
  // The desk's cookie goes only with requests from the portal's own pages.
  std::string desk_cookie;
  for (const auto& [name, value] : next.headers) {
    if (name == "Set-Cookie" && value.starts_with("__Host-guichet=")) {
      desk_cookie = value;
    }
  }
  EXPECT_TRUE(Has(desk_cookie, "; SameSite=Strict")) << desk_cookie;
  EXPECT_TRUE(Has(desk_cookie, "; HttpOnly; ")) << desk_cookie;
}

TEST_F(DeskTest, WithoutADeskSessionEveryPageGoesToTheSignIn) {
  const std::string hash = h_.stores.accounts[agent_id_].password_hash;
  for (const char* path : {"/guichet", "/guichet/fiche"}) {
    Response r = h_.Get(path);
    EXPECT_EQ(r.status, 303) << path;
    EXPECT_EQ(Harness::Header(r, "Location"), "/guichet/connexion") << path;
  }
  Response r = Act("password");
  EXPECT_EQ(Harness::Header(r, "Location"), "/guichet/connexion");
  EXPECT_EQ(h_.stores.accounts[agent_id_].password_hash, hash);
  EXPECT_TRUE(h_.stores.slips.empty());
  EXPECT_TRUE(h_.stores.outbox.empty());
}

TEST_F(DeskTest, TotpCodeReusedIsRefused) {
  const std::string code = Code(officer_secret_);
  ASSERT_EQ(SignIn("president", officer_password_, code).status, 303);
  h_.guichet_cookie.clear();
  Response again = SignIn("president", officer_password_, code);
  EXPECT_EQ(again.status, 200);
  EXPECT_TRUE(Has(again.body, kWrong)) << again.body;
  EXPECT_TRUE(h_.guichet_cookie.empty());
  EXPECT_EQ(h_.stores.audit_events.back().event, "login.fail");
}

TEST_F(DeskTest, TotpCodeFromTwoStepsAgoIsRefused) {
  Response r =
      SignIn("president", officer_password_, Code(officer_secret_, -2));
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r.body, kWrong));
  EXPECT_TRUE(h_.guichet_cookie.empty());
  // Nothing was spent: the current code still works.
  SignInPresident();
}

TEST_F(DeskTest, WrongTotpLooksLikeWrongPassword) {
  std::string wrong_code = Code(officer_secret_, 5);
  Response bad_totp = SignIn("president", officer_password_, wrong_code);
  Response bad_password =
      SignIn("president", "pas le bon mot de passe", Code(officer_secret_));
  Response unknown =
      SignIn("personne", officer_password_, Code(officer_secret_));
  EXPECT_EQ(bad_totp.status, 200);
  EXPECT_TRUE(Has(bad_totp.body, kWrong));
  EXPECT_EQ(bad_totp.body, bad_password.body);
  EXPECT_EQ(bad_password.status, bad_totp.status);
  EXPECT_TRUE(Has(unknown.body, kWrong));
  EXPECT_TRUE(h_.guichet_cookie.empty());
  EXPECT_EQ(h_.stores.audit_events.back().event, "login.fail");
  // The wrong code was not spent: the right one still works.
  SignInPresident();
}

TEST_F(DeskTest, AgentOrPortalAccountAtTheDeskIsRefused) {
  h_.AddAccount("camille", kPassword);
  for (const char* login : {"agent1", "camille"}) {
    Response r = SignIn(login, kPassword, Code(officer_secret_));
    EXPECT_EQ(r.status, 200) << login;
    EXPECT_TRUE(Has(r.body, kWrong)) << login;
    EXPECT_TRUE(h_.guichet_cookie.empty()) << login;
  }
  // And an officer at the portal's sign-in is refused the same way as a
  // wrong password there.
  Response portal = h_.Post(
      "/login", {{"login", "president"}, {"password", officer_password_}});
  EXPECT_NE(portal.status, 303) << portal.body;
  EXPECT_TRUE(h_.session_cookie().empty());
}

TEST_F(DeskTest, APortalSessionCookieIsNoDeskSession) {
  h_.AddAccount("camille", kPassword);
  Response in =
      h_.Post("/login", {{"login", "camille"}, {"password", kPassword}});
  ASSERT_EQ(in.status, 303) << in.body;
  ASSERT_FALSE(h_.session_cookie().empty());
  h_.guichet_cookie = h_.session_cookie();
  Response desk = h_.Get("/guichet");
  EXPECT_EQ(desk.status, 303);
  EXPECT_EQ(Harness::Header(desk, "Location"), "/guichet/connexion");
  // The other way round: a desk cookie is no portal session.
  h_.guichet_cookie.clear();
  h_.set_session_cookie("");
  SignInPresident();
  h_.set_session_cookie(h_.guichet_cookie);
  h_.guichet_cookie.clear();
  EXPECT_EQ(Harness::Header(h_.Get("/account"), "Location"), "/login");
}

TEST_F(DeskTest, AgentFoundByMatriculeInTheOfficersBureau) {
  SignInPresident();
  Response found = h_.Post("/guichet", {{"matricule", " 123456 "}});
  EXPECT_EQ(found.status, 200);
  EXPECT_TRUE(Has(found.body, "Camille agent1")) << found.body;
  EXPECT_TRUE(Has(found.body, "Remettre un nouveau mot de passe"));
  EXPECT_TRUE(Has(found.body, "Remettre un nouveau code de sécurité"));
  EXPECT_TRUE(Has(found.body, "name=\"matricule\" value=\"123456\""));
  EXPECT_FALSE(Has(found.body, "name=\"account_id\""));
  for (const char* label :
       {"Carte nationale d&#39;identité", "Passeport", "Carte professionnelle",
        "Titre de séjour", "Permis de conduire"}) {
    EXPECT_TRUE(Has(found.body, label)) << label;
  }
  Response unknown = h_.Post("/guichet", {{"matricule", "999999"}});
  EXPECT_TRUE(Has(unknown.body, kNoAgent)) << unknown.body;
  Response letters = h_.Post("/guichet", {{"matricule", "12a456"}});
  EXPECT_EQ(letters.status, 400);
  EXPECT_FALSE(Has(letters.body, kNoAgent));
}

TEST_F(DeskTest, OfficerOfAnotherBureauGetsTheSameMessage) {
  std::string password, secret;
  AddOfficer("autre", "BVE-2", &password, &secret);
  ASSERT_EQ(SignIn("autre", password, Code(secret)).status, 303);
  Response known = h_.Post("/guichet", {{"matricule", kMatricule}});
  Response unknown = h_.Post("/guichet", {{"matricule", "999999"}});
  EXPECT_EQ(known.status, unknown.status);
  EXPECT_TRUE(Has(known.body, kNoAgent)) << known.body;
  EXPECT_FALSE(Has(known.body, "Camille agent1"));
  // Posting the action straight away changes nothing either.
  const std::string hash = h_.stores.accounts[agent_id_].password_hash;
  const size_t events = h_.stores.audit_events.size();
  Response acted = Act("password");
  EXPECT_TRUE(Has(acted.body, kNoAgent));
  EXPECT_EQ(h_.stores.accounts[agent_id_].password_hash, hash);
  EXPECT_EQ(h_.stores.audit_events.size(), events);
  EXPECT_TRUE(h_.stores.slips.empty());
  EXPECT_TRUE(h_.stores.outbox.empty());
}

TEST_F(DeskTest, ThirtyFirstActionWithinTheHourIsRefusedAndWritesNothing) {
  SignInPresident();
  for (int i = 0; i < 30; ++i) {
    Response r = Act("password");
    ASSERT_EQ(r.status, 303) << i << r.body;
  }
  const std::string hash = h_.stores.accounts[agent_id_].password_hash;
  const size_t events = h_.stores.audit_events.size();
  const size_t mails = h_.stores.outbox.size();
  const std::string slip = h_.stores.slips.begin()->second.sealed;
  Response refused = Act("password");
  EXPECT_EQ(refused.status, 429);
  EXPECT_TRUE(Has(refused.body, "limite de 30 remises par heure"))
      << refused.body;
  EXPECT_EQ(h_.stores.accounts[agent_id_].password_hash, hash);
  EXPECT_EQ(h_.stores.audit_events.size(), events);
  EXPECT_EQ(h_.stores.outbox.size(), mails);
  EXPECT_EQ(h_.stores.slips.begin()->second.sealed, slip);
  EXPECT_EQ(h_.stores.HitsFor(DeskOfficerLimitKey(officer_id_)), 30);
  // A key re-issue counts against the same limit.
  const auto identifiers = h_.stores.identifiers;
  EXPECT_EQ(Act("key").status, 429);
  EXPECT_EQ(h_.stores.identifiers, identifiers);
}

TEST_F(DeskTest, LookupsPastTheHourlyLimitAreRefusedAndCountNothing) {
  SignInPresident();
  const int limit = InteriorSettings::Of(h_.config()).desk_lookups_per_hour;
  for (int i = 0; i < limit; ++i) {
    Response r =
        h_.Post("/guichet", {{"matricule", i % 2 ? "999999" : kMatricule}});
    ASSERT_EQ(r.status, 200) << i;
  }
  const std::string key = "desk:lookup:" + std::to_string(officer_id_);
  EXPECT_EQ(h_.stores.HitsFor(key), limit);
  Response refused = h_.Post("/guichet", {{"matricule", kMatricule}});
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(Harness::Header(refused, "Retry-After"), "3600");
  EXPECT_TRUE(
      Has(refused.body, "limite de 120 recherches d&#39;agent par heure"))
      << refused.body;
  EXPECT_FALSE(Has(refused.body, "Camille agent1"));
  // The action page looks the agent up too: refused, nothing changed.
  const std::string hash = h_.stores.accounts[agent_id_].password_hash;
  EXPECT_EQ(Act("password").status, 429);
  EXPECT_EQ(h_.stores.accounts[agent_id_].password_hash, hash);
  EXPECT_TRUE(h_.stores.slips.empty());
  EXPECT_EQ(h_.stores.HitsFor(key), limit) << "refusals count nothing";
}

TEST_F(DeskTest, EveryLookupIsInTheOfficersAuditWithoutTheMatricule) {
  SignInPresident();
  ASSERT_EQ(h_.Post("/guichet", {{"matricule", kMatricule}}).status, 200);
  ASSERT_EQ(h_.Post("/guichet", {{"matricule", "999999"}}).status, 200);
  std::vector<std::string> details;
  for (const AuditEvent& e : h_.stores.audit_events) {
    if (e.event != "desk.lookup") continue;
    EXPECT_EQ(e.account_id, officer_id_);
    EXPECT_FALSE(Has(e.detail, kMatricule));
    EXPECT_FALSE(Has(e.detail, "999999"));
    details.push_back(e.detail);
  }
  EXPECT_EQ(details, (std::vector<std::string>{"agent agent1",
                                               "aucun agent de ce matricule"}));
}

TEST_F(DeskTest, SlipReloadedDoesNotShowTheSecretTwice) {
  SignInPresident();
  const std::string secret = ActAndReadSlip("password");
  ASSERT_EQ(secret.size(), 14u);
  Response again = h_.Get("/guichet/fiche");
  EXPECT_EQ(again.status, 200);
  EXPECT_TRUE(Has(again.body, "Cette fiche a déjà été affichée"));
  EXPECT_FALSE(Has(again.body, secret));
  EXPECT_TRUE(h_.stores.slips.empty());
}

TEST_F(DeskTest, SlipNamesAgentBureauOfficerAndIsNeverInAnAddress) {
  SignInPresident();
  Response r = Act("password");
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(Harness::Header(r, "Location"), "/guichet/fiche");
  // HEAD spends nothing.
  Request head = h_.Base("HEAD", "/guichet/fiche");
  EXPECT_EQ(h_.Send(head).status, 200);
  ASSERT_EQ(h_.stores.slips.size(), 1u);
  Response slip = h_.Get("/guichet/fiche");
  EXPECT_TRUE(Has(slip.body, "Camille agent1"));
  EXPECT_TRUE(Has(slip.body, "BVE-1"));
  EXPECT_TRUE(Has(slip.body, "Claude president"));
  EXPECT_TRUE(Has(slip.body, "(UTC)"));
  EXPECT_TRUE(Has(slip.body, "choisir votre propre mot de passe"));
  EXPECT_TRUE(Has(slip.body, "class=\"slip\""));
  EXPECT_EQ(Harness::Header(slip, "Cache-Control"), "no-store");
  // Sealed in the store: the secret is not readable there.
  SignInPresident(1);
  ASSERT_EQ(Act("password").status, 303);
  const std::string sealed = h_.stores.slips.begin()->second.sealed;
  const std::string secret = ActAndReadSlip("key");
  EXPECT_FALSE(Has(sealed, "Camille agent1"));
  EXPECT_FALSE(secret.empty());
}

TEST_F(DeskTest, AfterANewPasswordTheAgentSignsInAndMustChangeIt) {
  SignInPresident();
  const std::string secret = ActAndReadSlip("password");
  ASSERT_FALSE(secret.empty());
  EXPECT_TRUE(h_.stores.accounts[agent_id_].must_change_password);
  // The old password no longer works...
  Response old = AgentSignIn(key_, kPassword);
  EXPECT_NE(old.status, 303);
  // ... the slip's does, once, and leads to the forced change.
  Response in = AgentSignIn(key_, secret);
  ASSERT_EQ(in.status, 303) << in.body;
  EXPECT_EQ(Harness::Header(in, "Location"), "/account/password");
}

TEST_F(DeskTest, AfterANewKeyTheOldKeyIsRefused) {
  // The agent's session dies with the key.
  ASSERT_EQ(AgentSignIn(key_, kPassword).status, 303);
  const std::string agent_session = h_.session_cookie();
  h_.set_session_cookie("");
  SignInPresident();
  const std::string new_key = ActAndReadSlip("key");
  ASSERT_TRUE(std::regex_match(
      new_key, std::regex("[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}")))
      << new_key;
  EXPECT_NE(new_key, key_);
  EXPECT_TRUE(h_.stores.sessions[crypto::Sha256(agent_session)].revoked);
  Response old = AgentSignIn(key_, kPassword);
  EXPECT_EQ(old.status, 200);
  EXPECT_TRUE(Has(old.body, "ne permettent pas de vous identifier"));
  Response in = AgentSignIn(new_key, kPassword);
  EXPECT_EQ(in.status, 303) << in.body;
  EXPECT_EQ(Harness::Header(in, "Location"), "/account");
  // The old key's digest is nobody's now.
  EXPECT_EQ(h_.stores.identifiers.count(
                {kSecurityKeyKind,
                 FactDigest(h_.config(), kSecurityKeyKind,
                            SecurityKeyFact(kMatricule,
                                            *NormaliseSecurityKey(key_)))}),
            0u);
}

TEST_F(DeskTest, TheAgentsMailIsQueuedAndHoldsNoSecret) {
  SignInPresident();
  const std::string password = ActAndReadSlip("password");
  ASSERT_EQ(h_.stores.outbox.size(), 1u);
  const OutboxMessage& mail = h_.stores.outbox[0];
  EXPECT_EQ(mail.recipient, "agent1@example.org");
  EXPECT_TRUE(Has(mail.subject, "un nouveau mot de passe vous a été remis"));
  EXPECT_TRUE(Has(mail.text,
                  "Un nouveau mot de passe vous a été remis au "
                  "bureau BVE-1"))
      << mail.text;
  EXPECT_TRUE(Has(mail.text, "01 23 45 67 89")) << mail.text;
  EXPECT_FALSE(Has(mail.text, password));
  EXPECT_FALSE(Has(mail.html, password));
  SignInPresident(1);
  const std::string key = ActAndReadSlip("key");
  ASSERT_EQ(h_.stores.outbox.size(), 2u);
  const OutboxMessage& key_mail = h_.stores.outbox[1];
  EXPECT_TRUE(Has(key_mail.subject, "un nouveau code de sécurité"));
  EXPECT_TRUE(Has(key_mail.text,
                  "Un nouveau code de sécurité vous a été "
                  "remis au bureau BVE-1"))
      << key_mail.text;
  for (const std::string& part :
       {key, std::string(*NormaliseSecurityKey(key))}) {
    EXPECT_FALSE(Has(key_mail.text, part));
    EXPECT_FALSE(Has(key_mail.html, part));
  }
}

TEST_F(DeskTest, AuditRowsNameOfficerBureauAndDocument) {
  SignInPresident();
  const std::string password = ActAndReadSlip("password");
  SignInPresident(1);
  const std::string key = ActAndReadSlip("key");
  StatusOr<std::vector<AuditRow>> rows =
      h_.stores.AuditOf(officer_id_, "desk.", 10);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].event, "desk.password");
  EXPECT_EQ((*rows)[0].detail,
            "agent=agent1 bureau=BVE-1 document=passeport fin=7K2C");
  EXPECT_EQ((*rows)[0].client_ip, "192.0.2.10");
  EXPECT_EQ((*rows)[1].event, "desk.security_key");
  StatusOr<std::vector<AuditRow>> agent_rows =
      h_.stores.AuditOf(agent_id_, "", 100);
  ASSERT_TRUE(agent_rows.ok());
  std::vector<std::string> agent_events;
  for (const AuditRow& row : *agent_rows) {
    agent_events.push_back(row.event);
    if (row.event == "password.desk") {
      EXPECT_EQ(row.detail,
                "officer=president bureau=BVE-1 document=passeport fin=7K2C");
    }
  }
  EXPECT_NE(
      std::find(agent_events.begin(), agent_events.end(), "password.desk"),
      agent_events.end());
  EXPECT_NE(
      std::find(agent_events.begin(), agent_events.end(), "security_key.desk"),
      agent_events.end());
  for (const AuditEvent& e : h_.stores.audit_events) {
    EXPECT_FALSE(Has(e.detail, password)) << e.event;
    EXPECT_FALSE(Has(e.detail, key)) << e.event;
  }
}

TEST_F(DeskTest, BadDocumentOrChoiceIsSaidAndWritesNothing) {
  SignInPresident();
  const std::string hash = h_.stores.accounts[agent_id_].password_hash;
  struct Case {
    const char* document;
    const char* end;
    const char* remise;
    const char* message;
  } cases[] = {
      {"passeport", "7K2", "password", "exactement les 4 derniers"},
      {"passeport", "7K2C9", "password", "exactement les 4 derniers"},
      {"passeport", "7K_C", "password", "exactement les 4 derniers"},
      {"passeport", "", "password", "Saisissez les 4 derniers"},
      {"carte_de_bibliotheque", "7K2C", "password", "Choisissez le document"},
      {"passeport", "7K2C", "", "Choisissez ce que vous remettez"},
      {"passeport", "7K2C", "both", "Choisissez ce que vous remettez"},
  };
  for (const Case& c : cases) {
    Response r = Act(c.remise, kMatricule, c.document, c.end);
    EXPECT_EQ(r.status, 400) << c.end << c.remise;
    EXPECT_TRUE(Has(r.body, c.message)) << c.message << "\n" << r.body;
    // What was typed is kept.
    EXPECT_TRUE(Has(r.body, "value=\"" + std::string(c.end) + "\""));
  }
  EXPECT_EQ(h_.stores.accounts[agent_id_].password_hash, hash);
  EXPECT_TRUE(h_.stores.slips.empty());
  EXPECT_TRUE(h_.stores.outbox.empty());
  EXPECT_EQ(h_.stores.HitsFor(DeskOfficerLimitKey(officer_id_)), 0);
}

TEST_F(DeskTest, SignOutRevokesTheDeskSession) {
  SignInPresident();
  const std::string cookie = h_.guichet_cookie;
  Response out = h_.Post("/guichet/deconnexion", {});
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(Harness::Header(out, "Location"), "/guichet/connexion?m=bye");
  EXPECT_TRUE(h_.guichet_cookie.empty());
  h_.guichet_cookie = cookie;
  EXPECT_EQ(Harness::Header(h_.Get("/guichet"), "Location"),
            "/guichet/connexion");
}

TEST_F(DeskTest, ADisabledOfficerIsLetOutOfTheDesk) {
  SignInPresident();
  h_.stores.accounts[officer_id_].disabled = true;
  EXPECT_EQ(Harness::Header(h_.Get("/guichet"), "Location"),
            "/guichet/connexion");
}

TEST_F(DeskTest, NotOfferedWithoutTheFlow) {
  Config c = TestConfig();
  Harness h(c);
  EXPECT_EQ(h.Get("/guichet/connexion").status, 404);
  EXPECT_EQ(h.Get("/guichet").status, 404);
}

// --- rules ------------------------------------------------------------------

TEST(DeskRules, DocumentEndIsFourLettersOrDigits) {
  EXPECT_EQ(*NormaliseDocumentEnd("7k2c"), "7K2C");
  EXPECT_EQ(*NormaliseDocumentEnd(" 7K-2C "), "7K2C");
  for (const char* bad : {"", "7K2", "7K2C9", "7K_C", "7KÉC", "7K2\n"}) {
    EXPECT_FALSE(NormaliseDocumentEnd(bad).has_value()) << bad;
  }
  EXPECT_EQ(DeskDocuments().size(), 5u);
  EXPECT_NE(FindDeskDocument("titre_sejour"), nullptr);
  EXPECT_EQ(FindDeskDocument(""), nullptr);
}

TEST(DeskRules, SlipRoundTripsAndRefusesAnythingElse) {
  DeskSlip slip{DeskHandOver::kSecurityKey, "Camille: 3",     "BVE 1", "Claude",
                "30/11/2026 à 16:23 (UTC)", "K7QX-M3TD-9WRA", 0};
  const std::string encoded = EncodeDeskSlip(slip);
  std::optional<DeskSlip> back = DecodeDeskSlip(encoded);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->hand_over, DeskHandOver::kSecurityKey);
  EXPECT_EQ(back->agent_name, "Camille: 3");
  EXPECT_EQ(back->secret, "K7QX-M3TD-9WRA");
  EXPECT_EQ(back->at, slip.at);
  for (size_t cut = 0; cut < encoded.size(); ++cut) {
    EXPECT_FALSE(DecodeDeskSlip(encoded.substr(0, cut)).has_value()) << cut;
  }
  EXPECT_FALSE(DecodeDeskSlip(encoded + "x").has_value());
  EXPECT_FALSE(DecodeDeskSlip("").has_value());
}

TEST(OfficerEnrolmentTest, OfficerGetsARealPasswordAndASealedTotpSecret) {
  Config c = TestConfig();
  c.security.argon2.memory_kib = 8192;
  c.security.argon2.iterations = 1;
  crypto::PasswordHasher hasher(c.security.argon2);
  StatusOr<OfficerEnrolment> e =
      EnrolOfficer(c, &hasher, "president", "BVE-DEMO", "", "Claude");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->account.role, kRoleOfficer);
  EXPECT_EQ(e->account.bureau, "BVE-DEMO");
  EXPECT_FALSE(e->account.must_change_password);
  EXPECT_EQ(e->account.temporary_password_hours, 0);
  EXPECT_EQ(e->password.size(), 16u);
  EXPECT_TRUE(*hasher.Verify(e->account.password_hash, e->password));
  StatusOr<std::string> secret = OpenOfficerTotp(c, e->account.totp_sealed);
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(crypto::Base32Encode(*secret), e->totp_base32);
  EXPECT_EQ(secret->size(), 20u);
  EXPECT_TRUE(Has(e->otpauth_uri, "otpauth://totp/"));
  EXPECT_TRUE(Has(e->otpauth_uri, "secret=" + e->totp_base32));
  EXPECT_FALSE(Has(e->account.totp_sealed, *secret));
  const std::string long_bureau(65, 'B');
  for (auto [login, bureau, email] :
       {std::tuple{"", "BVE", ""}, std::tuple{"a b", "BVE", ""},
        std::tuple{"p", "", ""}, std::tuple{"p", "BVE\n", ""},
        std::tuple{"p", long_bureau.c_str(), ""},
        std::tuple{"p", "BVE", "pas une adresse"}}) {
    EXPECT_FALSE(EnrolOfficer(c, &hasher, login, bureau, email, "").ok())
        << login << "|" << bureau << "|" << email;
  }
}

// The desk in English (the officer's `lang` cookie): its pages, an error
// and the printable slip; the agent's mail stays in the agent's language.
TEST_F(DeskTest, DeskInEnglish) {
  h_.cookies["__Host-lang"] = "en";
  Response page = h_.Get("/guichet/connexion");
  EXPECT_TRUE(Has(page.body, "<h1>Desk: sign in</h1>")) << page.body;
  EXPECT_TRUE(Has(page.body, "Verification code"));
  EXPECT_FALSE(Has(page.body, "Code de vérification"));
  SignInPresident();
  page = h_.Get("/guichet");
  EXPECT_TRUE(Has(page.body, "<h1>Desk: look up an agent</h1>"));
  EXPECT_FALSE(Has(page.body, "Rechercher"));
  page = h_.Post("/guichet", {{"matricule", kMatricule}});
  EXPECT_TRUE(Has(page.body, "Identity document checked")) << page.body;
  EXPECT_TRUE(Has(page.body, ">Passport</option>"));
  EXPECT_FALSE(Has(page.body, "Passeport"));
  const std::string slip = ActAndReadSlip("password");
  EXPECT_FALSE(slip.empty());
  page = h_.Get("/guichet/fiche");
  EXPECT_TRUE(Has(page.body, "This slip has already been shown"));
  EXPECT_FALSE(Has(page.body, "Cette fiche"));
  ASSERT_EQ(h_.stores.outbox.size(), 1u);
  EXPECT_TRUE(Has(h_.stores.outbox[0].subject,
                  "un nouveau mot de passe vous a été remis"));
}

TEST_F(DeskTest, DeskSlipInEnglish) {
  h_.cookies["__Host-lang"] = "en";
  SignInPresident();
  Response r = Act("key");
  ASSERT_EQ(r.status, 303) << r.body;
  Response slip = h_.Get("/guichet/fiche");
  EXPECT_TRUE(Has(slip.body, "This slip is shown only once")) << slip.body;
  EXPECT_TRUE(Has(slip.body, "Security key:"));
  EXPECT_TRUE(Has(slip.body, "Your old security key no longer works."));
  EXPECT_TRUE(Has(slip.body,
                  "Sign in at https://portail.example.org/interieur/connexion "
                  "with"))
      << slip.body;
  EXPECT_FALSE(Has(slip.body, "{LOGIN_URL}"));
  EXPECT_FALSE(Has(slip.body, "Code de sécurité"));
}

TEST_F(DeskTest, DeskErrorInEnglish) {
  h_.cookies["__Host-lang"] = "en";
  SignInPresident();
  Response r = Act("password", kMatricule, "passeport", "7K");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(Has(r.body, "Type exactly the last 4 characters")) << r.body;
  EXPECT_FALSE(Has(r.body, "Saisissez"));
  r = h_.Post("/guichet", {{"matricule", "999"}});
  EXPECT_TRUE(Has(r.body, "No agent of your office has this staff number."))
      << r.body;
  Response out = h_.Post("/guichet/deconnexion", {});
  EXPECT_EQ(Harness::Header(out, "Location"), "/guichet/connexion?m=bye");
  r = h_.Get("/guichet/connexion", "m=bye");
  EXPECT_TRUE(Has(r.body, "You are signed out.")) << r.body;
}

}  // namespace
}  // namespace sesame::testing
