// The Crédit Municipal flow through the screens, over in-memory stores:
// /forgot -> mail + SMS -> /reset?t= -> code + new password -> /reset/done.
// Tests carry the number of the security-anchors check they cover.
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "flows/credit_municipal/activation_code.h"
#include "recovery/link_rules.h"
#include "screens/harness.h"

namespace sesame::testing {
namespace {

const char kOld[] = "une phrase de passe solide 2026";
const char kNew[] = "Verger bleu, quatorze lanternes & un hibou";

class FlowTest : public ::testing::Test {
 protected:
  void SetUp() override { id_ = h_.AddAccount("camille", kOld); }

  Response Ask(const std::string& login = "camille",
               const std::string& email = "camille@example.org") {
    return h_.Post("/forgot", {{"login", login}, {"email", email}});
  }

  // The token of the link in the last reset mail, the code of the last SMS.
  std::string LinkToken() {
    for (auto it = h_.stores.outbox.rbegin(); it != h_.stores.outbox.rend();
         ++it) {
      std::smatch m;
      if (it->kind == OutboxMessage::Kind::kMail &&
          std::regex_search(it->text, m,
                            std::regex("/reset\\?t=([A-Za-z0-9_-]{43})"))) {
        return m[1];
      }
    }
    return "";
  }
  std::string SmsCode() {
    for (auto it = h_.stores.outbox.rbegin(); it != h_.stores.outbox.rend();
         ++it) {
      std::smatch m;
      if (it->kind == OutboxMessage::Kind::kSms &&
          std::regex_search(it->text, m, std::regex("le code (\\S+)\\."))) {
        return m[1];
      }
    }
    return "";
  }
  // Opens the link as a browser does: GET ?t= then follow to /reset.
  // A live request of `flow` for the test account behind `token`, stored
  // directly (not through the flow's intake).
  void StoreRequest(const std::string& flow, const std::string& token) {
    NewRecoveryRequest request;
    request.account_id = id_;
    request.flow = flow;
    request.token_hash = crypto::Sha256(token);
    request.ttl_seconds = 3600;
    ASSERT_TRUE(h_.stores.Create(request).ok());
  }

