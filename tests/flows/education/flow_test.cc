// The Education flow over in-memory stores: the vote space's code, its
// « réassort » by the challenge question and the NUMEN or NIR, the link to
// a personal channel, the warning page, the code shown once, and the
// account-opening page. The fake stores' clock (`now`) decides every
// expiry.
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "captcha/captcha_rules.h"
#include "flows/education/facts.h"
#include "flows/education/grant.h"
#include "flows/education/reassort_screen.h"
#include "flows/education/rules.h"
#include "flows/education/settings.h"
#include "flows/education/vote_screen.h"
#include "screens/harness.h"

namespace sesame::testing {
namespace {

const char kPassword[] = "une phrase de passe solide 2026";
const char kVoteCode[] = "Ancien-code-2022!";
const char kNumen[] = "07E0123456ABC";
const char kNir[] = "1850775123";
const char kAnswer[] = "Citroën";
const char kPersonal[] = "jean.nicolas@perso.example";

// `text` as the pages write it (HTML-escaped).
std::string Html(const std::string& text) {
  return std::regex_replace(text, std::regex("'"), "&#39;");
}

Config EducationConfig() {
  Config c = TestConfig();
  c.recovery.flows = {"credit_municipal", "education"};
  c.captcha.forms = {"education_vote", "education_question"};
  c.branding.organisation = "Élections professionnelles";
  c.security.limits.request_per_account_hour = 100;
  return c;
}

class EducationFlowTest : public ::testing::Test {
 protected:
  EducationFlowTest() : h_(EducationConfig()) { h_.keep_cookies = true; }

  void SetUp() override {
    id_ = h_.AddAccount("electeur", kPassword, false,
                        {{"numen", kNumen},
                         {"nir10", kNir},
                         {"vote-code-initial", kVoteCode},
                         {"question", "voiture"},
                         {"answer", kAnswer}});
  }

  void SignIn(const std::string& login = "electeur") {
    Response r = h_.Post("/login", {{"login", login}, {"password", kPassword}});
    ASSERT_EQ(r.status, 303) << r.body;
  }

  static std::string CaptchaIdIn(const Response& page) {
    std::smatch m;
    if (std::regex_search(
            page.body, m,
            std::regex("name=\"captcha_id\" value=\"([A-Za-z0-9_-]{43})\""))) {
      return m[1];
    }
    return "";
  }
  std::string AnswerOf(const std::string& id) {
    return CaptchaAnswerFor(
        CaptchaKeys::FromSecret(h_.config().security.secret_key).answer, id);
  }
  // The form of `path` with a solved (or, `right` false, wrong) captcha.
  std::map<std::string, std::string> WithCaptcha(
      const std::string& path, std::map<std::string, std::string> form,
      bool right = true) {
    Response page = h_.Get(path);
    const std::string id = CaptchaIdIn(page);
    EXPECT_FALSE(id.empty()) << page.status << page.body;
    std::string answer = AnswerOf(id);
    if (!right) answer[0] = answer[0] == '9' ? '0' : answer[0] + 1;
    form["captcha_id"] = id;
    form["captcha"] = answer;
    return form;
  }

  Response Vote(const std::string& code, bool right_captcha = true) {
    return h_.Post(
        "/education/vote",
        WithCaptcha("/education/vote", {{"code", code}}, right_captcha));
  }

  Response Ask(const std::string& answer = kAnswer,
               const std::string& identifier = kNir,
               const std::string& canal = "email",
               const std::string& address = kPersonal,
               bool right_captcha = true) {
    std::map<std::string, std::string> form = {
        {"reponse", answer}, {"identifiant", identifier}, {"canal", canal}};
    form[canal == "sms" ? "mobile" : "email"] = address;
    return h_.Post(
        "/education/reassort/question",
        WithCaptcha("/education/reassort/question", form, right_captcha));
  }

  int Count(const std::string& event) {
    int n = 0;
    for (const AuditEvent& e : h_.stores.audit_events) n += e.event == event;
    return n;
  }

  // The token of the last link sent (mail or SMS).
  std::string LastLinkToken() {
    std::string token;
    for (const OutboxMessage& m : h_.stores.outbox) {
      std::smatch match;
      if (std::regex_search(
              m.text, match,
              std::regex("https://portail\\.example\\.org/education/reassort/"
                         "lien\\?t=([A-Za-z0-9_-]{43})"))) {
        token = match[1];
      }
    }
    return token;
  }

