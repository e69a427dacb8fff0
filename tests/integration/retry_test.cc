// Transactions run again by MysqlDatabase::Transact() on the real MariaDB of
// deploy/test: a real deadlock and a connection killed before COMMIT, each
// hitting a real store write (AccountStore::ChangePassword) that must land
// exactly once after its replay.
#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "core/commit_unknown.h"
#include "core/metrics.h"
#include "integration/scratch_database.h"
#include "storage/mysql/mysql_database.h"
#include "storage/mysql/mysql_stores.h"

namespace sesame {
namespace {

using ::sesame::testing::Exec;
using ::sesame::testing::QueryInt;
using ::sesame::testing::QueryString;
using std::chrono::milliseconds;

AuditEvent Audit(const std::string& event) {
  AuditEvent audit;
  audit.event = event;
  audit.client_ip = "192.0.2.1";
  return audit;
}

// Waits up to 20 s for `done`.
template <typename F>
bool WaitFor(F done) {
  for (int i = 0; i < 2000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(milliseconds(10));
  }
  return false;
}

constexpr char kRetryPrefix[] = "sesame_test_retry";

class RetryTest : public ::sesame::testing::ScratchDatabaseTest<kRetryPrefix> {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // A second handle on the same database: its own connections.
    other_ = std::make_unique<MysqlDatabase>(scratch_->config().database);
  }

  int64_t AddAccount(const std::string& login) {
    NewAccount account;
    account.login = login;
    account.email = login + "@example.org";
    account.phone = "+33612345678";
    account.display_name = "Test " + login;
    account.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
    StatusOr<int64_t> id = s_.accounts->Add(account, Audit("account.add"));
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  PasswordChange Change(int64_t id, const std::string& login) {
    PasswordChange change;
    change.account_id = id;
    change.new_hash = "$argon2id$v=19$m=19456,t=2,p=1$bmV3$" + login;
    change.audit = Audit("password.change");
    OutboxMessage mail;
    mail.recipient = login + "@example.org";
    mail.subject = "Votre mot de passe a été modifié";
    mail.text = "Bonjour, votre mot de passe a été modifié.";
    change.notification = mail;
    return change;
  }

  // The server thread id of the connection of this scratch database that
  // waits for the audit head (ChangePassword's lock), or 0. PROCESSLIST
  // shows the connections of the same user without the PROCESS privilege.
  int64_t LockWaiter() {
    const std::string id = QueryString(
        scratch_->admin(),
        "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '" +
            scratch_->config().database.name +
            "' AND ID <> CONNECTION_ID() AND COMMAND <> 'Sleep' AND INFO "
            "LIKE 'SELECT last_id, last_hash%FOR UPDATE' LIMIT 1");
    return id == "<none>" || id == "<null>" ? 0 : std::stoll(id);
  }

  // The change landed once: new hash, one audit row, one mail.
  void ExpectLandedOnce(int64_t id, const PasswordChange& change) {
    const std::string account = std::to_string(id);
    EXPECT_EQ(
        QueryString(db(),
                    "SELECT password_hash FROM accounts WHERE id = " + account),
        change.new_hash);
    EXPECT_EQ(
        QueryInt(db(), "SELECT COUNT(*) FROM audit_log WHERE account_id = " +
                           account + " AND event = 'password.change'"),
        1);
    EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM outbox"),
              outbox_before_ + 1);
  }

