// The MariaDB stores against a real server. deploy/test sets
// SESAME_TEST_CONFIG to a sesame config whose [database] user may create
// databases; each run works in its own database, migrated here and dropped
// at the end. Without SESAME_TEST_CONFIG the tests that need a server skip.
#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/config.h"
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

// Runs one statement with no result.
void Exec(MysqlDatabase& db, const std::string& sql) {
  Status status = db.Run([&](sql::Connection* conn) {
    std::unique_ptr<sql::Statement> stmt(conn->createStatement());
    stmt->execute(sql);
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.ToString() << " for " << sql;
}

// The first column of the first row of `sql` as a string ("<null>" for
// NULL, "<none>" for no row).
std::string QueryString(MysqlDatabase& db, const std::string& sql,
                        const std::string& param = "", bool bind = false) {
  std::string out = "<none>";
  Status status = db.Run([&](sql::Connection* conn) {
    auto stmt = Prepare(conn, sql.c_str());
    if (bind) stmt->setString(1, param);
    std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery());
    if (rs->next()) out = rs->isNull(1) ? "<null>" : rs->getString(1);
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.ToString() << " for " << sql;
  return out;
}

int64_t QueryInt(MysqlDatabase& db, const std::string& sql) {
  return std::stoll(QueryString(db, sql));
}

AuditEvent Audit(const std::string& event, const std::string& detail = "") {
  AuditEvent audit;
  audit.event = event;
  audit.client_ip = "192.0.2.1";
  audit.detail = detail;
  return audit;
}

NewAccount MakeAccount(const std::string& login) {
  NewAccount account;
  account.login = login;
  account.email = login + "@example.org";
  account.phone = "+33612345678";
  account.display_name = "Test " + login;
  account.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
  return account;
}

// 32 bytes, with a zero byte inside to check binary round trips.
std::string SessionHash(const std::string& seed) {
  std::string hash = crypto::Sha256(seed);
  hash[5] = '\0';
  return hash;
}

std::string SqlDir() { return ::sesame::testing::SourceDir() + "/sql"; }

constexpr char kStoragePrefix[] = "sesame_test_storage";

class StorageTest
    : public ::sesame::testing::ScratchDatabaseTest<kStoragePrefix> {
 protected:
  int64_t AddAccount(const std::string& login) {
    StatusOr<int64_t> id =
        s_.accounts->Add(MakeAccount(login), Audit("account.add"));
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  void CreateSession(const std::string& hash, int64_t account_id,
                     int absolute_seconds = 3600) {
    NewSession session;
    session.id_hash = hash;
    session.account_id = account_id;
    session.client_ip = "192.0.2.7";
    session.absolute_seconds = absolute_seconds;
    Status status = s_.sessions->Create(session, Audit("login.ok"));
    ASSERT_TRUE(status.ok()) << status.ToString();
  }
};

// --- Migrations ------------------------------------------------------------

TEST_F(StorageTest, MigrateTwiceAppliesNothingTheSecondTime) {
  std::ostringstream log;
  Status status = Migrate(db(), SqlDir(), log);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_NE(log.str().find("up to date"), std::string::npos) << log.str();
  StatusOr<std::vector<MigrationFile>> files = ListMigrations(SqlDir());
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<int64_t>(files->size()));
  EXPECT_EQ(QueryString(db(),
                        "SELECT checksum FROM schema_migrations "
                        "WHERE version = 1"),
            files->front().checksum);
}

TEST_F(StorageTest, MigrateRefusesAnAppliedFileThatChanged) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() /
                       ::sesame::testing::PerProcessName("sesame_sql_changed");
  fs::create_directories(dir);
  fs::copy(SqlDir(), dir, fs::copy_options::overwrite_existing);
  {
    std::ofstream out(dir / "001_initial.sql", std::ios::app);
    out << "\n-- an edit after release\n";
  }
  std::ostringstream log;
  Status status = Migrate(db(), dir.string(), log);
  fs::remove_all(dir);
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition)
      << status.ToString();
  EXPECT_NE(status.message().find("001_initial.sql"), std::string::npos);
}

TEST(MigratorSplitTest, SplitsOnSemicolonAtEndOfLineAndDropsComments) {
  const std::vector<std::string> statements = SplitSqlStatements(
      "-- header\nCREATE TABLE a (\n  x INT -- inline\n);\n\n"
      "-- between\nINSERT INTO a VALUES (';');  \nSELECT 1");
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0].rfind("CREATE TABLE a (", 0), 0u);
  EXPECT_EQ(statements[0].back(), ')');
  EXPECT_EQ(statements[1], "INSERT INTO a VALUES (';')");
  EXPECT_EQ(statements[2], "SELECT 1");
}

