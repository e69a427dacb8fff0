#include "storage/mysql/migrator.h"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <utility>

#include "crypto/crypto.h"

namespace sesame {

namespace {

constexpr char kCreateMigrationsTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INT NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, "
    "checksum CHAR(64) CHARACTER SET ascii NOT NULL, "
    "applied_at DATETIME(6) NOT NULL) "
    "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";
constexpr int kLockTimeoutSeconds = 60;
constexpr int kPurgeBatch = 10000;

std::string Trim(const std::string& s) {
  const size_t begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  const size_t end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

struct Applied {
  std::string name;
  std::string checksum;
};

// Runs `sql` (a DELETE or UPDATE taking no parameter and ending in LIMIT ?)
// until it affects fewer rows than a batch; adds the rows to *total.
Status RepeatInBatches(MysqlDatabase& db, const char* sql, int* total) {
  while (true) {
    int affected = 0;
    SESAME_RETURN_IF_ERROR(db.Transact([&](sql::Connection* conn) {
      auto stmt = Prepare(conn, sql);
      stmt->setInt(1, kPurgeBatch);
      affected = stmt->executeUpdate();
      return Status::Ok();
    }));
    *total += affected;
    if (affected < kPurgeBatch) return Status::Ok();
  }
}

}  // namespace

StatusOr<std::vector<MigrationFile>> ListMigrations(
    const std::string& sql_dir) {
  namespace fs = std::filesystem;
  static const std::regex kName(R"(^(\d{1,6})_([A-Za-z0-9_-]+)\.sql$)");
  std::vector<MigrationFile> files;
  std::error_code ec;
  fs::directory_iterator it(sql_dir, ec);
  if (ec) {
    return Status::InvalidArgument("cannot read migrations directory " +
                                   sql_dir + ": " + ec.message());
  }
  for (const fs::directory_entry& entry : it) {
    const std::string filename = entry.path().filename().string();
    std::smatch match;
    if (!entry.is_regular_file() || !std::regex_match(filename, match, kName)) {
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (!in.good() && !in.eof()) {
      return Status::InvalidArgument("cannot read " + entry.path().string());
    }
    MigrationFile file;
    file.version = std::stoi(match[1].str());
    file.name = match[2].str();
    file.filename = filename;
    file.text = buffer.str();
    file.checksum = crypto::HexEncode(crypto::Sha256(file.text));
    files.push_back(std::move(file));
  }
  std::sort(files.begin(), files.end(),
            [](const MigrationFile& a, const MigrationFile& b) {
              return a.version < b.version;
            });
  for (size_t i = 1; i < files.size(); ++i) {
    if (files[i].version == files[i - 1].version) {
      return Status::InvalidArgument(
          "two migrations share version " + std::to_string(files[i].version) +
          ": " + files[i - 1].filename + ", " + files[i].filename);
    }
  }
  return files;
}

std::vector<std::string> SplitSqlStatements(const std::string& text) {
  std::vector<std::string> statements;
  std::string current;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const std::string trimmed = Trim(line);
    if (trimmed.empty() || trimmed.rfind("--", 0) == 0) continue;
    if (trimmed.back() == ';') {
      current += trimmed.substr(0, trimmed.size() - 1);
      const std::string statement = Trim(current);
      if (!statement.empty()) statements.push_back(statement);
      current.clear();
    } else {
      current += line;
      current += '\n';
    }
  }
  const std::string rest = Trim(current);
  if (!rest.empty()) statements.push_back(rest);
  return statements;
}

Status Migrate(MysqlDatabase& db, const std::string& sql_dir,
               std::ostream& log) {
  StatusOr<std::vector<MigrationFile>> files = ListMigrations(sql_dir);
  if (!files.ok()) return files.status();
  if (files->empty()) {
    return Status::InvalidArgument("no NNN_name.sql file in " + sql_dir);
  }

  // One migrator at a time. The lock belongs to this thread's connection and
  // dies with it.
  bool locked = false;
  SESAME_RETURN_IF_ERROR(db.Run([&](sql::Connection* conn) {
    auto lock = Prepare(conn, "SELECT GET_LOCK('sesame.migrate', ?)");
    lock->setInt(1, kLockTimeoutSeconds);
    std::unique_ptr<sql::ResultSet> rs(lock->executeQuery());
    locked = rs->next() && !rs->isNull(1) && rs->getInt(1) == 1;
    return Status::Ok();
  }));
  if (!locked) {
    return Status::Unavailable("another migration is running");
  }
  struct Unlock {
    MysqlDatabase& db;
    ~Unlock() {
      Status ignored = db.Run([](sql::Connection* conn) {
        std::unique_ptr<sql::Statement> stmt(conn->createStatement());
        stmt->execute("DO RELEASE_LOCK('sesame.migrate')");
        return Status::Ok();
      });
      (void)ignored;
    }
  } unlock{db};

  std::map<int, Applied> applied;
  SESAME_RETURN_IF_ERROR(db.Run([&](sql::Connection* conn) {
    std::unique_ptr<sql::Statement> stmt(conn->createStatement());
    stmt->execute(kCreateMigrationsTable);
    std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery(
        "SELECT version, name, checksum FROM schema_migrations"));
    while (rs->next()) {
      applied[rs->getInt(1)] = Applied{rs->getString(2), rs->getString(3)};
    }
    return Status::Ok();
  }));

