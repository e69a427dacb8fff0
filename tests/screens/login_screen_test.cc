#include <gtest/gtest.h>

#include "screens/harness.h"

namespace sesame::testing {
namespace {

const char kPassword[] = "une phrase de passe solide 2026";

TEST(LoginScreen, GetShowsTheFormWithCsrfAndLinks) {
  Harness h;
  Response r = h.Get("/login");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("name=\"login\""), std::string::npos);
  EXPECT_NE(r.body.find("name=\"password\""), std::string::npos);
  EXPECT_NE(r.body.find("name=\"csrf\""), std::string::npos);
  // The offered flow's link (its text HTML-escaped like any value).
  EXPECT_NE(r.body.find("<a href=\"/forgot\">Code d&#39;accès oublié ?</a>"),
            std::string::npos);
  EXPECT_NE(r.body.find("lang=\"fr\""), std::string::npos);
}

TEST(LoginScreen, GoodPasswordOpensASessionAndLandsOnAccount) {
  Harness h;
  h.AddAccount("camille", kPassword);
  Response r =
      h.Post("/login", {{"login", "camille"}, {"password", kPassword}});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Harness::Header(r, "Location"), "/account");
  std::string cookie = Harness::Header(r, "Set-Cookie");
  EXPECT_NE(cookie.find("__Host-session="), std::string::npos);
  EXPECT_NE(cookie.find("Secure"), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  Response account = h.Get("/account");
  EXPECT_EQ(account.status, 200);
  EXPECT_NE(account.body.find("Camille camille"), std::string::npos);
}

TEST(LoginScreen, G40_NewSessionIdOnEveryLogin) {
  Harness h;
  h.AddAccount("camille", kPassword);
  (void)h.Post("/login", {{"login", "camille"}, {"password", kPassword}});
  std::string first = h.session_cookie();
  (void)h.Post("/login", {{"login", "camille"}, {"password", kPassword}});
  EXPECT_FALSE(first.empty());
  EXPECT_NE(first, h.session_cookie());
}

// A5: unknown login and wrong password give the same page.
TEST(LoginScreen, A5_UnknownLoginAndWrongPasswordLookTheSame) {
  Harness h;
  h.AddAccount("camille", kPassword);
  Response wrong = h.Post("/login", {{"login", "camille"}, {"password", "x"}});
  Response unknown =
      h.Post("/login", {{"login", "camilla"}, {"password", "x"}});
  EXPECT_EQ(wrong.status, 200);
  EXPECT_EQ(wrong.status, unknown.status);
  auto strip = [](std::string body, const std::string& login) {
    size_t p = body.find("value=\"" + login + "\"");
    if (p != std::string::npos) body.erase(p, login.size() + 8);
    return body;
  };
  EXPECT_EQ(strip(wrong.body, "camille"), strip(unknown.body, "camilla"));
  EXPECT_NE(wrong.body.find("Identifiant ou mot de passe incorrect."),
            std::string::npos);
  EXPECT_TRUE(h.session_cookie().empty());
}

TEST(LoginScreen, DisabledAccountLooksLikeAWrongPassword) {
  Harness h;
  int64_t id = h.AddAccount("camille", kPassword);
  h.stores.accounts[id].disabled = true;
  Response r =
      h.Post("/login", {{"login", "camille"}, {"password", kPassword}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Identifiant ou mot de passe incorrect."),
            std::string::npos);
  EXPECT_TRUE(h.session_cookie().empty());
}

TEST(LoginScreen, KeepsTheLoginNeverThePassword) {
  Harness h;
  Response r =
      h.Post("/login", {{"login", "jean<b>"}, {"password", "s3cr3t-typed"}});
  EXPECT_NE(r.body.find("value=\"jean&lt;b&gt;\""), std::string::npos);
  EXPECT_EQ(r.body.find("s3cr3t-typed"), std::string::npos);
  EXPECT_EQ(r.body.find("<b>"), std::string::npos);
}

TEST(LoginScreen, MissingFieldsAreSaidOnTheSameScreen) {
  Harness h;
  Response r = h.Post("/login", {{"login", ""}, {"password", ""}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("Saisissez votre identifiant."), std::string::npos);
  EXPECT_NE(r.body.find("Saisissez votre mot de passe."), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#login\""), std::string::npos);
}

// F36: a huge password is refused before any hashing.
TEST(LoginScreen, F36_HugePasswordRefusedBeforeHashing) {
  Harness h;
  h.AddAccount("camille", kPassword);
  Response r = h.Post("/login", {{"login", "camille"},
                                 {"password", std::string(1 << 20, 'a')}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("trop long"), std::string::npos);
  EXPECT_TRUE(h.stores.audit_events.size() == 1);  // only the account add
}

// G41: a POST without the CSRF token is refused, login kept.
TEST(LoginScreen, G41_MissingCsrfIsRefusedAndTheFormComesBack) {
  Harness h;
  h.AddAccount("camille", kPassword);
  Response r = h.Post("/login", {{"login", "camille"}, {"password", kPassword}},
                      /*csrf=*/false);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("value=\"camille\""), std::string::npos);
  EXPECT_NE(r.body.find("name=\"csrf\""), std::string::npos);
  EXPECT_TRUE(h.session_cookie().empty());
}

TEST(LoginScreen, G41_CrossSiteFetchIsRefusedEvenWithAToken) {
  Harness h;
  h.AddAccount("camille", kPassword);
  Request req = h.Base("POST", "/login");
  req.form = {{"login", "camille"},
              {"password", kPassword},
              {"csrf", h.app().CsrfToken(req.cookies["__Host-csrf"])}};
  req.headers["sec-fetch-site"] = "cross-site";
  Response r = h.Send(req);
  EXPECT_EQ(r.status, 403);
  EXPECT_TRUE(h.session_cookie().empty());
}

TEST(LoginScreen, BadFormEncodingShowsTheFormAgain) {
  Harness h;
  Request req = h.Base("POST", "/login");
  req.form = {{"login", "camille"}};
  req.form_problem = FormProblem::kDuplicate;
  Response r = h.Send(req);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("envoyé deux fois"), std::string::npos);
  EXPECT_NE(r.body.find("value=\"camille\""), std::string::npos);
}

TEST(LoginScreen, OversizeBodyIs413) {
  Harness h;
  Request req = h.Base("POST", "/login");
  req.form_problem = FormProblem::kTooLarge;
  EXPECT_EQ(h.Send(req).status, 413);
}

// E28: throttled per (account, IP) without locking the user out elsewhere.
TEST(LoginScreen, E28_ThrottlesPerAccountAndIpWithoutHardLockout) {
  Harness h;
  h.AddAccount("camille", kPassword);
  int limit = h.config().security.limits.login_per_account_ip;
  for (int i = 0; i < limit; ++i) {
    EXPECT_EQ(
        h.Post("/login", {{"login", "camille"}, {"password", "bad"}}).status,
        200);
  }
  Response blocked =
      h.Post("/login", {{"login", "camille"}, {"password", kPassword}});
  EXPECT_EQ(blocked.status, 429);
  EXPECT_NE(blocked.body.find("Trop de tentatives"), std::string::npos);
  EXPECT_TRUE(h.session_cookie().empty());
  // The real user, from another address, still gets in.
  h.client_ip = "198.51.100.7";
  EXPECT_EQ(
      h.Post("/login", {{"login", "camille"}, {"password", kPassword}}).status,
      303);
}

TEST(LoginScreen, E26_OneAddressTryingManyAccountsIsStopped) {
  Harness h;
  int limit = h.config().security.limits.login_per_ip;
  int last = 0;
  for (int i = 0; i <= limit; ++i) {
    last = h.Post("/login", {{"login", "user" + std::to_string(i)},
                             {"password", "guess"}})
               .status;
  }
  EXPECT_EQ(last, 429);
}

TEST(LoginScreen, DatabaseDownGivesTheGeneric503) {
  Harness h;
  h.stores.fail_with = Status::Unavailable("database unavailable");
  Response r = h.Post("/login", {{"login", "camille"}, {"password", "x"}});
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("Service indisponible"), std::string::npos);
  EXPECT_EQ(r.body.find("database"), std::string::npos);
}

TEST(LoginScreen, OneTimePasswordLeadsToTheForcedChange) {
  Harness h;
  h.AddAccount("camille", "provisoire-abc", /*must_change=*/true);
  Response r =
      h.Post("/login", {{"login", "camille"}, {"password", "provisoire-abc"}});
  EXPECT_EQ(Harness::Header(r, "Location"), "/account/password");
  EXPECT_EQ(Harness::Header(h.Get("/account"), "Location"),
            "/account/password");
}

TEST(LoginScreen, ExpiredOneTimePasswordIsRefusedClearly) {
  Harness h;
  int64_t id = h.AddAccount("camille", "provisoire-abc", true);
  h.stores.accounts[id].password_expired = true;
  Response r =
      h.Post("/login", {{"login", "camille"}, {"password", "provisoire-abc"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("provisoire a expiré"), std::string::npos);
  EXPECT_TRUE(h.session_cookie().empty());
}

}  // namespace
}  // namespace sesame::testing