  Response Open(const std::string& token) {
    Response r = h_.Get("/reset", "t=" + token);
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(Harness::Header(r, "Location"), "/reset");
    std::smatch m;
    std::string cookie = Harness::Header(r, "Set-Cookie");
    if (std::regex_search(cookie, m, std::regex("^__Host-reset=([^;]*)"))) {
      reset_cookie_ = m[1];
    }
    return GetReset();
  }
  Response GetReset() {
    Request req = h_.Base("GET", "/reset");
    req.cookies["__Host-reset"] = reset_cookie_;
    return h_.Send(req);
  }
  Response Submit(const std::string& code, const std::string& password = kNew,
                  const std::string& confirm = kNew) {
    Request req = h_.Base("POST", "/reset");
    req.cookies["__Host-reset"] = reset_cookie_;
    req.form = {{"code", code},
                {"password", password},
                {"password_confirm", confirm},
                {"csrf", h_.app().CsrfToken(req.cookies["__Host-csrf"])}};
    return h_.Send(req);
  }
  Response Resend() {
    Request req = h_.Base("POST", "/reset");
    req.cookies["__Host-reset"] = reset_cookie_;
    req.form = {{"action", "resend"},
                {"csrf", h_.app().CsrfToken(req.cookies["__Host-csrf"])}};
    return h_.Send(req);
  }
  Harness h_;
  int64_t id_ = 0;
  std::string reset_cookie_;
};

TEST_F(FlowTest, WholeFlowChangesThePassword) {
  Response asked = Ask();
  EXPECT_EQ(asked.status, 303);
  EXPECT_EQ(Harness::Header(asked, "Location"), "/forgot/sent");
  ASSERT_EQ(h_.stores.outbox.size(), 2u);
  const OutboxMessage& mail = h_.stores.outbox[0];
  EXPECT_EQ(mail.recipient, "camille@example.org");
  EXPECT_EQ(mail.subject,
            "Crédit Municipal de Test : Réinitialisation code d'accès");
  EXPECT_NE(mail.text.find("https://portail.example.org/reset?t="),
            std::string::npos);
  EXPECT_NE(mail.text.find("validité de 12 h"), std::string::npos);
  EXPECT_NE(mail.html.find("href=\"https://portail.example.org/reset?t="),
            std::string::npos);
  const OutboxMessage& sms = h_.stores.outbox[1];
  EXPECT_EQ(sms.recipient, "+33612345678");
  std::string code = SmsCode();
  EXPECT_EQ(code.size(), 5u);
  EXPECT_EQ(sms.text,
            "Crédit Municipal de Test : pour valider votre nouveau "
            "code d'accès, veuillez saisir le code " +
                code + ".");

  Response form = Open(LinkToken());
  EXPECT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("Code d'activation"), std::string::npos);
  EXPECT_NE(form.body.find("12 caractères"), std::string::npos);
  Response done = Submit(code);
  EXPECT_EQ(done.status, 303);
  EXPECT_EQ(Harness::Header(done, "Location"), "/reset/done");
  EXPECT_EQ(h_.Get("/reset/done").status, 200);
  // F37: no automatic sign-in; the new password works, the old one not.
  EXPECT_TRUE(h_.session_cookie().empty());
  EXPECT_EQ(
      h_.Post("/login", {{"login", "camille"}, {"password", kOld}}).status,
      200);
  EXPECT_EQ(
      h_.Post("/login", {{"login", "camille"}, {"password", kNew}}).status,
      303);
  // F38: the notification mail, with no secret in it.
  const OutboxMessage& note = h_.stores.outbox.back();
  EXPECT_EQ(note.subject,
            "Crédit Municipal de Test : votre code d'accès a été modifié");
  EXPECT_NE(note.text.find("Le code d'accès de votre espace personnel"),
            std::string::npos);
  EXPECT_EQ(note.text.find(kNew), std::string::npos);
  EXPECT_EQ(note.text.find(code), std::string::npos);
}

// A1: same answer for existing, unknown, wrong e-mail and disabled.
TEST_F(FlowTest, A1_SameAnswerWhateverTheInput) {
  int64_t disabled = h_.AddAccount("dominique", kOld);
  h_.stores.accounts[disabled].disabled = true;
  Response a = Ask();
  Response b = Ask("inconnu", "inconnu@example.org");
  Response c = Ask("camille", "autre@example.org");
  Response d = Ask("dominique", "dominique@example.org");
  for (const Response* r : {&a, &b, &c, &d}) {
    EXPECT_EQ(r->status, 303);
    EXPECT_EQ(r->headers, a.headers);
    EXPECT_EQ(r->body, a.body);
  }
  // Only the real match sent anything.
  EXPECT_EQ(h_.stores.outbox.size(), 2u);
}

// A2: answering the request does the same work whatever was typed: the
// limits are counted and what was typed is stored, nothing else; the lookup
// happens later, in the intake worker.
TEST_F(FlowTest, A2_RequestDoesTheSameWorkWhateverTheInput) {
  int64_t disabled = h_.AddAccount("dominique", kOld);
  h_.stores.accounts[disabled].disabled = true;
  h_.run_intake = false;
  const size_t audit_before = h_.stores.audit_events.size();
  size_t expected_intents = 0;
  for (auto [login, email] : {std::pair{"camille", "camille@example.org"},
                              {"inconnu", "inconnu@example.org"},
                              {"camille", "autre@example.org"},
                              {"dominique", "dominique@example.org"}}) {
    EXPECT_EQ(Ask(login, email).status, 303);
    ++expected_intents;
    EXPECT_EQ(h_.stores.intents.size(), expected_intents);
    EXPECT_TRUE(h_.stores.outbox.empty());
    EXPECT_TRUE(h_.stores.requests.empty());
    EXPECT_EQ(h_.stores.audit_events.size(), audit_before);
  }
  EXPECT_EQ(h_.stores.intents.back().fields.at("login"), "dominique");
  EXPECT_EQ(h_.stores.intents.back().client_ip, h_.client_ip);
  // The worker then sends for the one real match only.
  EXPECT_EQ(h_.RunIntake(), 4);
  EXPECT_TRUE(h_.stores.intents.empty());
  EXPECT_EQ(h_.stores.outbox.size(), 2u);
  EXPECT_EQ(h_.stores.requests.size(), 1u);
  std::vector<std::string> events;
  for (size_t i = audit_before; i < h_.stores.audit_events.size(); ++i) {
    events.push_back(h_.stores.audit_events[i].event);
  }
  EXPECT_EQ(events,
            (std::vector<std::string>{
                "recovery.request", "recovery.request.nomatch",
                "recovery.request.nomatch", "recovery.request.nomatch"}));
}

// A database problem while the worker handles an intent leaves it waiting:
// it is handled once the database answers again, and only once.
TEST_F(FlowTest, IntentSurvivesADatabaseOutageInTheWorker) {
  h_.run_intake = false;
  EXPECT_EQ(Ask().status, 303);
  h_.stores.fail_with = Status::Unavailable("database unavailable");
  EXPECT_EQ(h_.RunIntake(), 0);
  h_.stores.fail_with.reset();
  EXPECT_EQ(h_.stores.intents.size(), 1u);
  EXPECT_EQ(h_.RunIntake(), 1);
  EXPECT_EQ(h_.RunIntake(), 0);
  EXPECT_EQ(h_.stores.outbox.size(), 2u);
}

// B7/B8/B9: the mail goes to the stored address of an exact match only.
TEST_F(FlowTest, B8_LookAlikeAddressesSendNothing) {
  for (const char* email :
       {"Camille@example.org", "camılle@example.org", "camille@example.org ,",
        "camille@example.org\r\nBcc: x@evil.tld", "camille @example.org"}) {
    (void)Ask("camille", email);
  }
  EXPECT_TRUE(h_.stores.outbox.empty());
  // Domain case and surrounding spaces are normalised (documented).
  EXPECT_EQ(Ask("camille", "  camille@EXAMPLE.org ").status, 303);
  ASSERT_EQ(h_.stores.outbox.size(), 2u);
  EXPECT_EQ(h_.stores.outbox[0].recipient, "camille@example.org");
}

TEST_F(FlowTest, B7_DuplicatedEmailFieldIsRefused) {
  Request req = h_.Base("POST", "/forgot");
  req.form = {{"login", "camille"}, {"email", "camille@example.org"}};
  req.form_problem = FormProblem::kDuplicate;
  Response r = h_.Send(req);
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(h_.stores.outbox.empty());
  EXPECT_NE(r.body.find("value=\"camille\""), std::string::npos);
}

TEST_F(FlowTest, BadInputIsSaidOnTheSameScreen) {
  Response r = Ask("", "pas-une-adresse");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("Saisissez votre identifiant."), std::string::npos);
  EXPECT_NE(r.body.find("n&#39;est pas valide"), std::string::npos);
  EXPECT_NE(r.body.find("value=\"pas-une-adresse\""), std::string::npos);
}

