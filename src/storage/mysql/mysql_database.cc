#include "storage/mysql/mysql_database.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/log.h"
#include "storage/mysql/retry_policy.h"

namespace sesame {

namespace {

// The driver singleton; the first call initialises the client library, so it
// is made once, under the C++ static-initialisation guard.
sql::mysql::MySQL_Driver* Driver() {
  static sql::mysql::MySQL_Driver* driver =
      sql::mysql::get_mysql_driver_instance();
  return driver;
}

void Execute(sql::Connection* conn, const char* statement) {
  std::unique_ptr<sql::Statement> stmt(conn->createStatement());
  stmt->execute(statement);
}

// COMMIT and ROLLBACK are sent as statements, never by the driver's
// Connection::commit()/rollback(): Connector/C++ 1.1 drops mysql_commit()'s
// result, so a COMMIT the server refuses (a Galera node leaving the primary
// component answers ERROR 1180 « Not connected to Primary Component »; a
// certification failure answers 1213) would be taken for a success while
// the server rolled the transaction back. A statement's error throws.
void Commit(sql::Connection* conn) { Execute(conn, "COMMIT"); }
void Rollback(sql::Connection* conn) { Execute(conn, "ROLLBACK"); }

}  // namespace

// A thread's connection and the statements prepared on it (destroyed
// first: members go in reverse order).
struct MysqlDatabase::ThreadConnection {
  std::unique_ptr<sql::Connection> conn;
  std::unordered_map<std::string, std::unique_ptr<sql::PreparedStatement>>
      statements;
};

// Connections by thread. Shared with the per-thread cleanup below so a thread
// that ends closes its own connection even while the database lives on.
struct MysqlDatabase::Registry {
  std::mutex mu;
  std::map<std::thread::id, std::unique_ptr<ThreadConnection>> connections;

  std::unique_ptr<ThreadConnection> Take(std::thread::id id) {
    std::lock_guard<std::mutex> lock(mu);
    auto it = connections.find(id);
    if (it == connections.end()) return nullptr;
    std::unique_ptr<ThreadConnection> conn = std::move(it->second);
    connections.erase(it);
    return conn;
  }
};

namespace {

// One per thread that used a connection: at thread exit it closes that
// thread's connections and calls the driver's threadEnd().
class ThreadCleanup {
 public:
  ~ThreadCleanup() {
    for (auto& weak : registries_) {
      if (auto registry = weak.lock()) {
        CloseQuietly(registry->Take(std::this_thread::get_id()));
      }
    }
    if (initialised_) Driver()->threadEnd();
  }

  void Register(const std::shared_ptr<MysqlDatabase::Registry>& registry) {
    if (!initialised_) {
      Driver()->threadInit();
      initialised_ = true;
    }
    for (auto it = registries_.begin(); it != registries_.end();) {
      if (it->expired()) {
        it = registries_.erase(it);
      } else if (it->lock() == registry) {
        return;
      } else {
        ++it;
      }
    }
    registries_.push_back(registry);
  }

  static void CloseQuietly(
      std::unique_ptr<MysqlDatabase::ThreadConnection> conn) {
    if (!conn) return;
    try {
      conn->statements.clear();
      conn->conn->close();
    } catch (...) {
      // Closing a broken connection may throw; it is being dropped anyway.
    }
  }

 private:
  bool initialised_ = false;
  std::vector<std::weak_ptr<MysqlDatabase::Registry>> registries_;
};

ThreadCleanup& ThisThreadCleanup() {
  thread_local ThreadCleanup cleanup;
  return cleanup;
}

// The connection whose statement cache Prepare uses: set by Attempt while
// a Transact() or Run() function runs on this thread.
thread_local MysqlDatabase::ThreadConnection* t_current = nullptr;

// The WakeQueue bits written by the transaction running on this thread.
thread_local unsigned t_queue_writes = 0;

class CurrentConnection {
 public:
  explicit CurrentConnection(MysqlDatabase::ThreadConnection* conn)
      : previous_(t_current) {
    t_current = conn;
  }
  ~CurrentConnection() { t_current = previous_; }

