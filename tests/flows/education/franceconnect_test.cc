// FranceConnect in the Education flow over in-memory stores and a fake
// OpenID Connect client: the choice shown when configured, the start bound
// to the browser and the account, the callback's every failure (each a
// French page back to the choice, audited, nothing granted) and the
// identity pivot's match (the warning page, a new code) or mismatch.
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "captcha/captcha_rules.h"
#include "crypto/crypto.h"
#include "flows/education/facts.h"
#include "flows/education/franceconnect_screen.h"
#include "flows/education/settings.h"
#include "oidc/oidc_client.h"
#include "oidc/oidc_settings.h"
#include "screens/harness.h"

namespace sesame::testing {
namespace {

const char kPassword[] = "une phrase de passe solide 2026";
const char kVoteCode[] = "Ancien-code-2022!";
const char kPivot[] = "Dubois|Angela Claire Louise|1962-08-24|75107|female";

// `text` as the pages write it (HTML-escaped).
std::string Html(const std::string& text) {
  return std::regex_replace(text, std::regex("'"), "&#39;");
}

// The provider, as the relying party's checks leave it: a state, nonce and
// verifier per Begin; Finish gives `identity` or `finish_error` (what the
// ID token's checks found: tests/oidc/ proves each against real tokens).
class FakeFranceConnect : public OidcClient {
 public:
  OidcError begin_error = OidcError::kNone;
  OidcError finish_error = OidcError::kNone;
  OidcIdentity identity{"sub-1",  "Angela Claire Louise",
                        "DUBOIS", "1962-08-24",
                        "75107",  "female",
                        ""};
  int finishes = 0;
  std::string last_state;

  OidcStart Begin() override {
    OidcStart s;
    s.error = begin_error;
    if (s.ok()) {
      s.kept = {crypto::NewToken(), crypto::NewToken(), crypto::NewToken()};
      s.authorization_url =
          "https://fc.example/api/v1/authorize?state=" + s.kept.state;
      last_state = s.kept.state;
    }
    return s;
  }
  OidcFinish Finish(const std::string&, const OidcRequest&) override {
    ++finishes;
    OidcFinish f;
    f.error = finish_error;
    if (f.ok()) f.identity = identity;
    return f;
  }
};

Config FranceConnectConfig(bool with_oidc = true) {
  Config c = TestConfig();
  c.recovery.flows = {"credit_municipal", "education"};
  c.captcha.forms = {"education_vote"};
  c.security.limits.request_per_account_hour = 100;
  if (with_oidc) {
    OidcSettings& o = c.MutableFlow<EducationOidc>(kEducationOidc).oidc;
    o.issuer = "https://fc.example/api/v1";
    o.client_id = "sesame";
    o.client_secret_file = "/nonexistent/secret";
  }
  return c;
}

class FranceConnectTest : public ::testing::Test {
 protected:
  explicit FranceConnectTest(bool with_oidc = true)
      : h_(FranceConnectConfig(with_oidc)) {
    h_.keep_cookies = true;
    h_.set_oidc(&fc_);
  }

  void SetUp() override {
    id_ = h_.AddAccount("electeur", kPassword, false,
                        {{"nir10", "1850775123"},
                         {"vote-code-initial", kVoteCode},
                         {"question", "voiture"},
                         {"answer", "Citroën"},
                         {"franceconnect-pivot", kPivot}});
    ASSERT_TRUE(*h_.stores.InvalidateVoteCode(id_, "test", {}));
  }

  void SignIn(const std::string& login = "electeur") {
    Response r = h_.Post("/login", {{"login", login}, {"password", kPassword}});
    ASSERT_EQ(r.status, 303) << r.body;
  }

  // GET /education/franceconnect; returns the state sent to the provider.
  std::string Start() {
    Response r = h_.Get("/education/franceconnect");
    EXPECT_EQ(r.status, 302) << r.body;
    EXPECT_EQ(Harness::Header(r, "Location"),
              "https://fc.example/api/v1/authorize?state=" + fc_.last_state);
    return fc_.last_state;
  }

  Response Callback(const std::string& state,
                    const std::string& extra = "code=abc") {
    return h_.Get(kFranceConnectCallback, "state=" + state + "&" + extra);
  }

  int Count(const std::string& event) {
    int n = 0;
    for (const AuditEvent& e : h_.stores.audit_events) n += e.event == event;
    return n;
  }
  int Grants() { return static_cast<int>(h_.stores.grants.size()); }

  // A failure page: its status, the message, the way back, nothing granted.
  void ExpectRefused(const Response& r, int status, const std::string& text) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_NE(r.body.find(Html(text)), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("href=\"/education/reassort\""), std::string::npos);
    EXPECT_NE(r.body.find("code de vote n&#39;a pas été modifié"),
              std::string::npos);
    EXPECT_EQ(Grants(), 0);
    EXPECT_EQ(Harness::Header(r, "Set-Cookie").find("reassort_code"),
              std::string::npos);
  }

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