TEST_F(FlowTest, NoPhoneGetsAMailWithoutLink) {
  h_.stores.accounts[id_].phone = "";
  EXPECT_EQ(Ask().status, 303);
  ASSERT_EQ(h_.stores.outbox.size(), 1u);
  EXPECT_EQ(h_.stores.outbox[0].text.find("/reset"), std::string::npos);
  EXPECT_NE(h_.stores.outbox[0].text.find("contactez l'assistance"),
            std::string::npos);
  EXPECT_TRUE(h_.stores.requests.empty());
}

// C11/C13: a 43-character token; the store keeps only digests.
TEST_F(FlowTest, C13_StoreKeepsOnlyDigests) {
  (void)Ask();
  std::string token = LinkToken();
  EXPECT_EQ(token.size(), 43u);
  ASSERT_EQ(h_.stores.requests.size(), 1u);
  const NewRecoveryRequest& row = h_.stores.requests.begin()->second.request;
  EXPECT_EQ(row.token_hash, crypto::Sha256(token));
  EXPECT_EQ(row.code_hmac.size(), 32u);
  EXPECT_EQ(row.code_hmac.find(SmsCode()), std::string::npos);
}

// D14: accepted before the lifetime, refused after.
TEST_F(FlowTest, D14_LinkExpires) {
  (void)Ask();
  std::string token = LinkToken();
  h_.stores.now += 12 * 3600 - 1;
  // The code's own lifetime (10 min) is over, so ask for a fresh one.
  EXPECT_EQ(Open(token).status, 200);
  h_.stores.now += 2;
  Response r = GetReset();
  EXPECT_EQ(r.status, 410);
  EXPECT_NE(r.body.find("Lien expiré"), std::string::npos);
  EXPECT_NE(r.body.find("Faire une nouvelle demande"), std::string::npos);
}