 private:
  MysqlDatabase::ThreadConnection* previous_;
};

Status SqlErrorStatus(const sql::SQLException& e) {
  // The exception text may quote SQL or user data (a duplicate key value):
  // only the codes go into the Status.
  return Status::Internal("database error " + std::to_string(e.getErrorCode()) +
                          " (SQLSTATE " + e.getSQLStateCStr() + ")");
}

}  // namespace

bool IsConnectionLostError(int code) {
  switch (code) {
    case 1040:  // ER_CON_COUNT_ERROR
    case 1053:  // ER_SERVER_SHUTDOWN
    case 1152:  // ER_ABORTING_CONNECTION
    case 1184:  // ER_NEW_ABORTING_CONNECTION
    case 1927:  // ER_CONNECTION_KILLED (MariaDB)
    case 2000:  // CR_UNKNOWN_ERROR
    case 2002:  // CR_CONNECTION_ERROR
    case 2003:  // CR_CONN_HOST_ERROR
    case 2005:  // CR_UNKNOWN_HOST
    case 2006:  // CR_SERVER_GONE_ERROR
    case 2013:  // CR_SERVER_LOST
    case 2014:  // CR_COMMANDS_OUT_OF_SYNC (connection state unusable)
    case 2026:  // CR_SSL_CONNECTION_ERROR
    case 2055:  // CR_SERVER_LOST_EXTENDED
    case 4031:  // ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8)
      return true;
    default:
      return false;
  }
}

PreparedStatementRef::PreparedStatementRef(sql::PreparedStatement* cached)
    : statement_(cached) {}
PreparedStatementRef::PreparedStatementRef(
    std::unique_ptr<sql::PreparedStatement> owned)
    : owned_(std::move(owned)), statement_(owned_.get()) {}
PreparedStatementRef::PreparedStatementRef(PreparedStatementRef&&) noexcept =
    default;
PreparedStatementRef::~PreparedStatementRef() = default;

PreparedStatementRef Prepare(sql::Connection* conn, const char* sql) {
  if (t_current == nullptr || t_current->conn.get() != conn) {
    return PreparedStatementRef(
        std::unique_ptr<sql::PreparedStatement>(conn->prepareStatement(sql)));
  }
  std::unique_ptr<sql::PreparedStatement>& cached = t_current->statements[sql];
  if (!cached) cached.reset(conn->prepareStatement(sql));
  return PreparedStatementRef(cached.get());
}

std::string ValuesRows(std::string_view row, size_t count) {
  std::string values;
  values.reserve(count * (row.size() + 4));
  for (size_t i = 0; i < count; ++i) {
    values += i ? ", (" : "(";
    values += row;
    values += ')';
  }
  return values;
}

MysqlDatabase::MysqlDatabase(const DatabaseConfig& config)
    : config_(config), registry_(std::make_shared<Registry>()) {
  Driver();
}

MysqlDatabase::~MysqlDatabase() {
  std::map<std::thread::id, std::unique_ptr<ThreadConnection>> connections;
  {
    std::lock_guard<std::mutex> lock(registry_->mu);
    connections.swap(registry_->connections);
  }
  for (auto& [id, conn] : connections) {
    ThreadCleanup::CloseQuietly(std::move(conn));
  }
}

std::string MysqlDatabase::Describe() const {
  std::string where = config_.socket.empty()
                          ? config_.host + ":" + std::to_string(config_.port)
                          : "socket " + config_.socket;
  return "database '" + config_.name + "' at " + where;
}

StatusOr<std::unique_ptr<sql::Connection>> MysqlDatabase::Connect() {
  sql::ConnectOptionsMap options;
  if (!config_.socket.empty()) {
    options["hostName"] = sql::SQLString("localhost");
    options["socket"] = sql::SQLString(config_.socket);
  } else {
    options["hostName"] = sql::SQLString(config_.host);
    options["port"] = config_.port;
  }
  options["userName"] = sql::SQLString(config_.user);
  options["password"] = sql::SQLString(config_.password);
  if (!config_.name.empty()) options["schema"] = sql::SQLString(config_.name);
  options["OPT_CONNECT_TIMEOUT"] = config_.connect_timeout_seconds;
  // A statement waits at most innodb_lock_wait_timeout (50 s by default) for
  // a lock; beyond a minute the server is taken for gone.
  options["OPT_READ_TIMEOUT"] = 60;
  options["OPT_WRITE_TIMEOUT"] = 60;
  options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  options["CLIENT_FOUND_ROWS"] = true;
  try {
    std::unique_ptr<sql::Connection> conn(Driver()->connect(options));
    conn->setAutoCommit(true);
    Execute(conn.get(), "SET time_zone = '+00:00'");
    Execute(conn.get(),
            "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,"
            "NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
    Execute(conn.get(),
            "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    return conn;
  } catch (const sql::SQLException& e) {
    // The driver's text says why (refused, no such socket, access denied
    // for a user); it never contains the password.
    return Status::Unavailable("cannot connect to " + Describe() + ": " +
                               e.what());
  }
}

StatusOr<MysqlDatabase::ThreadConnection*> MysqlDatabase::ThisThreadConnection(
    bool* fresh) {
  const std::thread::id me = std::this_thread::get_id();
  {
    std::lock_guard<std::mutex> lock(registry_->mu);
    auto it = registry_->connections.find(me);
    if (it != registry_->connections.end()) {
      *fresh = false;
      return it->second.get();
    }
  }
  ThisThreadCleanup().Register(registry_);
  StatusOr<std::unique_ptr<sql::Connection>> conn = Connect();
  if (!conn.ok()) return conn.status();
  auto entry = std::make_unique<ThreadConnection>();
  entry->conn = std::move(conn).value();
  ThreadConnection* raw = entry.get();
  {
    std::lock_guard<std::mutex> lock(registry_->mu);
    registry_->connections[me] = std::move(entry);
  }
  *fresh = true;
  return raw;
}

void MysqlDatabase::DropThreadConnection() {
  ThreadCleanup::CloseQuietly(registry_->Take(std::this_thread::get_id()));
}

Status MysqlDatabase::Attempt(const TxFunction& fn, bool transaction,
                              TxFailure* failure) {
  *failure = TxFailure::kNone;
  bool fresh = false;
  StatusOr<ThreadConnection*> conn_or = ThisThreadConnection(&fresh);
  if (!conn_or.ok()) {
    // Nothing was sent: HAProxy may be moving to another node.
    *failure = TxFailure::kConnectionBeforeCommit;
    return conn_or.status();
  }
  sql::Connection* conn = (*conn_or)->conn.get();
  CurrentConnection current(*conn_or);
  bool commit_sent = false;  // past this, a lost connection hides the outcome
  // A nested call keeps the outer transaction's notes apart from its own.
  struct QueueWrites {
    unsigned saved = t_queue_writes;
    QueueWrites() { t_queue_writes = 0; }
    ~QueueWrites() { t_queue_writes = saved; }
  } queue_writes;
  auto rollback = [&] {
    if (!transaction) return;
    try {
      Rollback(conn);
    } catch (...) {
      DropThreadConnection();
    }
  };
  try {
    if (transaction) Execute(conn, "START TRANSACTION");
    Status status = fn(conn);
    if (!status.ok()) {
      rollback();
      return status;
    }
    if (transaction) {
      commit_sent = true;
      Commit(conn);
    }
    const unsigned written = t_queue_writes;
    t_queue_writes = 0;
    if (written != 0 && hook_) hook_(written);
    return Status::Ok();
  } catch (const sql::SQLException& e) {
    const int code = e.getErrorCode();
    const bool lost =
        IsConnectionLostError(code) ||
        dynamic_cast<const sql::InvalidInstanceException*>(&e) != nullptr;
    // Outside a transaction each statement commits on its own: Run's
    // functions are re-runnable by contract, so no outcome is "unknown".
    *failure = ClassifyTxError(code, lost, transaction && commit_sent);
    if (lost) {
      DropThreadConnection();
      return Status::Unavailable("database unavailable");
    }
    rollback();
    switch (*failure) {
      case TxFailure::kDeadlock:
        return Status::Unavailable("database busy (deadlock)");
      case TxFailure::kLockWait:
        return Status::Unavailable("database busy (lock wait timeout)");
      case TxFailure::kWsrep:
        return Status::Unavailable("database node not ready (WSREP)");
      default:
        return SqlErrorStatus(e);
    }
  } catch (const std::exception&) {
    rollback();
    return Status::Internal("unexpected error in the storage layer");
  }
}

void NoteQueueWrite(unsigned queues) { t_queue_writes |= queues; }

namespace {

double Uniform01() {
  thread_local std::minstd_rand engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

void Sleep(std::chrono::milliseconds pause) {
  std::this_thread::sleep_for(pause);
}

}  // namespace

Status MysqlDatabase::RunTransaction(const TxFunction& fn, int max_tries) {
  Status status = RunWithRetries(
      [&] {
        TryOutcome outcome;
        outcome.status = Attempt(fn, /*transaction=*/true, &outcome.failure);
        return outcome;
      },
      Sleep, Uniform01, max_tries);
  if (IsCommitUnknown(status)) {
    Log("error", "db_commit_unknown",
        {{"database", Describe()},
         {"detail", "connection lost during COMMIT; not retried"}});
  }
  return status;
}

Status MysqlDatabase::Transact(const TxFunction& fn) {
  return RunTransaction(fn, kMaxTries);
}

Status MysqlDatabase::TransactOnce(const TxFunction& fn) {
  return RunTransaction(fn, 1);
}

Status MysqlDatabase::Run(const TxFunction& fn) {
  // A kept connection that died while idle (server restart, wait_timeout,
  // KILL) fails on its first statement: one new connection is tried at once.
  TxFailure failure = TxFailure::kNone;
  Status status = Attempt(fn, /*transaction=*/false, &failure);
  if (failure == TxFailure::kConnectionBeforeCommit) {
    status = Attempt(fn, /*transaction=*/false, &failure);
  }
  return status;
}

Status MysqlDatabase::Ping() {
  return Run([](sql::Connection* conn) {
    std::unique_ptr<sql::Statement> stmt(conn->createStatement());
    std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery("SELECT 1"));
    if (!rs->next() || rs->getInt(1) != 1) {
      return Status::Internal("database answered SELECT 1 oddly");
    }
    return Status::Ok();
  });
}

}  // namespace sesame