// sql/006 on a database that 001-005 made and used: the consular columns
// of accounts move to account_identifiers and account_marks, then go.
TEST_F(StorageTest, Migration006MovesConsularColumnsOutOfAccounts) {
  namespace fs = std::filesystem;
  const std::string name =
      ::sesame::testing::PerProcessName("sesame_test_m006");
  const fs::path dir = fs::temp_directory_path() /
                       ::sesame::testing::PerProcessName("sesame_sql_005");
  MysqlDatabase& admin = scratch_->admin();
  struct Cleanup {
    MysqlDatabase& admin;
    std::string name;
    fs::path dir;
    ~Cleanup() {
      Exec(admin, "DROP DATABASE IF EXISTS `" + name + "`");
      fs::remove_all(dir);
    }
  } cleanup{admin, name, dir};
  Exec(admin, "DROP DATABASE IF EXISTS `" + name + "`");
  Exec(admin, "CREATE DATABASE `" + name +
                  "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
  fs::create_directories(dir);
  for (const fs::directory_entry& entry : fs::directory_iterator(SqlDir())) {
    const std::string file = entry.path().filename().string();
    if (file.size() > 4 && file.compare(0, 3, "006") < 0) {
      fs::copy_file(entry.path(), dir / file);
    }
  }
  Config config = scratch_->config();
  config.database.name = name;
  MysqlDatabase old_db(config.database);
  std::ostringstream log;
  Status status = Migrate(old_db, dir.string(), log);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(QueryInt(old_db, "SELECT MAX(version) FROM schema_migrations"), 5);

  // Three accounts as 005 kept them: everything set, only a mark, nothing.
  const std::string digest = SessionHash("numic-00345678");
  Status inserted = old_db.Run([&](sql::Connection* conn) {
    auto insert = Prepare(
        conn,
        "INSERT INTO accounts (login, email, password_hash, "
        "password_changed_at, created_at, updated_at, numic_digest, "
        "identifier_sent_at, password_renewal_at) VALUES "
        "('m006-full', 'full@example.org', 'x', NOW(6), NOW(6), NOW(6), ?, "
        "'2024-01-02 03:04:05.123456', '2024-03-04 05:06:07.654321'), "
        "('m006-mark', 'mark@example.org', 'x', NOW(6), NOW(6), NOW(6), NULL, "
        "NULL, '2024-05-06 07:08:09.000001'), "
        "('m006-none', 'none@example.org', 'x', NOW(6), NOW(6), NOW(6), NULL, "
        "NULL, NULL)");
    insert->setString(1, digest);
    insert->executeUpdate();
    return Status::Ok();
  });
  ASSERT_TRUE(inserted.ok()) << inserted.ToString();
  const std::string full =
      QueryString(old_db, "SELECT id FROM accounts WHERE login = 'm006-full'");
  const std::string mark =
      QueryString(old_db, "SELECT id FROM accounts WHERE login = 'm006-mark'");

  status = Migrate(old_db, SqlDir(), log);
  ASSERT_TRUE(status.ok()) << status.ToString() << "\n" << log.str();
  EXPECT_NE(log.str().find("applying 006_account_identifiers.sql"),
            std::string::npos)
      << log.str();

  auto check_moved = [&] {
    EXPECT_EQ(QueryString(old_db,
                          "SELECT GROUP_CONCAT(CONCAT(account_id, ':', kind, "
                          "':', LOWER(HEX(digest)))) FROM account_identifiers"),
              full + ":numic:" + crypto::HexEncode(digest));
    EXPECT_EQ(QueryString(old_db,
                          "SELECT GROUP_CONCAT(CONCAT(account_id, ' ', name, "
                          "' ', at) ORDER BY account_id, name SEPARATOR '|') "
                          "FROM account_marks"),
              // 008 then renames the renewal mark (every flow's now).
              full + " consular.identifier_sent 2024-01-02 03:04:05.123456|" +
                  full + " password.renewal 2024-03-04 05:06:07.654321|" +
                  mark + " password.renewal 2024-05-06 07:08:09.000001");
    EXPECT_EQ(QueryInt(old_db,
                       "SELECT COUNT(*) FROM information_schema.COLUMNS "
                       "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = "
                       "'accounts' AND COLUMN_NAME IN ('numic_digest', "
                       "'identifier_sent_at', 'password_renewal_at')"),
              0);
    EXPECT_EQ(QueryInt(old_db,
                       "SELECT COUNT(*) FROM information_schema.STATISTICS "
                       "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = "
                       "'accounts' AND INDEX_NAME = 'uq_accounts_numic'"),
              0);
    EXPECT_EQ(QueryInt(old_db, "SELECT COUNT(*) FROM accounts"), 3);
  };
  check_moved();

  // The stores find what moved.
  StatusOr<std::unique_ptr<MysqlStores>> opened = MysqlStores::Open(config);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Stores moved = (*opened)->stores();
  StatusOr<Account> found = moved.accounts->FindByIdentifier("numic", digest);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->login, "m006-full");
  StatusOr<std::optional<long long>> since =
      moved.accounts->SecondsSinceMark(found->id, "consular.identifier_sent");
  ASSERT_TRUE(since.ok() && since->has_value());
  EXPECT_GT(**since, 365LL * 24 * 3600);

  // Run again (as after a failure before it was recorded): no error, no
  // change.
  StatusOr<std::vector<MigrationFile>> files = ListMigrations(SqlDir());
  ASSERT_TRUE(files.ok());
  auto m006 =
      std::find_if(files->begin(), files->end(),
                   [](const MigrationFile& f) { return f.version == 6; });
  ASSERT_NE(m006, files->end());
  for (const std::string& statement : SplitSqlStatements(m006->text)) {
    Exec(old_db, statement);
  }
  check_moved();
}

// --- Accounts --------------------------------------------------------------