  // Opens the link, presses « Continuer »: the warning page's grant.
  Response OpenLink(const std::string& token) {
    Response moved = h_.Get("/education/reassort/lien", "t=" + token);
    EXPECT_EQ(moved.status, 303);
    Response page = h_.Get("/education/reassort/lien");
    if (page.status != 200) return page;
    return h_.Post("/education/reassort/lien", {});
  }

  // The code shown on a code page ("" when none).
  static std::string CodeIn(const Response& page) {
    std::smatch m;
    if (!std::regex_search(page.body, m,
                           std::regex("id=\"vote-code\"[^>]*>([^<]*)<"))) {
      return "";
    }
    std::string code = m[1];
    for (const auto& [escaped, plain] :
         {std::pair{"&lt;", "<"}, std::pair{"&gt;", ">"},
          std::pair{"&quot;", "\""}, std::pair{"&#39;", "'"},
          std::pair{"&amp;", "&"}}) {
      code = std::regex_replace(code, std::regex(escaped), plain);
    }
    return code;
  }

  // From an invalidated code to the new one shown.
  std::string Regenerate() {
    EXPECT_EQ(Ask().status, 303);
    Response granted = OpenLink(LastLinkToken());
    EXPECT_EQ(granted.status, 303) << granted.body;
    EXPECT_EQ(Harness::Header(granted, "Location"),
              "/education/reassort/avertissement");
    EXPECT_EQ(h_.Get("/education/reassort/avertissement").status, 200);
    Response pressed = h_.Post("/education/reassort/avertissement", {});
    EXPECT_EQ(Harness::Header(pressed, "Location"), "/education/reassort/code");
    return CodeIn(h_.Get("/education/reassort/code"));
  }

  Harness h_;
  int64_t id_ = 0;
};

TEST_F(EducationFlowTest, VoteSpaceNeedsASignedInSession) {
  Response r = h_.Get("/education/vote");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Harness::Header(r, "Location"), "/login");
  EXPECT_EQ(h_.Get("/education/reassort/question").status, 303);
}

TEST_F(EducationFlowTest, RightVoteCodeAccepted) {
  SignIn();
  Response page = h_.Get("/education/vote");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Cliquez ici pour obtenir un réassort"),
            std::string::npos);
  Response r = Vote(kVoteCode);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("Code de vote accepté"), std::string::npos);
  EXPECT_EQ(Count("education.vote_code.ok"), 1);
}

TEST_F(EducationFlowTest, AccountWithoutVoteSpaceRefused) {
  h_.AddAccount("autre", kPassword);
  SignIn("autre");
  Response r = h_.Get("/education/vote");
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("aucun espace de vote"), std::string::npos);
}

TEST_F(EducationFlowTest, WrongCaptchaOnVoteCountsNoAttempt) {
  SignIn();
  Response r = Vote(kVoteCode, false);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(h_.stores.voters[id_].failures, 0);
}

TEST_F(EducationFlowTest, WrongVoteCodesInvalidateTheCode) {
  SignIn();
  for (int n = 1; n <= 4; ++n) {
    Response r = Vote("pas le bon code");
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find("Il vous reste " +
                          (5 - n == 1 ? std::string("1 essai")
                                      : std::to_string(5 - n) + " essais")),
              std::string::npos)
        << r.body;
  }
  Response fifth = Vote("pas le bon code");
  EXPECT_EQ(fifth.status, 403);
  EXPECT_NE(fifth.body.find(Html(kInvalidatedMessage)), std::string::npos);
  EXPECT_NE(fifth.body.find("/education/reassort"), std::string::npos);
  EXPECT_TRUE(h_.stores.voters[id_].invalidated);
  EXPECT_NE(h_.stores.voters[id_].reason.find("5 codes de vote erronés"),
            std::string::npos);
  EXPECT_EQ(Count("education.vote_code.invalidated"), 1);
  // The right code no longer opens anything, and nothing more is counted.
  Response right = Vote(kVoteCode);
  EXPECT_EQ(right.status, 403);
  EXPECT_NE(right.body.find(Html(kInvalidatedMessage)), std::string::npos);
  EXPECT_EQ(Count("education.vote_code.ok"), 0);
  // The page says it before anything is typed.
  EXPECT_NE(h_.Get("/education/vote").body.find(Html(kInvalidatedMessage)),
            std::string::npos);
}

