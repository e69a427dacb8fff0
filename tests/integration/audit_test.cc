// The audit chain against a real server: what someone who can write the
// audit tables but does not hold the server key can and cannot hide (R8),
// what an anchor kept elsewhere adds, and the move from the unkeyed chain
// of databases made before migration 007. Same setup as storage_test.cc:
// its own scratch database, skipped without SESAME_TEST_CONFIG.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/log.h"
#include "crypto/crypto.h"
#include "integration/scratch_database.h"
#include "integration/test_env.h"
#include "storage/mysql/in_transaction.h"
#include "storage/mysql/migrator.h"
#include "storage/mysql/mysql_database.h"
#include "storage/mysql/mysql_stores.h"

namespace sesame {
namespace {

using ::sesame::testing::Exec;
using ::sesame::testing::QueryInt;
using ::sesame::testing::QueryString;

constexpr char kAuditPrefix[] = "sesame_test_audit";

// prev_hash, canonical row -> MAC.
using MacFunction =
    std::function<std::string(const std::string&, const std::string&)>;

std::string Sha256Link(const std::string& prev, const std::string& canonical) {
  return crypto::Sha256(prev + canonical);
}

AuditEvent Event(const std::string& name, std::optional<int64_t> account_id) {
  AuditEvent event;
  event.event = name;
  event.account_id = account_id;
  event.client_ip = "198.51.100.7";
  event.detail = "";
  return event;
}

// What someone who rewrote rows does next: recomputes every link from row
// `from` on with `mac`, sets their chain column to `chain` when given, and
// moves the head to the last row.
void Rechain(MysqlDatabase& db, int64_t from, const MacFunction& mac,
             std::optional<int> chain) {
  Status status = db.Run([&](sql::Connection* conn) {
    std::string running(32, '\0');
    if (from > 1) {
      auto prev = Prepare(conn, "SELECT hash FROM audit_log WHERE id = ?");
      prev->setInt64(1, from - 1);
      std::unique_ptr<sql::ResultSet> rs(prev->executeQuery());
      if (!rs->next()) return Status::NotFound("no row before");
      running = rs->getString(1);
    }
    struct Row {
      int64_t id;
      std::string canonical;
    };
    std::vector<Row> rows;
    {
      auto select = Prepare(
          conn,
          "SELECT id, DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f'), account_id, "
          "event, client_ip, detail FROM audit_log WHERE id >= ? ORDER BY id");
      select->setInt64(1, from);
      std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
      while (rs->next()) {
        std::optional<int64_t> account_id;
        if (!rs->isNull(3)) account_id = rs->getInt64(3);
        rows.push_back({rs->getInt64(1),
                        AuditCanonical(rs->getInt64(1), rs->getString(2),
                                       account_id, rs->getString(4),
                                       rs->getString(5), rs->getString(6))});
      }
    }
    int64_t last_id = from - 1;
    for (const Row& row : rows) {
      const std::string hash = mac(running, row.canonical);
      auto update = Prepare(conn,
                            "UPDATE audit_log SET prev_hash = ?, hash = ?, "
                            "chain = COALESCE(?, chain) WHERE id = ?");
      update->setString(1, running);
      update->setString(2, hash);
      if (chain) {
        update->setInt(3, *chain);
      } else {
        update->setNull(3, 0);
      }
      update->setInt64(4, row.id);
      update->executeUpdate();
      running = hash;
      last_id = row.id;
    }
    auto head = Prepare(
        conn, "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1");
    head->setInt64(1, last_id);
    head->setString(2, running);
    head->executeUpdate();
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
}

class AuditChainTest
    : public ::sesame::testing::ScratchDatabaseTest<kAuditPrefix> {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // Each test starts from an empty chain.
    Exec(db(), "DELETE FROM audit_log");
    Exec(db(),
         "UPDATE audit_head SET last_id = 0, "
         "last_hash = UNHEX(REPEAT('00', 32)), keyed_from = NULL");
  }

  void AppendEvents(int n) {
    for (int i = 0; i < n; ++i) {
      Status status =
          s_.audit->Append(Event(i % 2 ? "login.ok" : "login.fail", 100 + i));
      ASSERT_TRUE(status.ok()) << status.ToString();
    }
  }

  AuditReport VerifyOk(const std::optional<AuditAnchor>& anchor) {
    StatusOr<AuditReport> report = s_.audit->Verify(anchor);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : AuditReport();
  }

  std::string VerifyFails() {
    StatusOr<AuditReport> report = s_.audit->Verify(std::nullopt);
    EXPECT_EQ(report.status().code(), StatusCode::kFailedPrecondition)
        << (report.ok() ? "verified " + std::to_string(report->rows) + " rows"
                        : report.status().ToString());
    return report.status().message();
  }
};

// Rewriting a row's event and recomputing the SHA-256 chain after it (all
// that the unkeyed chain needed) no longer verifies: the keyed rows' MACs
// need the server key.
TEST_F(AuditChainTest, R8_RewrittenRowWithRecomputedSha256ChainFailsVerify) {
  AppendEvents(6);
  const AuditReport before = VerifyOk(std::nullopt);
  EXPECT_EQ(before.rows, 7);  // the « audit.keyed » row, then the six
  EXPECT_EQ(before.keyed_from, 1);
  EXPECT_EQ(QueryString(db(), "SELECT event FROM audit_log WHERE id = 1"),
            kAuditKeyedEvent);

  // A failed sign-in (row 4) becomes a successful one.
  ASSERT_EQ(QueryString(db(), "SELECT event FROM audit_log WHERE id = 4"),
            "login.fail");
  Exec(db(), "UPDATE audit_log SET event = 'login.ok' WHERE id = 4");
  Rechain(db(), 4, Sha256Link, std::nullopt);
  EXPECT_NE(VerifyFails().find("row 4"), std::string::npos);
  // Marked as unkeyed rows too: still refused.
  Rechain(db(), 4, Sha256Link, kAuditChainSha256);
  EXPECT_NE(VerifyFails().find("row 4"), std::string::npos);

  // The whole chain recomputed as SHA-256, the keyed start renamed: the
  // chain has no keyed start any more, which verify refuses.
  Exec(db(), "UPDATE audit_log SET event = 'login.ok' WHERE id = 1");
  Rechain(db(), 1, Sha256Link, kAuditChainSha256);
  EXPECT_NE(VerifyFails().find("audit.keyed"), std::string::npos);
  // Or kept, with a SHA-256 in place of its HMAC.
  Exec(db(), "UPDATE audit_log SET event = 'audit.keyed' WHERE id = 1");
  Rechain(db(), 1, Sha256Link, std::nullopt);
  EXPECT_NE(VerifyFails().find("row 1"), std::string::npos);

  // Only the key's holder can make a valid chain: with it, the rewritten
  // history verifies (which is what the anchor is for, below).
  const std::string key = stores_->outbox_settings().audit_key;
  Rechain(
      db(), 1,
      [&](const std::string& prev, const std::string& canonical) {
        return crypto::HmacSha256(key, prev + canonical);
      },
      kAuditChainHmac);
  EXPECT_EQ(VerifyOk(std::nullopt).rows, 7);
}

// Removing the last rows and moving the head back leaves a chain that
// verifies; the anchor taken before says what is missing. A rewrite by
// someone holding the key is caught the same way.
TEST_F(AuditChainTest, R8_AnchorCatchesTruncationAndRewrite) {
  AppendEvents(4);
  const AuditAnchor early = VerifyOk(std::nullopt).head;
  EXPECT_EQ(early.id, 5);
  AppendEvents(3);
  const AuditAnchor head = VerifyOk(std::nullopt).head;
  EXPECT_EQ(head.id, 8);
  EXPECT_EQ(VerifyOk(head).anchor_problem, "");
  EXPECT_EQ(VerifyOk(early).anchor_problem, "");
  EXPECT_EQ(VerifyOk(AuditAnchor{0, std::string(32, '\0')}).anchor_problem, "");

  // The tail goes, the head points at row 5 again.
  Exec(db(), "DELETE FROM audit_log WHERE id > 5");
  Exec(db(), "UPDATE audit_head SET last_id = 5, last_hash = UNHEX('" +
                 crypto::HexEncode(early.mac) + "')");
  const AuditReport truncated = VerifyOk(head);
  EXPECT_EQ(truncated.rows, 5);  // without the anchor nothing shows
  EXPECT_NE(truncated.anchor_problem.find("ends at row 5"), std::string::npos)
      << truncated.anchor_problem;
  EXPECT_EQ(VerifyOk(early).anchor_problem, "");

  // A row rewritten before the anchor, the chain recomputed with the key.
  Exec(db(), "UPDATE audit_log SET event = 'login.ok' WHERE id = 2");
  const std::string key = stores_->outbox_settings().audit_key;
  Rechain(
      db(), 2,
      [&](const std::string& prev, const std::string& canonical) {
        return crypto::HmacSha256(key, prev + canonical);
      },
      std::nullopt);
  const AuditReport rewritten = VerifyOk(early);
  EXPECT_NE(rewritten.anchor_problem.find("row 5 does not have the anchor's"),
            std::string::npos)
      << rewritten.anchor_problem;
}

// Moving the head back (serve's user may update audit_head) or inserting
// a row past it (it may insert) would hide rows from a walk that stops at
// the head: both are seen.
TEST_F(AuditChainTest, R8_RowsPastTheHeadAreSeen) {
  AppendEvents(3);
  const std::string row3 =
      QueryString(db(), "SELECT HEX(hash) FROM audit_log WHERE id = 3");
  Exec(db(),
       "UPDATE audit_head SET last_id = 3, last_hash = UNHEX('" + row3 + "')");
  EXPECT_NE(VerifyFails().find("row 4 lies past the head (row 3)"),
            std::string::npos);
  Exec(db(), "DELETE FROM audit_log WHERE id = 4");
  EXPECT_EQ(VerifyOk(std::nullopt).rows, 3);
  Exec(db(),
       "INSERT INTO audit_log (id, at, event, prev_hash, hash, chain) "
       "VALUES (9, NOW(6), 'login.ok', UNHEX(REPEAT('00', 32)), "
       "UNHEX(REPEAT('00', 32)), 2)");
  EXPECT_NE(VerifyFails().find("row 9 lies past the head"), std::string::npos);
}

// A database made before 007 keeps its SHA-256 rows: `sesame migrate`
// writes the « audit.keyed » row after them, verify checks them as SHA-256
// up to it and as HMAC after it, and they can no longer be rewritten (the
// keyed row's MAC covers the last of them). An older sesame can no longer
// append once 007 ran.
TEST_F(AuditChainTest, R8_RowsBeforeMigration007StaySha256UpToTheKeyedRow) {
  namespace fs = std::filesystem;
  const std::string name =
      ::sesame::testing::PerProcessName("sesame_test_m007");
  const fs::path dir = fs::temp_directory_path() /
                       ::sesame::testing::PerProcessName("sesame_sql_006");
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
  const std::string sql_dir = ::sesame::testing::SourceDir() + "/sql";
  for (const fs::directory_entry& entry : fs::directory_iterator(sql_dir)) {
    const std::string file = entry.path().filename().string();
    if (file.size() > 4 && file.compare(0, 3, "007") < 0) {
      fs::copy_file(entry.path(), dir / file);
    }
  }
  Config config = scratch_->config();
  config.database.name = name;
  StatusOr<std::unique_ptr<MysqlStores>> opened = MysqlStores::Open(config);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  MysqlDatabase& old_db = (*opened)->db();
  std::ostringstream log;
  ASSERT_TRUE(Migrate(old_db, dir.string(), log).ok()) << log.str();

  // Three rows as sesame wrote them before 007.
  std::string running(32, '\0');
  const std::string at = "2024-01-02 03:04:05.000000";
  for (int64_t id = 1; id <= 3; ++id) {
    const std::string detail = "old " + std::to_string(id);
    const std::string hash = Sha256Link(
        running,
        AuditCanonical(id, at, std::nullopt, "login.fail", "", detail));
    Exec(old_db,
         "INSERT INTO audit_log (id, at, event, detail, prev_hash, "
         "hash) VALUES (" +
             std::to_string(id) + ", '" + at + "', 'login.fail', '" + detail +
             "', UNHEX('" + crypto::HexEncode(running) + "'), UNHEX('" +
             crypto::HexEncode(hash) + "'))");
    running = hash;
  }
  Exec(old_db, "UPDATE audit_head SET last_id = 3, last_hash = UNHEX('" +
                   crypto::HexEncode(running) + "')");

  ASSERT_TRUE(Migrate(old_db, sql_dir, log).ok()) << log.str();
  StatusOr<int64_t> keyed = (*opened)->audit_log().KeyChain();
  ASSERT_TRUE(keyed.ok()) << keyed.status().ToString();
  EXPECT_EQ(*keyed, 4);
  EXPECT_EQ(*(*opened)->audit_log().KeyChain(), 0);  // once only
  AuditLog* audit = (*opened)->stores().audit;
  ASSERT_TRUE(audit->Append(Event("login.ok", 7)).ok());
  StatusOr<AuditReport> report = audit->Verify(std::nullopt);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->rows, 5);
  EXPECT_EQ(report->keyed_from, 4);
  EXPECT_EQ(QueryString(old_db,
                        "SELECT GROUP_CONCAT(chain ORDER BY id) "
                        "FROM audit_log"),
            "1,1,1,2,2");

  // What an older sesame still running would append: refused.
  Status old_append = old_db.Run([](sql::Connection* conn) {
    std::unique_ptr<sql::Statement> stmt(conn->createStatement());
    stmt->execute(
        "INSERT INTO audit_log (id, at, event, prev_hash, hash) VALUES (6, "
        "NOW(6), 'login.ok', UNHEX(REPEAT('00', 32)), "
        "UNHEX(REPEAT('00', 32)))");
    return Status::Ok();
  });
  EXPECT_FALSE(old_append.ok());

  // An old row rewritten, its SHA-256 links recomputed up to the keyed
  // row: that row's prev_hash no longer matches, and when it is changed
  // too, its HMAC does not.
  Exec(old_db, "UPDATE audit_log SET event = 'login.ok' WHERE id = 2");
  Status rewrite = old_db.Run([&](sql::Connection* conn) {
    std::string prev(32, '\0');
    for (int64_t id = 1; id <= 3; ++id) {
      const std::string detail = "old " + std::to_string(id);
      const std::string hash =
          Sha256Link(prev, AuditCanonical(id, at, std::nullopt,
                                          id == 2 ? "login.ok" : "login.fail",
                                          "", detail));
      auto update = Prepare(
          conn, "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?");
      update->setString(1, prev);
      update->setString(2, hash);
      update->setInt64(3, id);
      update->executeUpdate();
      prev = hash;
    }
    auto keyed_row =
        Prepare(conn, "UPDATE audit_log SET prev_hash = ? WHERE id = 4");
    keyed_row->setString(1, prev);
    keyed_row->executeUpdate();
    return Status::Ok();
  });
  ASSERT_TRUE(rewrite.ok()) << rewrite.ToString();
  report = audit->Verify(std::nullopt);
  EXPECT_EQ(report.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(report.status().message().find("row 4"), std::string::npos)
      << report.status().message();
}

}  // namespace
}  // namespace sesame

namespace sesame {
namespace {

// Rows appended while a request is served carry nginx's request id, and
// their MAC covers it: rows without one (NULL) verify as before, and
// adding, changing or removing an id breaks the row.
TEST_F(AuditChainTest, RequestIdIsStoredAndCoveredByTheMac) {
  AppendEvents(1);  // the « audit.keyed » row and one without a request id
  {
    RequestIdScope scope("0123456789abcdef0123456789abcdef");
    AppendEvents(1);
  }
  AppendEvents(1);
  EXPECT_EQ(VerifyOk(std::nullopt).rows, 4);
  EXPECT_EQ(QueryString(db(),
                        "SELECT COALESCE(request_id, '-') FROM "
                        "audit_log WHERE id = 2"),
            "-");
  EXPECT_EQ(QueryString(db(), "SELECT request_id FROM audit_log WHERE id = 3"),
            "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(QueryString(db(),
                        "SELECT COALESCE(request_id, '-') FROM "
                        "audit_log WHERE id = 4"),
            "-");