// D15: the link is dead after a successful reset.
TEST_F(FlowTest, D15_ReuseAfterSuccessIsRefused) {
  (void)Ask();
  std::string code = SmsCode();
  (void)Open(LinkToken());
  ASSERT_EQ(Submit(code).status, 303);
  // Same browser (the cookie kept) or the link opened again: refused.
  EXPECT_EQ(GetReset().status, 410);
  Response reopened = Open(LinkToken());
  EXPECT_EQ(reopened.status, 410);
  EXPECT_NE(reopened.body.find("déjà utilisé"), std::string::npos);
}

// D16: concurrent submissions of the same link and code: one success.
TEST_F(FlowTest, D16_ConcurrentSubmissionsSucceedOnce) {
  (void)Ask();
  std::string code = SmsCode();
  (void)Open(LinkToken());
  std::vector<int> statuses(20);
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] { statuses[i] = Submit(code).status; });
  }
  for (auto& t : threads) t.join();
  int ok = 0;
  for (int s : statuses) ok += s == 303;
  EXPECT_EQ(ok, 1);
}

// D18: a new request kills the previous link.
TEST_F(FlowTest, D18_NewRequestSupersedesTheOld) {
  (void)Ask();
  std::string first = LinkToken();
  std::string first_code = SmsCode();
  h_.stores.now += 1;
  (void)Ask();
  Response r = Open(first);
  EXPECT_EQ(r.status, 410);
  EXPECT_NE(r.body.find("Lien remplacé"), std::string::npos);
  (void)first_code;
}

// D19: disabled after the mail was sent.
TEST_F(FlowTest, D19_AccountDisabledSince) {
  (void)Ask();
  h_.stores.accounts[id_].disabled = true;
  Response r = Open(LinkToken());
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("Compte désactivé"), std::string::npos);
}

// D21: no token, forged token: nothing is possible.
TEST_F(FlowTest, D21_ForgedOrMissingTokenIsRefused) {
  EXPECT_EQ(GetReset().status, 404);
  EXPECT_EQ(Open(std::string(43, 'A')).status, 404);
  Response r = Submit("ABCDE");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("Lien invalide"), std::string::npos);
}

// D22: GET and HEAD spend nothing, however often.
TEST_F(FlowTest, D22_GetAndHeadSpendNothing) {
  (void)Ask();
  std::string code = SmsCode();
  std::string token = LinkToken();
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(Open(token).status, 200);
    Request head = h_.Base("HEAD", "/reset");
    head.query = "t=" + token;
    ParseUrlEncoded(head.query, &head.query_params);
    EXPECT_EQ(h_.Send(head).status, 303);
  }
  EXPECT_EQ(h_.stores.requests.begin()->second.attempts, 0);
  EXPECT_EQ(Submit(code).status, 303);
}

// E24: after 5 wrong codes the request is dead, even for the right code.
TEST_F(FlowTest, E24_FiveWrongCodesKillTheRequest) {
  (void)Ask();
  std::string code = SmsCode();
  (void)Open(LinkToken());
  for (int i = 1; i <= 4; ++i) {
    Response r = Submit("zzzzz");
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find("Il vous reste " + std::to_string(5 - i)),
              std::string::npos)
        << i;
  }
  Response fifth = Submit("zzzzz");
  EXPECT_EQ(fifth.status, 410);
  EXPECT_NE(fifth.body.find("Demande annulée"), std::string::npos);
  EXPECT_EQ(Submit(code).status, 410);
  EXPECT_FALSE(h_.stores.requests.begin()->second.used);
}

TEST_F(FlowTest, CodeIsCaseSensitive) {
  (void)Ask();
  std::string code = SmsCode();
  std::string flipped = code;
  for (char& c : flipped) {
    c = islower(c) ? static_cast<char>(toupper(c))
                   : static_cast<char>(tolower(c));
  }
  (void)Open(LinkToken());
  if (flipped != code) {
    EXPECT_EQ(Submit(flipped).status, 400);
  }
  EXPECT_EQ(Submit(" " + code + " ").status, 303);
}

