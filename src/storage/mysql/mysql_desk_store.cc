#include "storage/mysql/mysql_desk_store.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

namespace sesame {

namespace {

constexpr int kErrDuplicateKey = 1062;
constexpr size_t kOwnerBytes = 32;
// desk_slips.sealed is VARBINARY(4096); account_identifiers.digest
// VARBINARY(64).
constexpr size_t kMaxSlipBytes = 4096;
constexpr size_t kMaxIdentifierDigest = 64;

Status CheckAction(const DeskAction& action) {
  if (action.password.has_value() == action.identifier.has_value()) {
    return Status::InvalidArgument(
        "a desk action sets either a password or an identifier");
  }
  if (action.identifier) {
    if (!ValidIdentifierKind(action.identifier->kind)) {
      return Status::InvalidArgument("identifier kind: 1 to 32 of [a-z0-9_.]");
    }
    if (action.identifier->digest.empty() ||
        action.identifier->digest.size() > kMaxIdentifierDigest) {
      return Status::InvalidArgument("identifier digest: 1 to 64 bytes");
    }
  }
  if (action.slip_owner.size() != kOwnerBytes) {
    return Status::InvalidArgument("slip owner must be 32 bytes");
  }
  if (action.slip_sealed.empty() || action.slip_sealed.size() > kMaxSlipBytes) {
    return Status::InvalidArgument("sealed slip: 1 to 4096 bytes");
  }
  if (action.slip_ttl_seconds <= 0) {
    return Status::InvalidArgument("slip lifetime must be positive");
  }
  return Status::Ok();
}

AuditEvent ForAccount(AuditEvent audit, int64_t account_id) {
  if (!audit.account_id) audit.account_id = account_id;
  return audit;
}

// The agent's identifier of `identifier.kind` replaced, its sessions
// revoked. NotFound for no such account; AlreadyExists when another
// account holds the digest.
Status ReplaceIdentifier(sql::Connection* conn, int64_t agent_id,
                         const AccountIdentifier& identifier) {
  auto lock = Prepare(conn, "SELECT id FROM accounts WHERE id = ? FOR UPDATE");
  lock->setInt64(1, agent_id);
  {
    std::unique_ptr<sql::ResultSet> rs(lock->executeQuery());
    if (!rs->next()) return Status::NotFound("no such account");
  }
  auto remove = Prepare(conn,
                        "DELETE FROM account_identifiers "
                        "WHERE account_id = ? AND kind = ?");
  remove->setInt64(1, agent_id);
  remove->setString(2, identifier.kind);
  remove->executeUpdate();
  auto insert = Prepare(conn,
                        "INSERT INTO account_identifiers (kind, digest, "
                        "account_id) VALUES (?, ?, ?)");
  insert->setString(1, identifier.kind);
  insert->setString(2, identifier.digest);
  insert->setInt64(3, agent_id);
  try {
    insert->executeUpdate();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() == kErrDuplicateKey) {
      return Status::AlreadyExists(identifier.kind +
                                   " identifier already used by another "
                                   "account");
    }
    throw;
  }
  auto revoke = Prepare(conn,
                        "UPDATE sessions SET revoked_at = NOW(6) "
                        "WHERE account_id = ? AND revoked_at IS NULL");
  revoke->setInt64(1, agent_id);
  revoke->executeUpdate();
  auto touch =
      Prepare(conn, "UPDATE accounts SET updated_at = NOW(6) WHERE id = ?");
  touch->setInt64(1, agent_id);
  touch->executeUpdate();
  return Status::Ok();
}

}  // namespace