  for (const MigrationFile& file : *files) {
    auto it = applied.find(file.version);
    if (it == applied.end()) continue;
    if (it->second.checksum != file.checksum) {
      return Status::FailedPrecondition(
          "migration " + file.filename +
          " has changed since it was applied (checksum " +
          it->second.checksum.substr(0, 12) + "... in the database, " +
          file.checksum.substr(0, 12) +
          "... on disk); add a new migration instead of editing it");
    }
  }
  for (const auto& [version, entry] : applied) {
    // (A structured binding is not captured by clang 14's lambdas.)
    const auto& v = version;
    const bool known =
        std::any_of(files->begin(), files->end(),
                    [&v](const MigrationFile& f) { return f.version == v; });
    if (!known) {
      log << "warning: the database has migration " << version << " ("
          << entry.name << ") that " << sql_dir << " does not contain\n";
    }
  }

  int count = 0;
  for (const MigrationFile& file : *files) {
    if (applied.count(file.version) != 0) continue;
    const std::vector<std::string> statements = SplitSqlStatements(file.text);
    log << "applying " << file.filename << " (" << statements.size()
        << " statements)\n";
    size_t failed_at = 0;
    // MariaDB commits DDL implicitly, so a migration made of CREATE/ALTER is
    // not atomic: the statements run one by one and only the final
    // schema_migrations row is sure to commit with the last of them. Write
    // migrations that can be re-run (IF NOT EXISTS, INSERT IGNORE).
    Status status = db.TransactOnce([&](sql::Connection* conn) {
      std::unique_ptr<sql::Statement> stmt(conn->createStatement());
      for (size_t i = 0; i < statements.size(); ++i) {
        failed_at = i + 1;
        stmt->execute(statements[i]);
      }
      failed_at = 0;
      auto record = Prepare(conn,
                            "INSERT INTO schema_migrations (version, name, "
                            "checksum, applied_at) VALUES (?, ?, ?, NOW(6))");
      record->setInt(1, file.version);
      record->setString(2, file.name);
      record->setString(3, file.checksum);
      record->executeUpdate();
      return Status::Ok();
    });
    if (!status.ok()) {
      std::string where = failed_at == 0
                              ? "recording it"
                              : "statement " + std::to_string(failed_at);
      return Status(status.code(), "migration " + file.filename + " failed (" +
                                       where + "): " + status.message());
    }
    ++count;
  }
  if (count == 0) {
    log << "database is up to date (" << files->size()
        << " migrations already applied)\n";
  } else {
    log << "applied " << count << " migration" << (count == 1 ? "" : "s")
        << "\n";
  }
  return Status::Ok();
}

StatusOr<int> PurgeExpired(MysqlDatabase& db) {
  int total = 0;
  const char* const kSteps[] = {
      "DELETE FROM sessions WHERE expires_at <= NOW(6) "
      "OR revoked_at IS NOT NULL LIMIT ?",
      "DELETE FROM rate_limits WHERE expires_at <= NOW(6) LIMIT ?",
      "UPDATE outbox SET failed_at = NOW(6), payload = NULL, "
      "last_error = 'expired', claimed_by = NULL, claim_token = NULL, "
      "claimed_until = NULL WHERE sent_at IS NULL AND failed_at IS NULL "
      "AND expires_at <= NOW(6) "
      "AND (claimed_until IS NULL OR claimed_until < NOW(6)) LIMIT ?",
      "DELETE FROM outbox WHERE sent_at < NOW(6) - INTERVAL 7 DAY LIMIT ?",
      "DELETE FROM outbox WHERE failed_at < NOW(6) - INTERVAL 7 DAY LIMIT ?",
      "DELETE FROM recovery_requests "
      "WHERE expires_at < NOW(6) - INTERVAL 30 DAY LIMIT ?",
      "DELETE FROM captchas WHERE expires_at <= NOW(6) LIMIT ?",
      "DELETE FROM desk_slips WHERE expires_at <= NOW(6) LIMIT ?",
      "DELETE FROM education_code_slips WHERE expires_at <= NOW(6) LIMIT ?",
      "DELETE FROM education_grants WHERE expires_at < NOW(6) - INTERVAL 1 "
      "DAY LIMIT ?",
      "DELETE FROM oidc_states WHERE expires_at <= NOW(6) LIMIT ?",
  };
  for (const char* step : kSteps) {
    SESAME_RETURN_IF_ERROR(RepeatInBatches(db, step, &total));
  }
  return total;
}

}  // namespace sesame
