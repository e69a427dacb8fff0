#include "storage/mysql/mysql_stores.h"

#include <cppconn/connection.h>
#include <cppconn/datatype.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <functional>
#include <map>
#include <utility>

#include "crypto/crypto.h"
#include "storage/mysql/retry_policy.h"

namespace sesame {

namespace {

constexpr int kErrDuplicateKey = 1062;
constexpr size_t kErrorChars = 255;
constexpr int64_t kAuditBatch = 1000;
// account_identifiers.digest is VARBINARY(64).
constexpr size_t kMaxIdentifierDigest = 64;

// Columns read into an Account, in ReadAccount's order. password_expired is
// decided by the database clock.
constexpr char kAccountColumns[] =
    "id, login, email, COALESCE(phone, ''), display_name, password_hash, "
    "must_change_password, "
    "(password_expires_at IS NOT NULL AND password_expires_at <= NOW(6)), "
    "disabled_at IS NOT NULL, role, bureau, COALESCE(totp_sealed, ''), "
    "totp_last_step, COALESCE(language, '')";

Account ReadAccount(sql::ResultSet* rs) {
  Account account;
  account.id = rs->getInt64(1);
  account.login = rs->getString(2);
  account.email = rs->getString(3);
  account.phone = rs->getString(4);
  account.display_name = rs->getString(5);
  account.password_hash = rs->getString(6);
  account.must_change_password = rs->getBoolean(7);
  account.password_expired = rs->getBoolean(8);
  account.disabled = rs->getBoolean(9);
  account.role = rs->getString(10);
  account.bureau = rs->getString(11);
  account.totp_sealed = rs->getString(12);
  if (!rs->isNull(13)) account.totp_last_step = rs->getInt64(13);
  account.language = rs->getString(14);
  return account;
}

// Checks `value` is UTF-8 of at most `max_chars` code points.
Status CheckText(const std::string& value, size_t max_chars, const char* what,
                 bool required) {
  std::optional<size_t> length = CheckedUtf8Length(value);
  if (!length)
    return Status::InvalidArgument(std::string(what) + ": not UTF-8");
  if (required && *length == 0) {
    return Status::InvalidArgument(std::string(what) + ": empty");
  }
  if (*length > max_chars) {
    return Status::InvalidArgument(std::string(what) + ": longer than " +
                                   std::to_string(max_chars) + " characters");
  }
  return Status::Ok();
}

Status CheckNewAccount(const NewAccount& account) {
  SESAME_RETURN_IF_ERROR(CheckText(account.login, 64, "login", true));
  SESAME_RETURN_IF_ERROR(CheckText(account.email, 254, "email", false));
  SESAME_RETURN_IF_ERROR(CheckText(account.phone, 20, "phone", false));
  SESAME_RETURN_IF_ERROR(
      CheckText(account.display_name, 200, "display name", false));
  SESAME_RETURN_IF_ERROR(
      CheckText(account.password_hash, 255, "password hash", true));
  if (account.temporary_password_hours < 0) {
    return Status::InvalidArgument("temporary_password_hours < 0");
  }
  if (account.role != kRolePortal && account.role != kRoleAgent &&
      account.role != kRoleOfficer) {
    return Status::InvalidArgument("role: \"\", \"agent\" or \"officer\"");
  }
  SESAME_RETURN_IF_ERROR(CheckText(account.bureau, 64, "bureau", false));
  if (account.totp_sealed.size() > 128) {
    return Status::InvalidArgument("sealed TOTP secret longer than 128 bytes");
  }
  for (const AccountIdentifier& identifier : account.identifiers) {
    if (!ValidIdentifierKind(identifier.kind)) {
      return Status::InvalidArgument("identifier kind: 1 to 32 of [a-z0-9_.]");
    }
    if (identifier.digest.empty() ||
        identifier.digest.size() > kMaxIdentifierDigest) {
      return Status::InvalidArgument(identifier.kind +
                                     " identifier: digest of 1 to 64 bytes");
    }
  }
  return Status::Ok();
}

// Inserts one account and its identifiers; AlreadyExists names the login
// when it is taken, or the kind of an identifier another account holds (the
// caller rolls back).
StatusOr<int64_t> InsertAccount(sql::Connection* conn,
                                const NewAccount& account) {
  auto insert = Prepare(
      conn,
      "INSERT INTO accounts (login, email, phone, display_name, "
      "password_hash, must_change_password, password_expires_at, "
      "password_changed_at, created_at, updated_at, role, bureau, "
      "totp_sealed, language) VALUES "
      "(?, ?, ?, ?, ?, ?, IF(? > 0, NOW(6) + INTERVAL ? HOUR, NULL), NOW(6), "
      "NOW(6), NOW(6), ?, ?, ?, NULLIF(?, ''))");
  insert->setString(1, account.login);
  insert->setString(2, account.email);
  if (account.phone.empty()) {
    insert->setNull(3, sql::DataType::VARCHAR);
  } else {
    insert->setString(3, account.phone);
  }
  insert->setString(4, account.display_name);
  insert->setString(5, account.password_hash);
  insert->setBoolean(6, account.must_change_password);
  insert->setInt(7, account.temporary_password_hours);
  insert->setInt(8, account.temporary_password_hours);
  insert->setString(9, account.role);
  insert->setString(10, account.bureau);
  if (account.totp_sealed.empty()) {
    insert->setNull(11, sql::DataType::VARBINARY);
  } else {
    insert->setString(11, account.totp_sealed);
  }
  insert->setString(12, account.language);
  try {
    insert->executeUpdate();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() == kErrDuplicateKey) {
      return Status::AlreadyExists("login already exists: " + account.login);
    }
    throw;
  }
  auto last = Prepare(conn, "SELECT LAST_INSERT_ID()");
  std::unique_ptr<sql::ResultSet> rs(last->executeQuery());
  if (!rs->next()) return Status::Internal("no LAST_INSERT_ID()");
  const int64_t id = rs->getInt64(1);
  for (const AccountIdentifier& identifier : account.identifiers) {
    auto add = Prepare(conn,
                       "INSERT INTO account_identifiers (kind, digest, "
                       "account_id) VALUES (?, ?, ?)");
    add->setString(1, identifier.kind);
    add->setString(2, identifier.digest);
    add->setInt64(3, id);
    try {
      add->executeUpdate();
    } catch (const sql::SQLException& e) {
      // The digest is never named: it stands for a secret.
      if (e.getErrorCode() == kErrDuplicateKey) {
        return Status::AlreadyExists(identifier.kind +
                                     " identifier already used by another "
                                     "account (" +
                                     account.login + ")");
      }
      throw;
    }
  }
  if (account.voter) {
    SESAME_RETURN_IF_ERROR(InsertVoterInTransaction(conn, id, *account.voter));
  }
  return id;
}

AuditEvent WithAccount(AuditEvent audit, int64_t account_id) {
  if (!audit.account_id) audit.account_id = account_id;
  return audit;
}

Status RevokeSessions(sql::Connection* conn, int64_t account_id,
                      const std::string& keep_hash) {
  auto revoke = Prepare(conn,
                        "UPDATE sessions SET revoked_at = NOW(6) "
                        "WHERE account_id = ? AND revoked_at IS NULL "
                        "AND id_hash <> ?");
  revoke->setInt64(1, account_id);
  revoke->setString(2, keep_hash);
  revoke->executeUpdate();
  return Status::Ok();
}

}  // namespace

