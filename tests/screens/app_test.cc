#include <gtest/gtest.h>

#include "screens/harness.h"

namespace sesame::testing {
namespace {

// G43: every response carries the security headers.
TEST(App, G43_SecurityHeadersOnEveryResponse) {
  Harness h;
  for (const char* path : {"/login", "/account", "/nope", "/livez"}) {
    Response r = h.Get(path);
    std::string csp = Harness::Header(r, "Content-Security-Policy");
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_EQ(Harness::Header(r, "X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(Harness::Header(r, "Referrer-Policy"), "no-referrer");
    EXPECT_EQ(Harness::Header(r, "Cache-Control"), "no-store");
    EXPECT_NE(Harness::Header(r, "Strict-Transport-Security")
                  .find("max-age=63072000"),
              std::string::npos);
  }
}

TEST(App, PlainHttpBaseUrlUsesPlainCookieNames) {
  Config c = TestConfig();
  c.server.public_base_url = "http://127.0.0.1:8080";
  Harness h(c);
  Response r = h.Get("/login");
  std::string cookie = Harness::Header(r, "Set-Cookie");
  EXPECT_EQ(cookie.find("__Host-"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);
  EXPECT_EQ(Harness::Header(r, "Strict-Transport-Security"), "");
}

TEST(App, UnknownPathIs404Page) {
  Harness h;
  Response r = h.Get("/reset/x.php/foo");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("Page introuvable"), std::string::npos);
}

TEST(App, OtherMethodsAre405) {
  Harness h;
  for (const char* m : {"PUT", "DELETE", "TRACE", "OPTIONS"}) {
    Request r = h.Base(m, "/login");
    Response resp = h.Send(r);
    EXPECT_EQ(resp.status, 405) << m;
    EXPECT_EQ(Harness::Header(resp, "Allow"), "GET, HEAD, POST");
  }
}

TEST(App, HeadHasNoBody) {
  Harness h;
  Request r = h.Base("HEAD", "/login");
  Response resp = h.Send(r);
  EXPECT_EQ(resp.status, 200);
  EXPECT_TRUE(resp.body.empty());
}

TEST(App, LivezNeedsNoDatabaseHealthzDoes) {
  Harness h;
  h.stores.fail_with = Status::Unavailable("down");
  EXPECT_EQ(h.Get("/livez").status, 200);
  EXPECT_EQ(h.Get("/healthz").status, 503);
  h.stores.fail_with.reset();
  EXPECT_EQ(h.Get("/healthz").status, 200);
}

TEST(App, AccountWithoutSessionGoesToLogin) {
  Harness h;
  Response r = h.Get("/account");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Harness::Header(r, "Location"), "/login");
}

TEST(App, MountPrefixIsUsedInLinks) {
  Config c = TestConfig();
  c.server.mount = "/sesame";
  Harness h(c);
  Response r = h.Get("/login");
  EXPECT_NE(r.body.find("action=\"/sesame/login\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/sesame/static/sesame.css\""),
            std::string::npos);
}

TEST(App, LogoutEndsTheSessionInTheStore) {
  Harness h;
  h.AddAccount("camille", "une phrase de passe solide 2026");
  (void)h.Post("/login", {{"login", "camille"},
                          {"password", "une phrase de passe solide 2026"}});
  ASSERT_EQ(h.Get("/account").status, 200);
  std::string old_cookie = h.session_cookie();
  Response out = h.Post("/logout", {});
  EXPECT_EQ(out.status, 303);
  EXPECT_NE(Harness::Header(out, "Set-Cookie").find("Max-Age=0"),
            std::string::npos);
  // Even replaying the old cookie, the session is gone.
  h.set_session_cookie(old_cookie);
  EXPECT_EQ(h.Get("/account").status, 303);
}

}  // namespace
}  // namespace sesame::testing
