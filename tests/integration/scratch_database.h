// ScratchDatabase: a throwaway database on the test MariaDB (the one
// SESAME_TEST_CONFIG points at, as SESAME_TEST_DB_ADMIN_USER with the
// password in SESAME_TEST_DB_ADMIN_PASSWORD_FILE when they are set),
// created, migrated with the real sql/ files, opened as MysqlStores, and
// dropped at the end. For integration-test fixtures: call Create() in
// SetUpTestSuite and delete it in TearDownTestSuite.
#ifndef SESAME_TESTS_INTEGRATION_SCRATCH_DATABASE_H_
#define SESAME_TESTS_INTEGRATION_SCRATCH_DATABASE_H_

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "core/config.h"
#include "flows/flows.h"
#include "integration/test_env.h"
#include "storage/mysql/migrator.h"
#include "storage/mysql/mysql_stores.h"

namespace sesame::testing {

class ScratchDatabase {
 public:
  // A database named PerProcessName(prefix). Never null: check
  // skip_reason() and error() before using it.
  static std::unique_ptr<ScratchDatabase> Create(const std::string& prefix) {
    std::unique_ptr<ScratchDatabase> d(new ScratchDatabase);
    std::optional<std::string> path = EnvVar("SESAME_TEST_CONFIG");
    if (!path) {
      d->skip_reason_ =
          "SESAME_TEST_CONFIG is not set (deploy/test sets it to a sesame "
          "config pointing at a test MariaDB)";
      return d;
    }
    StatusOr<Config> config = LoadConfig(*path, FlowConfigSchema());
    if (!config.ok()) {
      d->error_ = "LoadConfig(" + *path + "): " + config.status().ToString();
      return d;
    }
    d->config_ = *config;
    d->config_.database.name = PerProcessName(prefix);
    // The stack's [database] user is serve's, which may not create
    // databases: deploy/test names the admin user that may.
    if (std::optional<std::string> admin =
            EnvVar("SESAME_TEST_DB_ADMIN_USER")) {
      d->config_.database.user = *admin;
      d->config_.database.password.clear();
      if (std::optional<std::string> file =
              EnvVar("SESAME_TEST_DB_ADMIN_PASSWORD_FILE")) {
        std::ifstream in(*file);
        if (!std::getline(in, d->config_.database.password)) {
          d->error_ = "cannot read " + *file;
          return d;
        }
      }
    }
    DatabaseConfig server = d->config_.database;
    server.name.clear();
    d->admin_ = std::make_unique<MysqlDatabase>(server);
    const std::string name = d->config_.database.name;
    Status created = d->admin_->Run([&name](sql::Connection* conn) {
      std::unique_ptr<sql::Statement> stmt(conn->createStatement());
      stmt->execute("DROP DATABASE IF EXISTS `" + name + "`");
      stmt->execute("CREATE DATABASE `" + name +
                    "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
      return Status::Ok();
    });
    if (!created.ok()) {
      d->error_ = "create database " + name + ": " + created.ToString() +
                  " (the test user needs e.g. GRANT ALL ON "
                  "`sesame\\_test\\_%`.* )";
      return d;
    }
    StatusOr<std::unique_ptr<MysqlStores>> opened =
        MysqlStores::Open(d->config_);
    if (!opened.ok()) {
      d->error_ = "open: " + opened.status().ToString();
      return d;
    }
    d->stores_ = std::move(opened).value();
    std::ostringstream log;
    Status migrated = Migrate(d->stores_->db(), SourceDir() + "/sql", log);
    if (!migrated.ok()) d->error_ = "migrate: " + migrated.ToString();
    return d;
  }

  ~ScratchDatabase() {
    stores_.reset();
    if (admin_ == nullptr) return;
    const std::string name = config_.database.name;
    Status dropped = admin_->Run([&name](sql::Connection* conn) {
      std::unique_ptr<sql::Statement> stmt(conn->createStatement());
      stmt->execute("DROP DATABASE IF EXISTS `" + name + "`");
      return Status::Ok();
    });
    EXPECT_TRUE(dropped.ok()) << dropped.ToString();
  }

  // Non-empty: the test should skip (no test database configured).
  const std::string& skip_reason() const { return skip_reason_; }
  // Non-empty: setting up failed; the test should fail with it.
  const std::string& error() const { return error_; }
  MysqlStores& stores() { return *stores_; }
  // A connection to the server without a default database.
  MysqlDatabase& admin() { return *admin_; }
  const Config& config() const { return config_; }

 private:
  ScratchDatabase() = default;

  std::string skip_reason_;
  std::string error_;
  Config config_;
  std::unique_ptr<MysqlDatabase> admin_;
  std::unique_ptr<MysqlStores> stores_;
};

// Runs one statement (DDL, a fixture UPDATE); the test fails if it fails.
inline void Exec(MysqlDatabase& db, const std::string& sql) {
  Status status = db.Run([&](sql::Connection* conn) {
    std::unique_ptr<sql::Statement> stmt(conn->createStatement());
    stmt->execute(sql);
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.ToString() << " for " << sql;
}

// The first column of the first row ("<null>" for NULL, "<none>" for none).
inline std::string QueryString(MysqlDatabase& db, const std::string& sql) {
  std::string out = "<none>";
  Status status = db.Run([&](sql::Connection* conn) {
    auto stmt = Prepare(conn, sql.c_str());
    std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery());
    if (rs->next()) out = rs->isNull(1) ? "<null>" : rs->getString(1);
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.ToString() << " for " << sql;
  return out;
}

inline int64_t QueryInt(MysqlDatabase& db, const std::string& sql) {
  return std::stoll(QueryString(db, sql));
}

// A fixture over one scratch database per test suite, named after
// `kPrefix` (a constant with static storage). SetUp skips the test when no
// test database is configured and fails it when the database could not be
// made; a derived SetUp calls it first and returns if IsSkipped() or
// HasFatalFailure().
template <const char* kPrefix>
class ScratchDatabaseTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = ScratchDatabase::Create(kPrefix).release();
    stores_ = scratch_->error().empty() && scratch_->skip_reason().empty()
                  ? &scratch_->stores()
                  : nullptr;
  }

  static void TearDownTestSuite() {
    delete scratch_;
    scratch_ = nullptr;
    stores_ = nullptr;
  }

  void SetUp() override {
    if (!scratch_->skip_reason().empty()) {
      GTEST_SKIP() << scratch_->skip_reason();
    }
    ASSERT_EQ(scratch_->error(), "");
    s_ = stores_->stores();
  }

  MysqlDatabase& db() { return stores_->db(); }

  static inline ScratchDatabase* scratch_ = nullptr;
  static inline MysqlStores* stores_ = nullptr;
  Stores s_;
};

}  // namespace sesame::testing

#endif  // SESAME_TESTS_INTEGRATION_SCRATCH_DATABASE_H_