// --- AccountStore ----------------------------------------------------------

namespace {

// The account the query "SELECT <columns> FROM accounts WHERE <where>"
// finds, `bind` setting its parameters; NotFound when none.
StatusOr<Account> FindAccount(
    MysqlDatabase* db, const char* where,
    const std::function<void(sql::PreparedStatement*)>& bind) {
  std::optional<Account> found;
  Status status = db->Run([&](sql::Connection* conn) {
    found.reset();
    auto select = Prepare(conn, (std::string("SELECT ") + kAccountColumns +
                                 " FROM accounts WHERE " + where)
                                    .c_str());
    bind(select.get());
    std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
    if (rs->next()) found = ReadAccount(rs.get());
    return Status::Ok();
  });
  if (!status.ok()) return status;
  if (!found) return Status::NotFound("no such account");
  return *std::move(found);
}

}  // namespace

StatusOr<Account> MysqlAccountStore::FindByLogin(const std::string& login) {
  if (!CheckedUtf8Length(login) || login.empty()) {
    return Status::NotFound("no such account");
  }
  // The binary comparison makes trailing spaces count (utf8mb4_bin pads).
  return FindAccount(db_,
                     "login = ? AND CAST(login AS BINARY) = CAST(? AS BINARY)",
                     [&](sql::PreparedStatement* select) {
                       select->setString(1, login);
                       select->setString(2, login);
                     });
}

StatusOr<Account> MysqlAccountStore::FindByIdentifier(
    const std::string& kind, const std::string& digest) {
  if (!ValidIdentifierKind(kind)) {
    return Status::InvalidArgument("identifier kind: 1 to 32 of [a-z0-9_.]");
  }
  if (digest.empty() || digest.size() > kMaxIdentifierDigest) {
    return Status::NotFound("no such account");
  }
  return FindAccount(db_,
                     "id = (SELECT account_id FROM account_identifiers "
                     "WHERE kind = ? AND digest = ?)",
                     [&](sql::PreparedStatement* select) {
                       select->setString(1, kind);
                       select->setString(2, digest);
                     });
}

