// MysqlDatabase: connections to MariaDB/MySQL (Connector/C++ 1.1) and the
// transaction runner every store goes through.
//
// Each thread gets its own connection, opened on first use and kept until
// the thread ends or the connection is found broken (then the next call
// opens a new one; the driver's auto-reconnect stays off so a half-done
// transaction is never silently replayed). Every connection runs with
// autocommit on, time_zone '+00:00', strict SQL mode, READ COMMITTED and
// CLIENT_FOUND_ROWS (an UPDATE's count is the rows it matched).
//
// sql::SQLException never leaves this layer: Transact() turns it into a
// Status (Unavailable for a lost or refused connection, Internal otherwise,
// never with SQL text or user data in the message) and runs a transaction
// again on the causes retry_policy.h lists.
#ifndef SESAME_STORAGE_MYSQL_MYSQL_DATABASE_H_
#define SESAME_STORAGE_MYSQL_MYSQL_DATABASE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/status.h"

namespace sql {
class Connection;
class PreparedStatement;
class SQLException;
}  // namespace sql

namespace sesame {

enum class TxFailure;  // retry_policy.h

class MysqlDatabase {
 public:
  // A function run inside a transaction. Returning a non-OK Status rolls the
  // transaction back and becomes the result. It may throw
  // sql::SQLException; the runner catches it.
  using TxFunction = std::function<Status(sql::Connection*)>;

  explicit MysqlDatabase(const DatabaseConfig& config);
  ~MysqlDatabase();
  MysqlDatabase(const MysqlDatabase&) = delete;
  MysqlDatabase& operator=(const MysqlDatabase&) = delete;

  // Runs `fn` between START TRANSACTION and COMMIT on this thread's
  // connection. OK only once COMMIT returned. A deadlock (1213), a lock wait
  // timeout (1205), a Galera node not ready (1047) or a connection lost
  // before COMMIT re-runs the whole function on a (new) connection, up to
  // kMaxTries tries with a jittered pause (retry_policy.h), so `fn` must not
  // keep state across calls and its writes must be idempotent under a
  // replay (README « Clusters »). Connection lost during COMMIT:
  // CommitUnknownStatus(), never retried, logged db_commit_unknown. Other
  // connection loss: Unavailable("database unavailable") and the connection
  // is dropped. Any other SQL error: Internal.
  Status Transact(const TxFunction& fn);
  // Transact with one try: for the migrations, whose DDL commits as it goes.
  Status TransactOnce(const TxFunction& fn);
  // Runs `fn` on this thread's connection outside any explicit transaction
  // (autocommit: one-statement reads, DDL, GET_LOCK). Same error mapping as
  // Transact. `fn` must be safe to run twice: when the kept connection turns
  // out dead, it is run again once on a new one.
  Status Run(const TxFunction& fn);
  // Connects now if this thread has no connection yet and runs SELECT 1.
  // Unavailable naming the host or socket (never the password) on failure.
  Status Ping();
  // Closes this thread's connection (the next call reconnects).
  void DropThreadConnection();

  // Called on the committing thread once a Transact() or Run() that wrote a
  // work queue row (NoteQueueWrite) has committed, with the WakeQueue bits
  // of what it wrote (core/wake.h): serve wakes deliver with it. Never
  // after a rollback. Set it before any thread uses the database.
  using QueueCommitHook = std::function<void(unsigned queues)>;
  void SetQueueCommitHook(QueueCommitHook hook) { hook_ = std::move(hook); }

  // "socket /run/mysqld/mysqld.sock" or "127.0.0.1:3306", database named.
  std::string Describe() const;
  const DatabaseConfig& config() const { return config_; }

  // Implementation details (the per-thread connections and their statement
  // caches), public only so the thread-exit cleanup in the .cc can name them.
  struct ThreadConnection;
  struct Registry;

 private:
  // This thread's connection, connecting if needed. Sets *fresh when it was
  // just opened.
  StatusOr<ThreadConnection*> ThisThreadConnection(bool* fresh);
  StatusOr<std::unique_ptr<sql::Connection>> Connect();
  // One try of `fn`; *failure says why it failed (retry_policy.h).
  Status Attempt(const TxFunction& fn, bool transaction, TxFailure* failure);
  Status RunTransaction(const TxFunction& fn, int max_tries);

  DatabaseConfig config_;
  std::shared_ptr<Registry> registry_;
  QueueCommitHook hook_;
};

// Inside Transact() or Run(): notes that this transaction wrote a row of
// the work queues `queues` (WakeQueue bits), for the QueueCommitHook.
void NoteQueueWrite(unsigned queues);

// True for client/server error codes that mean the connection is gone
// (2002, 2003, 2006, 2013, 2055, 1927, 1053, ...).
bool IsConnectionLostError(int code);

// A prepared statement for one use: borrowed from the connection's cache
// (see Prepare) or owned. Use it like a pointer.
class PreparedStatementRef {
 public:
  explicit PreparedStatementRef(sql::PreparedStatement* cached);
  explicit PreparedStatementRef(std::unique_ptr<sql::PreparedStatement> owned);
  PreparedStatementRef(PreparedStatementRef&&) noexcept;
  ~PreparedStatementRef();
  sql::PreparedStatement* operator->() const { return statement_; }
  sql::PreparedStatement* get() const { return statement_; }

 private:
  std::unique_ptr<sql::PreparedStatement> owned_;
  sql::PreparedStatement* statement_;
};

// Prepares `sql` on `conn`. Inside Transact() or Run(), the statement is
// prepared once per connection and kept (the server parses each statement
// once per connection, not once per request); parameters must all be set
// again before each execution, and a result set must be closed before the
// same statement text is executed again. Elsewhere it is prepared afresh.
PreparedStatementRef Prepare(sql::Connection* conn, const char* sql);

// "(ROW), (ROW), ..." `count` times: the VALUES of a multi-row INSERT.
std::string ValuesRows(std::string_view row, size_t count);

}  // namespace sesame

#endif  // SESAME_STORAGE_MYSQL_MYSQL_DATABASE_H_