  Response Vote(const std::string& code) {
    Response page = h_.Get("/education/vote");
    std::smatch m;
    EXPECT_TRUE(std::regex_search(
        page.body, m,
        std::regex("name=\"captcha_id\" value=\"([A-Za-z0-9_-]{43})\"")));
    const std::string id = m[1];
    return h_.Post(
        "/education/vote",
        {{"code", code},
         {"captcha_id", id},
         {"captcha",
          CaptchaAnswerFor(
              CaptchaKeys::FromSecret(h_.config().security.secret_key).answer,
              id)}});
  }

  FakeFranceConnect fc_;
  Harness h_;
  int64_t id_ = 0;
};

class FranceConnectOffTest : public FranceConnectTest {
 protected:
  FranceConnectOffTest() : FranceConnectTest(false) {}
};

TEST_F(FranceConnectTest, ChoiceShowsTheFranceConnectButton) {
  SignIn();
  Response r = h_.Get("/education/reassort");
  EXPECT_EQ(r.status, 200);
  // The template's own text (not escaped, unlike the values it shows).
  EXPECT_NE(r.body.find("S'identifier avec</span> <span "
                        "class=\"fc-brand\">FranceConnect"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("href=\"/education/franceconnect\""),
            std::string::npos);
  EXPECT_NE(r.body.find(">Qu'est-ce que FranceConnect ?</a>"),
            std::string::npos);
}

TEST_F(FranceConnectOffTest, ChoiceWithoutFranceConnectWhenNotConfigured) {
  SignIn();
  Response r = h_.Get("/education/reassort");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("FranceConnect"), std::string::npos);
  Response start = h_.Get("/education/franceconnect");
  EXPECT_EQ(start.status, 404);
  EXPECT_EQ(h_.Get(kFranceConnectCallback, "state=x&code=y").status, 404);
}

TEST_F(FranceConnectTest, VoterWithoutEnrolledIdentityIsNotOfferedIt) {
  h_.AddAccount("sansfc", kPassword, false,
                {{"nir10", "1850775123"},
                 {"vote-code-initial", kVoteCode},
                 {"question", "voiture"},
                 {"answer", "Citroën"}});
  SignIn("sansfc");
  EXPECT_EQ(h_.Get("/education/reassort").body.find("FranceConnect"),
            std::string::npos);
  Response r = h_.Get("/education/franceconnect");
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("pas d&#39;identité FranceConnect"), std::string::npos);
  EXPECT_TRUE(h_.stores.oidc_states.rows.empty());
}

TEST_F(FranceConnectTest, StartAndCallbackNeedASignedInSession) {
  Response r = h_.Get("/education/franceconnect");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Harness::Header(r, "Location"), "/login");
  EXPECT_EQ(Callback(crypto::NewToken()).status, 303);
  EXPECT_TRUE(h_.stores.oidc_states.rows.empty());
}

TEST_F(FranceConnectTest, StartSendsToTheProviderBoundToBrowserAndAccount) {
  SignIn();
  Start();
  ASSERT_EQ(h_.stores.oidc_states.rows.size(), 1u);
  const auto& row = h_.stores.oidc_states.rows.begin()->second;
  EXPECT_EQ(row.login.context, std::to_string(id_));
  EXPECT_EQ(row.binding,
            crypto::Sha256(h_.Base("GET", "/").cookies["__Host-csrf"]));
  EXPECT_EQ(h_.stores.oidc_states.rows.begin()->first,
            crypto::Sha256(fc_.last_state));
}

// The seed's other walk: invalidated code -> FranceConnect -> warning ->
// code -> the new code works.
TEST_F(FranceConnectTest, PivotMatchLeadsToTheWarningPageAndANewCode) {
  SignIn();
  Response refused = Vote(kVoteCode);
  EXPECT_NE(refused.body.find("invalidé"), std::string::npos);
  const std::string state = Start();
  Response back = Callback(state);
  ASSERT_EQ(back.status, 303) << back.body;
  EXPECT_EQ(Harness::Header(back, "Location"),
            "/education/reassort/avertissement");
  EXPECT_EQ(fc_.finishes, 1);
  EXPECT_EQ(Grants(), 1);
  Response warning = h_.Get("/education/reassort/avertissement");
  EXPECT_EQ(warning.status, 200);
  EXPECT_NE(warning.body.find("REGENERER MON CODE DE VOTE"), std::string::npos);
  ASSERT_EQ(h_.Post("/education/reassort/avertissement", {}).status, 303);
  const std::string code = CodeIn(h_.Get("/education/reassort/code"));
  ASSERT_FALSE(code.empty());
  Response voted = Vote(code);
  EXPECT_EQ(voted.status, 200) << voted.body;
  EXPECT_NE(voted.body.find("Code de vote accepté"), std::string::npos);
  bool audited = false;
  for (const AuditEvent& e : h_.stores.audit_events) {
    audited |= e.event == "education.grant" && e.detail == "franceconnect";
  }
  EXPECT_TRUE(audited);
}