TEST_F(EducationFlowTest, RightCodeForgetsEarlierWrongOnes) {
  SignIn();
  for (int n = 0; n < 4; ++n) Vote("pas le bon code");
  EXPECT_EQ(Vote(kVoteCode).status, 200);
  for (int n = 0; n < 4; ++n) EXPECT_EQ(Vote("pas le bon code").status, 400);
  EXPECT_FALSE(h_.stores.voters[id_].invalidated);
}

TEST_F(EducationFlowTest, VoteCodeInvalidatedByOperator) {
  ASSERT_TRUE(*h_.stores.InvalidateVoteCode(id_, "notice perdue", {}));
  SignIn();
  Response r = h_.Get("/education/vote");
  EXPECT_NE(r.body.find(Html(kInvalidatedMessage)), std::string::npos);
  EXPECT_NE(r.body.find("Cliquez ici pour obtenir un réassort de votre code "
                        "de vote"),
            std::string::npos);
}

// The seed's walk: invalidated code -> question + NIR -> personal e-mail
// -> link -> warning -> code -> the new code works -> « code masqué ».
TEST_F(EducationFlowTest, ReassortByQuestionAndNirToPersonalEmail) {
  ASSERT_TRUE(*h_.stores.InvalidateVoteCode(id_, "test", {}));
  SignIn();
  Response choice = h_.Get("/education/reassort");
  EXPECT_EQ(choice.status, 200);
  EXPECT_NE(choice.body.find("/education/reassort/question"),
            std::string::npos);
  Response form = h_.Get("/education/reassort/question");
  EXPECT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("Quelle était la marque de votre première voiture"),
            std::string::npos);
  EXPECT_NE(form.body.find("n'est pas enregistré en base de données"),
            std::string::npos);

  Response asked = Ask("  CITROEN ", "1 85 07 75 123");
  ASSERT_EQ(asked.status, 303) << asked.body;
  EXPECT_EQ(Harness::Header(asked, "Location"),
            "/education/reassort/envoye?canal=email");
  EXPECT_TRUE(h_.stores.intents.empty());  // handled, then deleted
  ASSERT_FALSE(h_.stores.outbox.empty());
  const OutboxMessage& mail = h_.stores.outbox.back();
  EXPECT_EQ(mail.recipient, kPersonal);
  EXPECT_EQ(mail.ttl_seconds, 1800);
  EXPECT_NE(mail.text.find("30 minutes"), std::string::npos);
  Response sent = h_.Get("/education/reassort/envoye", "canal=email");
  EXPECT_NE(sent.body.find("Un mail vient de vous être envoyé"),
            std::string::npos);

  const std::string token = LastLinkToken();
  ASSERT_FALSE(token.empty());
  Response granted = OpenLink(token);
  ASSERT_EQ(granted.status, 303) << granted.body;
  Response warning = h_.Get("/education/reassort/avertissement");
  EXPECT_EQ(warning.status, 200);
  EXPECT_NE(warning.body.find("ne sera visible à l'écran que durant 120 "
                              "secondes"),
            std::string::npos);
  EXPECT_NE(warning.body.find("REGENERER MON CODE DE VOTE"), std::string::npos);
  const size_t mails_before = h_.stores.outbox.size();
  Response pressed = h_.Post("/education/reassort/avertissement", {});
  EXPECT_EQ(pressed.status, 303);
  // The work address is told the code changed.
  ASSERT_EQ(h_.stores.outbox.size(), mails_before + 1);
  EXPECT_EQ(h_.stores.outbox.back().recipient, "electeur@example.org");

  Response shown = h_.Get("/education/reassort/code");
  EXPECT_EQ(shown.status, 200);
  const std::string code = CodeIn(shown);
  EXPECT_FALSE(code.empty()) << shown.body;
  EXPECT_NE(shown.body.find("Vous disposez de 1"), std::string::npos);
  EXPECT_NE(shown.body.find("heure de Paris"), std::string::npos);
  EXPECT_NE(
      Harness::Header(shown, "Refresh").find("; url=/education/reassort/code"),
      std::string::npos);

  // Shown once: a reload finds it masked.
  Response reload = h_.Get("/education/reassort/code");
  EXPECT_EQ(CodeIn(reload), "");
  EXPECT_NE(reload.body.find("Code masqué"), std::string::npos);

  // The new code opens the vote space; the old one no longer does.
  EXPECT_EQ(Vote(kVoteCode).status, 400);
  Response voted = Vote(code);
  EXPECT_EQ(voted.status, 200) << voted.body;
  EXPECT_EQ(Count("education.vote_code.regenerated"), 1);
}