// F32/F33/F34: password refusals say why and spend no code attempt.
TEST_F(FlowTest, F33_WeakPasswordRefusedWithoutSpendingTheCode) {
  (void)Ask();
  std::string code = SmsCode();
  (void)Open(LinkToken());
  Response r = Submit(code, "camille-2026-camille", "camille-2026-camille");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("identifiant"), std::string::npos);
  Response mismatch = Submit(code, kNew, "autre chose encore plus longue");
  EXPECT_NE(mismatch.body.find("ne sont pas identiques"), std::string::npos);
  EXPECT_EQ(mismatch.body.find(kNew), std::string::npos);
  EXPECT_EQ(h_.stores.requests.begin()->second.attempts, 0);
  EXPECT_EQ(Submit(code).status, 303);
}

TEST_F(FlowTest, ResendReplacesTheCodeAtMostThreeTimes) {
  (void)Ask();
  std::string first = SmsCode();
  (void)Open(LinkToken());
  for (int i = 0; i < 3; ++i) {
    Response r = Resend();
    EXPECT_EQ(r.status, 200) << i;
    EXPECT_NE(r.body.find("nouveau code d&#39;activation vient"),
              std::string::npos);
  }
  EXPECT_EQ(Resend().status, 429);
  std::string last = SmsCode();
  EXPECT_EQ(Submit(first).status, first == last ? 303 : 400);
  EXPECT_EQ(Submit(last).status, 303);
}

TEST_F(FlowTest, ExpiredCodeAsksForANewOne) {
  (void)Ask();
  std::string code = SmsCode();
  (void)Open(LinkToken());
  h_.stores.now += 10 * 60 + 1;
  Response r = Submit(code);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("a expiré"), std::string::npos);
  (void)Resend();
  EXPECT_EQ(Submit(SmsCode()).status, 303);
}

// E27: request flood for one account: capped, no mail bombing. The form
// answers the same (the budget is counted once the request matched).
TEST_F(FlowTest, E27_RequestFloodIsCapped) {
  int limit = h_.config().security.limits.request_per_account_hour;
  for (int i = 0; i < limit + 3; ++i) EXPECT_EQ(Ask().status, 303);
  EXPECT_EQ(h_.stores.outbox.size(), 2u * static_cast<size_t>(limit));
  EXPECT_EQ(h_.stores.audit_events.back().event, "recovery.request.limited");
}

// R4: whoever types someone's login with a wrong address spends nothing of
// that account's budget: the owner's own request still goes out.
TEST_F(FlowTest, R4_TypingSomeonesLoginSpendsNothingOfTheirBudget) {
  const int limit = h_.config().security.limits.request_per_account_hour;
  for (int i = 0; i < limit + 5; ++i) {
    h_.client_ip = "198.51.100." + std::to_string(i);
    EXPECT_EQ(Ask("camille", "intrus@example.org").status, 303);
  }
  EXPECT_TRUE(h_.stores.outbox.empty());
  h_.client_ip = "192.0.2.99";
  EXPECT_EQ(Ask().status, 303);
  EXPECT_EQ(h_.stores.outbox.size(), 2u) << "the link and the code went out";
  EXPECT_EQ(h_.stores.HitsFor("recovery:account:" + std::to_string(id_)), 1);
}

// R2: « Renvoyer le code » past its resends is refused, and the refusals
// spend nothing of the SMS budgets (the destination's or the site's).
TEST_F(FlowTest, R2_ResendsPastTheCapSpendNoSmsBudget) {
  (void)Ask();
  (void)Open(LinkToken());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Resend().status, 200) << i;
  for (int i = 0; i < 10; ++i) EXPECT_EQ(Resend().status, 429) << i;
  EXPECT_EQ(h_.stores.HitsFor("sms:dest:+33612345678"), 4);
  EXPECT_EQ(h_.stores.HitsFor("sms:global"), 4);
}

// R2: past the SMS budget a resend is told so on the page, nothing is
// written, nothing counted; the worker logs what happened to a request
// whose SMS did not fit.
TEST_F(FlowTest, R2_PastTheSmsBudgetNothingIsSentOrCounted) {
  h_.stores.sms_per_destination_hour = 2;
  (void)Ask();
  (void)Open(LinkToken());
  EXPECT_EQ(Resend().status, 200);
  for (int i = 0; i < 3; ++i) {
    Response r = Resend();
    EXPECT_EQ(r.status, 429);
    EXPECT_NE(r.body.find("Trop de SMS"), std::string::npos);
  }
  EXPECT_EQ(h_.stores.HitsFor("sms:dest:+33612345678"), 2);
  EXPECT_EQ(h_.stores.requests.begin()->second.sends, 2);
  const size_t queued = h_.stores.outbox.size();
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(Ask().status, 303);
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(h_.stores.outbox.size(), queued) << "no mail without its SMS";
  EXPECT_NE(log.find("limited: nothing sent"), std::string::npos) << log;
  EXPECT_EQ(log.find("request created"), std::string::npos) << log;
  EXPECT_EQ(h_.stores.HitsFor("sms:dest:+33612345678"), 2);
}