StatusOr<bool> MysqlDeskStore::Act(const DeskAction& action) {
  SESAME_RETURN_IF_ERROR(CheckAction(action));
  bool within = false;
  Status status = db_->Transact([&](sql::Connection* conn) {
    within = false;
    // First: a refusal rolls its own counts back and writes nothing else.
    StatusOr<bool> counted =
        CountWithinLimitsInTransaction(conn, *outbox_, action.limits);
    if (!counted.ok()) return counted.status();
    if (!*counted) return Status::Ok();
    within = true;

    auto slip = Prepare(conn,
                        "REPLACE INTO desk_slips (owner, sealed, created_at, "
                        "expires_at) VALUES (?, ?, NOW(6), "
                        "NOW(6) + INTERVAL ? SECOND)");
    slip->setString(1, action.slip_owner);
    slip->setString(2, action.slip_sealed);
    slip->setInt(3, action.slip_ttl_seconds);
    slip->executeUpdate();

    const AuditEvent agent_audit =
        ForAccount(action.agent_audit, action.agent_id);
    if (action.password) {
      // The new hash, the agent's sessions revoked, its live recovery
      // requests superseded, the mail queued and the agent's row appended.
      PasswordChange change;
      change.account_id = action.agent_id;
      change.new_hash = action.password->hash;
      change.must_change_password = true;
      change.temporary_password_hours =
          action.password->temporary_password_hours;
      change.audit = agent_audit;
      change.notification = action.notification;
      SESAME_RETURN_IF_ERROR(
          ChangePasswordInTransaction(conn, *outbox_, change));
    } else {
      SESAME_RETURN_IF_ERROR(
          ReplaceIdentifier(conn, action.agent_id, *action.identifier));
      if (action.notification) {
        SESAME_RETURN_IF_ERROR(
            EnqueueInTransaction(conn, *outbox_, *action.notification));
      }
      SESAME_RETURN_IF_ERROR(
          AppendAuditInTransaction(conn, *outbox_, agent_audit));
    }
    return AppendAuditInTransaction(conn, *outbox_, action.officer_audit);
  });
  if (!status.ok()) return status;
  return within;
}

StatusOr<std::optional<std::string>> MysqlDeskStore::TakeSlip(
    const std::string& owner) {
  if (owner.size() != kOwnerBytes) return std::optional<std::string>();
  std::optional<std::string> sealed;
  Status status = db_->Transact([&](sql::Connection* conn) {
    sealed.reset();
    // Locked: a concurrent read waits here, then finds the row gone.
    auto select = Prepare(conn,
                          "SELECT sealed, expires_at > NOW(6) FROM desk_slips "
                          "WHERE owner = ? FOR UPDATE");
    select->setString(1, owner);
    bool live = false;
    {
      std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
      if (!rs->next()) return Status::Ok();
      live = rs->getBoolean(2);
      if (live) sealed = rs->getString(1);
    }
    auto remove = Prepare(conn, "DELETE FROM desk_slips WHERE owner = ?");
    remove->setString(1, owner);
    if (remove->executeUpdate() != 1) sealed.reset();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return sealed;
}

StatusOr<std::vector<AuditRow>> MysqlDeskStore::AuditOf(
    int64_t account_id, const std::string& event_prefix, int limit) {
  if (limit <= 0) return std::vector<AuditRow>();
  std::vector<AuditRow> rows;
  Status status = db_->Run([&](sql::Connection* conn) {
    rows.clear();
    // The last `limit` rows, read newest first (ix_audit_account).
    auto select = Prepare(
        conn,
        "SELECT id, DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s'), account_id, event, "
        "client_ip, detail FROM audit_log WHERE account_id = ? "
        "AND LEFT(event, CHAR_LENGTH(?)) = ? ORDER BY id DESC LIMIT ?");
    select->setInt64(1, account_id);
    select->setString(2, event_prefix);
    select->setString(3, event_prefix);
    select->setInt(4, limit);
    std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
    while (rs->next()) {
      AuditRow row;
      row.id = rs->getInt64(1);
      row.at = rs->getString(2);
      if (!rs->isNull(3)) row.account_id = rs->getInt64(3);
      row.event = rs->getString(4);
      row.client_ip = rs->getString(5);
      row.detail = rs->getString(6);
      rows.push_back(std::move(row));
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return std::vector<AuditRow>(rows.rbegin(), rows.rend());
}

}  // namespace sesame