TEST_F(EducationFlowTest, ReassortByNumenToPersonalMobile) {
  ASSERT_TRUE(*h_.stores.InvalidateVoteCode(id_, "test", {}));
  SignIn();
  Response asked = Ask(kAnswer, "07e0123456abc", "sms", "06 11 22 33 44");
  ASSERT_EQ(asked.status, 303) << asked.body;
  const OutboxMessage& sms = h_.stores.outbox.back();
  EXPECT_EQ(sms.kind, OutboxMessage::Kind::kSms);
  EXPECT_EQ(sms.recipient, "+33611223344");
  EXPECT_NE(sms.text.find("/education/reassort/lien?t="), std::string::npos);
  EXPECT_NE(h_.Get("/education/reassort/envoye", "canal=sms")
                .body.find("Un SMS vient de vous être envoyé"),
            std::string::npos);
  EXPECT_EQ(OpenLink(LastLinkToken()).status, 303);
}

TEST_F(EducationFlowTest, TypedAddressNeverStoredOutsideTheOutbox) {
  SignIn();
  ASSERT_EQ(Ask().status, 303);
  EXPECT_TRUE(h_.stores.intents.empty());
  for (const AuditEvent& e : h_.stores.audit_events) {
    EXPECT_EQ(e.detail.find("perso.example"), std::string::npos) << e.detail;
  }
  for (const auto& [id, row] : h_.stores.requests) {
    EXPECT_EQ(row.request.client_ip.find("perso"), std::string::npos);
    EXPECT_EQ(row.request.audit.detail.find("perso"), std::string::npos);
  }
}

TEST_F(EducationFlowTest, WrongAnswerNumenNirOrCaptchaGiveOneFailure) {
  SignIn();
  std::vector<Response> answers = {
      Ask("Peugeot"),
      Ask(kAnswer, "1850775124"),
      Ask(kAnswer, "07E0123456ABD"),
      Ask(kAnswer, kNir, "email", kPersonal, false),
  };
  for (const Response& r : answers) {
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find(Html(kQuestionFailure)), std::string::npos) << r.body;
  }
  EXPECT_EQ(Count("education.question.fail"), 4);
  EXPECT_EQ(LastLinkToken(), "");
}

TEST_F(EducationFlowTest, QuestionPathClosesAfterFiveAttemptsAnHour) {
  h_.AddAccount("voisin", kPassword, false,
                {{"nir10", kNir}, {"question", "voiture"}, {"answer", "Fiat"}});
  SignIn();
  for (int n = 0; n < 5; ++n) EXPECT_EQ(Ask("Peugeot").status, 400);
  Response closed = Ask();  // even right, now
  EXPECT_EQ(closed.status, 429);
  EXPECT_NE(closed.body.find(Html(kQuestionClosed)), std::string::npos);
  EXPECT_EQ(Harness::Header(closed, "Retry-After"), "3600");
  EXPECT_EQ(h_.Get("/education/reassort/question").status, 429);
  EXPECT_EQ(LastLinkToken(), "");
  // Another account's path is not spent by this one's attempts.
  SignIn("voisin");
  EXPECT_EQ(Ask("Fiat").status, 303);
}

TEST_F(EducationFlowTest, PersonalEmailEqualToWorkAddressRefused) {
  SignIn();
  Response r = Ask(kAnswer, kNir, "email", " Electeur@EXAMPLE.org ");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(Html(kSameAsWorkAddress)), std::string::npos);
  EXPECT_NE(r.body.find("value=\" Electeur@EXAMPLE.org \""), std::string::npos)
      << "the field is kept";
  EXPECT_EQ(h_.stores.HitsFor(QuestionAttemptsKey(id_)), 0);
}