TEST_F(FranceConnectTest, PivotNormalisedBeforeTheComparison) {
  SignIn();
  fc_.identity.family_name = "dubois";
  fc_.identity.given_name = "angela  claire-louise";
  Response back = Callback(Start());
  EXPECT_EQ(back.status, 303) << back.body;
  EXPECT_EQ(Grants(), 1);
}

TEST_F(FranceConnectTest, PivotMismatchSaysSoWithoutSayingWhichField) {
  SignIn();
  fc_.identity.birthdate = "1962-08-25";
  Response r = Callback(Start());
  ExpectRefused(r, 403, kPivotMismatch);
  EXPECT_EQ(r.body.find("naissance"), std::string::npos);
  EXPECT_EQ(Count("education.franceconnect.mismatch"), 1);
  EXPECT_TRUE(h_.stores.voters[id_].invalidated);
}

TEST_F(FranceConnectTest, PivotThatCannotBeNormalisedIsAMismatch) {
  SignIn();
  fc_.identity.gender = "other";
  ExpectRefused(Callback(Start()), 403, kPivotMismatch);
  EXPECT_EQ(Count("education.franceconnect.mismatch"), 1);
}

TEST_F(FranceConnectTest, ForgedState) {
  SignIn();
  Start();
  ExpectRefused(Callback(crypto::NewToken()), 400,
                "Cette connexion FranceConnect n'est plus valable");
  ExpectRefused(Callback("not-a-token"), 400,
                "Cette connexion FranceConnect n'est plus valable");
  EXPECT_EQ(fc_.finishes, 0);
  EXPECT_EQ(Count("education.franceconnect.fail"), 2);
}

TEST_F(FranceConnectTest, ReplayedState) {
  SignIn();
  const std::string state = Start();
  EXPECT_EQ(Callback(state).status, 303);
  EXPECT_EQ(Grants(), 1);
  Response again = Callback(state);
  EXPECT_EQ(again.status, 400);
  EXPECT_NE(again.body.find("plus valable"), std::string::npos);
  EXPECT_EQ(Grants(), 1);
  EXPECT_EQ(fc_.finishes, 1);
}

TEST_F(FranceConnectTest, CallbackSentSixTimesAtOnceMakesOneGrant) {
  SignIn();
  const std::string state = Start();
  std::vector<Request> gets;
  for (int n = 0; n < 6; ++n) {
    Request r = h_.Base("GET", kFranceConnectCallback);
    r.query = "state=" + state + "&code=abc";
    ParseUrlEncoded(r.query, &r.query_params);
    gets.push_back(r);
  }
  std::vector<Response> answers(6);
  std::vector<std::thread> threads;
  for (int n = 0; n < 6; ++n) {
    threads.emplace_back([&, n] { answers[n] = h_.app().Handle(gets[n]); });
  }
  for (std::thread& t : threads) t.join();
  int granted = 0;
  for (const Response& r : answers) granted += r.status == 303;
  EXPECT_EQ(granted, 1);
  EXPECT_EQ(Grants(), 1);
  EXPECT_EQ(fc_.finishes, 1);
}

TEST_F(FranceConnectTest, StateOpenedInAnotherBrowser) {
  SignIn();
  const std::string state = Start();
  Request r = h_.Base("GET", kFranceConnectCallback);
  r.cookies["__Host-csrf"] = crypto::NewToken();
  r.query = "state=" + state + "&code=abc";
  ParseUrlEncoded(r.query, &r.query_params);
  ExpectRefused(h_.Send(r), 400, "commencée dans un autre navigateur");
  EXPECT_EQ(fc_.finishes, 0);
}

TEST_F(FranceConnectTest, ExpiredState) {
  SignIn();
  const std::string state = Start();
  h_.stores.oidc_states.now += 601;
  ExpectRefused(Callback(state), 400, "elle a expiré");
}

TEST_F(FranceConnectTest, CallbackForAnotherAccountOfThisBrowser) {
  h_.AddAccount("autre", kPassword, false,
                {{"nir10", "1850775123"},
                 {"vote-code-initial", kVoteCode},
                 {"franceconnect-pivot", kPivot}});
  SignIn();
  const std::string state = Start();
  ASSERT_EQ(h_.Post("/logout", {}).status, 303);
  SignIn("autre");
  ExpectRefused(Callback(state), 403, "commencée pour un autre compte");
  EXPECT_EQ(Count("education.franceconnect.fail"), 1);
}