StatusOr<std::optional<long long>> MysqlAccountStore::SecondsSinceMark(
    int64_t account_id, const std::string& name) {
  if (!ValidMarkName(name)) {
    return Status::InvalidArgument("mark name: 1 to 64 of [a-z0-9_.]");
  }
  std::optional<long long> seconds;
  Status status = db_->Run([&](sql::Connection* conn) {
    seconds.reset();
    auto select = Prepare(conn,
                          "SELECT TIMESTAMPDIFF(SECOND, at, NOW(6)) FROM "
                          "account_marks WHERE account_id = ? AND name = ?");
    select->setInt64(1, account_id);
    select->setString(2, name);
    std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
    if (rs->next() && !rs->isNull(1)) seconds = rs->getInt64(1);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return seconds;
}

StatusOr<Account> MysqlAccountStore::FindById(int64_t id) {
  return FindAccount(db_, "id = ?", [&](sql::PreparedStatement* select) {
    select->setInt64(1, id);
  });
}

StatusOr<int64_t> MysqlAccountStore::Add(const NewAccount& account,
                                         const AuditEvent& audit) {
  SESAME_RETURN_IF_ERROR(CheckNewAccount(account));
  int64_t id = 0;
  Status status = db_->Transact([&](sql::Connection* conn) {
    StatusOr<int64_t> inserted = InsertAccount(conn, account);
    if (!inserted.ok()) return inserted.status();
    id = *inserted;
    for (const OutboxMessage& message : account.messages) {
      SESAME_RETURN_IF_ERROR(EnqueueInTransaction(conn, *outbox_, message));
    }
    return AppendAuditInTransaction(conn, *outbox_, WithAccount(audit, id));
  });
  if (!status.ok()) return status;
  return id;
}

Status MysqlAccountStore::AddMany(const std::vector<NewAccount>& accounts,
                                  const AuditEvent& audit) {
  for (const NewAccount& account : accounts) {
    SESAME_RETURN_IF_ERROR(CheckNewAccount(account));
  }
  return db_->Transact([&](sql::Connection* conn) {
    std::vector<int64_t> ids;
    for (const NewAccount& account : accounts) {
      StatusOr<int64_t> inserted = InsertAccount(conn, account);
      if (!inserted.ok()) return inserted.status();
      ids.push_back(*inserted);
      for (const OutboxMessage& message : account.messages) {
        SESAME_RETURN_IF_ERROR(EnqueueInTransaction(conn, *outbox_, message));
      }
    }
    for (int64_t id : ids) {
      SESAME_RETURN_IF_ERROR(
          AppendAuditInTransaction(conn, *outbox_, WithAccount(audit, id)));
    }
    return Status::Ok();
  });
}

Status MysqlAccountStore::SetDisabled(int64_t id, bool disabled,
                                      const AuditEvent& audit) {
  return db_->Transact([&](sql::Connection* conn) {
    auto update =
        Prepare(conn,
                "UPDATE accounts SET disabled_at = IF(?, COALESCE(disabled_at, "
                "NOW(6)), NULL), updated_at = NOW(6) WHERE id = ?");
    update->setBoolean(1, disabled);
    update->setInt64(2, id);
    if (update->executeUpdate() == 0) {
      return Status::NotFound("no such account");
    }
    if (disabled) SESAME_RETURN_IF_ERROR(RevokeSessions(conn, id, ""));
    return AppendAuditInTransaction(conn, *outbox_, WithAccount(audit, id));
  });
}

Status MysqlAccountStore::ChangePassword(const PasswordChange& change) {
  return db_->Transact([&](sql::Connection* conn) {
    return ChangePasswordInTransaction(conn, *outbox_, change);
  });
}

Status MysqlAccountStore::SetLanguage(int64_t id, const std::string& language) {
  SESAME_RETURN_IF_ERROR(CheckText(language, 8, "language", true));
  return db_->Run([&](sql::Connection* conn) {
    auto update = Prepare(conn,
                          "UPDATE accounts SET language = ? WHERE id = ? AND "
                          "NOT (language <=> ?)");
    update->setString(1, language);
    update->setInt64(2, id);
    update->setString(3, language);
    update->executeUpdate();
    return Status::Ok();
  });
}

Status MysqlAccountStore::UpdatePasswordHash(int64_t id,
                                             const std::string& phc) {
  SESAME_RETURN_IF_ERROR(CheckText(phc, 255, "password hash", true));
  return db_->Transact([&](sql::Connection* conn) {
    auto update = Prepare(conn,
                          "UPDATE accounts SET password_hash = ?, "
                          "updated_at = NOW(6) WHERE id = ?");
    update->setString(1, phc);
    update->setInt64(2, id);
    if (update->executeUpdate() == 0) {
      return Status::NotFound("no such account");
    }
    return Status::Ok();
  });
}

StatusOr<bool> MysqlAccountStore::SpendTotpStep(int64_t account_id,
                                                int64_t step) {
  bool won = false;
  Status status = db_->Transact([&](sql::Connection* conn) {
    auto update = Prepare(conn,
                          "UPDATE accounts SET totp_last_step = ? "
                          "WHERE id = ? AND (totp_last_step IS NULL OR "
                          "totp_last_step < ?)");
    update->setInt64(1, step);
    update->setInt64(2, account_id);
    update->setInt64(3, step);
    won = update->executeUpdate() == 1;
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return won;
}

// --- SessionStore ----------------------------------------------------------

Status MysqlSessionStore::Create(const NewSession& session,
                                 const AuditEvent& audit) {
  if (session.id_hash.size() != 32) {
    return Status::InvalidArgument("session id hash must be 32 bytes");
  }
  if (session.absolute_seconds <= 0) {
    return Status::InvalidArgument("session lifetime must be positive");
  }
  return db_->Transact([&](sql::Connection* conn) {
    if (!session.one_time_password_hash.empty()) {
      // Spent by the first sign-in only: the row matches while the password
      // is the one-time password this sign-in matched and is still live.
      // First, so that the account row is locked before anything else:
      // concurrent sign-ins wait here, then find it spent. Spent means a
      // fixed instant in the past, not NOW(6): a sign-in whose statement
      // started before the winner's would see the winner's NOW(6) as still
      // in its future and spend the password a second time.
      auto spend = Prepare(
          conn,
          "UPDATE accounts SET password_expires_at = '2000-01-01 00:00:00', "
          "updated_at = NOW(6) WHERE id = ? AND must_change_password = 1 "
          "AND password_hash = ? AND (password_expires_at IS NULL OR "
          "password_expires_at > NOW(6))");
      spend->setInt64(1, session.account_id);
      spend->setString(2, session.one_time_password_hash);
      if (spend->executeUpdate() != 1) {
        return Status::FailedPrecondition("one-time password already spent");
      }
    }
    auto insert = Prepare(
        conn,
        "INSERT INTO sessions (id_hash, account_id, client_ip, created_at, "
        "last_seen_at, expires_at) VALUES (?, ?, ?, NOW(6), NOW(6), "
        "NOW(6) + INTERVAL ? SECOND)");
    insert->setString(1, session.id_hash);
    insert->setInt64(2, session.account_id);
    insert->setString(3, CleanText(session.client_ip, 45));
    insert->setInt(4, session.absolute_seconds);
    try {
      insert->executeUpdate();
    } catch (const sql::SQLException& e) {
      if (e.getErrorCode() == kErrDuplicateKey) {
        return Status::AlreadyExists("session id already in use");
      }
      throw;
    }
    if (!session.forget_limits.empty()) {
      std::string sql = "DELETE FROM rate_limits WHERE bucket IN (";
      for (size_t i = 0; i < session.forget_limits.size(); ++i) {
        sql += i ? ", ?" : "?";
      }
      sql += ")";
      auto forget = Prepare(conn, sql.c_str());
      for (size_t i = 0; i < session.forget_limits.size(); ++i) {
        forget->setString(
            static_cast<int>(i) + 1,
            RateLimitBucket(settings_->limits_key, session.forget_limits[i]));
      }
      forget->executeUpdate();
    }
    return AppendAuditInTransaction(conn, *settings_,
                                    WithAccount(audit, session.account_id));
  });
}

StatusOr<Session> MysqlSessionStore::Touch(const std::string& id_hash,
                                           int idle_seconds) {
  if (id_hash.size() != 32) return Status::NotFound("no such session");
  std::optional<Session> found;
  Status status = db_->Transact([&](sql::Connection* conn) {
    found.reset();
    auto update =
        Prepare(conn,
                "UPDATE sessions s JOIN accounts a ON a.id = s.account_id "
                "SET s.last_seen_at = NOW(6) "
                "WHERE s.id_hash = ? AND s.revoked_at IS NULL "
                "AND s.last_seen_at > NOW(6) - INTERVAL ? SECOND "
                "AND s.expires_at > NOW(6) AND a.disabled_at IS NULL");
    update->setString(1, id_hash);
    update->setInt(2, idle_seconds);
    if (update->executeUpdate() == 0) return Status::Ok();
    auto select =
        Prepare(conn,
                "SELECT s.account_id, a.login, a.must_change_password "
                "FROM sessions s JOIN accounts a ON a.id = "
                "s.account_id WHERE s.id_hash = ?");
    select->setString(1, id_hash);
    std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
    if (rs->next()) {
      found = Session{id_hash, rs->getInt64(1), rs->getString(2),
                      rs->getBoolean(3)};
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  if (!found) return Status::NotFound("no such session");
  return *std::move(found);
}

Status MysqlSessionStore::Revoke(const std::string& id_hash,
                                 const AuditEvent& audit) {
  if (id_hash.size() != 32) return Status::Ok();
  return db_->Transact([&](sql::Connection* conn) {
    auto select = Prepare(conn,
                          "SELECT account_id FROM sessions WHERE id_hash = ? "
                          "AND revoked_at IS NULL FOR UPDATE");
    select->setString(1, id_hash);
    std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
    if (!rs->next()) return Status::Ok();  // already gone: nothing to do
    const int64_t account_id = rs->getInt64(1);
    rs.reset();
    auto revoke = Prepare(
        conn, "UPDATE sessions SET revoked_at = NOW(6) WHERE id_hash = ?");
    revoke->setString(1, id_hash);
    revoke->executeUpdate();
    return AppendAuditInTransaction(conn, *settings_,
                                    WithAccount(audit, account_id));
  });
}

// --- RateLimiter -----------------------------------------------------------

StatusOr<int> MysqlRateLimiter::Hit(const std::string& key,
                                    int window_seconds) {
  if (window_seconds <= 0) {
    return Status::InvalidArgument("rate-limit window must be positive");
  }
  int hits = 0;
  Status status = db_->Transact([&](sql::Connection* conn) {
    StatusOr<int> n =
        CountHitInTransaction(conn, *settings_, key, window_seconds);
    if (!n.ok()) return n.status();
    hits = *n;
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return hits;
}

StatusOr<std::vector<int>> MysqlRateLimiter::HitAll(
    const std::vector<LimitCheck>& keys) {
  std::vector<int> counts;
  Status status = db_->Transact([&](sql::Connection* conn) {
    std::vector<LimitCheck> each = keys;
    for (LimitCheck& key : each) key.add = 1;
    StatusOr<std::vector<int>> n =
        CountHitsInTransaction(conn, *settings_, each);
    if (!n.ok()) return n.status();
    counts = *std::move(n);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return counts;
}

StatusOr<std::optional<size_t>> MysqlRateLimiter::HitWithin(
    const std::vector<LimitCheck>& checks) {
  std::optional<size_t> over;
  Status status = db_->Transact([&](sql::Connection* conn) {
    over.reset();
    std::vector<LimitCheck> each = checks;
    for (LimitCheck& check : each) check.add = 1;
    StatusOr<std::vector<int>> n =
        CountHitsInTransaction(conn, *settings_, each);
    if (!n.ok()) return n.status();
    for (size_t i = 0; i < checks.size(); ++i) {
      if ((*n)[i] > checks[i].limit) {
        // Rolled back: every count written is undone, and the rows stay
        // locked until then, so nobody counts past the limit meanwhile.
        over = i;
        return Status::ResourceExhausted("over a limit");
      }
    }
    return Status::Ok();
  });
  if (over) return over;
  if (!status.ok()) return status;
  return std::optional<size_t>();
}

Status MysqlRateLimiter::Reset(const std::string& key) {
  const std::string bucket = RateLimitBucket(settings_->limits_key, key);
  return db_->Transact([&](sql::Connection* conn) {
    auto del = Prepare(conn, "DELETE FROM rate_limits WHERE bucket = ?");
    del->setString(1, bucket);
    del->executeUpdate();
    return Status::Ok();
  });
}

StatusOr<int> MysqlRateLimiter::Count(const std::string& key,
                                      int window_seconds) {
  if (window_seconds <= 0) {
    return Status::InvalidArgument("rate-limit window must be positive");
  }
  const std::string bucket = RateLimitBucket(settings_->limits_key, key);
  int hits = 0;
  Status status = db_->Run([&](sql::Connection* conn) {
    auto select = Prepare(conn,
                          "SELECT hits FROM rate_limits WHERE bucket = ? "
                          "AND expires_at > NOW(6)");
    select->setString(1, bucket);
    std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
    hits = rs->next() ? rs->getInt(1) : 0;
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return hits;
}

// --- Outbox ----------------------------------------------------------------

Status MysqlOutbox::Enqueue(const OutboxMessage& message) {
  return db_->Transact([&](sql::Connection* conn) {
    return EnqueueInTransaction(conn, *settings_, message);
  });
}

namespace {

// Statements whose number of rows varies are written for the next power of
// two of rows (at most kMaxRowsPerStatement), the rest padded with id 0,
// which no row has (ids start at 1): each connection caches at most a
// handful of shapes.
constexpr size_t kMaxRowsPerStatement = 512;

size_t PaddedRows(size_t n) {
  size_t padded = 1;
  while (padded < n && padded < kMaxRowsPerStatement) padded *= 2;
  return padded;
}

// "?, ?, ..., ?" for `n` placeholders.
std::string Placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

// Fails the pending rows among `ids` that are past their expiry and held by
// no live claim (the conditions are checked again under the row locks).
void FailExpiredByIdInTransaction(sql::Connection* conn,
                                  const std::vector<int64_t>& ids) {
  for (size_t first = 0; first < ids.size(); first += kMaxRowsPerStatement) {
    const size_t n = std::min(kMaxRowsPerStatement, ids.size() - first);
    const size_t padded = PaddedRows(n);
    const std::string sql =
        "UPDATE outbox SET failed_at = NOW(6), payload = NULL, "
        "last_error = 'expired', claimed_by = NULL, claim_token = NULL, "
        "claimed_until = NULL WHERE id IN (" +
        Placeholders(padded) +
        ") AND sent_at IS NULL AND failed_at IS NULL "
        "AND expires_at <= NOW(6) "
        "AND (claimed_until IS NULL OR claimed_until < NOW(6))";
    auto fail = Prepare(conn, sql.c_str());
    for (size_t i = 0; i < padded; ++i) {
      fail->setInt64(static_cast<int>(i) + 1, i < n ? ids[first + i] : 0);
    }
    fail->executeUpdate();
  }
}

}  // namespace

Status MysqlOutbox::SweepExpired() {
  // Reads the expired ids without locking anything (ix_outbox_expiry),
  // then fails them by id in a short transaction of its own: a locking
  // sweep over the pending rows and the claim each took row locks in their
  // own order, and deadlocked under load.
  std::vector<int64_t> ids;
  SESAME_RETURN_IF_ERROR(db_->Run([&](sql::Connection* conn) {
    ids.clear();
    auto select = Prepare(
        conn,
        "SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL "
        "AND expires_at <= NOW(6) "
        "AND (claimed_until IS NULL OR claimed_until < NOW(6)) LIMIT 1000");
    std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
    while (rs->next()) ids.push_back(rs->getInt64(1));
    return Status::Ok();
  }));
  if (ids.empty()) return Status::Ok();
  return db_->Transact([&](sql::Connection* conn) {
    FailExpiredByIdInTransaction(conn, ids);
    return Status::Ok();
  });
}

StatusOr<std::vector<OutboxRow>> MysqlOutbox::Claim(const std::string& worker,
                                                    int batch,
                                                    int claim_seconds) {
  if (batch <= 0 || claim_seconds <= 0) {
    return Status::InvalidArgument("batch and claim_seconds must be positive");
  }
  // Rows past their expiry that nobody holds fail and lose their payload.
  SESAME_RETURN_IF_ERROR(SweepExpired());
  std::vector<OutboxRow> rows;
  const std::string worker_name = CleanWorkerName(worker);
  Status status = db_->Transact([&](sql::Connection* conn) {
    rows.clear();
    // The first due rows in id order, read from ix_outbox_pending (pending
    // rows by id) with their payload, locked; rows another transaction
    // holds (a claim or a Record under way) are skipped, never waited for,
    // so a claim is never part of a deadlock with another claim or with a
    // worker recording its batch. Then one UPDATE by id claims them under
    // a fresh token.
    const std::string token = crypto::RandomBytes(16);
    auto select =
        Prepare(conn,
                "SELECT id, payload, attempts FROM outbox "
                "FORCE INDEX (ix_outbox_pending) "
                "WHERE sent_at IS NULL AND failed_at IS NULL "
                "AND next_attempt_at <= NOW(6) AND expires_at > NOW(6) "
                "AND (claimed_until IS NULL OR claimed_until < NOW(6)) "
                "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED");
    select->setInt(1, batch);
    std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
    std::vector<int64_t> ids;
    std::vector<int64_t> unreadable;
    while (rs->next()) {
      OutboxRow row;
      row.id = rs->getInt64(1);
      ids.push_back(row.id);
      const std::string sealed = rs->getString(2);
      row.attempts = rs->getInt(3);
      StatusOr<std::string> json = crypto::Open(settings_->seal_key, sealed);
      StatusOr<OutboxMessage> message =
          json.ok() ? ParseOutboxMessage(*json) : json.status();
      if (!message.ok()) {
        unreadable.push_back(row.id);
        continue;
      }
      row.message = *std::move(message);
      row.message_id = OutboxMessageId(*settings_, row.id);
      row.claim_token = token;
      rows.push_back(std::move(row));
    }
    rs.reset();
    for (size_t first = 0; first < ids.size(); first += kMaxRowsPerStatement) {
      const size_t n = std::min(kMaxRowsPerStatement, ids.size() - first);
      const size_t padded = PaddedRows(n);
      const std::string sql =
          "UPDATE outbox SET claimed_by = ?, claim_token = ?, "
          "claimed_until = NOW(6) + INTERVAL ? SECOND WHERE id IN (" +
          Placeholders(padded) + ")";
      auto claim = Prepare(conn, sql.c_str());
      claim->setString(1, worker_name);
      claim->setString(2, token);
      claim->setInt(3, claim_seconds);
      for (size_t i = 0; i < padded; ++i) {
        claim->setInt64(static_cast<int>(i) + 4, i < n ? ids[first + i] : 0);
      }
      claim->executeUpdate();
    }
    // Sealed with another key, or tampered with: it can never be sent.
    for (int64_t id : unreadable) {
      auto fail =
          Prepare(conn,
                  "UPDATE outbox SET failed_at = NOW(6), payload = NULL, "
                  "last_error = 'payload unreadable', claimed_by = NULL, "
                  "claim_token = NULL, claimed_until = NULL WHERE id = ?");
      fail->setInt64(1, id);
      fail->executeUpdate();
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return rows;
}

StatusOr<int> MysqlOutbox::Record(const std::string& worker,
                                  const std::vector<OutboxOutcome>& outcomes) {
  if (outcomes.empty()) return 0;
  const std::string worker_name = CleanWorkerName(worker);
  // The outcomes by claim token (one per claim: a batch has one), in
  // chunks of at most kMaxRowsPerStatement; and the failures by channel
  // and cause.
  std::map<std::string, std::vector<const OutboxOutcome*>> by_token;
  std::map<std::pair<std::string, std::string>, int> failures;
  for (const OutboxOutcome& o : outcomes) {
    by_token[o.claim_token].push_back(&o);
    if (o.kind == OutboxOutcome::Kind::kRetry && !o.channel.empty() &&
        !o.cause.empty()) {
      if (o.channel != "mail" && o.channel != "sms") {
        return Status::InvalidArgument("unknown channel");
      }
      ++failures[{o.channel, CleanText(o.cause, 32)}];
    }
  }
  int recorded = 0;
  Status status = db_->Transact([&](sql::Connection* conn) {
    recorded = 0;
    for (const auto& [token, list] : by_token) {
      for (size_t first = 0; first < list.size();
           first += kMaxRowsPerStatement) {
        const size_t n = std::min(kMaxRowsPerStatement, list.size() - first);
        const size_t padded = PaddedRows(n);
        // kind: 0 sent, 1 retry, 2 released. The assignments read only
        // columns no assignment writes (expires_at) or their own, so the
        // order a multiple-table UPDATE applies them in does not matter.
        std::string sql = "UPDATE outbox o JOIN (";
        for (size_t i = 0; i < padded; ++i) {
          sql += i ? " UNION ALL " : "";
          sql +=
              "SELECT CAST(? AS SIGNED) AS id, CAST(? AS SIGNED) AS kind, "
              "CAST(? AS SIGNED) AS delay, CAST(? AS CHAR(255)) AS err";
        }
        sql +=
            ") r ON o.id = r.id "
            "SET o.attempts = o.attempts + IF(r.kind = 2, 0, 1), "
            "o.sent_at = IF(r.kind = 0, NOW(6), NULL), "
            "o.failed_at = IF(r.kind = 1 AND "
            "NOW(6) + INTERVAL r.delay SECOND >= o.expires_at, NOW(6), NULL), "
            "o.payload = IF(r.kind = 0 OR (r.kind = 1 AND "
            "NOW(6) + INTERVAL r.delay SECOND >= o.expires_at), NULL, "
            "o.payload), "
            "o.next_attempt_at = IF(r.kind = 0, o.next_attempt_at, "
            "NOW(6) + INTERVAL r.delay SECOND), "
            "o.last_error = IF(r.kind = 1, r.err, o.last_error), "
            "o.claimed_by = NULL, o.claim_token = NULL, "
            "o.claimed_until = NULL "
            "WHERE o.id IN (" +
            Placeholders(padded) +
            ") AND o.claimed_by = ? AND o.claim_token = ? "
            "AND o.sent_at IS NULL AND o.failed_at IS NULL";
        auto update = Prepare(conn, sql.c_str());
        int p = 1;
        for (size_t i = 0; i < padded; ++i) {
          const OutboxOutcome* o = list[first + std::min(i, n - 1)];
          const bool pad = i >= n;
          int kind = 0;
          if (o->kind == OutboxOutcome::Kind::kRetry) kind = 1;
          if (o->kind == OutboxOutcome::Kind::kReleased) kind = 2;
          update->setInt64(p++, pad ? 0 : o->id);
          update->setInt(p++, kind);
          update->setInt(p++, kind == 1 ? std::max(0, o->delay_seconds) : 0);
          update->setString(p++, kind == 1 ? CleanText(o->error, kErrorChars)
                                           : std::string());
        }
        // The same ids again: the rows are found by primary key, not by
        // a scan of the table joined to the list.
        for (size_t i = 0; i < padded; ++i) {
          update->setInt64(p++, i < n ? list[first + i]->id : 0);
        }
        update->setString(p++, worker_name);
        update->setString(p++, token);
        recorded += update->executeUpdate();
      }
    }
    if (!failures.empty()) {
      const std::string sql =
          "INSERT INTO send_failures (channel, cause, count) VALUES " +
          ValuesRows("?, ?, ?", failures.size()) +
          " ON DUPLICATE KEY UPDATE count = count + VALUES(count)";
      auto upsert = Prepare(conn, sql.c_str());
      int p = 1;
      for (const auto& [key, count] : failures) {
        upsert->setString(p++, key.first);
        upsert->setString(p++, key.second);
        upsert->setInt(p++, count);
      }
      upsert->executeUpdate();
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return recorded;
}

Status MysqlOutbox::MarkSent(int64_t id, const std::string& worker) {
  const std::string worker_name = CleanWorkerName(worker);
  return db_->Transact([&](sql::Connection* conn) {
    auto update = Prepare(
        conn,
        "UPDATE outbox SET sent_at = NOW(6), payload = NULL, "
        "attempts = attempts + 1, claimed_by = NULL, claim_token = NULL, "
        "claimed_until = NULL WHERE id = ? AND claimed_by = ? "
        "AND sent_at IS NULL AND failed_at IS NULL");
    update->setInt64(1, id);
    update->setString(2, worker_name);
    if (update->executeUpdate() == 0) {
      return Status::FailedPrecondition("outbox row " + std::to_string(id) +
                                        " is not claimed by this worker");
    }
    return Status::Ok();
  });
}

Status MysqlOutbox::MarkRetry(int64_t id, const std::string& worker,
                              int delay_seconds, const std::string& error) {
  if (delay_seconds < 0) delay_seconds = 0;
  const std::string worker_name = CleanWorkerName(worker);
  const std::string last_error = CleanText(error, kErrorChars);
  return db_->Transact([&](sql::Connection* conn) {
    // failed_at and payload both test expires_at, which is not assigned
    // here, so their order does not matter.
    auto update = Prepare(
        conn,
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, "
        "claimed_by = NULL, claim_token = NULL, claimed_until = NULL, "
        "next_attempt_at = NOW(6) + INTERVAL ? SECOND, "
        "failed_at = IF(NOW(6) + INTERVAL ? SECOND >= expires_at, NOW(6), "
        "NULL), "
        "payload = IF(NOW(6) + INTERVAL ? SECOND >= expires_at, NULL, payload) "
        "WHERE id = ? AND claimed_by = ? AND sent_at IS NULL "
        "AND failed_at IS NULL");
    update->setString(1, last_error);
    update->setInt(2, delay_seconds);
    update->setInt(3, delay_seconds);
    update->setInt(4, delay_seconds);
    update->setInt64(5, id);
    update->setString(6, worker_name);
    if (update->executeUpdate() == 0) {
      return Status::FailedPrecondition("outbox row " + std::to_string(id) +
                                        " is not claimed by this worker");
    }
    return Status::Ok();
  });
}

Status MysqlOutbox::CountSendFailure(const std::string& channel,
                                     const std::string& cause) {
  if (channel != "mail" && channel != "sms") {
    return Status::InvalidArgument("unknown channel");
  }
  const std::string clean = CleanText(cause, 32);
  return db_->Transact([&](sql::Connection* conn) {
    auto upsert = Prepare(conn,
                          "INSERT INTO send_failures (channel, cause, count) "
                          "VALUES (?, ?, 1) "
                          "ON DUPLICATE KEY UPDATE count = count + 1");
    upsert->setString(1, channel);
    upsert->setString(2, clean);
    upsert->executeUpdate();
    return Status::Ok();
  });
}

// --- AuditLog --------------------------------------------------------------

Status MysqlAuditLog::Append(const AuditEvent& event) {
  return db_->Transact([&](sql::Connection* conn) {
    return AppendAuditInTransaction(conn, *settings_, event);
  });
}

StatusOr<int64_t> MysqlAuditLog::KeyChain() {
  int64_t id = 0;
  SESAME_RETURN_IF_ERROR(db_->Transact([&](sql::Connection* conn) {
    StatusOr<int64_t> keyed = KeyAuditChainInTransaction(conn, *settings_);
    if (!keyed.ok()) return keyed.status();
    id = *keyed;
    return Status::Ok();
  }));
  return id;
}

StatusOr<AuditReport> MysqlAuditLog::Verify(
    const std::optional<AuditAnchor>& anchor) {
  AuditReport report;
  std::optional<std::string> anchor_mac;  // the anchor row's MAC, once read
  Status status = db_->Run([&](sql::Connection* conn) {
    report = AuditReport();
    anchor_mac.reset();
    // The last row first: an append moves the head with its row, so the
    // head read next is at or past it unless it was moved back (or a row
    // was inserted past it), which would hide the rows after it.
    auto max = Prepare(conn, "SELECT COALESCE(MAX(id), 0) FROM audit_log");
    std::unique_ptr<sql::ResultSet> mrs(max->executeQuery());
    const int64_t max_id = mrs->next() ? mrs->getInt64(1) : 0;
    mrs.reset();
    // Rows appended after this read are left for the next run.
    auto head =
        Prepare(conn, "SELECT last_id, last_hash FROM audit_head WHERE id = 1");
    std::unique_ptr<sql::ResultSet> hrs(head->executeQuery());
    if (!hrs->next()) return Status::FailedPrecondition("audit_head missing");
    const int64_t last_id = hrs->getInt64(1);
    const std::string last_hash = hrs->getString(2);
    hrs.reset();
    if (max_id > last_id) {
      return Status::FailedPrecondition(
          "audit chain broken: row " + std::to_string(max_id) +
          " lies past the head (row " + std::to_string(last_id) +
          "): audit_head was moved back, or a row was added outside sesame");
    }

    auto select = Prepare(
        conn,
        "SELECT id, DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f'), account_id, "
        "event, client_ip, detail, prev_hash, hash, chain, request_id "
        "FROM audit_log "
        "WHERE id > ? AND id <= ? ORDER BY id LIMIT ?");
    std::string running(32, '\0');
    if (anchor && anchor->id == 0) anchor_mac = running;
    int64_t expected = 1;
    while (expected <= last_id) {
      select->setInt64(1, expected - 1);
      select->setInt64(2, last_id);
      select->setInt64(3, kAuditBatch);
      std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
      bool any = false;
      while (rs->next()) {
        any = true;
        const int64_t id = rs->getInt64(1);
        const std::string row =
            "audit chain broken at row " + std::to_string(id) + ": ";
        if (id != expected) {
          return Status::FailedPrecondition("audit chain broken: row " +
                                            std::to_string(expected) +
                                            " is missing");
        }
        std::optional<int64_t> account_id;
        if (!rs->isNull(3)) account_id = rs->getInt64(3);
        const std::string event = rs->getString(4);
        const std::string canonical = AuditCanonical(
            id, rs->getString(2), account_id, event, rs->getString(5),
            rs->getString(6), rs->isNull(10) ? "" : rs->getString(10));
        const std::string prev_hash = rs->getString(7);
        const std::string hash = rs->getString(8);
        const int chain = rs->getInt(9);
        if (prev_hash != running) {
          return Status::FailedPrecondition(
              row + "prev_hash does not match the row before");
        }
        // Unkeyed rows only before the keyed start, which is the first
        // « audit.keyed » row; keyed ones from it on.
        const bool keyed = report.keyed_from != 0 || event == kAuditKeyedEvent;
        const int want = keyed ? kAuditChainHmac : kAuditChainSha256;
        if (chain != want) {
          return Status::FailedPrecondition(
              row + (keyed ? "an unkeyed (SHA-256) row after the keyed start"
                           : "a keyed row before the keyed start"));
        }
        running = AuditRowMac(want, settings_->audit_key, running, canonical);
        if (!crypto::ConstantTimeEquals(hash, running)) {
          return Status::FailedPrecondition(
              row + (keyed ? "contents do not match their HMAC (the row was "
                             "rewritten, or the secret key is not the one "
                             "that wrote it)"
                           : "contents do not match hash"));
        }
        if (keyed && report.keyed_from == 0) report.keyed_from = id;
        if (anchor && anchor->id == id) anchor_mac = hash;
        ++report.rows;
        ++expected;
      }
      if (!any) {
        return Status::FailedPrecondition("audit chain broken: row " +
                                          std::to_string(expected) +
                                          " is missing");
      }
    }
    if (running != last_hash) {
      return Status::FailedPrecondition(
          "audit chain broken: head does not match row " +
          std::to_string(last_id));
    }
    if (last_id > 0 && report.keyed_from == 0) {
      // `sesame migrate` writes it; without it every MAC is SHA-256, which
      // anyone can recompute after rewriting rows.
      return Status::FailedPrecondition(
          "audit chain broken: no « audit.keyed » row starts the keyed "
          "chain (run sesame migrate; if it ran, the chain was rewritten)");
    }
    report.head.id = last_id;
    report.head.mac = last_hash;
    return Status::Ok();
  });
  if (!status.ok()) return status;
  if (anchor) {
    if (anchor->id > report.head.id) {
      report.anchor_problem =
          "the chain ends at row " + std::to_string(report.head.id) +
          ", before the anchor's row " + std::to_string(anchor->id) +
          ": rows were removed from its end";
    } else if (!anchor_mac ||
               !crypto::ConstantTimeEquals(*anchor_mac, anchor->mac)) {
      report.anchor_problem =
          "row " + std::to_string(anchor->id) +
          " does not have the anchor's MAC: the chain was rewritten up to it";
    }
  }
  return report;
}

// --- OpsStats --------------------------------------------------------------

StatusOr<QueueStats> MysqlOpsStats::Read() {
  QueueStats stats;
  Status st = db_->Run([&](sql::Connection* conn) {
    stats = QueueStats();
    // Each count walks at most kDepthCap index entries; the oldest row is
    // the first of an index (created_at, or the pending rows by id).
    auto intents =
        Prepare(conn,
                "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM recovery_intents "
                "LIMIT ?) t), COALESCE(TIMESTAMPDIFF(MICROSECOND, "
                "(SELECT MIN(created_at) FROM recovery_intents), NOW(6)), 0)");
    intents->setInt64(1, OpsStats::kDepthCap);
    std::unique_ptr<sql::ResultSet> rs(intents->executeQuery());
    if (rs->next()) {
      stats.intents_waiting = rs->getInt64(1);
      stats.oldest_intent_age_seconds =
          static_cast<double>(rs->getInt64(2)) / 1e6;
    }
    rs.reset();
    // The pending rows in id order (ix_outbox_pending), the first
    // kDepthCap of them, by channel.
    stats.outbox = {{"mail", 0, 0}, {"sms", 0, 0}};
    auto outbox = Prepare(
        conn,
        "SELECT kind, COUNT(*), TIMESTAMPDIFF(MICROSECOND, MIN(created_at), "
        "NOW(6)) FROM (SELECT kind, created_at FROM outbox "
        "WHERE sent_at IS NULL AND failed_at IS NULL ORDER BY id LIMIT ?) t "
        "GROUP BY kind");
    outbox->setInt64(1, OpsStats::kDepthCap);
    std::unique_ptr<sql::ResultSet> ors(outbox->executeQuery());
    while (ors->next()) {
      for (QueueStats::Channel& c : stats.outbox) {
        if (c.channel != ors->getString(1)) continue;
        c.depth = ors->getInt64(2);
        c.oldest_age_seconds = static_cast<double>(ors->getInt64(3)) / 1e6;
      }
    }
    ors.reset();
    auto failures = Prepare(conn,
                            "SELECT channel, cause, count FROM send_failures "
                            "ORDER BY channel, cause LIMIT 64");
    std::unique_ptr<sql::ResultSet> frs(failures->executeQuery());
    while (frs->next()) {
      stats.send_failures.push_back(
          {frs->getString(1), frs->getString(2), frs->getInt64(3)});
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return stats;
}

// --- Health ----------------------------------------------------------------

// One statement on a plain server (the answer proves it is there), two on
// a Galera node: SHOW GLOBAL STATUS walks every status variable, so it is
// asked only where wsrep is on. @@GLOBAL.wsrep_on reads one variable (SHOW
// GLOBAL VARIABLES LIKE walks them all); a server built without Galera
// does not know it (1193).
Status MysqlHealth::Ping() {
  constexpr int kErrUnknownSystemVariable = 1193;
  bool wsrep = false;
  std::optional<std::string> wsrep_ready;
  SESAME_RETURN_IF_ERROR(db_->Run([&](sql::Connection* conn) {
    wsrep = false;
    wsrep_ready.reset();
    std::unique_ptr<sql::Statement> stmt(conn->createStatement());
    try {
      std::unique_ptr<sql::ResultSet> rs(
          stmt->executeQuery("SELECT @@GLOBAL.wsrep_on"));
      wsrep = rs->next() && rs->getInt(1) == 1;
    } catch (const sql::SQLException& e) {
      if (e.getErrorCode() != kErrUnknownSystemVariable) throw;
    }
    if (!wsrep) return Status::Ok();  // not a Galera node
    std::unique_ptr<sql::ResultSet> rs(
        stmt->executeQuery("SHOW GLOBAL STATUS LIKE 'wsrep_ready'"));
    if (rs->next()) wsrep_ready = rs->getString(2);
    return Status::Ok();
  }));
  if (!wsrep) return Status::Ok();
  return WsrepHealth(std::string("ON"), wsrep_ready);
}

// --- MysqlStores -----------------------------------------------------------

MysqlStores::MysqlStores(const Config& config)
    : db_(std::make_unique<MysqlDatabase>(config.database)),
      outbox_settings_(OutboxSettings::FromConfig(config)),
      accounts_(db_.get(), &outbox_settings_),
      sessions_(db_.get(), &outbox_settings_),
      limits_(db_.get(), &outbox_settings_),
      outbox_(db_.get(), &outbox_settings_),
      audit_(db_.get(), &outbox_settings_),
      health_(db_.get()),
      ops_(db_.get()),
      recovery_(db_.get(), &outbox_settings_),
      intake_(db_.get(), &outbox_settings_),
      captchas_(db_.get()),
      desk_(db_.get(), &outbox_settings_),
      education_(db_.get(), &outbox_settings_),
      oidc_states_(db_.get()) {}

StatusOr<std::unique_ptr<MysqlStores>> MysqlStores::Open(
    const Config& config, bool check_connection) {
  if (config.security.secret_key.empty()) {
    return Status::InvalidArgument(
        "security.secret_key_file: no secret key loaded");
  }
  std::unique_ptr<MysqlStores> stores(new MysqlStores(config));
  if (check_connection) SESAME_RETURN_IF_ERROR(stores->db_->Ping());
  return stores;
}

Stores MysqlStores::stores() {
  Stores s;
  s.accounts = &accounts_;
  s.sessions = &sessions_;
  s.limits = &limits_;
  s.outbox = &outbox_;
  s.audit = &audit_;
  s.health = &health_;
  s.ops = &ops_;
  s.recovery = &recovery_;
  s.intake = &intake_;
  s.captchas = &captchas_;
  s.desk = &desk_;
  s.education = &education_;
  s.oidc_states = &oidc_states_;
  return s;
}

}  // namespace sesame