  std::unique_ptr<MysqlDatabase> other_;
  int64_t outbox_before_ = 0;
};

// The other transaction holds the audit head and has written many rows;
// ChangePassword locks the account row then waits for the audit head; the
// other then updates the account row: a deadlock, whose victim is the
// lighter transaction, ChangePassword. It is run again and lands once.
TEST_F(RetryTest, DeadlockVictimIsReplayedAndLandsOnce) {
  const int64_t id = AddAccount("deadlocked");
  Exec(db(),
       "CREATE TABLE IF NOT EXISTS retry_ballast (id INT PRIMARY KEY, n INT)");
  Exec(db(),
       "INSERT INTO retry_ballast (id, n) SELECT i, 0 FROM (WITH RECURSIVE "
       "s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 500) "
       "SELECT i FROM s) AS numbers");
  outbox_before_ = QueryInt(db(), "SELECT COUNT(*) FROM outbox");
  auto& metrics = metrics::ProcessMetrics::Get();
  const uint64_t deadlocks_before =
      metrics.DbRetries(metrics::DbRetryCause::kDeadlock);

  std::atomic<bool> holding{false};
  Status other_status;
  std::thread other([&] {
    other_status = other_->Transact([&](sql::Connection* conn) {
      std::unique_ptr<sql::Statement> stmt(conn->createStatement());
      stmt->executeQuery(
          "SELECT last_id FROM audit_head WHERE id = 1 "
          "FOR UPDATE");
      stmt->executeUpdate("UPDATE retry_ballast SET n = n + 1");
      if (holding.exchange(true)) return Status::Ok();  // a replay
      if (!WaitFor([&] { return LockWaiter() != 0; })) {
        return Status::Internal("ChangePassword never waited");
      }
      stmt->executeUpdate(
          "UPDATE accounts SET updated_at = NOW(6) WHERE id = " +
          std::to_string(id));
      return Status::Ok();
    });
  });
  ASSERT_TRUE(WaitFor([&] { return holding.load(); }));
  const PasswordChange change = Change(id, "deadlocked");
  Status status = s_.accounts->ChangePassword(change);
  other.join();
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_TRUE(other_status.ok()) << other_status.ToString();
  EXPECT_GE(metrics.DbRetries(metrics::DbRetryCause::kDeadlock),
            deadlocks_before + 1);
  ExpectLandedOnce(id, change);
  EXPECT_EQ(QueryInt(db(), "SELECT MIN(n) FROM retry_ballast"), 1);
}

// ChangePassword waits for the audit head that another transaction holds;
// its connection is killed from an admin connection before it could
// commit. It reconnects, runs again, and lands once.
TEST_F(RetryTest, ConnectionKilledBeforeCommitIsReplayedOnce) {
  const int64_t id = AddAccount("killed");
  outbox_before_ = QueryInt(db(), "SELECT COUNT(*) FROM outbox");
  auto& metrics = metrics::ProcessMetrics::Get();
  const uint64_t connection_before =
      metrics.DbRetries(metrics::DbRetryCause::kConnection);

  std::atomic<bool> holding{false};
  std::atomic<bool> killed{false};
  Status other_status;
  std::thread other([&] {
    other_status = other_->Transact([&](sql::Connection* conn) {
      std::unique_ptr<sql::Statement> stmt(conn->createStatement());
      stmt->executeQuery(
          "SELECT last_id FROM audit_head WHERE id = 1 "
          "FOR UPDATE");
      holding = true;
      WaitFor([&] { return killed.load(); });
      return Status::Ok();
    });
  });
  std::thread killer([&] {
    int64_t victim = 0;
    WaitFor([&] { return (victim = LockWaiter()) != 0; });
    if (victim != 0) {
      Exec(scratch_->admin(), "KILL CONNECTION " + std::to_string(victim));
    }
    std::this_thread::sleep_for(milliseconds(200));
    killed = true;
  });
  ASSERT_TRUE(WaitFor([&] { return holding.load(); }));
  const PasswordChange change = Change(id, "killed");
  Status status = s_.accounts->ChangePassword(change);
  killer.join();
  other.join();
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_TRUE(other_status.ok()) << other_status.ToString();
  EXPECT_EQ(metrics.DbRetries(metrics::DbRetryCause::kConnection),
            connection_before + 1);
  ExpectLandedOnce(id, change);
}

// A COMMIT the server answers with an error has not committed, and
// Transact() says so. On Galera that error is the 1180 of a node leaving the
// primary component while it replicates the write set; here the server
// refuses the COMMIT because the function left an XA transaction IDLE
// (XAER_RMFAIL). Connector/C++'s own Connection::commit() drops that error:
// the row was reported written and was gone.
TEST_F(RetryTest, CommitRefusedByTheServerIsAnErrorNotASuccess) {
  const int64_t id = AddAccount("refused");
  Status status = db().Transact([&](sql::Connection* conn) {
    std::unique_ptr<sql::Statement> stmt(conn->createStatement());
    stmt->execute("ROLLBACK");
    stmt->execute("XA START 'sesame-refused'");
    stmt->execute("UPDATE accounts SET display_name = 'XA' WHERE id = " +
                  std::to_string(id));
    stmt->execute("XA END 'sesame-refused'");
    return Status::Ok();
  });
  EXPECT_FALSE(status.ok());
  EXPECT_FALSE(IsCommitUnknown(status)) << status.ToString();
  EXPECT_EQ(QueryString(*other_,
                        "SELECT display_name FROM accounts WHERE "
                        "id = " +
                            std::to_string(id)),
            "Test refused");
  // The thread's connection is usable again.
  Status after = db().Transact([&](sql::Connection* conn) {
    std::unique_ptr<sql::Statement> stmt(conn->createStatement());
    stmt->execute("UPDATE accounts SET display_name = 'after' WHERE id = " +
                  std::to_string(id));
    return Status::Ok();
  });
  EXPECT_TRUE(after.ok()) << after.ToString();
  EXPECT_EQ(QueryString(*other_,
                        "SELECT display_name FROM accounts WHERE "
                        "id = " +
                            std::to_string(id)),
            "after");
}

// A plain MariaDB (no Galera) is healthy.
TEST_F(RetryTest, PlainServerIsHealthy) {
  Status health = s_.health->Ping();
  EXPECT_TRUE(health.ok()) << health.ToString();
}

}  // namespace
}  // namespace sesame
