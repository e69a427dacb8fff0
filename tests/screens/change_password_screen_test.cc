#include <gtest/gtest.h>

#include "recovery/limits.h"
#include "recovery/login_rules.h"
#include "screens/harness.h"

namespace sesame::testing {
namespace {

const char kOld[] = "une phrase de passe solide 2026";
const char kNew[] = "Verger bleu, quatorze lanternes & un hibou";

class ChangePasswordTest : public ::testing::Test {
 protected:
  void SignIn(bool must_change = false) {
    id_ = h_.AddAccount("camille", kOld, must_change);
    ASSERT_EQ(
        h_.Post("/login", {{"login", "camille"}, {"password", kOld}}).status,
        303);
  }
  Harness h_;
  int64_t id_ = 0;
};

TEST_F(ChangePasswordTest, ShowsTheRulesUpFront) {
  SignIn();
  Response r = h_.Get("/account/password");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("12 caractères"), std::string::npos);
  EXPECT_NE(r.body.find("name=\"current_password\""), std::string::npos);
}

TEST_F(ChangePasswordTest, ChangesRevokesOtherSessionsAndNotifies) {
  SignIn();
  std::string mine = h_.session_cookie();
  // A second session of the same account, elsewhere.
  h_.stores.sessions["other"] = {id_, h_.stores.now, h_.stores.now + 3600};
  Response r = h_.Post("/account/password", {{"current_password", kOld},
                                             {"password", kNew},
                                             {"password_confirm", kNew}});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Harness::Header(r, "Location"), "/account?m=changed");
  EXPECT_TRUE(h_.stores.sessions["other"].revoked);
  EXPECT_FALSE(h_.stores.sessions[crypto::Sha256(mine)].revoked);
  ASSERT_EQ(h_.stores.outbox.size(), 1u);
  const OutboxMessage& mail = h_.stores.outbox[0];
  EXPECT_EQ(mail.recipient, "camille@example.org");
  EXPECT_NE(mail.subject.find("a été modifié"), std::string::npos);
  EXPECT_NE(mail.text.find("Si ce n'est pas vous"), std::string::npos);
  EXPECT_EQ(mail.text.find(kNew), std::string::npos);
  // The new password now signs in, the old one does not.
  h_.client_ip = "198.51.100.1";
  EXPECT_EQ(
      h_.Post("/login", {{"login", "camille"}, {"password", kOld}}).status,
      200);
  EXPECT_EQ(
      h_.Post("/login", {{"login", "camille"}, {"password", kNew}}).status,
      303);
}

