// MysqlDeskStore against a real server (the officers' desk of the Interior
// flow): one transaction per action, the officer's limit, the slip shown
// once even to concurrent reads, the security key replaced, an officer's
// audit rows; and the officer's TOTP step (AccountStore::SpendTotpStep) and
// RateLimiter::Count that the desk relies on. Same setup as
// storage_test.cc; without SESAME_TEST_CONFIG the tests skip.
#include <cppconn/connection.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "crypto/crypto.h"
#include "integration/scratch_database.h"
#include "storage/mysql/migrator.h"
#include "storage/mysql/mysql_stores.h"

namespace sesame {
namespace {

using ::sesame::testing::Exec;
using ::sesame::testing::QueryInt;
using ::sesame::testing::QueryString;

constexpr char kHash[] = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
constexpr char kNewHash[] = "$argon2id$v=19$m=19456,t=2,p=1$bmV3$bmV3";

AuditEvent Audit(std::optional<int64_t> account_id, const std::string& event,
                 const std::string& detail = "") {
  return {account_id, event, "192.0.2.44", detail};
}

// 32 bytes with a zero byte inside (binary round trips).
std::string Owner(const std::string& seed) {
  std::string owner = crypto::Sha256(seed);
  owner[3] = '\0';
  return owner;
}

constexpr char kDeskPrefix[] = "sesame_test_desk";

class DeskStoreTest
    : public ::sesame::testing::ScratchDatabaseTest<kDeskPrefix> {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_NE(s_.desk, nullptr);
  }

