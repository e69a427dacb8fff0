#include <gtest/gtest.h>

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