TEST_F(EducationFlowTest, SmsNumberNotMobileRefused) {
  SignIn();
  Response r = Ask(kAnswer, kNir, "sms", "01 23 45 67 89");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find(Html(kNotMobile)), std::string::npos);
  EXPECT_NE(r.body.find("value=\"01 23 45 67 89\""), std::string::npos);
  EXPECT_EQ(LastLinkToken(), "");
}

TEST_F(EducationFlowTest, BadNumenOrNirSaidOnTheField) {
  SignIn();
  Response numen = Ask(kAnswer, "07E01234ABC");
  EXPECT_EQ(numen.status, 400);
  EXPECT_NE(numen.body.find("Le NUMEN compte 13 caractères"),
            std::string::npos);
  Response month = Ask(kAnswer, "1851375123");
  EXPECT_NE(month.body.find("mois de naissance"), std::string::npos);
  Response sex = Ask(kAnswer, "3850775123");
  EXPECT_NE(sex.body.find("commence par 1 ou 2"), std::string::npos);
  EXPECT_EQ(h_.stores.HitsFor(QuestionAttemptsKey(id_)), 0);
}

TEST_F(EducationFlowTest, CorsicanNirMatches) {
  h_.AddAccount(
      "corse", kPassword, false,
      {{"nir10", "2900 52A 004"}, {"question", "animal"}, {"answer", "Médor"}});
  SignIn("corse");
  EXPECT_EQ(Ask("medor", "290052a004").status, 303);
}

TEST_F(EducationFlowTest, LinkOpenedTwice) {
  SignIn();
  ASSERT_EQ(Ask().status, 303);
  const std::string token = LastLinkToken();
  // Opening (GET) spends nothing, however often.
  EXPECT_EQ(h_.Get("/education/reassort/lien", "t=" + token).status, 303);
  EXPECT_EQ(h_.Get("/education/reassort/lien").status, 200);
  EXPECT_EQ(h_.Get("/education/reassort/lien").status, 200);
  EXPECT_EQ(h_.Post("/education/reassort/lien", {}).status, 303);
  // Once « Continuer » was pressed, the link is spent.
  EXPECT_EQ(h_.Get("/education/reassort/lien", "t=" + token).status, 303);
  Response again = h_.Get("/education/reassort/lien");
  EXPECT_EQ(again.status, 410);
  EXPECT_NE(again.body.find("Lien déjà utilisé"), std::string::npos);
  EXPECT_EQ(Count("education.grant"), 1);
}

TEST_F(EducationFlowTest, LinkLivesThirtyMinutes) {
  SignIn();
  ASSERT_EQ(Ask().status, 303);
  const std::string token = LastLinkToken();
  h_.stores.now += 30 * 60;
  EXPECT_EQ(h_.Get("/education/reassort/lien", "t=" + token).status, 303);
  Response expired = h_.Get("/education/reassort/lien");
  EXPECT_EQ(expired.status, 410);
  EXPECT_NE(expired.body.find(Html("il l'était 30 minutes")),
            std::string::npos);
}

TEST_F(EducationFlowTest, WarningPagePostReplayed) {
  ASSERT_TRUE(*h_.stores.InvalidateVoteCode(id_, "test", {}));
  SignIn();
  const std::string first = Regenerate();
  ASSERT_FALSE(first.empty());
  // The same POST again: no new code, the code page shows nothing.
  Response replay = h_.Post("/education/reassort/avertissement", {});
  EXPECT_EQ(replay.status, 303);
  EXPECT_EQ(CodeIn(h_.Get("/education/reassort/code")), "");
  EXPECT_EQ(Count("education.vote_code.regenerated"), 1);
  EXPECT_EQ(Vote(first).status, 200);
}