  Exec(db(), "UPDATE audit_log SET request_id = 'ffff' WHERE id = 3");
  EXPECT_NE(VerifyFails().find("row 3"), std::string::npos);
  Exec(db(), "UPDATE audit_log SET request_id = NULL WHERE id = 3");
  EXPECT_NE(VerifyFails().find("row 3"), std::string::npos);
  Exec(db(),
       "UPDATE audit_log SET request_id = '0123456789abcdef0123456789abcdef' "
       "WHERE id = 3");
  EXPECT_EQ(VerifyOk(std::nullopt).rows, 4);
  // An id added to a row written without one.
  Exec(db(), "UPDATE audit_log SET request_id = 'abcd' WHERE id = 2");
  EXPECT_NE(VerifyFails().find("row 2"), std::string::npos);
}

// A row without a request id has the canonical bytes rows had before
// migration 012: the request id is one more field only when set.
TEST(AuditCanonicalTest, RequestIdIsAFieldOnlyWhenSet) {
  const std::string old_row =
      AuditCanonical(7, "2026-01-01 00:00:00.000000", 3, "login.ok", "", "d");
  EXPECT_EQ(AuditCanonical(7, "2026-01-01 00:00:00.000000", 3, "login.ok", "",
                           "d", ""),
            old_row);
  EXPECT_EQ(AuditCanonical(7, "2026-01-01 00:00:00.000000", 3, "login.ok", "",
                           "d", "abc"),
            old_row + "3:abc,");
}

}  // namespace
}  // namespace sesame
