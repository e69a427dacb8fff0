// Schema migrations and housekeeping for `sesame migrate` and `sesame purge`.
//
// Migrations are the files sql/NNN_name.sql, applied in version order, each
// recorded in schema_migrations with the SHA-256 of its bytes. A file is
// split into statements on ';' at the end of a line (so: no procedures, no
// triggers, no ';' ending a line inside a string); "--" comment lines are
// dropped.
#ifndef SESAME_STORAGE_MYSQL_MIGRATOR_H_
#define SESAME_STORAGE_MYSQL_MIGRATOR_H_

#include <ostream>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/mysql/mysql_database.h"

namespace sesame {

struct MigrationFile {
  int version = 0;
  std::string name;      // "initial" for 001_initial.sql
  std::string filename;  // "001_initial.sql"
  std::string text;
  std::string checksum;  // lowercase hex SHA-256 of text
};

// The NNN_name.sql files of `sql_dir` in version order. InvalidArgument when
// the directory cannot be read or two files share a version.
StatusOr<std::vector<MigrationFile>> ListMigrations(const std::string& sql_dir);

// The statements of a migration file, without their final ';'.
std::vector<std::string> SplitSqlStatements(const std::string& text);

// Applies the migrations of `sql_dir` not yet recorded, writing one line per
// step to `log`. Idempotent: a second run applies nothing and says so.
// FailedPrecondition when an applied file has changed since. Concurrent runs
// are serialised with GET_LOCK.
Status Migrate(MysqlDatabase& db, const std::string& sql_dir,
               std::ostream& log);

// Deletes expired sessions (and revoked ones), finished rate-limit windows,
// outbox rows sent or failed more than 7 days ago, recovery requests
// expired more than 30 days ago, expired captchas and expired desk slips;
// erases the payload of outbox rows that expired unsent. Returns the number
// of rows deleted or erased.
StatusOr<int> PurgeExpired(MysqlDatabase& db);

}  // namespace sesame

#endif  // SESAME_STORAGE_MYSQL_MIGRATOR_H_