TEST_F(EducationFlowTest, WarningPagePostSentSixTimesAtOnceMakesOneCode) {
  SignIn();
  ASSERT_EQ(Ask().status, 303);
  ASSERT_EQ(OpenLink(LastLinkToken()).status, 303);
  std::vector<Request> posts;
  for (int n = 0; n < 6; ++n) {
    Request r = h_.Base("POST", "/education/reassort/avertissement");
    r.form = {{"csrf", h_.app().CsrfToken(r.cookies["__Host-csrf"])}};
    posts.push_back(r);
  }
  std::vector<Response> answers(6);
  std::vector<std::thread> threads;
  for (int n = 0; n < 6; ++n) {
    threads.emplace_back([&, n] { answers[n] = h_.app().Handle(posts[n]); });
  }
  for (std::thread& t : threads) t.join();
  for (const Response& r : answers) EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Count("education.vote_code.regenerated"), 1);
  EXPECT_EQ(h_.stores.code_slips.size(), 1u);
  EXPECT_FALSE(CodeIn(h_.Get("/education/reassort/code")).empty());
  EXPECT_EQ(CodeIn(h_.Get("/education/reassort/code")), "");
}

TEST_F(EducationFlowTest, CodePageReloaded) {
  SignIn();
  ASSERT_FALSE(Regenerate().empty());
  for (int n = 0; n < 3; ++n) {
    Response r = h_.Get("/education/reassort/code");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(CodeIn(r), "");
    EXPECT_NE(r.body.find("Code masqué"), std::string::npos);
    EXPECT_EQ(Harness::Header(r, "Refresh"), "");
  }
}

TEST_F(EducationFlowTest, CodeMaskedOnceItsDisplayTimeIsOver) {
  SignIn();
  ASSERT_EQ(Ask().status, 303);
  ASSERT_EQ(OpenLink(LastLinkToken()).status, 303);
  ASSERT_EQ(h_.Post("/education/reassort/avertissement", {}).status, 303);
  h_.stores.now += 120;  // the display's 120 seconds are over
  Response late = h_.Get("/education/reassort/code");
  EXPECT_EQ(CodeIn(late), "");
  EXPECT_NE(late.body.find("Code masqué"), std::string::npos);
}

TEST_F(EducationFlowTest, HeadOnTheCodePageTakesNothing) {
  SignIn();
  ASSERT_EQ(Ask().status, 303);
  ASSERT_EQ(OpenLink(LastLinkToken()).status, 303);
  ASSERT_EQ(h_.Post("/education/reassort/avertissement", {}).status, 303);
  Request head = h_.Base("HEAD", "/education/reassort/code");
  h_.Send(head);
  EXPECT_FALSE(CodeIn(h_.Get("/education/reassort/code")).empty());
}

TEST_F(EducationFlowTest, GrantLivesItsMinutes) {
  SignIn();
  ASSERT_EQ(Ask().status, 303);
  ASSERT_EQ(OpenLink(LastLinkToken()).status, 303);
  h_.stores.now += 30 * 60;
  EXPECT_EQ(h_.Get("/education/reassort/avertissement").status, 410);
  EXPECT_EQ(h_.Post("/education/reassort/avertissement", {}).status, 410);
  EXPECT_EQ(Count("education.vote_code.regenerated"), 0);
}

TEST_F(EducationFlowTest, WarningPageWithoutGrantRefused) {
  Response r = h_.Get("/education/reassort/avertissement");
  EXPECT_EQ(r.status, 410);
  h_.cookies["__Host-reassort_code"] = crypto::NewToken();
  EXPECT_EQ(h_.Get("/education/reassort/avertissement").status, 410);
  h_.cookies["__Host-reassort_code"] = crypto::NewToken();
  EXPECT_EQ(h_.Post("/education/reassort/avertissement", {}).status, 303);
  EXPECT_EQ(Count("education.vote_code.regenerated"), 0);
}

TEST_F(EducationFlowTest, OtherProofLeadsToTheSameWarningPage) {
  // What the FranceConnect callback will call once the pivot matched.
  StatusOr<std::string> cookie = IssueRegenerationGrant(
      h_.stores.stores(), h_.config(), id_, "192.0.2.10", "franceconnect");
  ASSERT_TRUE(cookie.ok());
  std::smatch m;
  ASSERT_TRUE(std::regex_search(*cookie, m,
                                std::regex("^__Host-reassort_code=([^;]+);")));
  h_.cookies["__Host-reassort_code"] = m[1];
  EXPECT_EQ(h_.Get("/education/reassort/avertissement").status, 200);
  EXPECT_EQ(h_.Post("/education/reassort/avertissement", {}).status, 303);
  EXPECT_FALSE(CodeIn(h_.Get("/education/reassort/code")).empty());
}

