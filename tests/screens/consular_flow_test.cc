// The consular flow (NUMIC + e-mail), over in-memory stores: what the
// intake worker does with what the request forms stored.
#include <gtest/gtest.h>

#include <regex>

#include "recovery/consular_rules.h"
#include "screens/harness.h"

namespace sesame::testing {
namespace {

const char kPassword[] = "une phrase de passe solide 2026";

class ConsularIntakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    id_ = h_.AddAccount("dominique", kPassword, false, "345678");
  }
  // Stores what a request form would, then runs the worker.
  void Ask(const std::string& flow, const std::string& numic,
           const std::string& email = "dominique@example.org") {
    Intent intent;
    intent.flow = flow;
    intent.fields = {{"numic", numic}, {"email", email}};
    intent.client_ip = "192.0.2.7";
    ASSERT_TRUE(*h_.stores.Submit(intent, {}));
    EXPECT_EQ(h_.RunIntake(), 1);
  }
  std::string LastEvent() { return h_.stores.audit_events.back().event; }

  Harness h_;
  int64_t id_ = 0;
};

TEST_F(ConsularIntakeTest, PasswordRenewalMailsASingleUseLink) {
  Ask(kConsularPasswordFlow, "00345678");
  ASSERT_EQ(h_.stores.outbox.size(), 1u);
  const OutboxMessage& mail = h_.stores.outbox[0];
  EXPECT_EQ(mail.recipient, "dominique@example.org");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      mail.text, m,
      std::regex("https://portail.example.org/consulaire/lien\\?t=([A-Za-z0-9_"
                 "-]{43})")))
      << mail.text;
  EXPECT_NE(mail.text.find("un seul renouvellement"), std::string::npos);
  ASSERT_EQ(h_.stores.requests.size(), 1u);
  const NewRecoveryRequest& r = h_.stores.requests.begin()->second.request;
  EXPECT_EQ(r.flow, kConsularFlow);
  EXPECT_EQ(r.account_id, id_);
  EXPECT_TRUE(r.code_hmac.empty());
  EXPECT_EQ(r.ttl_seconds, 24 * 3600);
  EXPECT_EQ(h_.stores.password_renewal_at.count(id_), 1u);
}

TEST_F(ConsularIntakeTest, ShortNumicIsPaddedLikeTheForm) {
  Ask(kConsularPasswordFlow, "345678");
  EXPECT_EQ(h_.stores.outbox.size(), 1u);
}

TEST_F(ConsularIntakeTest, AnythingButAnExactMatchSendsNothing) {
  Ask(kConsularPasswordFlow, "00345679");
  Ask(kConsularPasswordFlow, "00345678", "autre@example.org");
  Ask(kConsularPasswordFlow, "00345678", "Dominique@example.org");
  Ask(kConsularIdentifierFlow, "abc");
  h_.stores.accounts[id_].disabled = true;
  Ask(kConsularIdentifierFlow, "00345678");
  EXPECT_TRUE(h_.stores.outbox.empty());
  EXPECT_TRUE(h_.stores.requests.empty());
  EXPECT_EQ(LastEvent(), "recovery.request.nomatch");
}

TEST_F(ConsularIntakeTest, LostIdentifierIsMailedToTheAddressOnRecord) {
  Ask(kConsularIdentifierFlow, "00345678", "  dominique@EXAMPLE.org ");
  ASSERT_EQ(h_.stores.outbox.size(), 1u);
  const OutboxMessage& mail = h_.stores.outbox[0];
  EXPECT_EQ(mail.recipient, "dominique@example.org");
  EXPECT_NE(mail.text.find("Votre identifiant : dominique"), std::string::npos);
  EXPECT_NE(mail.html.find("<strong>dominique</strong>"), std::string::npos);
  EXPECT_TRUE(h_.stores.requests.empty());
  EXPECT_EQ(LastEvent(), "recovery.identifier.sent");
}

// "Not both at once": within the window the second renewal is refused, and
// only the mailbox is told.
TEST_F(ConsularIntakeTest, NeverBothWithinTheWindow) {
  Ask(kConsularIdentifierFlow, "00345678");
  h_.stores.now += 23 * 3600;
  Ask(kConsularPasswordFlow, "00345678");
  ASSERT_EQ(h_.stores.outbox.size(), 2u);
  EXPECT_NE(h_.stores.outbox[1].text.find("à la fois son identifiant et son "
                                          "mot de passe"),
            std::string::npos);
  EXPECT_EQ(h_.stores.outbox[1].text.find("/consulaire/lien"),
            std::string::npos);
  EXPECT_TRUE(h_.stores.requests.empty());
  EXPECT_EQ(LastEvent(), "recovery.not_both");
  h_.stores.now += 3600;
  Ask(kConsularPasswordFlow, "00345678");
  EXPECT_EQ(h_.stores.requests.size(), 1u);
  // And the other way round.
  Ask(kConsularIdentifierFlow, "00345678");
  EXPECT_EQ(LastEvent(), "recovery.not_both");
  EXPECT_EQ(h_.stores.outbox.back().text.find("Votre identifiant :"),
            std::string::npos);
}

TEST_F(ConsularIntakeTest, NumicIsStoredOnlyAsAKeyedDigest) {
  ASSERT_EQ(h_.stores.numics.size(), 1u);
  const std::string& digest = h_.stores.numics.begin()->first;
  EXPECT_EQ(digest.size(), 32u);
  EXPECT_EQ(digest.find("345678"), std::string::npos);
  EXPECT_EQ(digest, h_.NumicDigest("00345678"));
}

}  // namespace
}  // namespace sesame::testing
