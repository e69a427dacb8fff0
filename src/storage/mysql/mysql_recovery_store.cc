#include "storage/mysql/mysql_recovery_store.h"

#include <cppconn/connection.h>
#include <cppconn/datatype.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>

namespace sesame {

namespace {

constexpr int kErrDuplicateKey = 1062;
constexpr int kErrNoReferencedRow = 1452;  // foreign key: no such account
constexpr size_t kHashBytes = 32;
constexpr size_t kClientIpChars = 45;

// A request is live while this holds (the same test as 001_initial.sql's).
#define SESAME_RECOVERY_LIVE \
  "used_at IS NULL AND superseded_at IS NULL AND expires_at > NOW(6)"

constexpr char kNoLongerValid[] = "already used or no longer valid";

AuditEvent WithAccount(AuditEvent audit, int64_t account_id) {
  if (!audit.account_id) audit.account_id = account_id;
  return audit;
}

Status CheckNewRequest(const NewRecoveryRequest& request) {
  if (request.account_id <= 0) {
    return Status::InvalidArgument("recovery request without account");
  }
  if (!ValidFlowName(request.flow)) {
    return Status::InvalidArgument("recovery flow name: 1 to 32 of [a-z0-9_]");
  }
  if (request.token_hash.size() != kHashBytes) {
    return Status::InvalidArgument("token hash must be 32 bytes");
  }
  if (!request.code_hmac.empty() && request.code_hmac.size() != kHashBytes) {
    return Status::InvalidArgument("code HMAC must be 32 bytes or empty");
  }
  if (request.ttl_seconds <= 0 || request.code_ttl_seconds < 0) {
    return Status::InvalidArgument("recovery lifetimes must be positive");
  }
  return Status::Ok();
}

// The request's account, or nullopt when there is no such request.
std::optional<int64_t> RequestAccount(sql::Connection* conn, int64_t id) {
  auto select =
      Prepare(conn, "SELECT account_id FROM recovery_requests WHERE id = ?");
  select->setInt64(1, id);
  std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
  if (!rs->next()) return std::nullopt;
  return static_cast<int64_t>(rs->getInt64(1));
}

// Locks the account's row until the transaction ends (the order every
// writer of an account and its requests follows: accounts, then
// recovery_requests) and says whether it is disabled. NotFound when gone.
StatusOr<bool> LockAccount(sql::Connection* conn, int64_t account_id) {
  auto select = Prepare(conn,
                        "SELECT disabled_at IS NOT NULL FROM accounts "
                        "WHERE id = ? FOR UPDATE");
  select->setInt64(1, account_id);
  std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
  if (!rs->next()) return Status::NotFound("no such account");
  return static_cast<bool>(rs->getBoolean(1));
}

}  // namespace

Status CreateRecoveryInTransaction(sql::Connection* conn,
                                   const OutboxSettings& settings,
                                   const NewRecoveryRequest& request,
                                   DeferredWrites* deferred) {
  SESAME_RETURN_IF_ERROR(CheckNewRequest(request));
  const int code_ttl = request.code_ttl_seconds > 0 ? request.code_ttl_seconds
                                                    : request.ttl_seconds;
  {
    // Serialises Create, Complete and password changes of this account, so
    // two concurrent Creates cannot both leave a live request.
    StatusOr<bool> disabled = LockAccount(conn, request.account_id);
    if (!disabled.ok()) return disabled.status();

    // Same statement as ChangePasswordInTransaction's: the live request (of
    // any flow) dies, and its expiry is pulled to the present.
    auto supersede =
        Prepare(conn,
                "UPDATE recovery_requests SET superseded_at = NOW(6), "
                "expires_at = LEAST(expires_at, NOW(6)) WHERE account_id = ? "
                "AND " SESAME_RECOVERY_LIVE);
    supersede->setInt64(1, request.account_id);
    supersede->executeUpdate();

    auto insert =
        Prepare(conn,
                "INSERT INTO recovery_requests (account_id, flow, token_hash, "
                "code_hmac, code_attempts, code_sends, created_at, expires_at, "
                "code_expires_at, client_ip) VALUES (?, ?, ?, ?, 0, ?, NOW(6), "
                "NOW(6) + INTERVAL ? SECOND, NOW(6) + INTERVAL ? SECOND, ?)");
    insert->setInt64(1, request.account_id);
    insert->setString(2, request.flow);
    insert->setString(3, request.token_hash);
    if (request.code_hmac.empty()) {
      insert->setNull(4, sql::DataType::BINARY);
    } else {
      insert->setString(4, request.code_hmac);
    }
    insert->setInt(5, request.code_hmac.empty() ? 0 : 1);
    insert->setInt(6, request.ttl_seconds);
    insert->setInt(7, code_ttl);
    insert->setString(8, CleanText(request.client_ip, kClientIpChars));
    try {
      insert->executeUpdate();
    } catch (const sql::SQLException& e) {
      if (e.getErrorCode() == kErrDuplicateKey) {
        return Status::AlreadyExists("recovery token already in use");
      }
      if (e.getErrorCode() == kErrNoReferencedRow) {
        return Status::NotFound("no such account");
      }
      throw;
    }

    for (const OutboxMessage& message : request.messages) {
      SESAME_RETURN_IF_ERROR(
          EnqueueInTransaction(conn, settings, message, deferred));
    }
    return AuditInTransaction(conn, settings,
                              WithAccount(request.audit, request.account_id),
                              deferred);
  }
}

Status MysqlRecoveryStore::Create(const NewRecoveryRequest& request) {
  return db_->Transact([&](sql::Connection* conn) {
    return CreateRecoveryInTransaction(conn, *outbox_, request);
  });
}

StatusOr<RecoveryRequest> MysqlRecoveryStore::FindByToken(
    const std::string& token_hash) {
  if (token_hash.size() != kHashBytes) {
    return Status::NotFound("no such recovery request");
  }
  std::optional<RecoveryRequest> found;
  Status status = db_->Run([&](sql::Connection* conn) {
    found.reset();
    // One lookup on uq_recovery_token; a request made before 002 has no
    // code_expires_at and its code lives as long as its link.
    auto select = Prepare(
        conn,
        "SELECT r.id, r.account_id, r.flow, r.code_hmac, r.code_attempts, "
        "r.code_sends, r.used_at IS NOT NULL, r.superseded_at IS NOT NULL, "
        "r.expires_at <= NOW(6), "
        "COALESCE(r.code_expires_at, r.expires_at) <= NOW(6), "
        "a.disabled_at IS NOT NULL "
        "FROM recovery_requests r JOIN accounts a ON a.id = r.account_id "
        "WHERE r.token_hash = ?");
    select->setString(1, token_hash);
    std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
    if (!rs->next()) return Status::Ok();
    RecoveryRequest request;
    request.id = rs->getInt64(1);
    request.account_id = rs->getInt64(2);
    request.flow = rs->getString(3);
    if (!rs->isNull(4)) request.code_hmac = rs->getString(4);
    request.code_attempts = rs->getInt(5);
    request.code_sends = rs->getInt(6);
    request.used = rs->getBoolean(7);
    request.superseded = rs->getBoolean(8);
    request.expired = rs->getBoolean(9);
    request.code_expired = rs->getBoolean(10);
    request.account_disabled = rs->getBoolean(11);
    found = std::move(request);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  if (!found) return Status::NotFound("no such recovery request");
  return *std::move(found);
}

StatusOr<int> MysqlRecoveryStore::CountAttempt(int64_t id) {
  int attempts = 0;
  Status status = db_->Transact([&](sql::Connection* conn) {
    auto update = Prepare(conn,
                          "UPDATE recovery_requests "
                          "SET code_attempts = code_attempts + 1 "
                          "WHERE id = ? AND " SESAME_RECOVERY_LIVE);
    update->setInt64(1, id);
    if (update->executeUpdate() == 0) {
      return Status::FailedPrecondition(kNoLongerValid);
    }
    // The row stays locked by this transaction: this reads its own write.
    auto select = Prepare(
        conn, "SELECT code_attempts FROM recovery_requests WHERE id = ?");
    select->setInt64(1, id);
    std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
    if (!rs->next()) return Status::Internal("recovery request vanished");
    attempts = rs->getInt(1);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return attempts;
}

Status MysqlRecoveryStore::ReplaceCode(int64_t id, const std::string& code_hmac,
                                       int code_ttl_seconds, int max_sends,
                                       const OutboxMessage& sms,
                                       const AuditEvent& audit) {
  if (code_hmac.size() != kHashBytes) {
    return Status::InvalidArgument("code HMAC must be 32 bytes");
  }
  if (code_ttl_seconds <= 0 || max_sends <= 0) {
    return Status::InvalidArgument(
        "code lifetime and send budget must be positive");
  }
  return db_->Transact([&](sql::Connection* conn) {
    auto update =
        Prepare(conn,
                "UPDATE recovery_requests SET code_hmac = ?, "
                "code_expires_at = NOW(6) + INTERVAL ? SECOND, "
                "code_sends = code_sends + 1 "
                "WHERE id = ? AND " SESAME_RECOVERY_LIVE " AND code_sends < ?");
    update->setString(1, code_hmac);
    update->setInt(2, code_ttl_seconds);
    update->setInt64(3, id);
    update->setInt(4, max_sends);
    if (update->executeUpdate() == 0) {
      // Why not: the budget, or the request itself.
      auto why = Prepare(conn, "SELECT " SESAME_RECOVERY_LIVE
                               " FROM recovery_requests WHERE id = ?");
      why->setInt64(1, id);
      std::unique_ptr<sql::ResultSet> rs(why->executeQuery());
      if (rs->next() && rs->getBoolean(1)) {
        return Status::ResourceExhausted("no more codes for this request");
      }
      return Status::FailedPrecondition(kNoLongerValid);
    }
    std::optional<int64_t> account_id = RequestAccount(conn, id);
    if (!account_id) return Status::Internal("recovery request vanished");
    SESAME_RETURN_IF_ERROR(EnqueueInTransaction(conn, *outbox_, sms));
    return AppendAuditInTransaction(conn, *outbox_,
                                    WithAccount(audit, *account_id));
  });
}

Status MysqlRecoveryStore::Complete(int64_t id, const PasswordChange& change) {
  return db_->Transact([&](sql::Connection* conn) {
    // account_id never changes, so a plain read is enough to find which
    // account to lock; the lock comes before the request's row, in the
    // order Create and password changes take them.
    std::optional<int64_t> account_id = RequestAccount(conn, id);
    if (!account_id) return Status::FailedPrecondition(kNoLongerValid);
    if (*account_id != change.account_id) {
      return Status::InvalidArgument(
          "password change is not for the request's account");
    }
    StatusOr<bool> disabled = LockAccount(conn, *account_id);
    if (!disabled.ok()) return Status::FailedPrecondition(kNoLongerValid);
    if (*disabled) return Status::FailedPrecondition("account disabled");

    // The single-use decision: only one transaction matches this row.
    auto spend = Prepare(conn,
                         "UPDATE recovery_requests SET used_at = NOW(6) "
                         "WHERE id = ? AND " SESAME_RECOVERY_LIVE);
    spend->setInt64(1, id);
    if (spend->executeUpdate() == 0) {
      return Status::FailedPrecondition(kNoLongerValid);
    }
    // Supersedes the account's other live requests; this one is used
    // already, so it stays "used", not "superseded".
    return ChangePasswordInTransaction(conn, *outbox_, change);
  });
}

#undef SESAME_RECOVERY_LIVE

}  // namespace sesame