TEST_F(EducationFlowTest, PivotDigestMatchesWhatWasEnrolled) {
  int64_t id = h_.AddAccount(
      "fc", kPassword, false,
      {{"nir10", kNir},
       {"franceconnect-pivot", "Nicolas|Jean-Marc|1972-04-01|75112|male"}});
  StatusOr<std::string> digest =
      PivotDigest(h_.config(), &h_.hasher(), "fc",
                  {"NICOLAS", "jean marc", "1972-04-01", "75112", "male"});
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(*digest, h_.stores.voters[id].facts.pivot_digest);
  StatusOr<std::string> other =
      PivotDigest(h_.config(), &h_.hasher(), "fc",
                  {"NICOLAS", "jean marc", "1972-04-02", "75112", "male"});
  EXPECT_NE(*other, h_.stores.voters[id].facts.pivot_digest);
}

TEST_F(EducationFlowTest, AccountOpenedWithoutQuestionGetsTheActivationLink) {
  int64_t id = h_.AddAccount("nouveau", kPassword, false, {{"nir10", kNir}});
  ASSERT_EQ(h_.last_told.size(), 1u);
  EXPECT_NE(h_.last_told[0].find("nouveau@example.org"), std::string::npos);
  const OutboxMessage& mail = h_.stores.outbox.back();
  EXPECT_EQ(mail.recipient, "nouveau@example.org");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      mail.text, m,
      std::regex("/education/activation\\?t=([A-Za-z0-9_-]{43})")));
  const std::string token = m[1];
  // No question yet: the réassort says so.
  SignIn("nouveau");
  EXPECT_EQ(h_.Get("/education/reassort/question").status, 409);

  EXPECT_EQ(h_.Get("/education/activation", "t=" + token).status, 303);
  Response form = h_.Get("/education/activation");
  EXPECT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("Quelle était la marque de votre première voiture"),
            std::string::npos);
  Response mismatch =
      h_.Post("/education/activation", {{"question", "ecole"},
                                        {"reponse", "Jules Ferry"},
                                        {"reponse_confirm", "Jules Verne"}});
  EXPECT_EQ(mismatch.status, 400);
  Response done =
      h_.Post("/education/activation", {{"question", "ecole"},
                                        {"reponse", "Jules Ferry"},
                                        {"reponse_confirm", "jules  ferry"}});
  EXPECT_EQ(done.status, 303);
  EXPECT_EQ(h_.stores.voters[id].facts.question_id, "ecole");
  // Single use.
  EXPECT_EQ(h_.Get("/education/activation", "t=" + token).status, 303);
  EXPECT_EQ(h_.Get("/education/activation").status, 410);
  // The question now serves the réassort.
  Response asked = Ask("JULES FERRY");
  EXPECT_EQ(asked.status, 303) << asked.body;
}

// The activation link's token altered in one character is refused without
// a lookup; the real one still opens the form afterwards.
TEST_F(EducationFlowTest, AlteredActivationLinkIsRefused) {
  h_.AddAccount("altere", kPassword, false, {{"nir10", kNir}});
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      h_.stores.outbox.back().text, m,
      std::regex("/education/activation\\?t=([A-Za-z0-9_-]{43})")));
  const std::string token = m[1];
  std::string altered = token;
  altered[5] = token[5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(h_.Get("/education/activation", "t=" + altered).status, 303);
  EXPECT_EQ(h_.Get("/education/activation").status, 410);
  EXPECT_EQ(h_.Get("/education/activation", "t=" + token).status, 303);
  EXPECT_EQ(h_.Get("/education/activation").status, 200);
}

