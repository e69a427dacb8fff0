#include <gtest/gtest.h>

#include "core/commit_unknown.h"
#include "recovery/limits.h"
#include "recovery/login_rules.h"
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

// An agent signs in only with its flow's four fields, an officer only at
// the desk with a TOTP code: their login and password alone open nothing
// here, and the page says no more than for a wrong password.
TEST(LoginScreen, AgentsAndOfficersCannotSignInWithThePasswordAlone) {
  Harness h;
  for (const char* role : {kRoleAgent, kRoleOfficer}) {
    int64_t id = h.AddAccount(role, kPassword);
    h.stores.accounts[id].role = role;
    Response r = h.Post("/login", {{"login", role}, {"password", kPassword}});
    EXPECT_EQ(r.status, 200) << role;
    EXPECT_NE(r.body.find("Identifiant ou mot de passe incorrect."),
              std::string::npos)
        << role;
    EXPECT_TRUE(h.session_cookie().empty()) << role;
  }
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

TEST(LoginScreen, CommitOutcomeUnknownGetsItsOwn503) {
  Harness h;
  h.stores.fail_with = CommitUnknownStatus();
  Response r = h.Post("/login", {{"login", "camille"}, {"password", "x"}});
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("Demande peut-être enregistrée"), std::string::npos);
  EXPECT_EQ(r.body.find("Service indisponible"), std::string::npos);
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

// R3: an attempt refused with 429 counts in no bucket, so refusals never
// make the refusal longer or spill over to the account.
TEST(LoginScreen, R3_RefusedAttemptsCountNothing) {
  Harness h;
  h.AddAccount("camille", kPassword);
  const std::string mac = LimitDigest(h.config(), "camille");
  const int limit = h.config().security.limits.login_per_account_ip;
  for (int i = 0; i < limit; ++i) {
    EXPECT_EQ(
        h.Post("/login", {{"login", "camille"}, {"password", "bad"}}).status,
        200);
  }
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(
        h.Post("/login", {{"login", "camille"}, {"password", "bad"}}).status,
        429);
  }
  EXPECT_EQ(h.stores.HitsFor(LoginAccountIpKey(mac, h.client_ip)), limit);
  EXPECT_EQ(h.stores.HitsFor(LoginAccountKey(mac)), limit);
  EXPECT_EQ(h.stores.HitsFor(LoginIpKey(h.client_ip)), limit);
}

// R3, the reviewer's scenario: 34 wrong passwords from each of 3 addresses
// used to lock the owner out everywhere (429, Retry-After: 900).
TEST(LoginScreen, R3_ThreeAddressesCannotLockTheOwnerOut) {
  Harness h;
  h.AddAccount("camille", kPassword);
  for (const char* ip : {"203.0.113.1", "203.0.113.2", "203.0.113.3"}) {
    h.client_ip = ip;
    for (int i = 0; i < 34; ++i) {
      (void)h.Post("/login", {{"login", "camille"}, {"password", "bad"}});
    }
  }
  h.client_ip = "198.51.100.7";
  Response r =
      h.Post("/login", {{"login", "camille"}, {"password", kPassword}});
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(Harness::Header(r, "Location"), "/account");
}

