// GET /auth (nginx auth_request) and /login?next= over the fakes.
#include <gtest/gtest.h>

#include "screens/harness.h"
#include "screens/sign_in.h"

namespace sesame::testing {
namespace {

const char kPassword[] = "une phrase de passe solide 2026";

// A harness whose /login?next= may return under /intranet/.
Config IntranetConfig() {
  Config c = TestConfig();
  c.auth.next_allowed = {"/intranet/", "/wiki"};
  return c;
}

void SignIn(Harness& h, const std::string& login = "camille") {
  Response r = h.Post("/login", {{"login", login}, {"password", kPassword}});
  ASSERT_EQ(r.status, 303);
}

TEST(AuthScreen, SignedInBrowserGets204WithItsLogin) {
  Harness h;
  h.AddAccount("camille", kPassword);
  SignIn(h);
  Response r = h.Get("/auth");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(Harness::Header(r, "X-Sesame-User"), "camille");
  EXPECT_EQ(Harness::Header(r, "Cache-Control"), "no-store");
  EXPECT_TRUE(r.body.empty());
}

TEST(AuthScreen, NoSessionCookieGets401WithoutBody) {
  Harness h;
  Response r = h.Get("/auth");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Harness::Header(r, "X-Sesame-User"), "");
  EXPECT_EQ(Harness::Header(r, "Cache-Control"), "no-store");
  EXPECT_TRUE(r.body.empty());
}

TEST(AuthScreen, ForgedSessionCookieGets401) {
  Harness h;
  h.set_session_cookie(crypto::NewToken());
  EXPECT_EQ(h.Get("/auth").status, 401);
}

TEST(AuthScreen, SignedOutSessionGets401) {
  Harness h;
  h.AddAccount("camille", kPassword);
  SignIn(h);
  ASSERT_EQ(h.Get("/auth").status, 204);
  const std::string cookie = h.session_cookie();
  ASSERT_EQ(h.Post("/logout", {}).status, 303);
  h.set_session_cookie(cookie);  // the old cookie, replayed
  EXPECT_EQ(h.Get("/auth").status, 401);
}

TEST(AuthScreen, IdleSessionGets401) {
  Harness h;
  h.AddAccount("camille", kPassword);
  SignIn(h);
  h.stores.now += h.config().security.session_idle_minutes * 60 + 1;
  EXPECT_EQ(h.Get("/auth").status, 401);
}

TEST(AuthScreen, EachAnswerExtendsTheIdleTime) {
  Harness h;
  h.AddAccount("camille", kPassword);
  SignIn(h);
  const int idle = h.config().security.session_idle_minutes * 60;
  for (int i = 0; i < 3; ++i) {
    h.stores.now += idle - 10;
    ASSERT_EQ(h.Get("/auth").status, 204) << "round " << i;
  }
}

TEST(AuthScreen, DisabledAccountGets401) {
  Harness h;
  const int64_t id = h.AddAccount("camille", kPassword);
  SignIn(h);
  ASSERT_TRUE(h.stores.stores().accounts->SetDisabled(id, true, {}).ok());
  EXPECT_EQ(h.Get("/auth").status, 401);
}

TEST(AuthScreen, OneTimePasswordSessionGets401UntilThePasswordIsChosen) {
  Harness h;
  h.AddAccount("camille", kPassword, /*must_change=*/true);
  Response r =
      h.Post("/login", {{"login", "camille"}, {"password", kPassword}});
  ASSERT_EQ(Harness::Header(r, "Location"), "/account/password");
  EXPECT_EQ(h.Get("/auth").status, 401);
}

TEST(AuthScreen, DeskSessionCookieGets401) {
  Harness h;
  const int64_t id = h.AddAccount("president", kPassword);
  const std::string token = crypto::NewToken();
  ASSERT_TRUE(
      h.stores.stores()
          .sessions
          ->Create(
              {SessionIdHash("guichet", token), id, "192.0.2.10", 3600, "", {}},
              {id, "login.ok", "192.0.2.10", ""})
          .ok());
  h.guichet_cookie = token;
  EXPECT_EQ(h.Get("/auth").status, 401);
  // Nor does the desk's value work as a portal session cookie.
  h.set_session_cookie(token);
  EXPECT_EQ(h.Get("/auth").status, 401);
}

TEST(AuthScreen, DatabaseDownGets503) {
  Harness h;
  h.AddAccount("camille", kPassword);
  SignIn(h);
  h.stores.fail_with = Status::Unavailable("database unavailable");
  Response r = h.Get("/auth");
  EXPECT_EQ(r.status, 503);
  EXPECT_TRUE(r.body.empty());
}

TEST(AuthScreen, PostWithoutCsrfIsAnsweredLikeGet) {
  Harness h;
  h.AddAccount("camille", kPassword);
  SignIn(h);
  EXPECT_EQ(h.Post("/auth", {}, /*csrf=*/false).status, 204);
}

TEST(AuthScreen, IsNotRateLimited) {
  Harness h;
  h.AddAccount("camille", kPassword);
  SignIn(h);
  for (int i = 0; i < 200; ++i) ASSERT_EQ(h.Get("/auth").status, 204) << i;
}

// --- /login?next= ----------------------------------------------------------

// Where a sign-in from /login?next=NEXT lands.
std::string LandingAfterSignIn(const std::string& next,
                               Config config = IntranetConfig()) {
  Harness h(std::move(config));
  h.AddAccount("camille", kPassword);
  Response r =
      h.Post("/login",
             {{"login", "camille"}, {"password", kPassword}, {"next", next}});
  EXPECT_EQ(r.status, 303);
  return Harness::Header(r, "Location");
}

TEST(LoginNext, AllowedPathIsCarriedByTheFormAndReturnedTo) {
  Harness h(IntranetConfig());
  h.AddAccount("camille", kPassword);
  Response form = h.Get("/login", "next=/intranet/");
  EXPECT_NE(form.body.find(
                "<input type=\"hidden\" name=\"next\" value=\"/intranet/\">"),
            std::string::npos);
  Response r = h.Post(
      "/login",
      {{"login", "camille"}, {"password", kPassword}, {"next", "/intranet/"}});
  EXPECT_EQ(Harness::Header(r, "Location"), "/intranet/");
}

TEST(LoginNext, PathUnderAnAllowedPrefixIsReturnedTo) {
  EXPECT_EQ(LandingAfterSignIn("/intranet/docs/guide.html"),
            "/intranet/docs/guide.html");
}

TEST(LoginNext, ExactEntryAdmitsOnlyItself) {
  EXPECT_EQ(LandingAfterSignIn("/wiki"), "/wiki");
  EXPECT_EQ(LandingAfterSignIn("/wiki/page"), "/account");
  EXPECT_EQ(LandingAfterSignIn("/wikipedia"), "/account");
}

TEST(LoginNext, SignedInBrowserGoesStraightToNext) {
  Harness h(IntranetConfig());
  h.AddAccount("camille", kPassword);
  SignIn(h);
  Response r = h.Get("/login", "next=/intranet/");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Harness::Header(r, "Location"), "/intranet/");
}