// E26: one address asking for many accounts is stopped.
TEST_F(FlowTest, E26_OneAddressAskingForManyAccountsIsCapped) {
  int limit = h_.config().security.limits.request_per_ip_hour;
  for (int i = 0; i < limit; ++i) {
    EXPECT_EQ(Ask("user" + std::to_string(i), "u@example.org").status, 303);
  }
  EXPECT_EQ(Ask("camille").status, 429);
  EXPECT_TRUE(h_.stores.outbox.empty());
}

// F36: a huge password is refused before hashing and spends no attempt.
TEST_F(FlowTest, F36_HugePasswordRefusedBeforeAnything) {
  (void)Ask();
  std::string code = SmsCode();
  (void)Open(LinkToken());
  std::string huge(1 << 20, 'a');
  Response r = Submit(code, huge, huge);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("ne doit pas dépasser 128"), std::string::npos);
  EXPECT_EQ(h_.stores.requests.begin()->second.attempts, 0);
  EXPECT_FALSE(h_.stores.requests.begin()->second.used);
}

// G42: the token leaves the address bar and the reset page says so.
TEST_F(FlowTest, G42_TokenMovesIntoACookie) {
  (void)Ask();
  std::string token = LinkToken();
  Response r = h_.Get("/reset", "t=" + token);
  EXPECT_EQ(Harness::Header(r, "Location"), "/reset");
  std::string cookie = Harness::Header(r, "Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_EQ(Harness::Header(r, "Referrer-Policy"), "no-referrer");
  Response form = GetReset();
  EXPECT_EQ(form.body.find(token), std::string::npos);
}

// B9: CR/LF in the fields never reaches a mail header.
TEST_F(FlowTest, B9_CrlfInFieldsSendsNothing) {
  for (auto [login, email] :
       {std::pair{"camille", "camille@example.org\r\nBcc: x@evil.tld"},
        {"camille\r\nBcc: x@evil.tld", "camille@example.org"},
        {"camille", "camille@example.org%0d%0aBcc:x@evil.tld"}}) {
    Response r = Ask(login, email);
    EXPECT_TRUE(r.status == 303 || r.status == 400) << r.status;
  }
  EXPECT_TRUE(h_.stores.outbox.empty());
}

// D17: a password change by any path kills the links sent before it.
TEST_F(FlowTest, D17_PasswordChangeKillsOlderLinks) {
  (void)Ask();
  const std::string token = LinkToken();
  ASSERT_EQ(
      h_.Post("/login", {{"login", "camille"}, {"password", kOld}}).status,
      303);
  ASSERT_EQ(h_.Post("/account/password", {{"current_password", kOld},
                                          {"password", kNew},
                                          {"password_confirm", kNew}})
                .status,
            303);
  Response r = Open(token);
  EXPECT_EQ(r.status, 410);
  EXPECT_NE(r.body.find("Lien remplacé"), std::string::npos);
}

// D20: a token of another flow opens nothing here.
TEST_F(FlowTest, D20_LinkOfAnotherFlowIsRefused) {
  const std::string token = NewLinkToken(h_.config().security.secret_key);
  StoreRequest("consular", token);
  Response r = Open(token);
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("Lien invalide"), std::string::npos);
}

// A token the server did not sign is refused before any lookup: its
// request exists in the store, and still the page says « Lien invalide ».
TEST_F(FlowTest, UnsignedLinkIsRefusedWithoutALookup) {
  const std::string token = crypto::NewToken();
  StoreRequest("credit_municipal", token);
  Response r = Open(token);
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("Lien invalide"), std::string::npos);
  // The same request reached with a signed token opens.
  const std::string signed_token =
      NewLinkToken(h_.config().security.secret_key);
  StoreRequest("credit_municipal", signed_token);
  EXPECT_EQ(Open(signed_token).status, 200);
}