TEST_F(StorageTest, AddFindAndDuplicateLogin) {
  const int64_t id = AddAccount("alice");
  StatusOr<Account> found = s_.accounts->FindByLogin("alice");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->email, "alice@example.org");
  EXPECT_EQ(found->phone, "+33612345678");
  EXPECT_EQ(found->display_name, "Test alice");
  EXPECT_FALSE(found->disabled);
  EXPECT_FALSE(found->password_expired);
  StatusOr<Account> by_id = s_.accounts->FindById(id);
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(by_id->login, "alice");

  StatusOr<int64_t> again =
      s_.accounts->Add(MakeAccount("alice"), Audit("account.add"));
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_NE(again.status().message().find("alice"), std::string::npos);

  const int64_t audit_before = QueryInt(db(), "SELECT COUNT(*) FROM audit_log");
  Status many = s_.accounts->AddMany(
      {MakeAccount("bob"), MakeAccount("carol"), MakeAccount("alice")},
      Audit("account.import"));
  EXPECT_EQ(many.code(), StatusCode::kAlreadyExists);
  EXPECT_NE(many.message().find("alice"), std::string::npos);
  EXPECT_EQ(s_.accounts->FindByLogin("bob").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(s_.accounts->FindByLogin("carol").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM audit_log"), audit_before);

  ASSERT_TRUE(s_.accounts
                  ->AddMany({MakeAccount("bob"), MakeAccount("carol")},
                            Audit("account.import"))
                  .ok());
  EXPECT_TRUE(s_.accounts->FindByLogin("carol").ok());
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM audit_log"), audit_before + 2);
  EXPECT_EQ(s_.accounts->FindById(987654321).status().code(),
            StatusCode::kNotFound);
}

TEST_F(StorageTest, LoginMatchIsExactAndCaseSensitive) {
  const int64_t upper = AddAccount("Demo");
  EXPECT_EQ(s_.accounts->FindByLogin("demo").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(s_.accounts->FindByLogin("DEMO").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(s_.accounts->FindByLogin("Demo ").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(s_.accounts->FindByLogin("Démo").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(s_.accounts
                ->FindByLogin("\xEF\xBC\xA4"
                              "emo")  // fullwidth D
                .status()
                .code(),
            StatusCode::kNotFound);
  const int64_t lower = AddAccount("demo");
  EXPECT_NE(upper, lower);
  StatusOr<Account> found = s_.accounts->FindByLogin("Demo");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, upper);
}

TEST_F(StorageTest, EmailColumnDoesNotMatchLookAlikes) {
  NewAccount account = MakeAccount("lookalike");
  account.email = "Jean.Dupont@example.org";
  ASSERT_TRUE(s_.accounts->Add(account, Audit("account.add")).ok());
  const std::string count = "SELECT COUNT(*) FROM accounts WHERE email = ?";
  EXPECT_EQ(QueryString(db(), count, "Jean.Dupont@example.org", true), "1");
  EXPECT_EQ(QueryString(db(), count, "jean.dupont@example.org", true), "0");
  EXPECT_EQ(QueryString(db(), count, "Jéan.Dupont@example.org", true), "0");
  EXPECT_EQ(QueryString(db(), count, "JEAN.DUPONT@EXAMPLE.ORG", true), "0");
  StatusOr<Account> found = s_.accounts->FindByLogin("lookalike");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->email, "Jean.Dupont@example.org");
}

TEST_F(StorageTest, ChangePasswordRevokesOtherSessionsEnqueuesAndAudits) {
  const int64_t id = AddAccount("changer");
  const std::string keep = SessionHash("changer-keep");
  const std::string other = SessionHash("changer-other");
  CreateSession(keep, id);
  CreateSession(other, id);
  Exec(db(),
       "INSERT INTO recovery_requests (account_id, flow, token_hash, "
       "created_at, expires_at) VALUES (" +
           std::to_string(id) +
           ", 'credit_municipal', UNHEX(SHA2('t1', 256)), NOW(6), "
           "NOW(6) + INTERVAL 1 HOUR)");
  const int64_t outbox_before = QueryInt(db(), "SELECT COUNT(*) FROM outbox");

  PasswordChange change;
  change.account_id = id;
  change.new_hash = "$argon2id$v=19$m=19456,t=2,p=1$bmV3$bmV3aGFzaA";
  change.keep_session_hash = keep;
  change.audit = Audit("password.change", "self-service");
  OutboxMessage mail;
  mail.recipient = "changer@example.org";
  mail.subject = "Votre mot de passe a été modifié";
  mail.text = "Bonjour, votre mot de passe a été modifié.";
  change.notification = mail;
  Status status = s_.accounts->ChangePassword(change);
  ASSERT_TRUE(status.ok()) << status.ToString();

  EXPECT_TRUE(s_.sessions->Touch(keep, 600).ok());
  EXPECT_EQ(s_.sessions->Touch(other, 600).status().code(),
            StatusCode::kNotFound);
  StatusOr<Account> account = s_.accounts->FindById(id);
  ASSERT_TRUE(account.ok());
  EXPECT_EQ(account->password_hash, change.new_hash);
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM outbox"), outbox_before + 1);
  EXPECT_EQ(
      QueryString(db(), "SELECT event FROM audit_log WHERE account_id = " +
                            std::to_string(id) + " ORDER BY id DESC LIMIT 1"),
      "password.change");
  EXPECT_EQ(QueryInt(db(),
                     "SELECT COUNT(*) FROM recovery_requests WHERE "
                     "account_id = " +
                         std::to_string(id) +
                         " AND superseded_at IS NOT NULL AND "
                         "expires_at <= NOW(6)"),
            1);

  // A failure half-way (the notification cannot be serialised) leaves
  // nothing behind: same hash, same sessions, no audit row, no mail.
  const int64_t audit_before = QueryInt(db(), "SELECT COUNT(*) FROM audit_log");
  PasswordChange broken = change;
  broken.new_hash = "$argon2id$v=19$m=19456,t=2,p=1$YnJva2Vu$YnJva2Vu";
  broken.keep_session_hash.clear();
  broken.notification->text = "invalid \xC3\x28 utf-8";
  Status failed = s_.accounts->ChangePassword(broken);
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(s_.accounts->FindById(id)->password_hash, change.new_hash);
  EXPECT_TRUE(s_.sessions->Touch(keep, 600).ok());
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM audit_log"), audit_before);
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM outbox"), outbox_before + 1);

  EXPECT_EQ(s_.accounts
                ->ChangePassword([] {
                  PasswordChange missing;
                  missing.account_id = 987654321;
                  missing.new_hash = "x";
                  missing.audit = Audit("password.change");
                  return missing;
                }())
                .code(),
            StatusCode::kNotFound);
}

TEST_F(StorageTest, TemporaryPasswordExpiresByTheDatabaseClock) {
  const int64_t id = AddAccount("temporary");
  PasswordChange change;
  change.account_id = id;
  change.new_hash = "$argon2id$v=19$m=19456,t=2,p=1$dGVtcA$dGVtcA";
  change.must_change_password = true;
  change.temporary_password_hours = 24;
  change.audit = Audit("password.reset.admin");
  ASSERT_TRUE(s_.accounts->ChangePassword(change).ok());
  StatusOr<Account> account = s_.accounts->FindById(id);
  ASSERT_TRUE(account.ok());
  EXPECT_TRUE(account->must_change_password);
  EXPECT_FALSE(account->password_expired);
  Exec(db(),
       "UPDATE accounts SET password_expires_at = NOW(6) - INTERVAL 1 SECOND "
       "WHERE id = " +
           std::to_string(id));
  EXPECT_TRUE(s_.accounts->FindById(id)->password_expired);
  ASSERT_TRUE(s_.accounts->UpdatePasswordHash(id, "$argon2id$rehashed").ok());
  EXPECT_EQ(s_.accounts->FindById(id)->password_hash, "$argon2id$rehashed");
}

// --- Sessions --------------------------------------------------------------

TEST_F(StorageTest, SessionIdleAndAbsoluteExpiry) {
  const int64_t id = AddAccount("sessions");
  const std::string hash = SessionHash("sessions-1");
  CreateSession(hash, id);
  StatusOr<Session> live = s_.sessions->Touch(hash, 60);
  ASSERT_TRUE(live.ok()) << live.status().ToString();
  EXPECT_EQ(live->account_id, id);
  EXPECT_EQ(live->id_hash, hash);

  // Idle: last used 100 s ago.
  Exec(db(),
       "UPDATE sessions SET last_seen_at = NOW(6) - INTERVAL 100 SECOND "
       "WHERE account_id = " +
           std::to_string(id));
  EXPECT_EQ(s_.sessions->Touch(hash, 60).status().code(),
            StatusCode::kNotFound);
  EXPECT_TRUE(s_.sessions->Touch(hash, 200).ok());  // and records the use
  EXPECT_TRUE(s_.sessions->Touch(hash, 60).ok());

  // Absolute expiry.
  Exec(db(),
       "UPDATE sessions SET expires_at = NOW(6) - INTERVAL 1 SECOND "
       "WHERE account_id = " +
           std::to_string(id));
  EXPECT_EQ(s_.sessions->Touch(hash, 3600).status().code(),
            StatusCode::kNotFound);

  // A session that differs in one byte is not this one.
  const std::string second = SessionHash("sessions-2");
  CreateSession(second, id);
  std::string near = second;
  near[31] ^= 1;
  EXPECT_EQ(s_.sessions->Touch(near, 60).status().code(),
            StatusCode::kNotFound);
  EXPECT_TRUE(s_.sessions->Touch(second, 60).ok());
  ASSERT_TRUE(s_.sessions->Revoke(second, Audit("logout")).ok());
  EXPECT_EQ(s_.sessions->Touch(second, 60).status().code(),
            StatusCode::kNotFound);
  EXPECT_TRUE(s_.sessions->Revoke(second, Audit("logout")).ok());
}

TEST_F(StorageTest, DisablingAnAccountRevokesItsSessions) {
  const int64_t id = AddAccount("disabled");
  const std::string hash = SessionHash("disabled-1");
  CreateSession(hash, id);
  ASSERT_TRUE(s_.sessions->Touch(hash, 60).ok());
  ASSERT_TRUE(
      s_.accounts->SetDisabled(id, true, Audit("account.disable")).ok());
  EXPECT_TRUE(s_.accounts->FindById(id)->disabled);
  EXPECT_EQ(s_.sessions->Touch(hash, 60).status().code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(
      s_.accounts->SetDisabled(id, false, Audit("account.enable")).ok());
  EXPECT_FALSE(s_.accounts->FindById(id)->disabled);
  // Re-enabling does not bring revoked sessions back.
  EXPECT_EQ(s_.sessions->Touch(hash, 60).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(s_.accounts->SetDisabled(987654321, true, Audit("x")).code(),
            StatusCode::kNotFound);
}

// --- Rate limits -----------------------------------------------------------

TEST_F(StorageTest, RateLimiterCountsExactlyUnderConcurrency) {
  constexpr int kThreads = 20;
  constexpr int kHits = 10;
  std::vector<std::vector<int>> counts(kThreads);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kHits; ++i) {
        StatusOr<int> hit = s_.limits->Hit("login:ip:198.51.100.9", 3600);
        if (!hit.ok()) {
          errors[t] = hit.status().ToString();
          return;
        }
        counts[t].push_back(*hit);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::vector<int> all;
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(errors[t], "") << "thread " << t;
    all.insert(all.end(), counts[t].begin(), counts[t].end());
  }
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), static_cast<size_t>(kThreads * kHits));
  for (int i = 0; i < kThreads * kHits; ++i) {
    ASSERT_EQ(all[i], i + 1) << "counts are not 1..200 exactly once";
  }
}

// R3: HitWithin counts nothing past a limit, in any bucket, even when many
// callers race: exactly `limit` events are ever counted.
TEST_F(StorageTest, R3_HitWithinCountsNothingPastALimit) {
  const std::vector<LimitCheck> checks = {{"r3:within:first", 3600, 100},
                                          {"r3:within:second", 3600, 2}};
  for (int i = 0; i < 2; ++i) {
    StatusOr<std::optional<size_t>> over = s_.limits->HitWithin(checks);
    ASSERT_TRUE(over.ok()) << over.status().ToString();
    EXPECT_FALSE(over->has_value());
  }
  for (int i = 0; i < 3; ++i) {
    StatusOr<std::optional<size_t>> over = s_.limits->HitWithin(checks);
    ASSERT_TRUE(over.ok()) << over.status().ToString();
    ASSERT_TRUE(over->has_value());
    EXPECT_EQ(**over, 1u);
  }
  // The first bucket was not counted by the refused attempts.
  EXPECT_EQ(*s_.limits->Hit("r3:within:first", 3600), 3);

  constexpr int kThreads = 8;
  constexpr int kTries = 6;
  constexpr int kLimit = 10;
  std::vector<int> counted(kThreads, 0);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kTries; ++i) {
        StatusOr<std::optional<size_t>> over =
            s_.limits->HitWithin({{"r3:race:address", 3600, 1000},
                                  {"r3:race:account", 3600, kLimit}});
        if (!over.ok()) {
          errors[t] = over.status().ToString();
          return;
        }
        if (!over->has_value()) ++counted[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  int total = 0;
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(errors[t], "") << "thread " << t;
    total += counted[t];
  }
  EXPECT_EQ(total, kLimit);
  EXPECT_EQ(*s_.limits->Hit("r3:race:address", 3600), kLimit + 1);
}

// R5: of N concurrent sign-ins with one one-time password, exactly one
// creates its session (the password is spent in the same transaction).
TEST_F(StorageTest, R5_ConcurrentOneTimePasswordSpendsOpenOneSession) {
  NewAccount account = MakeAccount("r5-otp");
  account.must_change_password = true;
  account.temporary_password_hours = 24;
  StatusOr<int64_t> id = s_.accounts->Add(account, Audit("account.add"));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  // A session naming another hash (a newer one-time password) spends
  // nothing.
  NewSession stale;
  stale.id_hash = SessionHash("r5-stale");
  stale.account_id = *id;
  stale.absolute_seconds = 3600;
  stale.one_time_password_hash = "$argon2id$v=19$m=19456,t=2,p=1$b2xk$b2xk";
  EXPECT_EQ(s_.sessions->Create(stale, Audit("login.ok")).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_FALSE(s_.accounts->FindById(*id)->password_expired);

  constexpr int kThreads = 8;
  std::vector<Status> results(kThreads, Status::Ok());
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      NewSession session;
      session.id_hash = SessionHash("r5-" + std::to_string(t));
      session.account_id = *id;
      session.client_ip = "192.0.2.5";
      session.absolute_seconds = 3600;
      session.one_time_password_hash = account.password_hash;
      results[t] = s_.sessions->Create(session, Audit("login.ok"));
    });
  }
  for (std::thread& thread : threads) thread.join();
  int created = 0;
  for (int t = 0; t < kThreads; ++t) {
    if (results[t].ok()) {
      ++created;
    } else {
      EXPECT_EQ(results[t].code(), StatusCode::kFailedPrecondition)
          << results[t].ToString();
    }
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM sessions WHERE account_id = " +
                               std::to_string(*id)),
            1);
  EXPECT_TRUE(s_.accounts->FindById(*id)->password_expired);
  // Spent leaves no window: a losing sign-in whose statement began a moment
  // before the winner's (its NOW(6) earlier than the winner's) must not find
  // the password still live.
  EXPECT_EQ(QueryInt(db(),
                     "SELECT password_expires_at < NOW(6) - INTERVAL 1 DAY "
                     "FROM accounts WHERE id = " +
                         std::to_string(*id)),
            1);
  // Spent: a later sign-in gets no session either.
  NewSession later = stale;
  later.id_hash = SessionHash("r5-later");
  later.one_time_password_hash = account.password_hash;
  EXPECT_EQ(s_.sessions->Create(later, Audit("login.ok")).code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(StorageTest, RateLimiterWindowsAndReset) {
  const std::string key = "login:account:windowed";
  EXPECT_EQ(*s_.limits->Hit(key, 60), 1);
  EXPECT_EQ(*s_.limits->Hit(key, 60), 2);
  EXPECT_EQ(*s_.limits->Hit("login:account:other", 60), 1);
  // The key itself is not stored, only its SHA-256.
  EXPECT_EQ(
      QueryString(db(), "SELECT COUNT(*) FROM rate_limits WHERE bucket = ?",
                  key, true),
      "0");
  // The window ends: the next hit starts a new one.
  Exec(db(),
       "UPDATE rate_limits SET expires_at = NOW(6) - INTERVAL 1 SECOND, "
       "window_start = NOW(6) - INTERVAL 61 SECOND");
  EXPECT_EQ(*s_.limits->Hit(key, 60), 1);
  EXPECT_EQ(*s_.limits->Hit(key, 60), 2);
  ASSERT_TRUE(s_.limits->Reset(key).ok());
  EXPECT_EQ(*s_.limits->Hit(key, 60), 1);
}

TEST_F(StorageTest, RateLimiterHitAllCountsEachKeyInOrder) {
  const std::string a = "hitall:a:" + crypto::NewToken();
  const std::string b = "hitall:b:" + crypto::NewToken();
  EXPECT_EQ(*s_.limits->Hit(a, 60), 1);
  StatusOr<std::vector<int>> counts = s_.limits->HitAll({{a, 60}, {b, 60}});
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(*counts, (std::vector<int>{2, 1}));
  EXPECT_EQ(*s_.limits->HitAll({{b, 60}, {a, 60}}), (std::vector<int>{2, 3}));
  // A bad window writes nothing, for any key.
  EXPECT_FALSE(s_.limits->HitAll({{a, 60}, {b, 0}}).ok());
  EXPECT_EQ(*s_.limits->Hit(a, 60), 4);
}

// HitWithin counts all its keys in two statements: each key keeps its own
// window (one over, one not) and a refusal still counts nothing.
TEST_F(StorageTest, HitWithinKeepsEachKeysOwnWindowInOneBatch) {
  const std::string fresh = "batch:fresh:" + crypto::NewToken();
  const std::string ended = "batch:ended:" + crypto::NewToken();
  const std::string absent = "batch:absent:" + crypto::NewToken();
  ASSERT_TRUE(s_.limits->HitAll({{fresh, 3600}, {ended, 60}}).ok());
  ASSERT_TRUE(s_.limits->HitAll({{fresh, 3600}, {ended, 60}}).ok());
  // Only `ended`'s window (of the two) is over: the one-minute windows.
  Exec(db(),
       "UPDATE rate_limits SET expires_at = NOW(6) - INTERVAL 1 SECOND "
       "WHERE expires_at < NOW(6) + INTERVAL 120 SECOND");
  StatusOr<std::optional<size_t>> over = s_.limits->HitWithin(
      {{fresh, 3600, 3}, {ended, 60, 1}, {absent, 600, 1}});
  ASSERT_TRUE(over.ok()) << over.status().ToString();
  EXPECT_FALSE(over->has_value());
  EXPECT_EQ(*s_.limits->Count(fresh, 3600), 3);
  EXPECT_EQ(*s_.limits->Count(ended, 60), 1);
  EXPECT_EQ(*s_.limits->Count(absent, 600), 1);
  // The second key is over: nothing is counted in any of the three.
  over = s_.limits->HitWithin(
      {{absent, 600, 5}, {ended, 60, 1}, {fresh, 3600, 10}});
  ASSERT_TRUE(over.ok()) << over.status().ToString();
  EXPECT_EQ(*over, std::optional<size_t>(1));
  EXPECT_EQ(*s_.limits->Count(fresh, 3600), 3);
  EXPECT_EQ(*s_.limits->Count(ended, 60), 1);
  EXPECT_EQ(*s_.limits->Count(absent, 600), 1);
}

// A sign-in forgets its failure buckets in the session's own transaction:
// gone once the session exists, kept when the session is refused.
TEST_F(StorageTest, SessionCreateForgetsItsLimitsOnlyWhenCreated) {
  const std::string mine = "forget:ai:" + crypto::NewToken();
  const std::string device = "forget:d:" + crypto::NewToken();
  const std::string other = "forget:other:" + crypto::NewToken();
  ASSERT_TRUE(
      s_.limits->HitAll({{mine, 600}, {device, 600}, {other, 600}}).ok());
  NewAccount account = MakeAccount("forget-otp");
  account.must_change_password = true;
  account.temporary_password_hours = 24;
  StatusOr<int64_t> id = s_.accounts->Add(account, Audit("account.add"));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  NewSession session;
  session.id_hash = SessionHash("forget-refused");
  session.account_id = *id;
  session.absolute_seconds = 3600;
  session.one_time_password_hash = "$argon2id$v=19$m=19456,t=2,p=1$b2xk$b2xk";
  session.forget_limits = {mine, device};
  ASSERT_EQ(s_.sessions->Create(session, Audit("login.ok")).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(*s_.limits->Count(mine, 600), 1);
  EXPECT_EQ(*s_.limits->Count(device, 600), 1);
  session.id_hash = SessionHash("forget-created");
  session.one_time_password_hash = account.password_hash;
  ASSERT_TRUE(s_.sessions->Create(session, Audit("login.ok")).ok());
  EXPECT_EQ(*s_.limits->Count(mine, 600), 0);
  EXPECT_EQ(*s_.limits->Count(device, 600), 0);
  EXPECT_EQ(*s_.limits->Count(other, 600), 1);
}

// --- Outbox ----------------------------------------------------------------

OutboxMessage Mail(const std::string& to, const std::string& text) {
  OutboxMessage message;
  message.recipient = to;
  message.subject = "Réinitialisation";
  message.text = text;
  message.html = "<p>" + text + "</p>";
  return message;
}

// An outcome of row `id` under claim `token`.
OutboxOutcome MakeOutcome(
    int64_t id, const std::string& token,
    OutboxOutcome::Kind kind = OutboxOutcome::Kind::kSent) {
  OutboxOutcome o;
  o.id = id;
  o.claim_token = token;
  o.kind = kind;
  return o;
}

// Claims and marks sent everything due, so each outbox test starts empty.
void Drain(Outbox* outbox) {
  while (true) {
    StatusOr<std::vector<OutboxRow>> rows = outbox->Claim("drain", 100, 60);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    if (rows->empty()) return;
    for (const OutboxRow& row : *rows) {
      ASSERT_TRUE(outbox->MarkSent(row.id, "drain").ok());
    }
  }
}

TEST_F(StorageTest, OutboxKeepsAFlowsSenderAndRowsWithoutOneReadAsBefore) {
  Drain(s_.outbox);
  OutboxMessage flow_mail = Mail("voter@example.org", "Votre identifiant");
  flow_mail.from = "vote@consulaire.example";
  flow_mail.from_name = "Vote consulaire";
  ASSERT_TRUE(s_.outbox->Enqueue(flow_mail).ok());
  ASSERT_TRUE(s_.outbox->Enqueue(Mail("other@example.org", "x")).ok());
  StatusOr<std::vector<OutboxRow>> rows = s_.outbox->Claim("w", 10, 60);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].message.from, "vote@consulaire.example");
  EXPECT_EQ((*rows)[0].message.from_name, "Vote consulaire");
  EXPECT_EQ((*rows)[1].message.from, "");
  EXPECT_EQ((*rows)[1].message.from_name, "");
  for (const OutboxRow& row : *rows) {
    ASSERT_TRUE(s_.outbox->MarkSent(row.id, "w").ok());
  }
}

