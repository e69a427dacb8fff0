// MysqlRecoveryStore against a real server: single use under concurrency,
// supersession, counters, and what the table keeps. Same setup as
// storage_test.cc: SESAME_TEST_CONFIG names a sesame config whose [database]
// user may create databases; this run works in its own database
// (sesame_test_recovery_<pid>), migrated with sql/ and dropped at the end.
// Without SESAME_TEST_CONFIG the tests skip.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/config.h"
#include "core/wake.h"
#include "crypto/crypto.h"
#include "integration/scratch_database.h"
#include "integration/test_env.h"
#include "storage/mysql/in_transaction.h"
#include "storage/mysql/migrator.h"
#include "storage/mysql/mysql_database.h"
#include "storage/mysql/mysql_stores.h"

namespace sesame {
namespace {

using ::sesame::testing::EnvVar;
using ::sesame::testing::ScratchDatabase;

constexpr char kInitialHash[] = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";

using ::sesame::testing::Exec;
using ::sesame::testing::QueryInt;
using ::sesame::testing::QueryString;

// Every column of every row of `table`, concatenated (a "dump").
std::string Dump(MysqlDatabase& db, const std::string& table) {
  std::string out;
  Status status = db.Run([&](sql::Connection* conn) {
    out.clear();
    std::unique_ptr<sql::Statement> stmt(conn->createStatement());
    std::unique_ptr<sql::ResultSet> rs(
        stmt->executeQuery("SELECT * FROM " + table));
    const unsigned columns = rs->getMetaData()->getColumnCount();
    while (rs->next()) {
      for (unsigned i = 1; i <= columns; ++i) {
        if (!rs->isNull(i)) out += rs->getString(i);
        out += '\x1f';
      }
      out += '\n';
    }
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return out;
}

AuditEvent Audit(const std::string& event) {
  AuditEvent audit;
  audit.event = event;
  audit.client_ip = "192.0.2.1";
  return audit;
}

// 32 bytes with a zero byte inside, to check binary round trips.
std::string Hash(const std::string& seed) {
  std::string hash = crypto::Sha256(seed);
  hash[7] = '\0';
  return hash;
}

OutboxMessage Mail(const std::string& text) {
  OutboxMessage mail;
  mail.recipient = "user@example.org";
  mail.subject = "Réinitialisation de votre code d'accès";
  mail.text = text;
  return mail;
}

OutboxMessage Sms(const std::string& text) {
  OutboxMessage sms;
  sms.kind = OutboxMessage::Kind::kSms;
  sms.recipient = "+33612345678";
  sms.text = text;
  return sms;
}

PasswordChange Change(int64_t account_id, const std::string& new_hash) {
  PasswordChange change;
  change.account_id = account_id;
  change.new_hash = new_hash;
  change.audit = Audit("password.reset");
  change.notification = Mail("Votre code d'accès a été modifié.");
  return change;
}

constexpr char kRecoveryPrefix[] = "sesame_test_recovery";

class RecoveryStoreTest
    : public ::sesame::testing::ScratchDatabaseTest<kRecoveryPrefix> {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_NE(s_.recovery, nullptr);
  }

  int64_t AddAccount(const std::string& login) {
    NewAccount account;
    account.login = login;
    account.email = login + "@example.org";
    account.phone = "+33612345678";
    account.password_hash = kInitialHash;
    StatusOr<int64_t> id = s_.accounts->Add(account, Audit("account.add"));
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  static NewRecoveryRequest Request(int64_t account_id,
                                    const std::string& token_seed,
                                    const std::string& code_seed = "") {
    NewRecoveryRequest request;
    request.account_id = account_id;
    request.flow = "credit_municipal";
    request.token_hash = Hash(token_seed);
    if (!code_seed.empty()) request.code_hmac = Hash(code_seed);
    request.ttl_seconds = 3600;
    request.code_ttl_seconds = 600;
    request.client_ip = "192.0.2.9";
    request.messages = {Mail("Suivez ce lien.")};
    if (!code_seed.empty()) request.messages.push_back(Sms("Code : ABCDE"));
    request.audit = Audit("recovery.request");
    return request;
  }

  // Creates and finds the request; its id.
  int64_t Create(const NewRecoveryRequest& request) {
    Status status = s_.recovery->Create(request);
    EXPECT_TRUE(status.ok()) << status.ToString();
    StatusOr<RecoveryRequest> found =
        s_.recovery->FindByToken(request.token_hash);
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    return found.ok() ? found->id : 0;
  }

  RecoveryRequest Find(const std::string& token_seed) {
    StatusOr<RecoveryRequest> found =
        s_.recovery->FindByToken(Hash(token_seed));
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    return found.ok() ? *found : RecoveryRequest{};
  }

  int64_t Count(const std::string& table) {
    return QueryInt(db(), "SELECT COUNT(*) FROM " + table);
  }

  std::string PasswordHash(int64_t account_id) {
    StatusOr<Account> account = s_.accounts->FindById(account_id);
    EXPECT_TRUE(account.ok());
    return account.ok() ? account->password_hash : "";
  }

  void SetColumn(int64_t id, const std::string& assignment) {
    Exec(db(), "UPDATE recovery_requests SET " + assignment +
                   " WHERE id = " + std::to_string(id));
  }
};

// --- Create and FindByToken ------------------------------------------------

TEST_F(RecoveryStoreTest, CreateStoresQueuesAuditsAndSupersedes) {
  const int64_t account = AddAccount("create");
  const int64_t outbox = Count("outbox");
  const int64_t audit = Count("audit_log");
  const int64_t first = Create(Request(account, "create-1", "code-1"));
  EXPECT_EQ(Count("outbox"), outbox + 2);  // the mail and the SMS
  EXPECT_EQ(Count("audit_log"), audit + 1);
  EXPECT_EQ(QueryString(db(),
                        "SELECT account_id FROM audit_log "
                        "ORDER BY id DESC LIMIT 1"),
            std::to_string(account));

  RecoveryRequest found = Find("create-1");
  EXPECT_EQ(found.id, first);
  EXPECT_EQ(found.account_id, account);
  EXPECT_EQ(found.flow, "credit_municipal");
  EXPECT_EQ(found.code_hmac, Hash("code-1"));
  EXPECT_EQ(found.code_attempts, 0);
  EXPECT_EQ(found.code_sends, 1);
  EXPECT_FALSE(found.used);
  EXPECT_FALSE(found.superseded);
  EXPECT_FALSE(found.expired);
  EXPECT_FALSE(found.code_expired);
  EXPECT_FALSE(found.account_disabled);
  // The code's own lifetime (600 s), inside the link's (3600 s).
  EXPECT_EQ(QueryInt(db(),
                     "SELECT TIMESTAMPDIFF(SECOND, created_at, "
                     "code_expires_at) FROM recovery_requests WHERE id = " +
                         std::to_string(first)),
            600);

  const int64_t second = Create(Request(account, "create-2", "code-2"));
  EXPECT_NE(second, first);
  RecoveryRequest old = Find("create-1");
  EXPECT_TRUE(old.superseded);
  EXPECT_TRUE(old.expired);  // expiry pulled to the present
  EXPECT_FALSE(old.used);
  EXPECT_FALSE(Find("create-2").superseded);
  EXPECT_EQ(Count("outbox"), outbox + 4);
  EXPECT_EQ(QueryInt(db(),
                     "SELECT COUNT(*) FROM recovery_requests WHERE "
                     "account_id = " +
                         std::to_string(account) +
                         " AND used_at IS NULL AND superseded_at IS NULL "
                         "AND expires_at > NOW(6)"),
            1);
  // The old request cannot be spent any more.
  EXPECT_EQ(s_.recovery->CountAttempt(first).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(s_.recovery->Complete(first, Change(account, "$argon2id$x")).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(PasswordHash(account), kInitialHash);

  // A link-only request (no code): no send counted, code dies with the link.
  NewRecoveryRequest link_only = Request(account, "create-3");
  link_only.code_ttl_seconds = 0;
  const int64_t third = Create(link_only);
  RecoveryRequest plain = Find("create-3");
  EXPECT_TRUE(plain.code_hmac.empty());
  EXPECT_EQ(plain.code_sends, 0);
  EXPECT_TRUE(Find("create-2").superseded);
  EXPECT_EQ(QueryInt(db(),
                     "SELECT code_expires_at = expires_at FROM "
                     "recovery_requests WHERE id = " +
                         std::to_string(third)),
            1);
}

TEST_F(RecoveryStoreTest, CreateIsAllOrNothing) {
  const int64_t account = AddAccount("atomic");
  Create(Request(account, "atomic-1", "atomic-code-1"));
  const int64_t outbox = Count("outbox");
  const int64_t audit = Count("audit_log");
  const int64_t requests = Count("recovery_requests");

  // The second message cannot be queued: the whole Create is rolled back,
  // including the first message and the supersession of atomic-1.
  NewRecoveryRequest broken = Request(account, "atomic-2", "atomic-code-2");
  broken.messages.push_back(Sms("invalid \xC3\x28 utf-8"));
  EXPECT_EQ(s_.recovery->Create(broken).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s_.recovery->FindByToken(Hash("atomic-2")).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(Count("recovery_requests"), requests);
  EXPECT_EQ(Count("outbox"), outbox);
  EXPECT_EQ(Count("audit_log"), audit);
  EXPECT_FALSE(Find("atomic-1").superseded);
  EXPECT_FALSE(Find("atomic-1").expired);

  // A token hash already in use: AlreadyExists, nothing written.
  EXPECT_EQ(
      s_.recovery->Create(Request(account, "atomic-1", "atomic-code-3")).code(),
      StatusCode::kAlreadyExists);
  EXPECT_EQ(Count("recovery_requests"), requests);
  EXPECT_EQ(Count("outbox"), outbox);
  EXPECT_FALSE(Find("atomic-1").superseded);

  // Bad arguments never reach the database.
  NewRecoveryRequest short_hash = Request(account, "atomic-4");
  short_hash.token_hash = "short";
  EXPECT_EQ(s_.recovery->Create(short_hash).code(),
            StatusCode::kInvalidArgument);
  NewRecoveryRequest no_ttl = Request(account, "atomic-5");
  no_ttl.ttl_seconds = 0;
  EXPECT_EQ(s_.recovery->Create(no_ttl).code(), StatusCode::kInvalidArgument);
  NewRecoveryRequest bad_flow = Request(account, "atomic-6");
  bad_flow.flow = "Robert'); --";
  EXPECT_EQ(s_.recovery->Create(bad_flow).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s_.recovery->Create(Request(987654321, "atomic-7", "atomic-code-7"))
                .code(),
            StatusCode::kNotFound);
  EXPECT_EQ(Count("recovery_requests"), requests);
}

TEST_F(RecoveryStoreTest, ConcurrentCreatesLeaveOneLiveRequest) {
  const int64_t account = AddAccount("create-race");
  constexpr int kThreads = 20;
  std::mutex mu;
  std::vector<std::string> errors;
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      const NewRecoveryRequest request =
          Request(account, "create-race-" + std::to_string(i),
                  "code-" + std::to_string(i));
      while (!go.load()) std::this_thread::yield();
      Status status = s_.recovery->Create(request);
      std::lock_guard<std::mutex> lock(mu);
      if (!status.ok()) errors.push_back(status.ToString());
    });
  }
  go = true;
  for (std::thread& t : threads) t.join();
  EXPECT_TRUE(errors.empty()) << errors.front();
  EXPECT_EQ(QueryInt(db(),
                     "SELECT COUNT(*) FROM recovery_requests WHERE "
                     "account_id = " +
                         std::to_string(account)),
            kThreads);
  EXPECT_EQ(QueryInt(db(),
                     "SELECT COUNT(*) FROM recovery_requests WHERE "
                     "account_id = " +
                         std::to_string(account) +
                         " AND used_at IS NULL AND superseded_at IS NULL "
                         "AND expires_at > NOW(6)"),
            1);
}

TEST_F(RecoveryStoreTest, FindByTokenUnknownIsNotFound) {
  EXPECT_EQ(s_.recovery->FindByToken(Hash("never-issued")).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(s_.recovery->FindByToken("").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(s_.recovery->FindByToken(std::string(31, 'x')).status().code(),
            StatusCode::kNotFound);
}

TEST_F(RecoveryStoreTest, FindByTokenFlagsUseTheDatabaseClock) {
  const int64_t account = AddAccount("flags");
  const int64_t id = Create(Request(account, "flags-1", "flags-code-1"));

  SetColumn(id, "code_expires_at = NOW(6) - INTERVAL 1 SECOND");
  RecoveryRequest code_dead = Find("flags-1");
  EXPECT_TRUE(code_dead.code_expired);
  EXPECT_FALSE(code_dead.expired);

  SetColumn(id, "expires_at = NOW(6) - INTERVAL 1 SECOND");
  RecoveryRequest expired = Find("flags-1");
  EXPECT_TRUE(expired.expired);
  EXPECT_FALSE(expired.used);
  EXPECT_FALSE(expired.superseded);
  EXPECT_EQ(s_.recovery->CountAttempt(id).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(s_.recovery->Complete(id, Change(account, "$argon2id$x")).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(PasswordHash(account), kInitialHash);

  // Used: spent by Complete.
  const int64_t used_id = Create(Request(account, "flags-2", "flags-code-2"));
  ASSERT_TRUE(
      s_.recovery->Complete(used_id, Change(account, "$argon2id$used")).ok());
  RecoveryRequest used = Find("flags-2");
  EXPECT_TRUE(used.used);
  // The password change supersedes live requests; this one was used first.
  EXPECT_FALSE(used.superseded);
  EXPECT_FALSE(used.expired);

  // Disabled account.
  Create(Request(account, "flags-3", "flags-code-3"));
  EXPECT_FALSE(Find("flags-3").account_disabled);
  ASSERT_TRUE(
      s_.accounts->SetDisabled(account, true, Audit("account.disable")).ok());
  EXPECT_TRUE(Find("flags-3").account_disabled);
}

// --- CountAttempt ----------------------------------------------------------

TEST_F(RecoveryStoreTest, CountAttemptIncrementsWhileLive) {
  const int64_t account = AddAccount("attempts");
  const int64_t id = Create(Request(account, "attempts-1", "attempts-code"));
  for (int expected = 1; expected <= 3; ++expected) {
    StatusOr<int> count = s_.recovery->CountAttempt(id);
    ASSERT_TRUE(count.ok()) << count.status().ToString();
    EXPECT_EQ(*count, expected);
  }
  EXPECT_EQ(Find("attempts-1").code_attempts, 3);
  EXPECT_EQ(s_.recovery->CountAttempt(987654321).status().code(),
            StatusCode::kFailedPrecondition);

  // Superseded: refused, and not counted.
  Create(Request(account, "attempts-2", "attempts-code-2"));
  EXPECT_EQ(s_.recovery->CountAttempt(id).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(Find("attempts-1").code_attempts, 3);

  // Used: refused.
  const int64_t second = Find("attempts-2").id;
  ASSERT_TRUE(
      s_.recovery->Complete(second, Change(account, "$argon2id$a")).ok());
  EXPECT_EQ(s_.recovery->CountAttempt(second).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(RecoveryStoreTest, CountAttemptIsAtomicUnderConcurrency) {
  const int64_t account = AddAccount("attempts-race");
  const int64_t id = Create(Request(account, "race-1", "race-code"));
  constexpr int kThreads = 50;
  std::mutex mu;
  std::multiset<int> counts;
  std::vector<std::string> errors;
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      while (!go.load()) std::this_thread::yield();
      StatusOr<int> count = s_.recovery->CountAttempt(id);
      std::lock_guard<std::mutex> lock(mu);
      if (count.ok()) {
        counts.insert(*count);
      } else {
        errors.push_back(count.status().ToString());
      }
    });
  }
  go = true;
  for (std::thread& t : threads) t.join();
  EXPECT_TRUE(errors.empty()) << errors.front();
  std::multiset<int> expected;
  for (int i = 1; i <= kThreads; ++i) expected.insert(i);
  EXPECT_EQ(counts, expected);
  EXPECT_EQ(Find("race-1").code_attempts, kThreads);
}

// --- Complete --------------------------------------------------------------

TEST_F(RecoveryStoreTest, CompleteWinsOnceUnderConcurrency) {
  const int64_t account = AddAccount("complete-race");
  const int64_t id = Create(Request(account, "complete-1", "complete-code"));
  const int64_t outbox = Count("outbox");
  const int64_t audit = Count("audit_log");

  constexpr int kThreads = 20;
  std::mutex mu;
  std::vector<std::string> winners;
  int refused = 0;
  std::vector<std::string> errors;
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      const std::string hash = "$argon2id$v=19$thread" + std::to_string(i);
      while (!go.load()) std::this_thread::yield();
      Status status = s_.recovery->Complete(id, Change(account, hash));
      std::lock_guard<std::mutex> lock(mu);
      if (status.ok()) {
        winners.push_back(hash);
      } else if (status.code() == StatusCode::kFailedPrecondition) {
        ++refused;
      } else {
        errors.push_back(status.ToString());
      }
    });
  }
  go = true;
  for (std::thread& t : threads) t.join();
  EXPECT_TRUE(errors.empty()) << errors.front();
  ASSERT_EQ(winners.size(), 1u);
  EXPECT_EQ(refused, kThreads - 1);
  EXPECT_EQ(PasswordHash(account), winners.front());
  EXPECT_EQ(Count("outbox"), outbox + 1);    // one notification
  EXPECT_EQ(Count("audit_log"), audit + 1);  // one password.reset
  EXPECT_EQ(
      QueryInt(db(), "SELECT COUNT(*) FROM audit_log WHERE account_id = " +
                         std::to_string(account) +
                         " AND event = 'password.reset'"),
      1);
  EXPECT_TRUE(Find("complete-1").used);
}

TEST_F(RecoveryStoreTest, CompleteIsNotBlockedByAttemptsCountedLater) {
  // The screen compares a code only when its own counted attempt is within
  // the budget; attempts counted after it (concurrent submissions) must not
  // take the win away from the right one.
  const int64_t account = AddAccount("budget");
  const int64_t id = Create(Request(account, "budget-1", "budget-code"));
  for (int i = 0; i < 12; ++i) ASSERT_TRUE(s_.recovery->CountAttempt(id).ok());
  ASSERT_TRUE(s_.recovery->Complete(id, Change(account, "$argon2id$b")).ok());
  EXPECT_EQ(PasswordHash(account), "$argon2id$b");
  EXPECT_EQ(s_.recovery->Complete(id, Change(account, "$argon2id$c")).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(PasswordHash(account), "$argon2id$b");
}

TEST_F(RecoveryStoreTest, CompleteRevokesSessions) {
  const int64_t account = AddAccount("sessions");
  NewSession session;
  session.id_hash = Hash("sessions-cookie");
  session.account_id = account;
  session.absolute_seconds = 3600;
  ASSERT_TRUE(s_.sessions->Create(session, Audit("login.ok")).ok());
  const int64_t id = Create(Request(account, "sessions-1", "sessions-code"));
  ASSERT_TRUE(s_.recovery->Complete(id, Change(account, "$argon2id$s")).ok());
  EXPECT_EQ(s_.sessions->Touch(session.id_hash, 600).status().code(),
            StatusCode::kNotFound);
}

TEST_F(RecoveryStoreTest, CompleteRefusedOnceTheAccountIsDisabled) {
  const int64_t account = AddAccount("disabled");
  const int64_t other = AddAccount("disabled-other");
  const int64_t id = Create(Request(account, "disabled-1", "disabled-code"));

  // A change for another account than the request's: refused.
  EXPECT_EQ(s_.recovery->Complete(id, Change(other, "$argon2id$o")).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(PasswordHash(other), kInitialHash);
  EXPECT_FALSE(Find("disabled-1").used);

  ASSERT_TRUE(
      s_.accounts->SetDisabled(account, true, Audit("account.disable")).ok());
  const int64_t outbox = Count("outbox");
  const int64_t audit = Count("audit_log");
  EXPECT_EQ(s_.recovery->Complete(id, Change(account, "$argon2id$d")).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(PasswordHash(account), kInitialHash);
  EXPECT_FALSE(Find("disabled-1").used);
  EXPECT_EQ(Count("outbox"), outbox);
  EXPECT_EQ(Count("audit_log"), audit);
}

// --- ReplaceCode -----------------------------------------------------------

TEST_F(RecoveryStoreTest, ReplaceCodeReplacesCountsAndCaps) {
  const int64_t account = AddAccount("resend");
  const int64_t id = Create(Request(account, "resend-1", "resend-code-1"));
  SetColumn(id, "code_expires_at = NOW(6) - INTERVAL 1 SECOND");
  ASSERT_TRUE(Find("resend-1").code_expired);
  const int64_t sms_before =
      QueryInt(db(), "SELECT COUNT(*) FROM outbox WHERE kind = 'sms'");
  const int64_t audit = Count("audit_log");

  ASSERT_TRUE(s_.recovery
                  ->ReplaceCode(id, Hash("resend-code-2"), 600, 3,
                                Sms("Code : FGHJK"), Audit("recovery.resend"))
                  .ok());
  RecoveryRequest second = Find("resend-1");
  EXPECT_EQ(second.code_hmac, Hash("resend-code-2"));
  EXPECT_NE(second.code_hmac, Hash("resend-code-1"));
  EXPECT_EQ(second.code_sends, 2);
  EXPECT_FALSE(second.code_expired);  // a fresh lifetime
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM outbox WHERE kind = 'sms'"),
            sms_before + 1);
  EXPECT_EQ(Count("audit_log"), audit + 1);
  EXPECT_EQ(QueryString(db(),
                        "SELECT account_id FROM audit_log "
                        "ORDER BY id DESC LIMIT 1"),
            std::to_string(account));

  // An SMS that cannot be queued: nothing changes.
  EXPECT_EQ(s_.recovery
                ->ReplaceCode(id, Hash("resend-code-x"), 600, 3,
                              Sms("bad \xFF"), Audit("recovery.resend"))
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Find("resend-1").code_hmac, Hash("resend-code-2"));
  EXPECT_EQ(Find("resend-1").code_sends, 2);

  ASSERT_TRUE(s_.recovery
                  ->ReplaceCode(id, Hash("resend-code-3"), 600, 3,
                                Sms("Code : LMNPQ"), Audit("recovery.resend"))
                  .ok());
  EXPECT_EQ(Find("resend-1").code_sends, 3);
  EXPECT_EQ(s_.recovery
                ->ReplaceCode(id, Hash("resend-code-4"), 600, 3,
                              Sms("Code : RSTUV"), Audit("recovery.resend"))
                .code(),
            StatusCode::kResourceExhausted);
  RecoveryRequest capped = Find("resend-1");
  EXPECT_EQ(capped.code_hmac, Hash("resend-code-3"));
  EXPECT_EQ(capped.code_sends, 3);
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM outbox WHERE kind = 'sms'"),
            sms_before + 2);
  EXPECT_EQ(Count("audit_log"), audit + 2);

  // Not live (superseded): FailedPrecondition, even with budget left.
  Create(Request(account, "resend-2", "resend-code-5"));
  EXPECT_EQ(s_.recovery
                ->ReplaceCode(id, Hash("resend-code-6"), 600, 10,
                              Sms("Code : WXYZ2"), Audit("recovery.resend"))
                .code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(Find("resend-1").code_hmac, Hash("resend-code-3"));
  EXPECT_EQ(s_.recovery
                ->ReplaceCode(987654321, Hash("resend-code-7"), 600, 10,
                              Sms("Code : WXYZ3"), Audit("recovery.resend"))
                .code(),
            StatusCode::kFailedPrecondition);
}

// --- What the database keeps -----------------------------------------------

TEST_F(RecoveryStoreTest, DumpHoldsNoClearTokenOrCode) {
  const int64_t account = AddAccount("dump");
  const std::string token = crypto::NewToken();
  const std::string code = "Zq7Kp";
  const std::string token_hash = crypto::Sha256(token);
  const std::string code_hmac = crypto::HmacSha256("test-key", code);
  NewRecoveryRequest request = Request(account, "unused");
  request.token_hash = token_hash;
  request.code_hmac = code_hmac;
  request.messages = {Mail("https://sesame.example/reset?t=" + token),
                      Sms("Votre code : " + code)};
  ASSERT_TRUE(s_.recovery->Create(request).ok());
  StatusOr<RecoveryRequest> found = s_.recovery->FindByToken(token_hash);
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(s_.recovery
                  ->ReplaceCode(found->id, code_hmac, 600, 5,
                                Sms("Votre code : " + code),
                                Audit("recovery.resend"))
                  .ok());

  const std::string requests = Dump(db(), "recovery_requests");
  EXPECT_EQ(requests.find(token), std::string::npos);
  EXPECT_EQ(requests.find(code), std::string::npos);
  EXPECT_NE(requests.find(token_hash), std::string::npos);
  EXPECT_NE(requests.find(code_hmac), std::string::npos);
  // The messages carrying them are sealed; the audit log names neither.
  for (const char* table : {"outbox", "audit_log"}) {
    const std::string dump = Dump(db(), table);
    EXPECT_EQ(dump.find(token), std::string::npos) << table;
    EXPECT_EQ(dump.find(code), std::string::npos) << table;
  }
}

// --- IntakeStore (recovery_intents) ------------------------------------------

namespace intake {

Intent Typed(const std::string& login) {
  Intent intent;
  intent.flow = "credit_municipal";
  intent.fields = {{"login", login}, {"email", login + "@example.org"}};
  intent.client_ip = "198.51.100.7";
  return intent;
}

}  // namespace intake

// What wakes deliver: the hook runs once a transaction that stored an
// intent or queued a message has committed, naming the queue; never for a
// rolled-back one or for a refused intent.
TEST_F(RecoveryStoreTest, QueueCommitHookRunsAfterCommitOnly) {
  std::vector<unsigned> calls;
  struct Unhook {
    MysqlDatabase& db;
    ~Unhook() { db.SetQueueCommitHook(nullptr); }
  } unhook{db()};
  db().SetQueueCommitHook([&](unsigned queues) { calls.push_back(queues); });
  StatusOr<bool> accepted = s_.intake->Submit(intake::Typed("wake-login"), {});
  ASSERT_TRUE(accepted.ok() && *accepted);
  EXPECT_EQ(calls, (std::vector<unsigned>{kWakeIntents}));
  // Refused by its limit: nothing stored, no wake.
  const std::string key = "wake-test:" + crypto::NewToken();
  accepted = s_.intake->Submit(intake::Typed("wake-login"), {{key, 3600, 0}});
  ASSERT_TRUE(accepted.ok());
  EXPECT_FALSE(*accepted);
  EXPECT_EQ(calls.size(), 1u);
  OutboxMessage mail;
  mail.kind = OutboxMessage::Kind::kMail;
  mail.recipient = "wake@example.org";
  mail.subject = "s";
  mail.text = "t";
  ASSERT_TRUE(s_.outbox->Enqueue(mail).ok());
  EXPECT_EQ(calls, (std::vector<unsigned>{kWakeIntents, kWakeOutbox}));
  // Queued, then rolled back: no wake.
  const int64_t before = Count("outbox");
  Status status = db().Transact([&](sql::Connection* conn) {
    Status queued =
        EnqueueInTransaction(conn, stores_->outbox_settings(), mail);
    if (!queued.ok()) return queued;
    return Status::FailedPrecondition("changed my mind");
  });
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count("outbox"), before);
  EXPECT_EQ(calls.size(), 2u);
}

TEST_F(RecoveryStoreTest, IntakeSubmitRefusalCountsNothingAndSeals) {
  Exec(db(), "DELETE FROM recovery_intents");
  const std::string key = "intake-test:" + crypto::NewToken();
  const std::vector<LimitCheck> limits = {{key, 3600, 2}};
  std::vector<bool> answers;
  for (int i = 0; i < 3; ++i) {
    StatusOr<bool> accepted =
        s_.intake->Submit(intake::Typed("intake-secret-login"), limits);
    ASSERT_TRUE(accepted.ok()) << accepted.status().ToString();
    answers.push_back(*accepted);
  }
  EXPECT_EQ(answers, (std::vector<bool>{true, true, false}));
  EXPECT_EQ(Count("recovery_intents"), 2);
  // The refused one counted nothing: only whoever stays within spends.
  EXPECT_EQ(*s_.limits->Hit(key, 3600), 3);
  const std::string dump = Dump(db(), "recovery_intents");
  EXPECT_EQ(dump.find("intake-secret-login"), std::string::npos);
  EXPECT_EQ(dump.find("198.51.100.7"), std::string::npos);
  // A bad flow name or a non-UTF-8 field writes nothing.
  Intent bad = intake::Typed("x");
  bad.flow = "Crédit";
  EXPECT_EQ(s_.intake->Submit(bad, {}).status().code(),
            StatusCode::kInvalidArgument);
  bad = intake::Typed("\xff");
  EXPECT_EQ(s_.intake->Submit(bad, {}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Count("recovery_intents"), 2);
}

// 40 intents of `login` claimed by two threads at once, 25 at most each,
// as `worker_a` and `worker_b`: every intent once, in one claim or the other.
void ExpectTwoClaimsShareForty(IntakeStore* store, const std::string& login,
                               const std::string& worker_a,
                               const std::string& worker_b,
                               std::vector<Intent>* a, std::vector<Intent>* b) {
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(*store->Submit(intake::Typed(login), {}));
  }
  std::thread ta([&] { *a = *store->ClaimIntents(worker_a, 25, 60); });
  std::thread tb([&] { *b = *store->ClaimIntents(worker_b, 25, 60); });
  ta.join();
  tb.join();
  std::set<int64_t> ids;
  for (const Intent& i : *a) ids.insert(i.id);
  for (const Intent& i : *b) ids.insert(i.id);
  EXPECT_EQ(a->size() + b->size(), 40u);
  EXPECT_EQ(ids.size(), 40u);
}

TEST_F(RecoveryStoreTest, IntakeClaimsNeverOverlapAndFinishWritesOnce) {
  Exec(db(), "DELETE FROM recovery_intents");
  const int64_t account = AddAccount("intake-claims");
  std::vector<Intent> a, b;
  ExpectTwoClaimsShareForty(s_.intake, "intake-claims", "worker-a", "worker-b",
                            &a, &b);
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(a[0].fields.at("login"), "intake-claims");
  EXPECT_EQ(a[0].client_ip, "198.51.100.7");

  IntentOutcome outcome;
  outcome.request = Request(account, "intake-token", "intake-code");
  outcome.audit.push_back(Audit("recovery.intake.test"));
  // Not this worker's: nothing is written.
  EXPECT_EQ(s_.intake->Finish(a[0].id, "worker-b", outcome).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(s_.recovery->FindByToken(Hash("intake-token")).status().code(),
            StatusCode::kNotFound);
  const int64_t outbox_before = Count("outbox");
  ASSERT_TRUE(s_.intake->Finish(a[0].id, "worker-a", outcome).ok());
  EXPECT_EQ(Find("intake-token").account_id, account);
  EXPECT_EQ(Count("outbox"), outbox_before + 2);
  EXPECT_EQ(Count("recovery_intents"), 39);
  // Twice: the intent is gone, the request is not created again.
  EXPECT_EQ(s_.intake->Finish(a[0].id, "worker-a", outcome).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count("outbox"), outbox_before + 2);
  // An outcome that fails (unknown account) rolls back the deletion too.
  IntentOutcome failing;
  failing.request = Request(999999999, "intake-token-2");
  EXPECT_FALSE(s_.intake->Finish(a[1].id, "worker-a", failing).ok());
  EXPECT_EQ(Count("recovery_intents"), 39);
  EXPECT_TRUE(s_.audit->Verify(std::nullopt).ok());
}

// `sesame deliver` runs [deliver] request_threads threads under one worker
// name: their claims never overlap either (each has its own claim token).
TEST_F(RecoveryStoreTest, IntakeClaimsOfOneWorkerOnTwoThreadsNeverOverlap) {
  Exec(db(), "DELETE FROM recovery_intents");
  AddAccount("intake-threads");
  std::vector<Intent> a, b;
  ExpectTwoClaimsShareForty(s_.intake, "intake-threads", "worker-t", "worker-t",
                            &a, &b);
  EXPECT_FALSE(a.empty() && b.empty());
}

TEST_F(RecoveryStoreTest, IntakeDropsExpiredAndUnreadableIntents) {
  Exec(db(), "DELETE FROM recovery_intents");
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(*s_.intake->Submit(intake::Typed("intake-drop"), {}));
  }
  const int64_t first = QueryInt(db(), "SELECT MIN(id) FROM recovery_intents");
  Exec(db(),
       "UPDATE recovery_intents SET created_at = NOW(6) - INTERVAL 2 "
       "HOUR WHERE id = " +
           std::to_string(first));
  Exec(db(), "UPDATE recovery_intents SET payload = 'tampered' WHERE id = " +
                 std::to_string(first + 1));
  StatusOr<std::vector<Intent>> claimed =
      s_.intake->ClaimIntents("worker-c", 10, 60);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].id, first + 2);
  EXPECT_EQ(Count("recovery_intents"), 1);
}

TEST_F(RecoveryStoreTest, IntakeFinishCountsItsLimitsInTheSameTransaction) {
  Exec(db(), "DELETE FROM recovery_intents");
  const int64_t account = AddAccount("intake-limited");
  const std::string key = "intake-sms:" + crypto::NewToken();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(*s_.intake->Submit(intake::Typed("intake-limited"), {}));
  }
  std::vector<Intent> claimed = *s_.intake->ClaimIntents("worker-l", 10, 60);
  ASSERT_EQ(claimed.size(), 3u);
  std::vector<bool> created;
  std::vector<IntentResult> results;
  for (int i = 0; i < 3; ++i) {
    IntentOutcome outcome;
    outcome.request =
        Request(account, "intake-limited-" + std::to_string(i), "code");
    outcome.limits = {{key, 3600, 2}};
    outcome.audit_if_limited = {Audit("recovery.sms_limit")};
    StatusOr<IntentResult> result =
        s_.intake->Finish(claimed[i].id, "worker-l", outcome);
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    results.push_back(*result);
    created.push_back(
        s_.recovery->FindByToken(Hash("intake-limited-" + std::to_string(i)))
            .ok());
  }
  EXPECT_EQ(created, (std::vector<bool>{true, true, false}));
  EXPECT_EQ(results, (std::vector<IntentResult>{IntentResult::kWritten,
                                                IntentResult::kWritten,
                                                IntentResult::kLimited}));
  EXPECT_EQ(*s_.limits->Hit(key, 3600), 3) << "the refusal counted nothing";
  EXPECT_EQ(Count("recovery_intents"), 0) << "the limited one is done too";
  EXPECT_EQ(QueryString(db(),
                        "SELECT event FROM audit_log ORDER BY id DESC "
                        "LIMIT 1"),
            "recovery.sms_limit");
  EXPECT_TRUE(s_.audit->Verify(std::nullopt).ok());
}

TEST_F(RecoveryStoreTest, IntakeFinishReadsALimitThatAddsNothing) {
  // add = 0: the outcome is written only while the count, read under the
  // write's lock, has not passed the limit; the count never moves.
  Exec(db(), "DELETE FROM recovery_intents");
  const int64_t account = AddAccount("intake-peek");
  const std::string key = "intake-peek:" + crypto::NewToken();
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(*s_.intake->Submit(intake::Typed("intake-peek"), {}));
  }
  std::vector<Intent> claimed = *s_.intake->ClaimIntents("worker-p", 10, 60);
  ASSERT_EQ(claimed.size(), 2u);
  std::vector<IntentResult> results;
  for (int i = 0; i < 2; ++i) {
    if (i == 1) {
      for (int j = 0; j < 5; ++j) ASSERT_TRUE(s_.limits->Hit(key, 3600).ok());
    }
    IntentOutcome outcome;
    outcome.request =
        Request(account, "intake-peek-" + std::to_string(i), "code");
    outcome.limits = {{key, 3600, 4, /*add=*/0}};
    StatusOr<IntentResult> result =
        s_.intake->Finish(claimed[i].id, "worker-p", outcome);
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    results.push_back(*result);
  }
  EXPECT_EQ(results, (std::vector<IntentResult>{IntentResult::kWritten,
                                                IntentResult::kLimited}));
  EXPECT_EQ(*s_.limits->Count(key, 3600), 5) << "the checks added nothing";
}

TEST_F(RecoveryStoreTest, IntakeFinishBatchWritesEachIntentAllOrNothing) {
  // One transaction for the batch: the second intent's outcome fails
  // (unknown account), the third is not this worker's; only they are undone
  // and kept, the first and the fourth are written.
  Exec(db(), "DELETE FROM recovery_intents");
  const int64_t account = AddAccount("intake-batch");
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(*s_.intake->Submit(intake::Typed("intake-batch"), {}));
  }
  std::vector<Intent> claimed = *s_.intake->ClaimIntents("worker-b1", 10, 60);
  ASSERT_EQ(claimed.size(), 4u);
  Exec(db(),
       "UPDATE recovery_intents SET claimed_by = 'someone-else' "
       "WHERE id = " +
           std::to_string(claimed[2].id));
  std::vector<IntentOutcome> outcomes(4);
  for (int i = 0; i < 4; ++i) {
    outcomes[i].request = Request(i == 1 ? 999999999 : account,
                                  "intake-batch-" + std::to_string(i));
    outcomes[i].audit.push_back(Audit("recovery.intake.batch"));
  }
  std::vector<IntakeStore::FinishItem> items;
  for (int i = 0; i < 4; ++i) items.push_back({claimed[i].id, &outcomes[i]});
  const int64_t outbox_before = Count("outbox");
  const int64_t audit_before = Count("audit_log");
  StatusOr<std::vector<StatusOr<IntentResult>>> results =
      s_.intake->FinishBatch("worker-b1", items);
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  ASSERT_EQ(results->size(), 4u);
  EXPECT_TRUE((*results)[0].ok());
  EXPECT_FALSE((*results)[1].ok());
  EXPECT_EQ((*results)[2].status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE((*results)[3].ok());
  std::vector<bool> created;
  for (int i = 0; i < 4; ++i) {
    created.push_back(
        s_.recovery->FindByToken(Hash("intake-batch-" + std::to_string(i)))
            .ok());
  }
  EXPECT_EQ(created, (std::vector<bool>{true, false, false, true}));
  // Request 3 superseded request 0 (same account): both mails stay queued.
  EXPECT_EQ(Count("outbox"), outbox_before + 2);
  // Each written intent: its request's row and its outcome's.
  EXPECT_EQ(Count("audit_log"), audit_before + 4);
  EXPECT_EQ(QueryString(db(),
                        "SELECT GROUP_CONCAT(id ORDER BY id) FROM "
                        "recovery_intents"),
            std::to_string(claimed[1].id) + "," + std::to_string(claimed[2].id))
      << "the failed and the foreign intents are kept";
  EXPECT_TRUE(s_.audit->Verify(std::nullopt).ok());
}

TEST_F(RecoveryStoreTest, IntakeFinishBatchSeesEarlierIntentsLimits) {
  // Three intents of one batch count one key limited to 2: the third sees
  // the first two's counts, is refused with the audit of the limit that
  // refused it, and counts nothing.
  Exec(db(), "DELETE FROM recovery_intents");
  const int64_t account = AddAccount("intake-batch-limit");
  const std::string key = "intake-batch:" + crypto::NewToken();
  const std::string other = "intake-batch-other:" + crypto::NewToken();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(*s_.intake->Submit(intake::Typed("intake-batch-limit"), {}));
  }
  std::vector<Intent> claimed = *s_.intake->ClaimIntents("worker-b2", 10, 60);
  ASSERT_EQ(claimed.size(), 3u);
  std::vector<IntentOutcome> outcomes(3);
  std::vector<IntakeStore::FinishItem> items;
  for (int i = 0; i < 3; ++i) {
    outcomes[i].request =
        Request(account, "intake-batch-limit-" + std::to_string(i));
    outcomes[i].limits = {{other, 3600, 100}, {key, 3600, 2}};
    outcomes[i].audit_if_limited = {Audit("recovery.limited.any")};
    outcomes[i].audit_if_limited_by[1] = {Audit("recovery.limited.by_key")};
    items.push_back({claimed[i].id, &outcomes[i]});
  }
  StatusOr<std::vector<StatusOr<IntentResult>>> results =
      s_.intake->FinishBatch("worker-b2", items);
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  std::vector<IntentResult> kinds;
  for (const StatusOr<IntentResult>& r : *results) {
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    kinds.push_back(*r);
  }
  EXPECT_EQ(kinds, (std::vector<IntentResult>{IntentResult::kWritten,
                                              IntentResult::kWritten,
                                              IntentResult::kLimited}));
  EXPECT_EQ(*s_.limits->Count(key, 3600), 2) << "the refusal counted nothing";
  EXPECT_EQ(*s_.limits->Count(other, 3600), 2);
  EXPECT_EQ(QueryString(db(),
                        "SELECT event FROM audit_log ORDER BY id DESC "
                        "LIMIT 1"),
            "recovery.limited.by_key");
  EXPECT_EQ(Count("recovery_intents"), 0);
  EXPECT_TRUE(s_.audit->Verify(std::nullopt).ok());
}

namespace batch_audit {

AuditEvent Tagged(const std::string& event, const std::string& detail) {
  AuditEvent audit = Audit(event);
  audit.detail = detail;
  return audit;
}

// Statements this thread's connection (the one the stores use on this
// thread) has sent so far.
int64_t SessionQuestions(MysqlDatabase& db) {
  return QueryInt(
      db,
      "SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS "
      "WHERE VARIABLE_NAME = 'QUESTIONS'");
}

}  // namespace batch_audit

TEST_F(RecoveryStoreTest, IntakeFinishBatchChainsTheAuditOfItsWrittenIntents) {
  // The audit rows of a batch are appended together at its end: an intent
  // rolled back to its savepoint after its request's audit row was made
  // (its mail has no recipient) leaves no row, and its neighbours' rows
  // follow one another in the chain, in the batch's order.
  using batch_audit::Tagged;
  Exec(db(), "DELETE FROM recovery_intents");
  const int64_t account = AddAccount("intake-batch-audit");
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(*s_.intake->Submit(intake::Typed("intake-batch-audit"), {}));
  }
  std::vector<Intent> claimed = *s_.intake->ClaimIntents("worker-b3", 10, 60);
  ASSERT_EQ(claimed.size(), 3u);
  std::vector<IntentOutcome> outcomes(3);
  std::vector<IntakeStore::FinishItem> items;
  for (int i = 0; i < 3; ++i) {
    const std::string n = std::to_string(i);
    outcomes[i].request = Request(account, "intake-batch-audit-" + n);
    outcomes[i].request->audit = Tagged("recovery.request", "request-" + n);
    outcomes[i].audit.push_back(
        Tagged("recovery.intake.batch", "outcome-" + n));
    items.push_back({claimed[i].id, &outcomes[i]});
  }
  outcomes[1].messages.push_back(Mail("sans destinataire"));
  outcomes[1].messages.back().recipient.clear();
  const int64_t head_before =
      QueryInt(db(), "SELECT last_id FROM audit_head WHERE id = 1");
  StatusOr<std::vector<StatusOr<IntentResult>>> results =
      s_.intake->FinishBatch("worker-b3", items);
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  ASSERT_EQ(results->size(), 3u);
  EXPECT_TRUE((*results)[0].ok());
  EXPECT_EQ((*results)[1].status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE((*results)[2].ok());
  EXPECT_FALSE(s_.recovery->FindByToken(Hash("intake-batch-audit-1")).ok());
  EXPECT_EQ(QueryString(db(),
                        "SELECT GROUP_CONCAT(detail ORDER BY id) FROM "
                        "audit_log WHERE id > " +
                            std::to_string(head_before)),
            "request-0,outcome-0,request-2,outcome-2");
  // One lock of the head: the rows share its time, and follow one another.
  EXPECT_EQ(QueryInt(db(),
                     "SELECT COUNT(DISTINCT at) FROM audit_log WHERE "
                     "id > " +
                         std::to_string(head_before)),
            1);
  EXPECT_EQ(QueryInt(db(),
                     "SELECT COUNT(*) FROM audit_log a JOIN audit_log "
                     "b ON b.id = a.id + 1 AND b.prev_hash = a.hash "
                     "WHERE a.id >= " +
                         std::to_string(head_before)),
            4);
  EXPECT_EQ(QueryInt(db(), "SELECT last_id FROM audit_head WHERE id = 1"),
            head_before + 4);
  EXPECT_EQ(QueryString(db(), "SELECT GROUP_CONCAT(id) FROM recovery_intents"),
            std::to_string(claimed[1].id));
  StatusOr<AuditReport> report = s_.audit->Verify(std::nullopt);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->head.id, head_before + 4);
}