TEST_F(FranceConnectTest, UserCancelledAtTheProvider) {
  SignIn();
  ExpectRefused(
      Callback(Start(), "error=access_denied&error_description=annule"), 403,
      "Vous avez annulé la connexion avec FranceConnect.");
  EXPECT_EQ(fc_.finishes, 0);
  EXPECT_TRUE(h_.stores.oidc_states.rows.empty());
}

TEST_F(FranceConnectTest, ProviderDownAtStart) {
  SignIn();
  fc_.begin_error = OidcError::kUnavailable;
  ExpectRefused(h_.Get("/education/franceconnect"), 503,
                "FranceConnect ne répond pas pour le moment");
  EXPECT_TRUE(h_.stores.oidc_states.rows.empty());
}

TEST_F(FranceConnectTest, ProviderDownAtCallback) {
  SignIn();
  const std::string state = Start();
  fc_.finish_error = OidcError::kUnavailable;
  ExpectRefused(Callback(state), 503,
                "FranceConnect ne répond pas pour le moment");
  EXPECT_EQ(Count("education.franceconnect.fail"), 1);
}

TEST_F(FranceConnectTest, DatabaseDownAtStart) {
  SignIn();
  h_.stores.oidc_states.fail_with = Status::Unavailable("down");
  Response r = h_.Get("/education/franceconnect");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(Grants(), 0);
}

// Each ID token fault the relying party finds (tests/oidc/ makes them with
// real keys) ends on the same page, with nothing granted.
TEST_F(FranceConnectTest, WrongNonce) {
  SignIn();
  const std::string state = Start();
  fc_.finish_error = OidcError::kWrongNonce;
  ExpectRefused(Callback(state), 502, "n'a pas pu être vérifiée");
  EXPECT_EQ(h_.stores.audit_events.back().detail, "wrong_nonce");
}

TEST_F(FranceConnectTest, IdTokenWithAlgNone) {
  SignIn();
  const std::string state = Start();
  fc_.finish_error = OidcError::kBadSignature;
  ExpectRefused(Callback(state), 502, "n'a pas pu être vérifiée");
}

TEST_F(FranceConnectTest, IdTokenSignedByAnotherKey) {
  SignIn();
  const std::string state = Start();
  fc_.finish_error = OidcError::kUnknownKey;
  ExpectRefused(Callback(state), 502, "n'a pas pu être vérifiée");
}

TEST_F(FranceConnectTest, ExpiredIdToken) {
  SignIn();
  const std::string state = Start();
  fc_.finish_error = OidcError::kExpired;
  ExpectRefused(Callback(state), 502, "n'a pas pu être vérifiée");
  EXPECT_EQ(h_.stores.audit_events.back().detail, "expired");
}

TEST_F(FranceConnectTest, IdentityWithoutThePivotClaims) {
  SignIn();
  const std::string state = Start();
  fc_.finish_error = OidcError::kMissingClaims;
  ExpectRefused(Callback(state), 502, "pas transmis toute l'identité");
}

TEST_F(FranceConnectTest, CodeRefusedAtTheTokenEndpoint) {
  SignIn();
  const std::string state = Start();
  fc_.finish_error = OidcError::kRefused;
  ExpectRefused(Callback(state), 403, "n'a pas accepté la connexion");
}

TEST_F(FranceConnectTest,
       MismatchesCloseFranceConnectForTheHourNotTheQuestion) {
  SignIn();
  fc_.identity.family_name = "MARTIN";
  const int attempts = EducationSettings::Of(h_.config()).question_attempts;
  for (int n = 0; n < attempts; ++n) {
    ExpectRefused(Callback(Start()), 403, kPivotMismatch);
  }
  // Closed before the provider is even asked, and at the callback.
  Response r = h_.Get("/education/franceconnect");
  ExpectRefused(r, 429, kFranceConnectClosed);
  EXPECT_EQ(Harness::Header(r, "Retry-After"), "3600");
  EXPECT_EQ(Count("education.franceconnect.mismatch"), attempts);
  // The question path is still open.
  EXPECT_EQ(h_.Get("/education/reassort/question").status, 200);
}

TEST_F(FranceConnectTest, QuestionPathClosedFranceConnectStays) {
  SignIn();
  const int attempts = EducationSettings::Of(h_.config()).question_attempts;
  for (int n = 0; n < attempts; ++n) {
    ASSERT_TRUE(
        h_.stores.HitWithin({{QuestionAttemptsKey(id_), 3600, attempts}}).ok());
  }
  EXPECT_EQ(h_.Get("/education/reassort/question").status, 429);
  EXPECT_EQ(Callback(Start()).status, 303);
  EXPECT_EQ(Grants(), 1);
}

}  // namespace
}  // namespace sesame::testing