TEST_F(EducationFlowTest, EnrolmentOptionsChecked) {
  auto refused = [&](std::map<std::string, std::string> given) {
    NewAccount a;
    a.login = "x";
    a.email = "x@example.org";
    std::vector<std::string> told;
    return !ApplyAccountOptions(h_.deps(), given, &a, &told, CompiledFlows())
                .ok();
  };
  EXPECT_TRUE(refused({{"numen", "07E01234ABC"}}));
  EXPECT_TRUE(refused({{"nir10", "3850775123"}}));
  EXPECT_TRUE(refused({{"numen", kNir}}));
  EXPECT_TRUE(refused({{"vote-code-initial", "court"}, {"nir10", kNir}}));
  EXPECT_TRUE(refused({{"nir10", kNir}, {"question", "voiture"}}));
  EXPECT_TRUE(
      refused({{"nir10", kNir}, {"question", "inconnue"}, {"answer", "abc"}}));
  EXPECT_TRUE(refused({{"nir10", kNir}, {"franceconnect-pivot", "a|b"}}));
  EXPECT_TRUE(refused({{"question", "voiture"}, {"answer", "abc"}}));
  EXPECT_FALSE(
      refused({{"nir10", kNir}, {"question", "voiture"}, {"answer", "abc"}}));
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The Education flow in English (the `lang` cookie): its pages and the
// challenge question.
TEST_F(EducationFlowTest, PagesInEnglish) {
  h_.cookies["__Host-lang"] = "en";
  SignIn();
  Response r = h_.Get("/education/vote");
  EXPECT_TRUE(Has(r.body, "<h1>Typing the vote code</h1>")) << r.body;
  EXPECT_TRUE(Has(r.body, "Click here to get a new vote code"));
  EXPECT_FALSE(Has(r.body, "Code de vote"));
  r = h_.Get("/education/reassort/question");
  EXPECT_TRUE(Has(r.body, "What was the make of your first car?")) << r.body;
  EXPECT_TRUE(Has(r.body, "Personal mobile number"));
  EXPECT_FALSE(Has(r.body, "Quelle était"));
}

TEST_F(EducationFlowTest, ErrorsInEnglish) {
  h_.cookies["__Host-lang"] = "en";
  SignIn();
  Response r = Ask("", "07E0123", "sms", "01 23 45 67 89");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(Has(r.body, "Type your secret answer.")) << r.body;
  EXPECT_TRUE(Has(r.body, "The NUMEN has 13 characters"));
  EXPECT_TRUE(Has(r.body, "Type the number of a mobile phone"));
  EXPECT_FALSE(Has(r.body, "Saisissez"));
  r = Vote("");
  EXPECT_TRUE(Has(r.body, "Type your vote code.")) << r.body;
  r = Ask(kAnswer, kNir, "pigeon", "");
  EXPECT_TRUE(Has(r.body,
                  "Choose to get the link by text message or by "
                  "e-mail."))
      << r.body;
}

// The link mail and the code page in English.
TEST_F(EducationFlowTest, MailAndCodePageInEnglish) {
  h_.cookies["__Host-lang"] = "en";
  SignIn();
  ASSERT_EQ(Ask().status, 303);
  const OutboxMessage& mail = h_.stores.outbox.back();
  EXPECT_TRUE(Has(mail.subject, ": a new vote code")) << mail.subject;
  EXPECT_TRUE(Has(mail.text, "You asked for a new vote code.")) << mail.text;
  EXPECT_FALSE(Has(mail.text, "Bonjour"));
  ASSERT_EQ(OpenLink(LastLinkToken()).status, 303);
  Response r = h_.Get("/education/reassort/avertissement");
  EXPECT_TRUE(Has(r.body, "GET A NEW VOTE CODE")) << r.body;
  h_.Post("/education/reassort/avertissement", {});
  r = h_.Get("/education/reassort/code");
  EXPECT_TRUE(Has(r.body, "Your new vote code:")) << r.body;
  EXPECT_TRUE(Has(r.body, "seconds to copy or photograph"));
  EXPECT_FALSE(Has(r.body, "{SECONDS}"));
  EXPECT_FALSE(CodeIn(r).empty());
  EXPECT_FALSE(Has(r.body, "Votre nouveau code de vote"));
}

TEST_F(EducationFlowTest, FranceConnectNotOfferedInEnglish) {
  h_.cookies["__Host-lang"] = "en";
  SignIn();
  Response r = h_.Get("/education/franceconnect");
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(Has(r.body, "is not offered by this portal")) << r.body;
  EXPECT_FALSE(Has(r.body, "pas proposé"));
}

}  // namespace
}  // namespace sesame::testing