// R3: the per-account limit slows down a browser without the account's
// device cookie (one attempt per login_slowdown_seconds) and does not apply
// to the browser that signed in before.
TEST(LoginScreen, R3_AccountLimitSlowsDownAndSparesTheOwnersBrowser) {
  Config c = TestConfig();
  c.security.limits.login_per_account = 5;
  Harness h(c);
  h.AddAccount("camille", kPassword);
  h.AddAccount("dominique", kPassword);
  const std::string mac = LimitDigest(h.config(), "camille");

  // The owner signs in once: the browser gets the device cookie.
  h.client_ip = "198.51.100.1";
  Response first =
      h.Post("/login", {{"login", "camille"}, {"password", kPassword}});
  ASSERT_EQ(first.status, 303);
  std::string device_header;
  for (const auto& [name, value] : first.headers) {
    if (name == "Set-Cookie" && value.rfind("__Host-device=", 0) == 0) {
      device_header = value;
    }
  }
  EXPECT_NE(device_header.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(device_header.find("; Secure"), std::string::npos);
  EXPECT_NE(device_header.find("; SameSite=Strict"), std::string::npos);
  EXPECT_NE(device_header.find("; Max-Age=15552000"), std::string::npos);
  EXPECT_EQ(device_header.find("camille"), std::string::npos);
  const std::string device = h.device_cookie;
  ASSERT_FALSE(device.empty());
  h.device_cookie.clear();
  h.set_session_cookie("");

  // A distributed attack fills the account's bucket (where the owner's
  // sign-in counted one)...
  for (int i = 0; h.stores.HitsFor(LoginAccountKey(mac)) < 5; ++i) {
    h.client_ip = "203.0.113." + std::to_string(i);
    EXPECT_EQ(
        h.Post("/login", {{"login", "camille"}, {"password", "bad"}}).status,
        200);
  }
  // ... then it gets one attempt per slowdown, and waits for the next.
  h.client_ip = "203.0.113.50";
  EXPECT_EQ(
      h.Post("/login", {{"login", "camille"}, {"password", "bad"}}).status,
      200);
  Response slowed =
      h.Post("/login", {{"login", "camille"}, {"password", "bad"}});
  EXPECT_EQ(slowed.status, 429);
  EXPECT_EQ(Harness::Header(slowed, "Retry-After"), "30");
  EXPECT_NE(slowed.body.find("réessayez dans 30 secondes"), std::string::npos);

  // The owner elsewhere, without the cookie, is slowed too...
  h.client_ip = "198.51.100.2";
  EXPECT_EQ(
      h.Post("/login", {{"login", "camille"}, {"password", kPassword}}).status,
      429);
  // ... a device cookie of this account is not: it signs in at once.
  h.device_cookie = device;
  Response owner =
      h.Post("/login", {{"login", "camille"}, {"password", kPassword}});
  EXPECT_EQ(owner.status, 303);
  EXPECT_EQ(Harness::Header(owner, "Location"), "/account");
  h.set_session_cookie("");
  // It names one account: another's limit still slows this browser.
  for (int i = 0; i < 6; ++i) {
    h.client_ip = "203.0.113." + std::to_string(100 + i);
    (void)h.Post("/login", {{"login", "dominique"}, {"password", "bad"}});
  }
  h.device_cookie = device;
  EXPECT_EQ(h.Post("/login", {{"login", "dominique"}, {"password", kPassword}})
                .status,
            429);

  // Once the slot's time is over, the owner without the cookie gets in:
  // slowed, never locked out.
  h.device_cookie.clear();
  ASSERT_TRUE(h.stores.Reset(LoginSlowKey(mac)).ok());
  h.client_ip = "198.51.100.3";
  EXPECT_EQ(
      h.Post("/login", {{"login", "camille"}, {"password", kPassword}}).status,
      303);
}

// R3: a device cookie is no way around the limits either: it has its own
// bucket, whatever the address.
TEST(LoginScreen, R3_DeviceCookieHasItsOwnLimit) {
  Harness h;
  h.AddAccount("camille", kPassword);
  ASSERT_EQ(
      h.Post("/login", {{"login", "camille"}, {"password", kPassword}}).status,
      303);
  h.set_session_cookie("");
  const int limit = h.config().security.limits.login_per_account_ip;
  for (int i = 0; i < limit; ++i) {
    h.client_ip = "203.0.113." + std::to_string(i);
    EXPECT_EQ(
        h.Post("/login", {{"login", "camille"}, {"password", "bad"}}).status,
        200);
  }
  h.client_ip = "203.0.113.200";
  EXPECT_EQ(
      h.Post("/login", {{"login", "camille"}, {"password", "bad"}}).status,
      429);
  // Without the cookie, the account's own (higher) limit applies.
  h.device_cookie.clear();
  EXPECT_EQ(
      h.Post("/login", {{"login", "camille"}, {"password", kPassword}}).status,
      303);
}

// R5: a one-time password spent by a concurrent sign-in between this one's
// check and its session gives no session: the failure page of a used one.
TEST(LoginScreen, R5_OneTimePasswordSpentMeanwhileOpensNoSession) {
  Harness h;
  const int64_t id = h.AddAccount("camille", "provisoire-abc", true);
  h.stores.before_session_create = [&] {
    h.stores.before_session_create = nullptr;
    h.stores.accounts[id].password_expired = true;  // the other sign-in
  };
  Response r =
      h.Post("/login", {{"login", "camille"}, {"password", "provisoire-abc"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("provisoire a expiré"), std::string::npos);
  EXPECT_TRUE(h.session_cookie().empty());
  EXPECT_TRUE(h.stores.sessions.empty());
  EXPECT_EQ(h.stores.audit_events.back().event, "login.fail");
}

TEST(LoginScreen, R5_OneTimePasswordOpensOneSessionOnly) {
  Harness h;
  h.AddAccount("camille", "provisoire-abc", true);
  EXPECT_EQ(
      h.Post("/login", {{"login", "camille"}, {"password", "provisoire-abc"}})
          .status,
      303);
  h.set_session_cookie("");
  EXPECT_EQ(
      h.Post("/login", {{"login", "camille"}, {"password", "provisoire-abc"}})
          .status,
      200);
  EXPECT_EQ(h.stores.sessions.size(), 1u);
}

}  // namespace
}  // namespace sesame::testing