TEST_F(RecoveryStoreTest, IntakeFinishBatchAuditStatementsDoNotGrowWithRows) {
  // The same batch of 3 intents, with one audit event per outcome and with
  // four: the same number of statements (the chain's head locked once,
  // one INSERT, one head update), once each shape has been prepared.
  const int64_t account = AddAccount("intake-batch-statements");
  auto run = [&](int events, const std::string& seed) {
    Exec(db(), "DELETE FROM recovery_intents");
    for (int i = 0; i < 3; ++i) {
      EXPECT_TRUE(
          *s_.intake->Submit(intake::Typed("intake-batch-statements"), {}));
    }
    std::vector<Intent> claimed = *s_.intake->ClaimIntents("worker-b4", 10, 60);
    EXPECT_EQ(claimed.size(), 3u);
    std::vector<IntentOutcome> outcomes(claimed.size());
    std::vector<IntakeStore::FinishItem> items;
    for (size_t i = 0; i < claimed.size(); ++i) {
      outcomes[i].request = Request(account, seed + "-" + std::to_string(i));
      for (int e = 0; e < events; ++e) {
        outcomes[i].audit.push_back(Audit("recovery.intake.statements"));
      }
      items.push_back({claimed[i].id, &outcomes[i]});
    }
    const int64_t before = batch_audit::SessionQuestions(db());
    StatusOr<std::vector<StatusOr<IntentResult>>> results =
        s_.intake->FinishBatch("worker-b4", items);
    const int64_t statements = batch_audit::SessionQuestions(db()) - before;
    EXPECT_TRUE(results.ok());
    for (const StatusOr<IntentResult>& r : *results) EXPECT_TRUE(r.ok());
    return statements;
  };
  run(1, "stmt-warm-1");  // each statement shape prepared once
  run(4, "stmt-warm-4");
  const int64_t one = run(1, "stmt-1");
  const int64_t four = run(4, "stmt-4");
  EXPECT_EQ(one, four) << "audit statements grew with the audit rows";
  EXPECT_TRUE(s_.audit->Verify(std::nullopt).ok());
}