TEST_F(ChangePasswordTest, WrongCurrentPasswordIsSaid) {
  SignIn();
  Response r = h_.Post("/account/password", {{"current_password", "nope"},
                                             {"password", kNew},
                                             {"password_confirm", kNew}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("mot de passe actuel est incorrect"),
            std::string::npos);
  EXPECT_TRUE(h_.stores.outbox.empty());
}

// R7: each wrong current password is audited and counted in the login's
// buckets of the account and the address.
TEST_F(ChangePasswordTest, R7_WrongCurrentPasswordIsAuditedAndCounted) {
  SignIn();
  const std::string mac = LimitDigest(h_.config(), "camille");
  const size_t before = h_.stores.audit_events.size();
  Response r = h_.Post("/account/password", {{"current_password", "nope"},
                                             {"password", kNew},
                                             {"password_confirm", kNew}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("Après 4 autres erreurs, vous serez déconnecté"),
            std::string::npos);
  ASSERT_EQ(h_.stores.audit_events.size(), before + 1);
  EXPECT_EQ(h_.stores.audit_events.back().event, "password.change.fail");
  EXPECT_EQ(h_.stores.audit_events.back().account_id, id_);
  EXPECT_EQ(h_.stores.HitsFor(LoginAccountIpKey(mac, h_.client_ip)), 1);
  EXPECT_EQ(h_.stores.HitsFor(LoginIpKey(h_.client_ip)), 2);  // + sign-in
}

// R7: the login's limits refuse the check, the right password included.
TEST(ChangePasswordLimitsTest, R7_LoginLimitsApplyToTheCurrentPassword) {
  Config c = TestConfig();
  c.security.limits.login_per_account_ip = 3;
  c.security.limits.password_change_failures = 100;
  Harness h(c);
  h.AddAccount("camille", kOld);
  ASSERT_EQ(h.Post("/login", {{"login", "camille"}, {"password", kOld}}).status,
            303);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(h.Post("/account/password", {{"current_password", "nope"},
                                           {"password", kNew},
                                           {"password_confirm", kNew}})
                  .status,
              400);
  }
  Response r = h.Post("/account/password", {{"current_password", kOld},
                                            {"password", kNew},
                                            {"password_confirm", kNew}});
  EXPECT_EQ(r.status, 429);
  EXPECT_NE(r.body.find("Trop de tentatives"), std::string::npos);
  EXPECT_EQ(Harness::Header(r, "Retry-After"), "900");
  EXPECT_TRUE(h.stores.outbox.empty());
}

// R7: after password_change_failures wrong current passwords the session
// ends and the login page says why.
TEST_F(ChangePasswordTest, R7_SessionEndsAfterNWrongCurrentPasswords) {
  SignIn();
  const std::string session = h_.session_cookie();
  const int n = h_.config().security.limits.password_change_failures;
  ASSERT_EQ(n, 5);
  for (int i = 1; i < n; ++i) {
    EXPECT_EQ(h_.Post("/account/password", {{"current_password", "nope"},
                                            {"password", kNew},
                                            {"password_confirm", kNew}})
                  .status,
              400);
  }
  EXPECT_EQ(h_.Get("/account").status, 200);
  Response r = h_.Post("/account/password", {{"current_password", "nope"},
                                             {"password", kNew},
                                             {"password_confirm", kNew}});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Harness::Header(r, "Location"), "/login?m=pwfail");
  EXPECT_NE(Harness::Header(r, "Set-Cookie").find("Max-Age=0"),
            std::string::npos);
  EXPECT_TRUE(h_.stores.sessions[crypto::Sha256(session)].revoked);
  EXPECT_EQ(h_.stores.audit_events.back().event, "logout");
  EXPECT_EQ(Harness::Header(h_.Get("/account"), "Location"), "/login");
  Response login = h_.Get("/login", "m=pwfail");
  EXPECT_NE(login.body.find("mot de passe actuel a été saisi incorrectement "
                            "5 fois"),
            std::string::npos);
  EXPECT_TRUE(h_.stores.outbox.empty());
}

TEST_F(ChangePasswordTest, F34_MismatchAndWeakPasswordsAreRefusedWithReasons) {
  SignIn();
  Response r = h_.Post("/account/password", {{"current_password", kOld},
                                             {"password", kNew},
                                             {"password_confirm", "autre"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("ne sont pas identiques"), std::string::npos);
  EXPECT_EQ(r.body.find(kNew), std::string::npos);
  Response weak = h_.Post("/account/password", {{"current_password", kOld},
                                                {"password", "court"},
                                                {"password_confirm", "court"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_NE(weak.body.find("12 caractères"), std::string::npos);
  EXPECT_TRUE(h_.stores.outbox.empty());
}

TEST_F(ChangePasswordTest, ForcedChangeAsksNoCurrentPassword) {
  SignIn(/*must_change=*/true);
  Response form = h_.Get("/account/password");
  EXPECT_EQ(form.status, 200);
  EXPECT_EQ(form.body.find("name=\"current_password\""), std::string::npos);
  EXPECT_NE(form.body.find("Choisissez votre mot de passe"), std::string::npos);
  Response r = h_.Post("/account/password",
                       {{"password", kNew}, {"password_confirm", kNew}});
  EXPECT_EQ(r.status, 303);
  EXPECT_FALSE(h_.stores.accounts[id_].must_change_password);
  EXPECT_EQ(h_.Get("/account").status, 200);
}

TEST_F(ChangePasswordTest, NeedsASession) {
  Response r = h_.Post("/account/password",
                       {{"password", kNew}, {"password_confirm", kNew}});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Harness::Header(r, "Location"), "/login");
}

}  // namespace
}  // namespace sesame::testing