  int64_t AddAccount(const std::string& login, const std::string& role,
                     const std::vector<AccountIdentifier>& identifiers = {}) {
    NewAccount a;
    a.login = login;
    a.email = login + "@example.org";
    a.display_name = "Test " + login;
    a.password_hash = kHash;
    a.role = role;
    a.bureau = "BVE-1";
    a.identifiers = identifiers;
    StatusOr<int64_t> id = s_.accounts->Add(a, Audit(std::nullopt, "add"));
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  void CreateSession(const std::string& hash, int64_t account_id) {
    NewSession session;
    session.id_hash = hash;
    session.account_id = account_id;
    session.absolute_seconds = 3600;
    ASSERT_TRUE(
        s_.sessions->Create(session, Audit(account_id, "login.ok")).ok());
  }

  // A password hand-over by `officer` to `agent`, its slip for `owner`.
  DeskAction PasswordAction(int64_t officer, int64_t agent,
                            const std::string& owner, int limit = 30) {
    DeskAction a;
    a.agent_id = agent;
    a.limits = {{"desk:officer:" + std::to_string(officer), 3600, limit}};
    a.password = DeskAction::NewPassword{kNewHash, 24};
    a.agent_audit = Audit(agent, "password.desk", "officer=o bureau=BVE-1");
    OutboxMessage mail;
    mail.recipient = "agent@example.org";
    mail.subject = "Un nouveau mot de passe vous a été remis";
    mail.text = "Un nouveau mot de passe vous a été remis au bureau BVE-1.";
    a.notification = mail;
    a.officer_audit = Audit(officer, "desk.password", "agent=a bureau=BVE-1");
    a.slip_owner = owner;
    a.slip_sealed = "sealed slip \x01\x02";
    a.slip_ttl_seconds = 600;
    return a;
  }

  int64_t Count(const std::string& table, const std::string& where = "1") {
    return QueryInt(db(), "SELECT COUNT(*) FROM " + table + " WHERE " + where);
  }

  // The slips kept for `owner` (0 or 1).
  int64_t Slips(const std::string& owner) {
    return Count("desk_slips",
                 "owner = UNHEX('" + crypto::HexEncode(owner) + "')");
  }
};

TEST_F(DeskStoreTest, PasswordHandOverIsOneTransaction) {
  const int64_t officer = AddAccount("desk-officer", kRoleOfficer);
  const int64_t agent = AddAccount("desk-agent", kRoleAgent);
  CreateSession(Owner("agent-session"), agent);
  const std::string id = std::to_string(agent);
  const int64_t outbox = Count("outbox");
  StatusOr<bool> acted =
      s_.desk->Act(PasswordAction(officer, agent, Owner("officer-session")));
  ASSERT_TRUE(acted.ok()) << acted.status().ToString();
  EXPECT_TRUE(*acted);
  StatusOr<Account> a = s_.accounts->FindById(agent);
  EXPECT_EQ(a->password_hash, kNewHash);
  EXPECT_TRUE(a->must_change_password);
  EXPECT_FALSE(a->password_expired);
  EXPECT_EQ(QueryString(db(),
                        "SELECT TIMESTAMPDIFF(HOUR, NOW(6), "
                        "password_expires_at) FROM accounts WHERE id = " +
                            id),
            "23");
  EXPECT_EQ(Count("sessions", "account_id = " + id + " AND revoked_at IS NULL"),
            0);
  EXPECT_EQ(Count("outbox"), outbox + 1);
  EXPECT_EQ(
      Count("audit_log", "account_id = " + id + " AND event = 'password.desk'"),
      1);
  EXPECT_EQ(Count("audit_log", "account_id = " + std::to_string(officer) +
                                   " AND event = 'desk.password'"),
            1);
  EXPECT_EQ(Slips(Owner("officer-session")), 1);
  ASSERT_TRUE(s_.audit->Verify(std::nullopt).ok());
}

TEST_F(DeskStoreTest, LimitRefusalWritesNothing) {
  const int64_t officer = AddAccount("limit-officer", kRoleOfficer);
  const int64_t agent = AddAccount("limit-agent", kRoleAgent);
  const std::string owner = Owner("limit-session");
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(*s_.desk->Act(PasswordAction(officer, agent, owner, 2)));
  }
  const int64_t audit = Count("audit_log");
  const int64_t outbox = Count("outbox");
  Exec(db(), "UPDATE accounts SET password_hash = 'before' WHERE id = " +
                 std::to_string(agent));
  DeskAction third = PasswordAction(officer, agent, Owner("other-session"), 2);
  StatusOr<bool> acted = s_.desk->Act(third);
  ASSERT_TRUE(acted.ok()) << acted.status().ToString();
  EXPECT_FALSE(*acted);
  EXPECT_EQ(s_.accounts->FindById(agent)->password_hash, "before");
  EXPECT_EQ(Count("audit_log"), audit);
  EXPECT_EQ(Count("outbox"), outbox);
  EXPECT_EQ(Slips(owner), 1);
  EXPECT_EQ(Slips(Owner("other-session")), 0);
  // Counted nothing either: still 2 in the window.
  EXPECT_EQ(*s_.limits->Count(third.limits[0].key, 3600), 2);
}

TEST_F(DeskStoreTest, AGoneAgentWritesNothing) {
  const int64_t officer = AddAccount("gone-officer", kRoleOfficer);
  const int64_t audit = Count("audit_log");
  DeskAction action = PasswordAction(officer, 987654, Owner("gone-session"));
  StatusOr<bool> acted = s_.desk->Act(action);
  EXPECT_EQ(acted.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Count("audit_log"), audit);
  EXPECT_EQ(Slips(Owner("gone-session")), 0);
  EXPECT_EQ(*s_.limits->Count(action.limits[0].key, 3600), 0);
  // Neither or both of password and identifier: refused.
  action.agent_id = AddAccount("half-agent", kRoleAgent);
  action.identifier = AccountIdentifier{"interior.key", "digest"};
  EXPECT_EQ(s_.desk->Act(action).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(DeskStoreTest, SlipIsShownOnceAndNotAfterItsLifetime) {
  const int64_t officer = AddAccount("slip-officer", kRoleOfficer);
  const int64_t agent = AddAccount("slip-agent", kRoleAgent);
  const std::string owner = Owner("slip-session");
  ASSERT_TRUE(*s_.desk->Act(PasswordAction(officer, agent, owner)));
  // Another session's read finds nothing.
  EXPECT_FALSE(s_.desk->TakeSlip(Owner("someone-else"))->has_value());
  StatusOr<std::optional<std::string>> slip = s_.desk->TakeSlip(owner);
  ASSERT_TRUE(slip.ok()) << slip.status().ToString();
  ASSERT_TRUE(slip->has_value());
  EXPECT_EQ(**slip, "sealed slip \x01\x02");
  EXPECT_FALSE(s_.desk->TakeSlip(owner)->has_value());
  EXPECT_EQ(Slips(owner), 0);
  // A newer action replaces the session's slip; an expired one is gone.
  DeskAction first = PasswordAction(officer, agent, owner);
  first.slip_sealed = "first";
  ASSERT_TRUE(*s_.desk->Act(first));
  DeskAction second = PasswordAction(officer, agent, owner);
  second.slip_sealed = "second";
  ASSERT_TRUE(*s_.desk->Act(second));
  EXPECT_EQ(Slips(owner), 1);
  Exec(db(),
       "UPDATE desk_slips SET expires_at = NOW(6) - INTERVAL 1 SECOND "
       "WHERE owner = UNHEX('" +
           crypto::HexEncode(owner) + "')");
  EXPECT_FALSE(s_.desk->TakeSlip(owner)->has_value());
  EXPECT_EQ(Slips(owner), 0);
}

TEST_F(DeskStoreTest, ConcurrentReadsOfASlipGiveItOnce) {
  const int64_t officer = AddAccount("race-officer", kRoleOfficer);
  const int64_t agent = AddAccount("race-agent", kRoleAgent);
  for (int round = 0; round < 5; ++round) {
    const std::string owner = Owner("race-session-" + std::to_string(round));
    ASSERT_TRUE(*s_.desk->Act(PasswordAction(officer, agent, owner)));
    constexpr int kThreads = 6;
    std::atomic<int> shown{0};
    std::vector<std::string> errors(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        StatusOr<std::optional<std::string>> slip = s_.desk->TakeSlip(owner);
        if (!slip.ok()) {
          errors[t] = slip.status().ToString();
        } else if (slip->has_value()) {
          ++shown;
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    for (int t = 0; t < kThreads; ++t) EXPECT_EQ(errors[t], "") << t;
    EXPECT_EQ(shown.load(), 1) << "round " << round;
  }
}

TEST_F(DeskStoreTest, KeyReplacementMakesTheOldDigestUnknown) {
  const int64_t officer = AddAccount("key-officer", kRoleOfficer);
  const int64_t agent =
      AddAccount("key-agent", kRoleAgent,
                 {{"interior.key", "old-key-digest"},
                  {"interior.matricule", "matricule-digest"}});
  CreateSession(Owner("key-agent-session"), agent);
  DeskAction action;
  action.agent_id = agent;
  action.limits = {{"desk:officer:" + std::to_string(officer), 3600, 30}};
  action.identifier = AccountIdentifier{"interior.key", "new-key-digest"};
  action.agent_audit = Audit(agent, "security_key.desk");
  action.officer_audit = Audit(officer, "desk.security_key");
  action.slip_owner = Owner("key-officer-session");
  action.slip_sealed = "sealed key slip";
  StatusOr<bool> acted = s_.desk->Act(action);
  ASSERT_TRUE(acted.ok()) << acted.status().ToString();
  EXPECT_TRUE(*acted);
  EXPECT_EQ(s_.accounts->FindByIdentifier("interior.key", "old-key-digest")
                .status()
                .code(),
            StatusCode::kNotFound);
  EXPECT_EQ(s_.accounts->FindByIdentifier("interior.key", "new-key-digest")->id,
            agent);
  // The other identifiers and the password stay; the sessions die.
  EXPECT_EQ(
      s_.accounts->FindByIdentifier("interior.matricule", "matricule-digest")
          ->id,
      agent);
  EXPECT_EQ(s_.accounts->FindById(agent)->password_hash, kHash);
  EXPECT_EQ(
      s_.sessions->Touch(Owner("key-agent-session"), 3600).status().code(),
      StatusCode::kNotFound);
  EXPECT_EQ(Count("audit_log", "event = 'security_key.desk' AND account_id = " +
                                   std::to_string(agent)),
            1);
  // A digest another account holds: nothing written.
  const int64_t other =
      AddAccount("key-other", kRoleAgent, {{"interior.key", "taken-digest"}});
  action.identifier->digest = "taken-digest";
  EXPECT_EQ(s_.desk->Act(action).status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(s_.accounts->FindByIdentifier("interior.key", "new-key-digest")->id,
            agent);
  EXPECT_EQ(s_.accounts->FindByIdentifier("interior.key", "taken-digest")->id,
            other);
}

TEST_F(DeskStoreTest, AuditOfListsAnOfficersDeskRows) {
  const int64_t officer = AddAccount("audit-officer", kRoleOfficer);
  const int64_t agent = AddAccount("audit-agent", kRoleAgent);
  const int64_t colleague = AddAccount("audit-colleague", kRoleOfficer);
  ASSERT_TRUE(s_.audit->Append(Audit(officer, "login.ok")).ok());
  for (int i = 0; i < 3; ++i) {
    DeskAction action = PasswordAction(officer, agent, Owner("audit-s"));
    action.officer_audit.detail = "row " + std::to_string(i);
    ASSERT_TRUE(*s_.desk->Act(action));
  }
  ASSERT_TRUE(*s_.desk->Act(PasswordAction(colleague, agent, Owner("c"))));
  StatusOr<std::vector<AuditRow>> rows = s_.desk->AuditOf(officer, "desk.", 10);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ((*rows)[i].event, "desk.password");
    EXPECT_EQ((*rows)[i].detail, "row " + std::to_string(i));
    EXPECT_EQ((*rows)[i].client_ip, "192.0.2.44");
    EXPECT_EQ((*rows)[i].account_id, officer);
    EXPECT_EQ((*rows)[i].at.size(), 19u) << (*rows)[i].at;
  }
  EXPECT_LT((*rows)[0].id, (*rows)[2].id);
  // The last ones, oldest first.
  StatusOr<std::vector<AuditRow>> last = s_.desk->AuditOf(officer, "desk.", 2);
  ASSERT_EQ(last->size(), 2u);
  EXPECT_EQ((*last)[0].detail, "row 1");
  EXPECT_EQ((*last)[1].detail, "row 2");
  EXPECT_EQ(s_.desk->AuditOf(officer, "", 100)->size(), 5u);  // + add, login
}

TEST_F(DeskStoreTest, PurgeDeletesExpiredSlipsOnly) {
  const int64_t officer = AddAccount("purge-officer", kRoleOfficer);
  const int64_t agent = AddAccount("purge-agent", kRoleAgent);
  ASSERT_TRUE(*s_.desk->Act(PasswordAction(officer, agent, Owner("p-old"))));
  ASSERT_TRUE(*s_.desk->Act(PasswordAction(officer, agent, Owner("p-new"))));
  Exec(db(),
       "UPDATE desk_slips SET expires_at = NOW(6) - INTERVAL 1 SECOND "
       "WHERE owner = UNHEX('" +
           crypto::HexEncode(Owner("p-old")) + "')");
  StatusOr<int> purged = PurgeExpired(db());
  ASSERT_TRUE(purged.ok()) << purged.status().ToString();
  EXPECT_EQ(Slips(Owner("p-old")), 0);
  EXPECT_EQ(Slips(Owner("p-new")), 1);
  EXPECT_TRUE(s_.desk->TakeSlip(Owner("p-new"))->has_value());
}

TEST_F(DeskStoreTest, TotpStepIsSpentOnceEvenConcurrently) {
  const int64_t officer = AddAccount("totp-officer", kRoleOfficer);
  EXPECT_TRUE(*s_.accounts->SpendTotpStep(officer, 1000));
  EXPECT_FALSE(*s_.accounts->SpendTotpStep(officer, 1000));  // used twice
  EXPECT_FALSE(*s_.accounts->SpendTotpStep(officer, 999));   // older
  EXPECT_EQ(*s_.accounts->FindById(officer)->totp_last_step, 1000);
  for (int64_t step = 2000; step < 2005; ++step) {
    constexpr int kThreads = 8;
    std::atomic<int> won{0};
    std::vector<std::string> errors(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        StatusOr<bool> spent = s_.accounts->SpendTotpStep(officer, step);
        if (!spent.ok()) {
          errors[t] = spent.status().ToString();
        } else if (*spent) {
          ++won;
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    for (int t = 0; t < kThreads; ++t) EXPECT_EQ(errors[t], "") << t;
    EXPECT_EQ(won.load(), 1) << "step " << step;
  }
}

TEST_F(DeskStoreTest, RateLimiterCountCountsNothing) {
  const std::string key = "count:" + crypto::NewToken();
  EXPECT_EQ(*s_.limits->Count(key, 60), 0);
  EXPECT_EQ(*s_.limits->Count(key, 60), 0);
  EXPECT_EQ(*s_.limits->Hit(key, 60), 1);
  EXPECT_EQ(*s_.limits->Hit(key, 60), 2);
  EXPECT_EQ(*s_.limits->Count(key, 60), 2);
  EXPECT_EQ(*s_.limits->Count(key, 60), 2);
  EXPECT_EQ(*s_.limits->Hit(key, 60), 3);
  // After the window: 0, and still nothing counted.
  Exec(db(),
       "UPDATE rate_limits SET expires_at = NOW(6) - INTERVAL 1 SECOND, "
       "window_start = NOW(6) - INTERVAL 61 SECOND");
  EXPECT_EQ(*s_.limits->Count(key, 60), 0);
  EXPECT_EQ(*s_.limits->Hit(key, 60), 1);
  EXPECT_FALSE(s_.limits->Count(key, 0).ok());
}

}  // namespace
}  // namespace sesame