TEST_F(RecoveryStoreTest,
       IntakeFinishBatchQueuesTheMessagesOfItsWrittenIntents) {
  // The outbox rows of a batch are queued by one INSERT at its end, in the
  // order of the batch: an intent rolled back to its savepoint after its
  // request's mail was queued (its own audit event has no name) leaves no
  // row, and a batch with three messages an intent costs the statements of
  // a batch with one (once each shape has been prepared).
  const int64_t account = AddAccount("intake-batch-outbox");
  auto run = [&](int mails, const std::string& seed, bool fail_second) {
    Exec(db(), "DELETE FROM recovery_intents");
    for (int i = 0; i < 3; ++i) {
      EXPECT_TRUE(*s_.intake->Submit(intake::Typed("intake-batch-outbox"), {}));
    }
    std::vector<Intent> claimed = *s_.intake->ClaimIntents("worker-b5", 10, 60);
    EXPECT_EQ(claimed.size(), 3u);
    std::vector<IntentOutcome> outcomes(claimed.size());
    std::vector<IntakeStore::FinishItem> items;
    for (size_t i = 0; i < claimed.size(); ++i) {
      const std::string tag = seed + "-" + std::to_string(i);
      outcomes[i].request = Request(account, tag);
      outcomes[i].request->messages = {Mail(tag + "-request")};
      for (int m = 1; m < mails; ++m) {
        outcomes[i].messages.push_back(Mail(tag + "-" + std::to_string(m)));
      }
      outcomes[i].audit.push_back(Audit("recovery.intake.outbox"));
      items.push_back({claimed[i].id, &outcomes[i]});
    }
    if (fail_second) outcomes[1].audit.back().event.clear();
    const int64_t before = batch_audit::SessionQuestions(db());
    StatusOr<std::vector<StatusOr<IntentResult>>> results =
        s_.intake->FinishBatch("worker-b5", items);
    const int64_t statements = batch_audit::SessionQuestions(db()) - before;
    EXPECT_TRUE(results.ok());
    for (size_t i = 0; i < results->size(); ++i) {
      EXPECT_EQ((*results)[i].ok(), !(fail_second && i == 1));
    }
    return statements;
  };
  Exec(db(), "DELETE FROM outbox");
  run(2, "outbox-fail", /*fail_second=*/true);
  EXPECT_EQ(Count("outbox"), 4);
  // Their texts are sealed: the rows' order is that of their ids, which the
  // intents' mails took in turn; only the failed intent's are missing.
  std::vector<std::string> texts;
  StatusOr<std::vector<OutboxRow>> rows =
      s_.outbox->Claim("worker-b5-outbox", 100, 60);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  for (const OutboxRow& row : *rows) {
    if (row.message.text.rfind("outbox-fail-", 0) == 0) {
      texts.push_back(row.message.text);
    }
  }
  EXPECT_EQ(texts, (std::vector<std::string>{
                       "outbox-fail-0-request", "outbox-fail-0-1",
                       "outbox-fail-2-request", "outbox-fail-2-1"}));
  EXPECT_EQ(Count("recovery_intents"), 1);
  Exec(db(), "DELETE FROM outbox");
  run(1, "outbox-warm-1", false);
  run(3, "outbox-warm-3", false);
  const int64_t one = run(1, "outbox-1", false);
  const int64_t three = run(3, "outbox-3", false);
  EXPECT_EQ(one, three) << "outbox statements grew with the messages";
  EXPECT_EQ(Count("outbox"), 3 * (1 + 3 + 1 + 3));
  EXPECT_TRUE(s_.audit->Verify(std::nullopt).ok());
}

