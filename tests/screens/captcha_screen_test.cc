// The captcha on /login and /forgot ([captcha] forms = ["login",
// "forgot"]) and its image and audio endpoints, over in-memory stores. The
// tests solve a captcha as a person would read it: they derive its answer
// from its id with the server key (CaptchaAnswerFor), the same derivation
// the image and the sound are drawn from.
#include <gtest/gtest.h>

#include <regex>

#include "captcha/captcha_audio.h"
#include "captcha/captcha_image.h"
#include "captcha/captcha_rules.h"
#include "recovery/limits.h"
#include "recovery/login_rules.h"
#include "screens/captcha_field.h"
#include "screens/harness.h"

namespace sesame::testing {
namespace {

const char kPassword[] = "une phrase de passe solide 2026";

Config CaptchaConfig() {
  Config c = TestConfig();
  c.captcha.forms = {"login", "forgot"};
  return c;
}

class CaptchaScreenTest : public ::testing::Test {
 protected:
  CaptchaScreenTest() : h_(CaptchaConfig()) {}
  void SetUp() override { h_.AddAccount("camille", kPassword); }

  // The captcha id shown on a page ("" when none).
  static std::string IdIn(const Response& page) {
    std::smatch m;
    if (std::regex_search(
            page.body, m,
            std::regex("name=\"captcha_id\" value=\"([A-Za-z0-9_-]{43})\""))) {
      return m[1];
    }
    return "";
  }
  // Shows `path`'s form and returns its captcha id.
  std::string Show(const std::string& path) {
    Response r = h_.Get(path);
    EXPECT_EQ(r.status, 200);
    std::string id = IdIn(r);
    EXPECT_FALSE(id.empty()) << r.body;
    return id;
  }
  std::string AnswerOf(const std::string& id) {
    return CaptchaAnswerFor(
        CaptchaKeys::FromSecret(h_.config().security.secret_key).answer, id);
  }
  // Some answer that is not `id`'s.
  std::string WrongFor(const std::string& id) {
    std::string a = AnswerOf(id);
    a[0] = a[0] == '9' ? '0' : static_cast<char>(a[0] + 1);
    return a;
  }
  Response Login(const std::string& id, const std::string& typed,
                 const std::string& password = kPassword) {
    return h_.Post("/login", {{"login", "camille"},
                              {"password", password},
                              {"captcha_id", id},
                              {"captcha", typed}});
  }
  Response Ask(const std::string& id, const std::string& typed) {
    return h_.Post("/forgot", {{"login", "camille"},
                               {"email", "camille@example.org"},
                               {"captcha_id", id},
                               {"captcha", typed}});
  }
  static bool HasCaptchaError(const Response& r, const char* message) {
    return r.body.find("id=\"captcha-error\">" + std::string(message)) !=
           std::string::npos;
  }