// A real link altered in one character, or signed under another server's
// key, is refused the same way.
TEST_F(FlowTest, AlteredOrForeignLinkIsRefused) {
  (void)Ask();
  std::string token = LinkToken();
  ASSERT_TRUE(LinkTokenGenuine(h_.config().security.secret_key, token));
  token[10] = token[10] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Open(token).status, 404);
  const std::string foreign = NewLinkToken(std::string(32, 'x'));
  EXPECT_EQ(Open(foreign).status, 404);
}

// F34: two different entries are refused, said on the field, code kept.
TEST_F(FlowTest, F34_DifferentConfirmationIsRefused) {
  (void)Ask();
  const std::string code = SmsCode();
  (void)Open(LinkToken());
  Response r = Submit(code, kNew, std::string(kNew) + "!");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("ne sont pas identiques"), std::string::npos);
  EXPECT_EQ(r.body.find(kNew), std::string::npos) << "passwords not echoed";
  EXPECT_EQ(Submit(code).status, 303);
}

// F37: no automatic sign-in after the reset, and every other session of
// the account is ended.
TEST_F(FlowTest, F37_NoAutoLoginAndOtherSessionsEnded) {
  ASSERT_EQ(
      h_.Post("/login", {{"login", "camille"}, {"password", kOld}}).status,
      303);
  const std::string elsewhere = h_.session_cookie();
  h_.set_session_cookie("");
  (void)Ask();
  const std::string code = SmsCode();
  (void)Open(LinkToken());
  EXPECT_EQ(Submit(code).status, 303);
  EXPECT_TRUE(h_.session_cookie().empty());
  h_.set_session_cookie(elsewhere);
  Response account = h_.Get("/account");
  EXPECT_EQ(account.status, 303) << "the other session is over";
}

// F38: a notification after the reset, with a way to report it, no secret.
TEST_F(FlowTest, F38_NotificationWithoutSecret) {
  (void)Ask();
  const std::string token = LinkToken();
  const std::string code = SmsCode();
  (void)Open(token);
  ASSERT_EQ(Submit(code).status, 303);
  const OutboxMessage& note = h_.stores.outbox.back();
  EXPECT_EQ(note.recipient, "camille@example.org");
  EXPECT_NE(note.subject.find("a été modifié"), std::string::npos);
  EXPECT_NE(note.text.find("01 23 45 67 89"), std::string::npos)
      << "the assistance contact, to report it";
  for (const std::string* secret : {&token, &code}) {
    EXPECT_EQ(note.text.find(*secret), std::string::npos);
    EXPECT_EQ(note.html.find(*secret), std::string::npos);
  }
  EXPECT_EQ(note.text.find(kNew), std::string::npos);
}

// G40: the link's cookie is host-only, Secure, HttpOnly, SameSite=Lax, and
// dies with the reset.
TEST_F(FlowTest, G40_ResetCookieFlags) {
  (void)Ask();
  const std::string code = SmsCode();
  Response r = h_.Get("/reset", "t=" + LinkToken());
  const std::string cookie = Harness::Header(r, "Set-Cookie");
  EXPECT_EQ(cookie.rfind("__Host-reset=", 0), 0u) << cookie;
  for (const char* flag : {"Secure", "HttpOnly", "SameSite=Lax", "Path=/"}) {
    EXPECT_NE(cookie.find(flag), std::string::npos) << flag;
  }
  EXPECT_EQ(cookie.find("Domain="), std::string::npos);
  (void)Open(LinkToken());
  Response done = Submit(code);
  EXPECT_NE(Harness::Header(done, "Set-Cookie").find("Max-Age=0"),
            std::string::npos);
}

// G44: markup and SQL typed in the fields come back escaped and inert.
TEST_F(FlowTest, G44_ScriptAndSqlInFieldsAreInert) {
  Response r = Ask("<script>alert(1)</script>", "' OR 1=1--");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"),
            std::string::npos);
  EXPECT_EQ(Ask("' OR 1=1--", "camille@example.org").status, 303);
  EXPECT_TRUE(h_.stores.outbox.empty());
}

TEST_F(FlowTest, DatabaseDownDuringRequestIs503AndSendsNothing) {
  h_.stores.fail_with = Status::Unavailable("down");
  Response r = Ask();
  EXPECT_EQ(r.status, 503);
  h_.stores.fail_with.reset();
  EXPECT_TRUE(h_.stores.outbox.empty());
}

}  // namespace
}  // namespace sesame::testing