// --- Account identifiers and marks (sql/006) --------------------------------

namespace identifiers {

NewAccount WithIdentifiers(const std::string& login,
                           std::vector<AccountIdentifier> identifiers) {
  NewAccount account;
  account.login = login;
  account.email = login + "@example.org";
  account.password_hash = kInitialHash;
  account.identifiers = std::move(identifiers);
  return account;
}

}  // namespace identifiers

TEST_F(RecoveryStoreTest, FindByIdentifierNeedsBothKindAndDigest) {
  const std::string digest = Hash("identifier-00345678");
  StatusOr<int64_t> first = s_.accounts->Add(
      identifiers::WithIdentifiers("ident-first", {{"kind_a", digest}}),
      Audit("account.add"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  // The same digest under another kind is another identifier.
  StatusOr<int64_t> second = s_.accounts->Add(
      identifiers::WithIdentifiers("ident-second", {{"kind.b", digest}}),
      Audit("account.add"));
  ASSERT_TRUE(second.ok()) << second.status().ToString();

  StatusOr<Account> found = s_.accounts->FindByIdentifier("kind_a", digest);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->id, *first);
  EXPECT_EQ(found->login, "ident-first");
  found = s_.accounts->FindByIdentifier("kind.b", digest);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->id, *second);
  EXPECT_EQ(s_.accounts->FindByIdentifier("kind_c", digest).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(s_.accounts->FindByIdentifier("kind_a", Hash("identifier-other"))
                .status()
                .code(),
            StatusCode::kNotFound);
  EXPECT_EQ(s_.accounts->FindByIdentifier("kind_a", "").status().code(),
            StatusCode::kNotFound);
  // A digest is not padded: its prefix finds nothing.
  EXPECT_EQ(s_.accounts->FindByIdentifier("kind_a", digest.substr(0, 31))
                .status()
                .code(),
            StatusCode::kNotFound);
  EXPECT_EQ(s_.accounts->FindByIdentifier("Kind A", digest).status().code(),
            StatusCode::kInvalidArgument);
  // Stored only as given (the digest), under its kind.
  EXPECT_EQ(QueryInt(db(),
                     "SELECT COUNT(*) FROM account_identifiers WHERE "
                     "account_id = " +
                         std::to_string(*first) + " AND kind = 'kind_a'"),
            1);
  // Accounts without identifiers do not collide.
  EXPECT_NE(AddAccount("ident-none-1"), 0);
  EXPECT_NE(AddAccount("ident-none-2"), 0);
}

TEST_F(RecoveryStoreTest, DuplicateIdentifierIsRefusedAndNothingIsWritten) {
  const std::string taken = Hash("identifier-taken");
  ASSERT_TRUE(s_.accounts
                  ->Add(identifiers::WithIdentifiers("dup-holder",
                                                     {{"dup_kind", taken}}),
                        Audit("account.add"))
                  .ok());
  const int64_t identifiers_before = Count("account_identifiers");
  const int64_t audit_before = Count("audit_log");

  // A fresh identifier first, then the taken one: all or nothing.
  const std::string fresh = Hash("identifier-fresh");
  Status refused =
      s_.accounts
          ->Add(identifiers::WithIdentifiers(
                    "dup-second", {{"other_kind", fresh}, {"dup_kind", taken}}),
                Audit("account.add"))
          .status();
  EXPECT_EQ(refused.code(), StatusCode::kAlreadyExists) << refused.ToString();
  EXPECT_NE(refused.message().find("dup_kind"), std::string::npos)
      << refused.message();
  EXPECT_EQ(refused.message().find(taken), std::string::npos);
  EXPECT_EQ(s_.accounts->FindByLogin("dup-second").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(s_.accounts->FindByIdentifier("other_kind", fresh).status().code(),
            StatusCode::kNotFound);

  // The same in a batch: the good account before it is not created either.
  Status batch = s_.accounts->AddMany(
      {identifiers::WithIdentifiers("dup-batch-ok", {}),
       identifiers::WithIdentifiers("dup-batch-bad", {{"dup_kind", taken}})},
      Audit("account.import"));
  EXPECT_EQ(batch.code(), StatusCode::kAlreadyExists) << batch.ToString();
  EXPECT_EQ(s_.accounts->FindByLogin("dup-batch-ok").status().code(),
            StatusCode::kNotFound);

  EXPECT_EQ(Count("account_identifiers"), identifiers_before);
  EXPECT_EQ(Count("audit_log"), audit_before);
  EXPECT_EQ(s_.accounts->FindByIdentifier("dup_kind", taken)->login,
            "dup-holder");
}

TEST_F(RecoveryStoreTest, BadIdentifierKindOrDigestIsRefusedBeforeWriting) {
  for (const AccountIdentifier& bad :
       std::vector<AccountIdentifier>{{"", Hash("k")},
                                      {"Numéro", Hash("k")},
                                      {"has space", Hash("k")},
                                      {std::string(33, 'k'), Hash("k")},
                                      {"kind", ""},
                                      {"kind", std::string(65, 'd')}}) {
    Status status = s_.accounts
                        ->Add(identifiers::WithIdentifiers("bad-ident", {bad}),
                              Audit("account.add"))
                        .status();
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument)
        << bad.kind << ": " << status.ToString();
  }
  EXPECT_EQ(s_.accounts->FindByLogin("bad-ident").status().code(),
            StatusCode::kNotFound);
}

TEST_F(RecoveryStoreTest, IntakeMarksUpsertWithTheDatabaseClock) {
  Exec(db(), "DELETE FROM recovery_intents");
  const int64_t account = AddAccount("marks-account");
  const int64_t other = AddAccount("marks-other");
  EXPECT_FALSE(
      s_.accounts->SecondsSinceMark(account, "flow.sent")->has_value());

  auto finish_with_marks = [&](std::vector<AccountMark> marks) {
    ASSERT_TRUE(*s_.intake->Submit(intake::Typed("marks-account"), {}));
    std::vector<Intent> claimed = *s_.intake->ClaimIntents("worker-m", 1, 60);
    ASSERT_EQ(claimed.size(), 1u);
    IntentOutcome outcome;
    outcome.marks = std::move(marks);
    StatusOr<IntentResult> result =
        s_.intake->Finish(claimed[0].id, "worker-m", outcome);
    ASSERT_TRUE(result.ok()) << result.status().ToString();
  };
  finish_with_marks({{account, "flow.sent"}});
  StatusOr<std::optional<long long>> since =
      s_.accounts->SecondsSinceMark(account, "flow.sent");
  ASSERT_TRUE(since.ok()) << since.status().ToString();
  ASSERT_TRUE(since->has_value());
  EXPECT_GE(**since, 0);
  EXPECT_LE(**since, 5);
  // Another name, another account: never.
  EXPECT_FALSE(
      s_.accounts->SecondsSinceMark(account, "flow.renewed")->has_value());
  EXPECT_FALSE(s_.accounts->SecondsSinceMark(other, "flow.sent")->has_value());

  // Read with the database clock: the row moved back 25 hours reads so.
  const std::string where = " WHERE account_id = " + std::to_string(account) +
                            " AND name = 'flow.sent'";
  Exec(db(), "UPDATE account_marks SET at = NOW(6) - INTERVAL 25 HOUR" + where);
  EXPECT_GE(**s_.accounts->SecondsSinceMark(account, "flow.sent"), 25 * 3600);
  EXPECT_LE(**s_.accounts->SecondsSinceMark(account, "flow.sent"),
            25 * 3600 + 5);

  // Marking again replaces the time (one row), and is written with the
  // database's NOW(6).
  finish_with_marks({{account, "flow.sent"}, {other, "flow.renewed"}});
  EXPECT_LE(**s_.accounts->SecondsSinceMark(account, "flow.sent"), 5);
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM account_marks" + where), 1);
  EXPECT_LE(QueryInt(db(),
                     "SELECT ABS(TIMESTAMPDIFF(MICROSECOND, at, NOW(6))) "
                     "FROM account_marks" +
                         where),
            5'000'000);
  EXPECT_TRUE(
      s_.accounts->SecondsSinceMark(other, "flow.renewed")->has_value());
}

TEST_F(RecoveryStoreTest, BadMarkNameFailsTheFinishAndKeepsTheIntent) {
  Exec(db(), "DELETE FROM recovery_intents");
  const int64_t account = AddAccount("marks-bad-name");
  ASSERT_TRUE(*s_.intake->Submit(intake::Typed("marks-bad-name"), {}));
  std::vector<Intent> claimed = *s_.intake->ClaimIntents("worker-n", 1, 60);
  ASSERT_EQ(claimed.size(), 1u);
  for (const std::string& name :
       {std::string(""), std::string("Flow.Sent"), std::string("flow sent"),
        std::string(65, 'm')}) {
    IntentOutcome outcome;
    outcome.marks = {{account, name}};
    outcome.audit.push_back(Audit("marks.bad"));
    EXPECT_EQ(
        s_.intake->Finish(claimed[0].id, "worker-n", outcome).status().code(),
        StatusCode::kInvalidArgument)
        << name;
    EXPECT_EQ(s_.accounts->SecondsSinceMark(account, name).status().code(),
              StatusCode::kInvalidArgument)
        << name;
  }
  EXPECT_EQ(Count("recovery_intents"), 1);
  EXPECT_EQ(
      QueryInt(db(), "SELECT COUNT(*) FROM account_marks WHERE account_id = " +
                         std::to_string(account)),
      0);
}

TEST_F(RecoveryStoreTest, IdentifiersAndMarksGoWithTheirAccount) {
  Exec(db(), "DELETE FROM recovery_intents");
  StatusOr<int64_t> id = s_.accounts->Add(
      identifiers::WithIdentifiers("cascade-account",
                                   {{"cascade_kind", Hash("cascade")}}),
      Audit("account.add"));
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(*s_.intake->Submit(intake::Typed("cascade-account"), {}));
  std::vector<Intent> claimed = *s_.intake->ClaimIntents("worker-c", 1, 60);
  ASSERT_EQ(claimed.size(), 1u);
  IntentOutcome outcome;
  outcome.marks = {{*id, "cascade.mark"}};
  ASSERT_TRUE(s_.intake->Finish(claimed[0].id, "worker-c", outcome).ok());
  const std::string of_account = " WHERE account_id = " + std::to_string(*id);
  ASSERT_EQ(
      QueryInt(db(), "SELECT COUNT(*) FROM account_identifiers" + of_account),
      1);
  ASSERT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM account_marks" + of_account),
            1);
  // Sésame disables accounts rather than deleting them; an operator's
  // DELETE still leaves nothing behind.
  Exec(db(), "DELETE FROM accounts WHERE id = " + std::to_string(*id));
  EXPECT_EQ(
      QueryInt(db(), "SELECT COUNT(*) FROM account_identifiers" + of_account),
      0);
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM account_marks" + of_account),
            0);
  EXPECT_EQ(s_.accounts->FindByIdentifier("cascade_kind", Hash("cascade"))
                .status()
                .code(),
            StatusCode::kNotFound);
}