  Harness h_;
};

TEST_F(CaptchaScreenTest, FormsShowAFreshCaptchaOnEveryDisplay) {
  for (const char* path : {"/login", "/forgot"}) {
    Response r = h_.Get(path);
    ASSERT_EQ(r.status, 200);
    const std::string id = IdIn(r);
    ASSERT_FALSE(id.empty());
    EXPECT_NE(r.body.find("<legend>Code de sécurité</legend>"),
              std::string::npos);
    EXPECT_NE(r.body.find("Saisissez les 4 chiffres"), std::string::npos);
    EXPECT_NE(r.body.find("<img src=\"/captcha/image?id=" + id + "\""),
              std::string::npos);
    EXPECT_NE(r.body.find("alt=\"Code de sécurité : 4 chiffres"),
              std::string::npos);
    EXPECT_NE(r.body.find("<audio controls preload=\"none\" "
                          "src=\"/captcha/audio?id=" +
                          id + "\""),
              std::string::npos);
    EXPECT_NE(r.body.find("Écouter les chiffres"), std::string::npos);
    EXPECT_NE(
        r.body.find("<a href=\"" + std::string(path) + "\">Nouveau code</a>"),
        std::string::npos);
    EXPECT_NE(r.body.find("name=\"captcha\" type=\"text\" "
                          "inputmode=\"numeric\" autocomplete=\"off\""),
              std::string::npos);
    EXPECT_NE(id, IdIn(h_.Get(path)));
  }
  EXPECT_EQ(h_.stores.captchas.size(), 4u);
}

TEST_F(CaptchaScreenTest, NoCaptchaWhenTheFormIsNotConfigured) {
  Config c = TestConfig();
  c.captcha.forms = {"forgot"};
  Harness h(c);
  EXPECT_EQ(IdIn(h.Get("/login")), "");
  EXPECT_NE(IdIn(h.Get("/forgot")), "");
  Harness off;
  EXPECT_EQ(IdIn(off.Get("/login")), "");
  EXPECT_EQ(IdIn(off.Get("/forgot")), "");
  EXPECT_EQ(off.Get("/login").body.find("captcha"), std::string::npos);
  EXPECT_TRUE(off.stores.captchas.empty());
}

TEST_F(CaptchaScreenTest, RightAnswerLetsTheFormThrough) {
  const std::string id = Show("/login");
  Response r = Login(id, AnswerOf(id));
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Harness::Header(r, "Location"), "/account");
  EXPECT_FALSE(h_.session_cookie().empty());
  // Spaces around the digits are forgiven.
  const std::string ask = Show("/forgot");
  Response sent = Ask(ask, " " + AnswerOf(ask) + " ");
  EXPECT_EQ(sent.status, 303);
  EXPECT_EQ(Harness::Header(sent, "Location"), "/forgot/sent");
  EXPECT_EQ(h_.stores.outbox.size(), 2u);  // the mail and the SMS
}

TEST_F(CaptchaScreenTest, MissingAnswerIsRefusedAndSpendsTheCaptcha) {
  const std::string id = Show("/login");
  Response r = Login(id, "");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(HasCaptchaError(r, kCaptchaMissingMessage)) << r.body;
  EXPECT_NE(r.body.find("href=\"#captcha\""), std::string::npos);
  // What was typed is kept, never the password; a new captcha is shown.
  EXPECT_NE(r.body.find("value=\"camille\""), std::string::npos);
  EXPECT_EQ(r.body.find(kPassword), std::string::npos);
  EXPECT_NE(IdIn(r), id);
  EXPECT_FALSE(IdIn(r).empty());
  EXPECT_TRUE(h_.session_cookie().empty());
  EXPECT_EQ(Login(id, AnswerOf(id)).status, 400);
  // No id at all.
  Response none = h_.Post(
      "/login",
      {{"login", "camille"}, {"password", kPassword}, {"captcha", "1234"}});
  EXPECT_EQ(none.status, 400);
  EXPECT_TRUE(HasCaptchaError(none, kCaptchaWrongMessage));
}

TEST_F(CaptchaScreenTest, WrongAnswerIsRefusedAndSpendsTheCaptcha) {
  const std::string id = Show("/login");
  Response r = Login(id, WrongFor(id));
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(HasCaptchaError(r, kCaptchaWrongMessage)) << r.body;
  EXPECT_NE(r.body.find("aria-invalid=\"true\" aria-describedby=\"captcha-"
                        "error\""),
            std::string::npos);
  EXPECT_EQ(r.body.find(kPassword), std::string::npos);
  EXPECT_TRUE(h_.session_cookie().empty());
  // Consumed on failure: the right answer comes too late.
  Response late = Login(id, AnswerOf(id));
  EXPECT_EQ(late.status, 400);
  EXPECT_TRUE(HasCaptchaError(late, kCaptchaWrongMessage));
  // Not digits, too many, Unicode digits: refused the same way.
  for (const std::string typed : {"abcd", "12345", "١٢٣٤", "12 34"}) {
    const std::string fresh = Show("/login");
    EXPECT_EQ(Login(fresh, typed).status, 400) << typed;
  }
  // The new captcha of the page works.
  EXPECT_EQ(Login(IdIn(late), AnswerOf(IdIn(late))).status, 303);
}

TEST_F(CaptchaScreenTest, ReusedCaptchaIsRefused) {
  const std::string id = Show("/forgot");
  EXPECT_EQ(Ask(id, AnswerOf(id)).status, 303);
  const size_t sent = h_.stores.outbox.size();
  Response again = Ask(id, AnswerOf(id));
  EXPECT_EQ(again.status, 400);
  EXPECT_TRUE(HasCaptchaError(again, kCaptchaWrongMessage));
  EXPECT_EQ(h_.stores.outbox.size(), sent);
  EXPECT_TRUE(h_.stores.intents.empty());
}

TEST_F(CaptchaScreenTest, ExpiredCaptchaIsRefused) {
  const std::string id = Show("/login");
  h_.stores.now += h_.config().captcha.ttl_seconds;
  Response r = Login(id, AnswerOf(id));
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(HasCaptchaError(r, kCaptchaWrongMessage));
  // One second before its end it still works.
  const std::string fresh = Show("/login");
  h_.stores.now += h_.config().captcha.ttl_seconds - 1;
  EXPECT_EQ(Login(fresh, AnswerOf(fresh)).status, 303);
}

TEST_F(CaptchaScreenTest, AnswerOfAnotherCaptchaIsRefused) {
  const std::string a = Show("/login");
  std::string b = Show("/login");
  while (AnswerOf(b) == AnswerOf(a)) b = Show("/login");  // 1 in 10^4
  Response r = Login(a, AnswerOf(b));
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(HasCaptchaError(r, kCaptchaWrongMessage));
  // b was not spent by it.
  EXPECT_EQ(Login(b, AnswerOf(b)).status, 303);
}

TEST_F(CaptchaScreenTest, CaptchaOfAnotherBrowserIsRefusedAndNotSpent) {
  const std::string id = Show("/login");
  // Another browser (its own CSRF cookie) sends the right answer.
  Request other = h_.Base("POST", "/login");
  const std::string cookie = crypto::NewToken();
  other.cookies["__Host-csrf"] = cookie;
  other.form = {{"login", "camille"},
                {"password", kPassword},
                {"captcha_id", id},
                {"captcha", AnswerOf(id)},
                {"csrf", h_.app().CsrfToken(cookie)}};
  Response r = h_.Send(other);
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(HasCaptchaError(r, kCaptchaWrongMessage));
  EXPECT_TRUE(h_.session_cookie().empty());
  // The browser it was shown to can still answer it.
  EXPECT_EQ(Login(id, AnswerOf(id)).status, 303);
}

TEST_F(CaptchaScreenTest, FirstVisitBindsToTheCookieTheResponseSets) {
  // A browser without a CSRF cookie gets one with the form; the captcha is
  // bound to that one.
  Request first = h_.Base("GET", "/forgot");
  first.cookies.clear();
  Response page = h_.Send(first);
  std::smatch m;
  const std::string set_cookie = Harness::Header(page, "Set-Cookie");
  ASSERT_TRUE(
      std::regex_search(set_cookie, m, std::regex("^__Host-csrf=([^;]+);")));
  const std::string cookie = m[1];
  const std::string id = IdIn(page);
  ASSERT_FALSE(id.empty());
  Request post = h_.Base("POST", "/forgot");
  post.cookies["__Host-csrf"] = cookie;
  post.form = {{"login", "camille"},
               {"email", "camille@example.org"},
               {"captcha_id", id},
               {"captcha", AnswerOf(id)},
               {"csrf", h_.app().CsrfToken(cookie)}};
  EXPECT_EQ(h_.Send(post).status, 303);
}

TEST_F(CaptchaScreenTest, WrongForgotCaptchaStoresNothingAndKeepsTheFields) {
  const std::string id = Show("/forgot");
  h_.run_intake = false;
  Response r = Ask(id, WrongFor(id));
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(HasCaptchaError(r, kCaptchaWrongMessage));
  EXPECT_NE(r.body.find("value=\"camille\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"camille@example.org\""), std::string::npos);
  EXPECT_TRUE(h_.stores.intents.empty());
  EXPECT_TRUE(h_.stores.outbox.empty());
}

// Captcha failures count against the client's address, not the account.
TEST_F(CaptchaScreenTest, FailuresCountPerAddressNotPerAccount) {
  const Config& config = h_.config();
  const std::string login_mac = LimitDigest(config, "camille");
  for (int i = 0; i < 3; ++i) {
    const std::string id = Show("/login");
    EXPECT_EQ(Login(id, WrongFor(id)).status, 400);
  }
  EXPECT_EQ(h_.stores.HitsFor(LoginIpKey(h_.client_ip)), 3);
  EXPECT_EQ(h_.stores.HitsFor(LoginAccountKey(login_mac)), 0);
  EXPECT_EQ(h_.stores.HitsFor(LoginAccountIpKey(login_mac, h_.client_ip)), 0);
  const std::string id = Show("/login");
  EXPECT_EQ(Login(id, AnswerOf(id), "mauvais").status, 200);
  EXPECT_EQ(h_.stores.HitsFor(LoginIpKey(h_.client_ip)), 4);
  EXPECT_EQ(h_.stores.HitsFor(LoginAccountKey(login_mac)), 1);

  for (int i = 0; i < 2; ++i) {
    const std::string ask = Show("/forgot");
    EXPECT_EQ(Ask(ask, WrongFor(ask)).status, 400);
  }
  EXPECT_EQ(h_.stores.HitsFor("forgot:ip:" + LimitDigest(config, h_.client_ip)),
            2);
  EXPECT_EQ(h_.stores.HitsFor("forgot:a:" + LimitDigest(config, "camille")), 0);
}

// R3: with the login captcha on, the captcha is what slows an account past
// its limit: an attempt that solved it is never refused for the account.
TEST(CaptchaLimitsTest, R3_SolvedCaptchaPassesTheAccountLimit) {
  Config c = CaptchaConfig();
  c.security.limits.login_per_account = 3;
  Harness h(c);
  h.AddAccount("camille", kPassword);
  const CaptchaKeys keys = CaptchaKeys::FromSecret(c.security.secret_key);
  auto attempt = [&](const std::string& password) {
    std::smatch m;
    const std::string page = h.Get("/login").body;
    EXPECT_TRUE(std::regex_search(
        page, m, std::regex("name=\"captcha_id\" value=\"([^\"]+)\"")));
    const std::string id = m[1];
    return h.Post("/login", {{"login", "camille"},
                             {"password", password},
                             {"captcha_id", id},
                             {"captcha", CaptchaAnswerFor(keys.answer, id)}});
  };
  for (int i = 0; i < 6; ++i) {
    h.client_ip = "203.0.113." + std::to_string(i);
    EXPECT_EQ(attempt("mauvais").status, 200) << i;
  }
  EXPECT_EQ(h.stores.HitsFor(LoginAccountKey(LimitDigest(c, "camille"))), 6);
  h.client_ip = "198.51.100.7";
  EXPECT_EQ(attempt(kPassword).status, 303);
}

TEST(CaptchaLimitsTest, AnAddressOverItsLimitIsStoppedBeforeTheCaptcha) {
  Config c = CaptchaConfig();
  c.security.limits.login_per_ip = 3;
  c.security.limits.request_per_ip_hour = 2;
  Harness h(c);
  auto id_of = [](const Response& r) {
    std::smatch m;
    std::regex_search(r.body, m,
                      std::regex("name=\"captcha_id\" value=\"([^\"]+)\""));
    return std::string(m[1]);
  };
  int last = 0;
  for (int i = 0; i < 4; ++i) {
    last = h.Post("/login", {{"login", "x"},
                             {"password", "y"},
                             {"captcha_id", id_of(h.Get("/login"))},
                             {"captcha", "0000"}})
               .status;
  }
  EXPECT_EQ(last, 429);
  for (int i = 0; i < 3; ++i) {
    last = h.Post("/forgot", {{"login", "x"},
                              {"email", "x@example.org"},
                              {"captcha_id", id_of(h.Get("/forgot"))},
                              {"captcha", "0000"}})
               .status;
  }
  EXPECT_EQ(last, 429);
}

TEST_F(CaptchaScreenTest, RandomGuessesPassOnlyWhenRight) {
  // Each guess on a fresh captcha, as a robot would; the limits are lifted
  // so that only the captcha decides.
  Config c = CaptchaConfig();
  c.security.limits.request_per_ip_hour = 1000000;
  c.security.limits.request_per_account_hour = 1000000;
  Harness h(c);
  h.run_intake = false;
  const CaptchaKeys keys = CaptchaKeys::FromSecret(c.security.secret_key);
  int passed = 0, right = 0;
  for (int i = 0; i < 300; ++i) {
    const std::string id = IdIn(h.Get("/forgot"));
    ASSERT_FALSE(id.empty());
    const std::string guess = NewCaptchaAnswer();
    const bool is_right = guess == CaptchaAnswerFor(keys.answer, id);
    const int status = h.Post("/forgot", {{"login", "camille"},
                                          {"email", "camille@example.org"},
                                          {"captcha_id", id},
                                          {"captcha", guess}})
                           .status;
    EXPECT_EQ(status, is_right ? 303 : 400) << guess;
    passed += status == 303;
    right += is_right;
  }
  EXPECT_EQ(passed, right);
  EXPECT_EQ(static_cast<int>(h.stores.intents.size()), right);
}

// ------------------------------------------------------------- endpoints

TEST_F(CaptchaScreenTest, ImageAndAudioAreDrawnFromTheDerivedAnswer) {
  const std::string id = Show("/login");
  const std::string answer = AnswerOf(id);
  Response image = h_.Get("/captcha/image", "id=" + id);
  ASSERT_EQ(image.status, 200);
  EXPECT_EQ(image.content_type, "image/png");
  EXPECT_EQ(Harness::Header(image, "Cache-Control"), "no-store");
  const CaptchaKeys keys =
      CaptchaKeys::FromSecret(h_.config().security.secret_key);
  EXPECT_EQ(image.body,
            RenderCaptchaPng(answer, CaptchaSeed(keys.seed, id)).value());

  Response audio = h_.Get("/captcha/audio", "id=" + id);
  ASSERT_EQ(audio.status, 200);
  EXPECT_EQ(audio.content_type, "audio/wav");
  EXPECT_EQ(Harness::Header(audio, "Cache-Control"), "no-store");
  StatusOr<CaptchaAudio> clips = CaptchaAudio::Load(SESAME_CAPTCHA_AUDIO_DIR);
  ASSERT_TRUE(clips.ok()) << clips.status().ToString();
  // The sound speaks the picture's digits: the same answer, the same seed.
  EXPECT_EQ(audio.body,
            clips->RenderWav(answer, CaptchaSeed(keys.seed, id)).value());
  // And that answer is what the form accepts.
  EXPECT_TRUE(
      CaptchaAnswerMatches(keys.mac, CaptchaIdHash(id), answer,
                           h_.stores.captchas[CaptchaIdHash(id)].answer_mac));
  EXPECT_EQ(Login(id, answer).status, 303);
}

TEST_F(CaptchaScreenTest, EndpointsNeverSpendAndDrawTheSameEachTime) {
  const std::string id = Show("/login");
  Response first = h_.Get("/captcha/image", "id=" + id);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(h_.Get("/captcha/image", "id=" + id).body, first.body);
    EXPECT_EQ(h_.Get("/captcha/audio", "id=" + id).status, 200);
  }
  Request head = h_.Base("HEAD", "/captcha/image");
  head.query = "id=" + id;
  ParseUrlEncoded(head.query, &head.query_params);
  Response headed = h_.Send(head);
  EXPECT_EQ(headed.status, 200);
  EXPECT_TRUE(headed.body.empty());
  EXPECT_EQ(Login(id, AnswerOf(id)).status, 303);
}