TEST_F(StorageTest, OutboxPayloadIsEncryptedAndErasedOnceSent) {
  Drain(s_.outbox);
  const std::string secret_link =
      "https://sesame.example/reset?t=SECRETTOKENabcdef";
  OutboxMessage sms;
  sms.kind = OutboxMessage::Kind::kSms;
  sms.recipient = "+33699887766";
  sms.text = "Code 7F3K9Q";
  ASSERT_TRUE(
      s_.outbox
          ->Enqueue(Mail("secret.person@example.org", "Lien : " + secret_link))
          .ok());
  ASSERT_TRUE(s_.outbox->Enqueue(sms).ok());

  int checked = 0;
  Status status = db().Run([&](sql::Connection* conn) {
    std::unique_ptr<sql::Statement> stmt(conn->createStatement());
    std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery(
        "SELECT payload FROM outbox WHERE payload IS NOT NULL"));
    while (rs->next()) {
      const std::string payload = rs->getString(1);
      EXPECT_EQ(payload.find("secret.person"), std::string::npos);
      EXPECT_EQ(payload.find("SECRETTOKEN"), std::string::npos);
      EXPECT_EQ(payload.find("+33699887766"), std::string::npos);
      EXPECT_EQ(payload.find("7F3K9Q"), std::string::npos);
      ++checked;
    }
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(checked, 2);

  StatusOr<std::vector<OutboxRow>> rows = s_.outbox->Claim("w1", 10, 60);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  const OutboxRow& mail = (*rows)[0];
  EXPECT_EQ(mail.message.kind, OutboxMessage::Kind::kMail);
  EXPECT_EQ(mail.message.recipient, "secret.person@example.org");
  EXPECT_EQ(mail.message.text, "Lien : " + secret_link);
  EXPECT_EQ(mail.message.subject, "Réinitialisation");
  EXPECT_EQ(mail.attempts, 0);
  EXPECT_EQ(
      mail.message_id.rfind("<sesame." + std::to_string(mail.id) + ".", 0), 0u)
      << mail.message_id;
  EXPECT_EQ(mail.message_id,
            OutboxMessageId(stores_->outbox_settings(), mail.id));
  EXPECT_EQ((*rows)[1].message.kind, OutboxMessage::Kind::kSms);
  EXPECT_EQ((*rows)[1].message.text, "Code 7F3K9Q");

  // Claimed rows are nobody else's.
  EXPECT_TRUE(s_.outbox->Claim("w2", 10, 60)->empty());
  EXPECT_EQ(s_.outbox->MarkSent(mail.id, "w2").code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(s_.outbox->MarkSent(mail.id, "w1").ok());
  EXPECT_EQ(QueryString(db(), "SELECT payload FROM outbox WHERE id = " +
                                  std::to_string(mail.id)),
            "<null>");
  EXPECT_EQ(s_.outbox->MarkSent(mail.id, "w1").code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(s_.outbox->MarkSent((*rows)[1].id, "w1").ok());
}

TEST_F(StorageTest, ConcurrentWorkersNeverClaimTheSameRow) {
  Drain(s_.outbox);
  constexpr int kMessages = 60;
  for (int i = 0; i < kMessages; ++i) {
    ASSERT_TRUE(s_.outbox
                    ->Enqueue(Mail("user" + std::to_string(i) + "@example.org",
                                   "message " + std::to_string(i)))
                    .ok());
  }
  constexpr int kWorkers = 4;
  std::vector<std::vector<int64_t>> claimed(kWorkers);
  std::vector<std::string> errors(kWorkers);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWorkers; ++w) {
    threads.emplace_back([&, w] {
      const std::string worker = "worker-" + std::to_string(w);
      while (true) {
        StatusOr<std::vector<OutboxRow>> rows = s_.outbox->Claim(worker, 3, 60);
        if (!rows.ok()) {
          errors[w] = rows.status().ToString();
          return;
        }
        if (rows->empty()) return;
        for (const OutboxRow& row : *rows) {
          claimed[w].push_back(row.id);
          Status sent = s_.outbox->MarkSent(row.id, worker);
          if (!sent.ok()) errors[w] = sent.ToString();
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::multiset<int64_t> all;
  for (int w = 0; w < kWorkers; ++w) {
    EXPECT_EQ(errors[w], "") << "worker " << w;
    all.insert(claimed[w].begin(), claimed[w].end());
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kMessages));
  EXPECT_EQ(std::set<int64_t>(all.begin(), all.end()).size(), all.size())
      << "a row was claimed twice";
}

// One Record writes a batch's outcomes, whatever their mix, and the send
// failures they count; a lost claim (its token replaced) writes nothing.
TEST_F(StorageTest, OutboxRecordWritesMixedOutcomesOfABatch) {
  Drain(s_.outbox);
  Exec(db(), "DELETE FROM send_failures");
  for (int i = 0; i < 5; ++i) {
    OutboxMessage m = Mail("batch" + std::to_string(i) + "@example.org", "x");
    m.ttl_seconds = 60;
    ASSERT_TRUE(s_.outbox->Enqueue(m).ok());
  }
  StatusOr<std::vector<OutboxRow>> rows = s_.outbox->Claim("w", 10, 60);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 5u);
  const std::string token = (*rows)[0].claim_token;
  ASSERT_EQ(token.size(), 16u);
  for (const OutboxRow& row : *rows) EXPECT_EQ(row.claim_token, token);
  auto outcome = [&](int i, OutboxOutcome::Kind kind, int delay = 0) {
    OutboxOutcome o;
    o.id = (*rows)[i].id;
    o.claim_token = token;
    o.kind = kind;
    o.delay_seconds = delay;
    if (kind == OutboxOutcome::Kind::kRetry) {
      o.error = "451 later " + std::to_string(i);
      o.channel = "mail";
      o.cause = "unavailable";
    }
    return o;
  };
  std::vector<OutboxOutcome> outcomes = {
      outcome(0, OutboxOutcome::Kind::kSent),
      outcome(1, OutboxOutcome::Kind::kSent),
      outcome(2, OutboxOutcome::Kind::kRetry, 10),
      outcome(3, OutboxOutcome::Kind::kRetry, 120),  // past its expiry
      outcome(4, OutboxOutcome::Kind::kReleased)};
  // A lost claim: another token, or another worker, writes nothing.
  OutboxOutcome stale = outcomes[0];
  stale.claim_token = crypto::RandomBytes(16);
  EXPECT_EQ(*s_.outbox->Record("w", {stale}), 0);
  EXPECT_EQ(*s_.outbox->Record("other", {outcomes[0]}), 0);

  StatusOr<int> recorded = s_.outbox->Record("w", outcomes);
  ASSERT_TRUE(recorded.ok()) << recorded.status().ToString();
  EXPECT_EQ(*recorded, 5);
  auto row = [&](int i, const std::string& what) {
    return QueryString(db(), "SELECT " + what + " FROM outbox WHERE id = " +
                                 std::to_string((*rows)[i].id));
  };
  for (int i : {0, 1}) {
    EXPECT_EQ(row(i,
                  "CONCAT(sent_at IS NOT NULL, failed_at IS NULL, "
                  "payload IS NULL, attempts, claim_token IS NULL)"),
              "11111");
  }
  EXPECT_EQ(row(2,
                "CONCAT(sent_at IS NULL, failed_at IS NULL, "
                "payload IS NOT NULL, attempts, "
                "next_attempt_at > NOW(6) + INTERVAL 5 SECOND)"),
            "11111");
  EXPECT_EQ(row(2, "last_error"), "451 later 2");
  EXPECT_EQ(row(3,
                "CONCAT(sent_at IS NULL, failed_at IS NOT NULL, "
                "payload IS NULL, attempts)"),
            "1111");
  EXPECT_EQ(row(4,
                "CONCAT(sent_at IS NULL, failed_at IS NULL, "
                "payload IS NOT NULL, attempts, claimed_by IS NULL, "
                "next_attempt_at <= NOW(6))"),
            "111011");
  EXPECT_EQ(QueryString(db(),
                        "SELECT count FROM send_failures WHERE "
                        "channel = 'mail' AND cause = 'unavailable'"),
            "2");
  // Written once: the same outcomes again change nothing.
  EXPECT_EQ(*s_.outbox->Record("w", outcomes), 0);
  // The released row is due again at once.
  rows = s_.outbox->Claim("w2", 10, 60);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].message.recipient, "batch4@example.org");
  EXPECT_EQ(*s_.outbox->Record(
                "w2", {MakeOutcome((*rows)[0].id, (*rows)[0].claim_token)}),
            1);
}

// Batches larger than one statement's rows are recorded whole.
TEST_F(StorageTest, OutboxRecordsABatchLargerThanOneStatement) {
  Drain(s_.outbox);
  constexpr int kRows = 700;
  for (int i = 0; i < kRows; ++i) {
    ASSERT_TRUE(s_.outbox->Enqueue(Mail("big@example.org", "x")).ok());
  }
  StatusOr<std::vector<OutboxRow>> rows = s_.outbox->Claim("w", 1000, 60);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), static_cast<size_t>(kRows));
  std::vector<OutboxOutcome> outcomes;
  for (const OutboxRow& r : *rows) {
    outcomes.push_back(MakeOutcome(r.id, r.claim_token));
  }
  EXPECT_EQ(*s_.outbox->Record("w", outcomes), kRows);
  EXPECT_EQ(QueryInt(db(),
                     "SELECT COUNT(*) FROM outbox WHERE sent_at IS "
                     "NULL AND failed_at IS NULL AND id >= " +
                         std::to_string((*rows)[0].id)),
            0);
}

// Workers claiming and recording batches at once: every row is claimed
// once and recorded sent once.
TEST_F(StorageTest, ConcurrentWorkersRecordEachRowOnce) {
  Drain(s_.outbox);
  constexpr int kMessages = 120;
  for (int i = 0; i < kMessages; ++i) {
    ASSERT_TRUE(s_.outbox
                    ->Enqueue(Mail("r" + std::to_string(i) + "@example.org",
                                   "message " + std::to_string(i)))
                    .ok());
  }
  constexpr int kWorkers = 4;
  std::vector<int> recorded(kWorkers, 0);
  std::vector<std::string> errors(kWorkers);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWorkers; ++w) {
    threads.emplace_back([&, w] {
      const std::string worker = "rworker-" + std::to_string(w);
      while (true) {
        StatusOr<std::vector<OutboxRow>> rows = s_.outbox->Claim(worker, 5, 60);
        if (!rows.ok()) {
          errors[w] = rows.status().ToString();
          return;
        }
        if (rows->empty()) return;
        std::vector<OutboxOutcome> outcomes;
        for (const OutboxRow& row : *rows) {
          outcomes.push_back(MakeOutcome(row.id, row.claim_token));
        }
        StatusOr<int> n = s_.outbox->Record(worker, outcomes);
        if (!n.ok()) {
          errors[w] = n.status().ToString();
          return;
        }
        recorded[w] += *n;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  int total = 0;
  for (int w = 0; w < kWorkers; ++w) {
    EXPECT_EQ(errors[w], "") << "worker " << w;
    total += recorded[w];
  }
  EXPECT_EQ(total, kMessages);
  EXPECT_EQ(QueryInt(db(),
                     "SELECT COUNT(*) FROM outbox WHERE attempts <> 1 "
                     "AND sent_at IS NOT NULL AND id > (SELECT "
                     "MAX(id) - " +
                         std::to_string(kMessages) + " FROM outbox)"),
            0);
}

TEST_F(StorageTest, RetryPastExpiryFailsTheRowAndErasesItsPayload) {
  Drain(s_.outbox);
  OutboxMessage message = Mail("retry@example.org", "try again");
  message.ttl_seconds = 60;
  ASSERT_TRUE(s_.outbox->Enqueue(message).ok());
  StatusOr<std::vector<OutboxRow>> rows = s_.outbox->Claim("w", 10, 60);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  const int64_t id = (*rows)[0].id;
  const std::string where = " FROM outbox WHERE id = " + std::to_string(id);

  // A retry inside the lifetime: scheduled later, payload kept, released.
  ASSERT_TRUE(s_.outbox->MarkRetry(id, "w", 10, "421 try later").ok());
  EXPECT_EQ(QueryString(db(), "SELECT failed_at IS NULL" + where), "1");
  EXPECT_EQ(QueryString(db(), "SELECT payload IS NOT NULL" + where), "1");
  EXPECT_EQ(QueryString(db(), "SELECT attempts" + where), "1");
  EXPECT_EQ(QueryString(db(), "SELECT last_error" + where), "421 try later");
  EXPECT_TRUE(s_.outbox->Claim("w", 10, 60)->empty());  // not due yet
  Exec(db(), "UPDATE outbox SET next_attempt_at = NOW(6)" +
                 where.substr(std::string(" FROM outbox").size()));
  rows = s_.outbox->Claim("w", 10, 60);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].attempts, 1);

  // A retry that would land after expiry: failed, payload gone.
  ASSERT_TRUE(s_.outbox->MarkRetry(id, "w", 120, "timeout").ok());
  EXPECT_EQ(QueryString(db(), "SELECT failed_at IS NOT NULL" + where), "1");
  EXPECT_EQ(QueryString(db(), "SELECT payload" + where), "<null>");
  EXPECT_EQ(s_.outbox->MarkRetry(id, "w", 1, "again").code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(StorageTest, ExpiredRowsAreNotClaimedAndLoseTheirPayload) {
  Drain(s_.outbox);
  ASSERT_TRUE(s_.outbox->Enqueue(Mail("late@example.org", "too late")).ok());
  const std::string id = QueryString(db(), "SELECT MAX(id) FROM outbox");
  Exec(db(),
       "UPDATE outbox SET expires_at = NOW(6) - INTERVAL 1 SECOND "
       "WHERE id = " +
           id);
  EXPECT_TRUE(s_.outbox->Claim("w", 10, 60)->empty());
  const std::string where = " FROM outbox WHERE id = " + id;
  EXPECT_EQ(QueryString(db(), "SELECT payload" + where), "<null>");
  EXPECT_EQ(QueryString(db(), "SELECT last_error" + where), "expired");
  EXPECT_EQ(QueryString(db(), "SELECT failed_at IS NOT NULL" + where), "1");
}

// --- Audit -----------------------------------------------------------------

TEST_F(StorageTest, AuditChainVerifiesAndDetectsTampering) {
  for (int i = 0; i < 5; ++i) {
    AuditEvent event = Audit("test.event", "detail " + std::to_string(i));
    if (i % 2 == 0) event.account_id = i;
    ASSERT_TRUE(s_.audit->Append(event).ok());
  }
  // Over-long and invalid text is cut and cleaned, not refused.
  ASSERT_TRUE(
      s_.audit->Append(Audit("test.long", std::string(400, 'x') + "\xFF"))
          .ok());
  StatusOr<AuditReport> verified = s_.audit->Verify(std::nullopt);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  const int64_t rows = QueryInt(db(), "SELECT COUNT(*) FROM audit_log");
  EXPECT_EQ(verified->rows, rows);
  EXPECT_GE(rows, 6);

  const std::string target =
      QueryString(db(),
                  "SELECT MIN(id) FROM audit_log WHERE detail = "
                  "'detail 2'");
  const std::string original =
      QueryString(db(), "SELECT detail FROM audit_log WHERE id = " + target);
  Exec(db(), "UPDATE audit_log SET detail = 'detail 9' WHERE id = " + target);
  StatusOr<AuditReport> tampered = s_.audit->Verify(std::nullopt);
  EXPECT_EQ(tampered.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(tampered.status().message().find("row " + target),
            std::string::npos)
      << tampered.status().message();
  Exec(db(),
       "UPDATE audit_log SET detail = '" + original + "' WHERE id = " + target);
  EXPECT_TRUE(s_.audit->Verify(std::nullopt).ok());

  // Deleting the last row is seen too (the head remembers it).
  const std::string last = QueryString(db(), "SELECT MAX(id) FROM audit_log");
  Exec(db(),
       "CREATE TEMPORARY TABLE audit_keep AS SELECT * FROM audit_log "
       "WHERE id = " +
           last);
  Exec(db(), "DELETE FROM audit_log WHERE id = " + last);
  EXPECT_EQ(s_.audit->Verify(std::nullopt).status().code(),
            StatusCode::kFailedPrecondition);
  Exec(db(), "INSERT INTO audit_log SELECT * FROM audit_keep");
  Exec(db(), "DROP TEMPORARY TABLE audit_keep");
  EXPECT_TRUE(s_.audit->Verify(std::nullopt).ok());
}

// --- Connections -----------------------------------------------------------

TEST_F(StorageTest, KilledConnectionIsReplacedOnTheNextCall) {
  ASSERT_TRUE(s_.health->Ping().ok());
  const std::string before = QueryString(db(), "SELECT CONNECTION_ID()");
  Exec(scratch_->admin(), "KILL " + before);
  // The first statement finds the connection dead; a fresh one takes over.
  Status ping = s_.health->Ping();
  EXPECT_TRUE(ping.ok()) << ping.ToString();
  const std::string after = QueryString(db(), "SELECT CONNECTION_ID()");
  EXPECT_NE(before, after);
  EXPECT_EQ(s_.accounts->FindByLogin("nobody-here").status().code(),
            StatusCode::kNotFound);
  // Same for a transaction: START TRANSACTION fails, nothing was done, the
  // whole function runs on a new connection.
  Exec(scratch_->admin(), "KILL " + after);
  StatusOr<int> hit = s_.limits->Hit("after-kill", 60);
  ASSERT_TRUE(hit.ok()) << hit.status().ToString();
  EXPECT_EQ(*hit, 1);
  EXPECT_NE(QueryString(db(), "SELECT CONNECTION_ID()"), after);
}

TEST_F(StorageTest, TransactRetriesDeadlocksFourTimesInAll) {
  int calls = 0;
  Status status = db().Transact([&](sql::Connection*) -> Status {
    ++calls;
    throw sql::SQLException("Deadlock found", "40001", 1213);
  });
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);

  calls = 0;
  status = db().Transact([&](sql::Connection* conn) -> Status {
    if (++calls < 3) throw sql::SQLException("Deadlock found", "40001", 1213);
    std::unique_ptr<sql::Statement> stmt(conn->createStatement());
    std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery("SELECT 1"));
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(calls, 3);
}

TEST_F(StorageTest, TransactMapsErrorsWithoutLeakingTheirText) {
  Status status = db().Transact([](sql::Connection*) -> Status {
    throw sql::SQLException("Duplicate entry 'very-secret-value' for key",
                            "23000", 1062);
  });
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_EQ(status.message().find("very-secret"), std::string::npos);
  EXPECT_NE(status.message().find("1062"), std::string::npos);

  // A connection lost in the middle of a transaction, before COMMIT, is
  // replaced and the transaction run again (the server rolled it back), up
  // to four tries in all.
  const std::string before = QueryString(db(), "SELECT CONNECTION_ID()");
  int calls = 0;
  status = db().Transact([&](sql::Connection*) -> Status {
    ++calls;
    throw sql::SQLException("Lost connection", "HY000", 2013);
  });
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_EQ(status.message(), "database unavailable");
  EXPECT_NE(QueryString(db(), "SELECT CONNECTION_ID()"), before);

  // A Status from the function rolls back what it wrote.
  status = db().Transact([](sql::Connection* conn) {
    std::unique_ptr<sql::Statement> stmt(conn->createStatement());
    stmt->execute("DELETE FROM audit_head");
    return Status::FailedPrecondition("changed my mind");
  });
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM audit_head"), 1);
}

TEST_F(StorageTest, PurgeRemovesExpiredRows) {
  const int64_t id = AddAccount("purged");
  const std::string dead = SessionHash("purged-dead");
  const std::string alive = SessionHash("purged-alive");
  CreateSession(dead, id);
  CreateSession(alive, id);
  Exec(db(),
       "UPDATE sessions SET expires_at = NOW(6) - INTERVAL 1 SECOND "
       "WHERE id_hash = UNHEX('" +
           crypto::HexEncode(dead) + "')");
  ASSERT_TRUE(s_.limits->Hit("purge:key", 60).ok());
  Exec(db(), "UPDATE rate_limits SET expires_at = NOW(6) - INTERVAL 1 SECOND");
  StatusOr<int> purged = PurgeExpired(db());
  ASSERT_TRUE(purged.ok()) << purged.status().ToString();
  EXPECT_GE(*purged, 2);
  EXPECT_EQ(QueryInt(db(),
                     "SELECT COUNT(*) FROM sessions WHERE id_hash = "
                     "UNHEX('" +
                         crypto::HexEncode(dead) + "')"),
            0);
  EXPECT_TRUE(s_.sessions->Touch(alive, 600).ok());
  EXPECT_EQ(QueryInt(db(), "SELECT COUNT(*) FROM rate_limits"), 0);
}

// Needs no server: the database is simply not there.
TEST(StorageUnreachableTest, OpenGivesUnavailableNamingTheSocket) {
  Config config;
  config.database.socket = "/nonexistent/sesame-test/mysqld.sock";
  config.database.user = "sesame";
  config.database.password = "hunter2-do-not-print";
  config.database.name = "sesame";
  config.database.connect_timeout_seconds = 2;
  config.security.secret_key = std::string(32, 'k');
  StatusOr<std::unique_ptr<MysqlStores>> opened = MysqlStores::Open(config);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(opened.status().message().find(config.database.socket),
            std::string::npos)
      << opened.status().message();
  EXPECT_EQ(opened.status().message().find("hunter2"), std::string::npos);

  MysqlDatabase db(config.database);
  MysqlAccountStore accounts(&db, nullptr);
  EXPECT_EQ(accounts.FindByLogin("demo").status().code(),
            StatusCode::kUnavailable);
  const OutboxSettings settings = OutboxSettings::FromConfig(config);
  MysqlRateLimiter limits(&db, &settings);
  EXPECT_EQ(limits.Hit("k", 60).status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace sesame