TEST_F(RecoveryStoreTest, OneTimePasswordIsSpentBySignIn) {
  NewAccount account;
  account.login = "consular-otp";
  account.email = "consular-otp@example.org";
  account.password_hash = kInitialHash;
  account.must_change_password = true;
  account.temporary_password_hours = 24;
  StatusOr<int64_t> id = s_.accounts->Add(account, Audit("account.add"));
  ASSERT_TRUE(id.ok());
  EXPECT_FALSE(s_.accounts->FindById(*id)->password_expired);
  NewSession session;
  session.id_hash = Hash("otp-cookie");
  session.account_id = *id;
  session.absolute_seconds = 3600;
  session.one_time_password_hash = kInitialHash;
  ASSERT_TRUE(s_.sessions->Create(session, Audit("login.ok")).ok());
  EXPECT_TRUE(s_.accounts->FindById(*id)->password_expired);
  // A session without a one-time password does not touch the account.
  const int64_t plain = AddAccount("consular-plain");
  session.id_hash = Hash("plain-cookie");
  session.account_id = plain;
  session.one_time_password_hash.clear();
  ASSERT_TRUE(s_.sessions->Create(session, Audit("login.ok")).ok());
  EXPECT_FALSE(s_.accounts->FindById(plain)->password_expired);
}