TEST(LoginNext, OneTimePasswordGoesToTheChangeFirst) {
  Harness h(IntranetConfig());
  h.AddAccount("camille", kPassword, /*must_change=*/true);
  Response r = h.Post(
      "/login",
      {{"login", "camille"}, {"password", kPassword}, {"next", "/intranet/"}});
  EXPECT_EQ(Harness::Header(r, "Location"), "/account/password");
  // And /login does not send it on to /intranet/ (which would come back).
  Response again = h.Get("/login", "next=/intranet/");
  EXPECT_EQ(Harness::Header(again, "Location"), "/account");
}

TEST(LoginNext, OpenRedirectToAnotherHostRefused) {
  EXPECT_EQ(LandingAfterSignIn("//evil.example/intranet/"), "/account");
}

TEST(LoginNext, OpenRedirectWithSchemeRefused) {
  EXPECT_EQ(LandingAfterSignIn("https://evil.example/intranet/"), "/account");
  EXPECT_EQ(LandingAfterSignIn("javascript:alert(1)"), "/account");
}

TEST(LoginNext, OpenRedirectWithBackslashRefused) {
  EXPECT_EQ(LandingAfterSignIn("/\\evil.example/"), "/account");
  EXPECT_EQ(LandingAfterSignIn("/intranet/\\\\evil.example"), "/account");
}

TEST(LoginNext, DotDotRefused) {
  EXPECT_EQ(LandingAfterSignIn("/intranet/../account/password"), "/account");
  EXPECT_EQ(LandingAfterSignIn("/intranet/./x"), "/account");
}

TEST(LoginNext, EncodedTricksRefused) {
  // As the form decoder hands them over: a %-escape left after one
  // decoding, an encoded slash or dot, a double slash inside.
  EXPECT_EQ(LandingAfterSignIn("/intranet/%2F%2Fevil.example"), "/account");
  EXPECT_EQ(LandingAfterSignIn("/intranet/%2e%2e/account"), "/account");
  EXPECT_EQ(LandingAfterSignIn("/intranet//evil.example"), "/account");
  // Through the query string: %2F decoded once is "/", so "%2F%2Fevil"
  // arrives as "//evil"; %252F arrives as "%2F".
  Harness h(IntranetConfig());
  Response a = h.Get("/login", "next=%2F%2Fevil.example%2Fintranet%2F");
  EXPECT_EQ(a.body.find("name=\"next\""), std::string::npos);
  Response b = h.Get("/login", "next=/intranet/%252F%252Fevil.example");
  EXPECT_EQ(b.body.find("name=\"next\""), std::string::npos);
}

TEST(LoginNext, HeaderInjectionRefused) {
  EXPECT_EQ(LandingAfterSignIn("/intranet/\r\nSet-Cookie: x=y"), "/account");
  EXPECT_EQ(LandingAfterSignIn("/intranet/ x"), "/account");
  EXPECT_EQ(LandingAfterSignIn("/intranet/caf\xc3\xa9"), "/account");
}

TEST(LoginNext, QueryStringRefused) {
  EXPECT_EQ(LandingAfterSignIn("/intranet/?q=1"), "/account");
  EXPECT_EQ(LandingAfterSignIn("/intranet/#top"), "/account");
}

TEST(LoginNext, PathOutsideTheAllowListRefused) {
  EXPECT_EQ(LandingAfterSignIn("/admin/"), "/account");
  EXPECT_EQ(LandingAfterSignIn("/intranet"), "/account");
  EXPECT_EQ(LandingAfterSignIn("/intranet-evil/"), "/account");
}

TEST(LoginNext, EmptyAllowListIgnoresNext) {
  EXPECT_EQ(LandingAfterSignIn("/intranet/", TestConfig()), "/account");
}

}  // namespace
}  // namespace sesame::testing