TEST_F(CaptchaScreenTest, EndpointsAnswer404ForUnknownUsedOrExpiredIds) {
  for (const char* path : {"/captcha/image", "/captcha/audio"}) {
    EXPECT_EQ(h_.Get(path, "id=" + crypto::NewToken()).status, 404) << path;
    EXPECT_EQ(h_.Get(path, "").status, 404) << path;
    EXPECT_EQ(h_.Get(path, "id=abc").status, 404) << path;
    EXPECT_EQ(h_.Get(path, "id=" + std::string(43, '*')).status, 404);
  }
  const std::string used = Show("/login");
  (void)Login(used, WrongFor(used));
  EXPECT_EQ(h_.Get("/captcha/image", "id=" + used).status, 404);
  EXPECT_EQ(h_.Get("/captcha/audio", "id=" + used).status, 404);
  const std::string old = Show("/login");
  EXPECT_EQ(h_.Get("/captcha/image", "id=" + old).status, 200);
  h_.stores.now += h_.config().captcha.ttl_seconds;
  EXPECT_EQ(h_.Get("/captcha/image", "id=" + old).status, 404);
  EXPECT_EQ(h_.Get("/captcha/audio", "id=" + old).status, 404);
  // POST is not a way in.
  EXPECT_EQ(h_.Post("/captcha/image", {{"id", old}}).status, 405);
}

TEST_F(CaptchaScreenTest, DatabaseDownGivesThe503) {
  const std::string id = Show("/login");
  h_.stores.fail_with = Status::Unavailable("database unavailable");
  EXPECT_EQ(h_.Get("/login").status, 503);
  EXPECT_EQ(h_.Get("/captcha/image", "id=" + id).status, 503);
  EXPECT_EQ(Login(id, AnswerOf(id)).status, 503);
}

}  // namespace
}  // namespace sesame::testing