// --- SMS budgets, rate-limit buckets, mark guards (R2, R9) ------------------

namespace budgets {

// A phone number no other test uses, so its budget starts at zero.
std::string FreshPhone() {
  const std::string digits = crypto::HexEncode(crypto::RandomBytes(4));
  std::string phone = "+3361";
  for (char c : digits) phone += static_cast<char>('0' + (c % 10));
  return phone.substr(0, 12);
}

OutboxMessage SmsTo(const std::string& phone) {
  OutboxMessage sms = Sms("Votre mot de passe provisoire : Xy3-abc");
  sms.recipient = phone;
  return sms;
}

}  // namespace budgets

// R2: concurrent correct submissions of a link page that sends an SMS: one
// wins, one SMS is queued, and the SMS budget is counted once.
TEST_F(RecoveryStoreTest, R2_ConcurrentCompletionsCountOneSms) {
  const std::string phone = budgets::FreshPhone();
  const int64_t account = AddAccount("r2-concurrent");
  const int64_t id = Create(Request(account, "r2-concurrent-link"));
  const int64_t outbox = Count("outbox");
  constexpr int kThreads = 6;
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      PasswordChange change =
          Change(account, "$argon2id$r2$" + std::to_string(i));
      change.must_change_password = true;
      change.notification = budgets::SmsTo(phone);
      while (!go.load()) std::this_thread::yield();
      Status status = s_.recovery->Complete(id, change);
      if (status.ok()) {
        ++ok;
      } else if (status.code() == StatusCode::kFailedPrecondition) {
        ++refused;
      } else {
        ++other;
      }
    });
  }
  go = true;
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(refused.load(), kThreads - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Count("outbox"), outbox + 1);
  // One counted: this hit is the second.
  EXPECT_EQ(*s_.limits->Hit("sms:dest:" + phone, 3600), 2);
}

// R2: past the SMS budget nothing is written and nothing is counted, so a
// customer clicking « Renvoyer » cannot keep the site's budget spent.
TEST_F(RecoveryStoreTest, R2_RefusalsPastTheSmsBudgetCountNothing) {
  Config config = scratch_->config();
  config.security.limits.sms_per_destination_hour = 2;
  StatusOr<std::unique_ptr<MysqlStores>> tight = MysqlStores::Open(config);
  ASSERT_TRUE(tight.ok()) << tight.status().ToString();
  Stores t = (*tight)->stores();
  const std::string phone = budgets::FreshPhone();
  const int64_t account = AddAccount("r2-budget");
  NewRecoveryRequest request = Request(account, "r2-budget-link", "r2-code");
  request.messages.back().recipient = phone;
  ASSERT_TRUE(t.recovery->Create(request).ok());  // SMS 1
  const int64_t id = Find("r2-budget-link").id;
  ASSERT_TRUE(t.recovery
                  ->ReplaceCode(id, Hash("r2-code-2"), 600, 10,
                                budgets::SmsTo(phone), Audit("resend"))
                  .ok());  // SMS 2
  const int64_t outbox = Count("outbox");
  for (int i = 0; i < 5; ++i) {
    Status st = t.recovery->ReplaceCode(id, Hash("r2-code-x"), 600, 10,
                                        budgets::SmsTo(phone), Audit("resend"));
    EXPECT_TRUE(IsSmsBudgetSpent(st)) << st.ToString();
  }
  EXPECT_EQ(Find("r2-budget-link").code_sends, 2) << "nothing written";
  EXPECT_EQ(Count("outbox"), outbox);
  // The send cap is told apart from the budget.
  Status capped = t.recovery->ReplaceCode(id, Hash("r2-code-y"), 600, 2,
                                          budgets::SmsTo(phone), Audit("x"));
  EXPECT_EQ(capped.code(), StatusCode::kResourceExhausted);
  EXPECT_FALSE(IsSmsBudgetSpent(capped));
  // A completion whose SMS is past the budget leaves the link live.
  PasswordChange change = Change(account, "$argon2id$r2$budget");
  change.notification = budgets::SmsTo(phone);
  EXPECT_TRUE(IsSmsBudgetSpent(t.recovery->Complete(id, change)));
  EXPECT_FALSE(Find("r2-budget-link").used);
  EXPECT_EQ(PasswordHash(account), kInitialHash);
  // Two counted, none of the six refusals: this hit is the third.
  EXPECT_EQ(*t.limits->Hit("sms:dest:" + phone, 3600), 3);
}

// An intent's SMS budgets are counted with its own limits, in one upsert
// and one read: past the SMS budget, the intent is limited (its default
// audit), its own limits still count as they did when its SMS was refused
// after them, and its SMS counts nothing; refused by a guard, the SMS it
// would have sent counts nothing either.
TEST_F(RecoveryStoreTest, IntakeSmsBudgetsAreCountedWithTheIntentsLimits) {
  Config config = scratch_->config();
  config.security.limits.sms_per_destination_hour = 2;
  StatusOr<std::unique_ptr<MysqlStores>> tight = MysqlStores::Open(config);
  ASSERT_TRUE(tight.ok()) << tight.status().ToString();
  Stores t = (*tight)->stores();
  Exec(db(), "DELETE FROM recovery_intents");
  const std::string phone = budgets::FreshPhone();
  const std::string key = "intake-sms:" + crypto::NewToken();
  const int64_t account = AddAccount("intake-sms-budget");
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(*t.intake->Submit(intake::Typed("intake-sms-budget"), {}));
  }
  std::vector<Intent> claimed = *t.intake->ClaimIntents("worker-s", 10, 60);
  ASSERT_EQ(claimed.size(), 5u);
  std::vector<IntentOutcome> outcomes(5);
  std::vector<IntakeStore::FinishItem> items;
  for (int i = 0; i < 5; ++i) {
    IntentOutcome& o = outcomes[i];
    o.limits = {{key, 3600, 100}};
    o.audit_if_limited = {Audit("intake.sms.limited")};
    o.request = Request(account, "intake-sms-" + std::to_string(i), "code");
    o.request->messages.back().recipient = phone;
    o.audit.push_back(Audit("intake.sms.written"));
    items.push_back({claimed[i].id, &o});
  }
  // A budget of 2 for the phone: written, written, then limited.
  const int64_t outbox = Count("outbox");
  StatusOr<std::vector<StatusOr<IntentResult>>> results =
      t.intake->FinishBatch("worker-s", items);
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  std::vector<IntentResult> kinds;
  for (const StatusOr<IntentResult>& r : *results) {
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    kinds.push_back(*r);
  }
  EXPECT_EQ(kinds, (std::vector<IntentResult>{
                       IntentResult::kWritten, IntentResult::kWritten,
                       IntentResult::kLimited, IntentResult::kLimited,
                       IntentResult::kLimited}));
  EXPECT_EQ(Count("outbox"), outbox + 4) << "two mails and two SMS";
  // Every intent counted its own limit; only the two written their SMS.
  EXPECT_EQ(*t.limits->Count(key, 3600), 5);
  EXPECT_EQ(*t.limits->Hit("sms:dest:" + phone, 3600), 3);
  EXPECT_EQ(QueryString(db(),
                        "SELECT GROUP_CONCAT(event ORDER BY id) FROM (SELECT "
                        "id, event FROM audit_log ORDER BY id DESC LIMIT 7) "
                        "a"),
            "recovery.request,intake.sms.written,recovery.request,"
            "intake.sms.written,intake.sms.limited,intake.sms.limited,"
            "intake.sms.limited");

  // A guard that trips: the SMS its outcome would have sent counts nothing,
  // its own limit counts once.
  const std::string phone2 = budgets::FreshPhone();
  Exec(db(), "INSERT INTO account_marks (account_id, name, at) VALUES (" +
                 std::to_string(account) + ", 'test.sms', NOW(6))");
  ASSERT_TRUE(*t.intake->Submit(intake::Typed("intake-sms-budget"), {}));
  claimed = *t.intake->ClaimIntents("worker-s", 10, 60);
  ASSERT_EQ(claimed.size(), 1u);
  IntentOutcome guarded;
  guarded.limits = {{key, 3600, 100}};
  guarded.request = Request(account, "intake-sms-guarded", "code");
  guarded.request->messages.back().recipient = phone2;
  guarded.unless_marked = {{account, "test.sms", 3600}};
  guarded.messages_if_marked = {Mail("refusé")};
  guarded.audit_if_marked = {Audit("intake.sms.refused")};
  results = t.intake->FinishBatch("worker-s", {{claimed[0].id, &guarded}});
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  ASSERT_TRUE((*results)[0].ok()) << (*results)[0].status().ToString();
  EXPECT_EQ(*(*results)[0], IntentResult::kMarked);
  EXPECT_EQ(*t.limits->Count(key, 3600), 6);
  EXPECT_EQ(*t.limits->Hit("sms:dest:" + phone2, 3600), 1);
  EXPECT_EQ(Count("outbox"), outbox + 5) << "the refusal's mail";
  EXPECT_TRUE(s_.audit->Verify(std::nullopt).ok());
}

TEST_F(RecoveryStoreTest, IntakeSmsAddsNoStatementToABatch) {
  // The same batch with an SMS an intent (each to its own phone) and
  // without: the same statements, once each shape has been prepared.
  const int64_t account = AddAccount("intake-sms-statements");
  auto run = [&](bool sms, const std::string& seed) {
    Exec(db(), "DELETE FROM recovery_intents");
    for (int i = 0; i < 3; ++i) {
      EXPECT_TRUE(
          *s_.intake->Submit(intake::Typed("intake-sms-statements"), {}));
    }
    std::vector<Intent> claimed = *s_.intake->ClaimIntents("worker-s2", 10, 60);
    EXPECT_EQ(claimed.size(), 3u);
    std::vector<IntentOutcome> outcomes(claimed.size());
    std::vector<IntakeStore::FinishItem> items;
    for (size_t i = 0; i < claimed.size(); ++i) {
      const std::string tag = seed + "-" + std::to_string(i);
      outcomes[i].limits = {{"intake-sms-statements:" + tag, 3600, 10}};
      outcomes[i].request = Request(account, tag, sms ? "code" : "");
      if (sms)
        outcomes[i].request->messages.back().recipient = budgets::FreshPhone();
      outcomes[i].audit.push_back(Audit("recovery.intake.sms"));
      items.push_back({claimed[i].id, &outcomes[i]});
    }
    const int64_t before = batch_audit::SessionQuestions(db());
    StatusOr<std::vector<StatusOr<IntentResult>>> results =
        s_.intake->FinishBatch("worker-s2", items);
    const int64_t statements = batch_audit::SessionQuestions(db()) - before;
    EXPECT_TRUE(results.ok());
    for (const StatusOr<IntentResult>& r : *results) {
      EXPECT_TRUE(r.ok() && *r == IntentResult::kWritten);
    }
    return statements;
  };
  run(false, "sms-stmt-warm-0");
  run(true, "sms-stmt-warm-1");
  const int64_t without = run(false, "sms-stmt-0");
  const int64_t with = run(true, "sms-stmt-1");
  EXPECT_EQ(without, with) << "an SMS added statements";
}

// R9: a rate-limit row is named by an HMAC under a key derived from the
// server secret: hashing a phone number or an address finds no row.
TEST_F(RecoveryStoreTest, R9_RateLimitBucketsAreKeyedByTheServerSecret) {
  const std::string phone = budgets::FreshPhone();
  const std::string key = "sms:dest:" + phone;
  ASSERT_TRUE(s_.limits->Hit(key, 3600).ok());
  const std::string limits_key =
      OutboxSettings::FromConfig(scratch_->config()).limits_key;
  auto rows = [&](const std::string& bucket) {
    return QueryInt(db(), "SELECT COUNT(*) FROM rate_limits WHERE bucket = 0x" +
                              crypto::HexEncode(bucket));
  };
  EXPECT_EQ(rows(RateLimitBucket(limits_key, key)), 1);
  EXPECT_EQ(rows(crypto::Sha256(key)), 0) << "plain SHA-256 finds nothing";
  EXPECT_NE(RateLimitBucket(limits_key, key),
            RateLimitBucket(
                crypto::DeriveKey(std::string(32, 'o'), "rate-limits"), key));
  EXPECT_NE(RateLimitBucket(limits_key, key),
            RateLimitBucket(limits_key, key + "0"));
}

// R9: « pas les deux » is one conditional write: two workers finishing
// outcomes that guard each other, at the same time, never both write.
TEST_F(RecoveryStoreTest, R9_MarkGuardsAreOneConditionalWriteAcrossWorkers) {
  Exec(db(), "DELETE FROM recovery_intents");
  for (int round = 0; round < 8; ++round) {
    const int64_t account = AddAccount("r9-guard-" + std::to_string(round));
    for (int i = 0; i < 2; ++i) {
      ASSERT_TRUE(*s_.intake->Submit(intake::Typed("r9"), {}));
    }
    std::vector<Intent> claimed = *s_.intake->ClaimIntents("worker-g", 2, 60);
    ASSERT_EQ(claimed.size(), 2u);
    auto outcome = [&](const std::string& mark, const std::string& other) {
      IntentOutcome o;
      o.marks = {{account, mark}};
      o.unless_marked = {{account, other, 3600}};
      o.messages.push_back(Mail("écrit"));
      o.messages_if_marked.push_back(Mail("refusé"));
      o.audit.push_back(Audit("r9.written"));
      o.audit_if_marked.push_back(Audit("r9.refused"));
      return o;
    };
    const IntentOutcome a = outcome("test.identifier", "test.password");
    const IntentOutcome b = outcome("test.password", "test.identifier");
    StatusOr<IntentResult> ra = Status::Internal("not run");
    StatusOr<IntentResult> rb = Status::Internal("not run");
    std::atomic<bool> go{false};
    std::thread ta([&] {
      while (!go.load()) std::this_thread::yield();
      ra = s_.intake->Finish(claimed[0].id, "worker-g", a);
    });
    std::thread tb([&] {
      while (!go.load()) std::this_thread::yield();
      rb = s_.intake->Finish(claimed[1].id, "worker-g", b);
    });
    go = true;
    ta.join();
    tb.join();
    ASSERT_TRUE(ra.ok()) << ra.status().ToString();
    ASSERT_TRUE(rb.ok()) << rb.status().ToString();
    std::multiset<IntentResult> results = {*ra, *rb};
    EXPECT_EQ(results, (std::multiset<IntentResult>{IntentResult::kWritten,
                                                    IntentResult::kMarked}))
        << "round " << round;
    EXPECT_EQ(QueryInt(db(),
                       "SELECT COUNT(*) FROM account_marks WHERE "
                       "account_id = " +
                           std::to_string(account)),
              1);
  }
  EXPECT_TRUE(s_.audit->Verify(std::nullopt).ok());
}

// The refusal of a mark guard is drawn only when the guard trips: in a
// batch, the intent written first does not call render_if_marked, the
// second (its guard now too young) calls it once and queues what it gave.
TEST_F(RecoveryStoreTest, RefusalIsRenderedOnlyWhenTheGuardTrips) {
  Exec(db(), "DELETE FROM recovery_intents");
  const int64_t account = AddAccount("render-if-marked");
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(*s_.intake->Submit(intake::Typed("render-if-marked"), {}));
  }
  std::vector<Intent> claimed = *s_.intake->ClaimIntents("worker-r", 2, 60);
  ASSERT_EQ(claimed.size(), 2u);
  int renders = 0;
  IntentOutcome o;
  o.marks = {{account, "test.render"}};
  o.unless_marked = {{account, "test.render", 3600}};
  o.messages.push_back(Mail("écrit"));
  o.render_if_marked = [&renders]() -> StatusOr<std::vector<OutboxMessage>> {
    ++renders;
    return std::vector<OutboxMessage>{Mail("refus dessiné")};
  };
  o.audit.push_back(Audit("render.written"));
  o.audit_if_marked.push_back(Audit("render.refused"));
  const int64_t outbox_before = Count("outbox");
  StatusOr<std::vector<StatusOr<IntentResult>>> results =
      s_.intake->FinishBatch("worker-r",
                             {{claimed[0].id, &o}, {claimed[1].id, &o}});
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  ASSERT_EQ(results->size(), 2u);
  ASSERT_TRUE((*results)[0].ok() && (*results)[1].ok());
  EXPECT_EQ(*(*results)[0], IntentResult::kWritten);
  EXPECT_EQ(*(*results)[1], IntentResult::kMarked);
  EXPECT_EQ(renders, 1);
  EXPECT_EQ(Count("outbox"), outbox_before + 2);
  EXPECT_EQ(
      QueryString(db(), "SELECT event FROM audit_log ORDER BY id DESC LIMIT 1"),
      "render.refused");
  // A render that fails fails its intent alone: nothing written, kept.
  ASSERT_TRUE(*s_.intake->Submit(intake::Typed("render-if-marked"), {}));
  claimed = *s_.intake->ClaimIntents("worker-r", 2, 60);
  ASSERT_EQ(claimed.size(), 1u);
  o.render_if_marked = []() -> StatusOr<std::vector<OutboxMessage>> {
    return Status::Internal("template missing");
  };
  const int64_t audit_before = Count("audit_log");
  results = s_.intake->FinishBatch("worker-r", {{claimed[0].id, &o}});
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  EXPECT_EQ((*results)[0].status().code(), StatusCode::kInternal);
  EXPECT_EQ(Count("outbox"), outbox_before + 2);
  EXPECT_EQ(Count("audit_log"), audit_before);
  EXPECT_EQ(Count("recovery_intents"), 1);
  EXPECT_TRUE(s_.audit->Verify(std::nullopt).ok());
}

}  // namespace
}  // namespace sesame
