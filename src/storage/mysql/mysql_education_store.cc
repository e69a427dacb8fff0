#include "storage/mysql/mysql_education_store.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

namespace sesame {
namespace {

constexpr size_t kHashBytes = 32;
// education_code_slips.sealed is VARBINARY(512); the digests VARBINARY(64).
constexpr size_t kMaxSlipBytes = 512;
constexpr size_t kMaxDigest = 64;

void SetOptional(sql::PreparedStatement* s, int i, const std::string& v,
                 int type) {
  if (v.empty()) {
    s->setNull(i, type);
  } else {
    s->setString(i, v);
  }
}

AuditEvent ForAccount(AuditEvent audit, int64_t account_id) {
  if (!audit.account_id) audit.account_id = account_id;
  return audit;
}

// Locks the account's row (accounts before the flow's rows, as every
// writer does) and says whether it is disabled; NotFound when gone.
StatusOr<bool> LockAccount(sql::Connection* conn, int64_t account_id) {
  auto select = Prepare(conn,
                        "SELECT disabled_at IS NOT NULL FROM accounts "
                        "WHERE id = ? FOR UPDATE");
  select->setInt64(1, account_id);
  std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
  if (!rs->next()) return Status::NotFound("no such account");
  return static_cast<bool>(rs->getBoolean(1));
}

Status CheckGrant(const NewGrant& grant) {
  if (grant.token_hash.size() != kHashBytes) {
    return Status::InvalidArgument("grant token hash must be 32 bytes");
  }
  if (grant.ttl_seconds <= 0) {
    return Status::InvalidArgument("grant lifetime must be positive");
  }
  return Status::Ok();
}

Status InsertGrant(sql::Connection* conn, const OutboxSettings& settings,
                   const NewGrant& grant) {
  auto insert = Prepare(conn,
                        "INSERT INTO education_grants (token_hash, account_id, "
                        "created_at, expires_at) VALUES (?, ?, NOW(6), "
                        "NOW(6) + INTERVAL ? SECOND)");
  insert->setString(1, grant.token_hash);
  insert->setInt64(2, grant.account_id);
  insert->setInt(3, grant.ttl_seconds);
  insert->executeUpdate();
  return AppendAuditInTransaction(conn, settings,
                                  ForAccount(grant.audit, grant.account_id));
}

}  // namespace

Status InsertVoterInTransaction(sql::Connection* conn, int64_t account_id,
                                const VoterFacts& voter) {
  for (const std::string* d : {&voter.answer_digest, &voter.numen_digest,
                               &voter.nir_digest, &voter.pivot_digest}) {
    if (d->size() > kMaxDigest) {
      return Status::InvalidArgument("voter digest: at most 64 bytes");
    }
  }
  if (!voter.activation_token_hash.empty() &&
      (voter.activation_token_hash.size() != kHashBytes ||
       voter.activation_ttl_seconds <= 0)) {
    return Status::InvalidArgument("activation: 32-byte hash and a lifetime");
  }
  auto insert = Prepare(
      conn,
      "INSERT INTO education_voters (account_id, vote_code_hash, "
      "question_id, answer_digest, numen_digest, nir_digest, pivot_digest, "
      "activation_token_hash, activation_expires_at, updated_at) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, IF(? > 0, NOW(6) + INTERVAL ? SECOND, NULL), "
      "NOW(6))");
  insert->setInt64(1, account_id);
  SetOptional(insert.get(), 2, voter.vote_code_hash, sql::DataType::VARCHAR);
  SetOptional(insert.get(), 3, voter.question_id, sql::DataType::VARCHAR);
  SetOptional(insert.get(), 4, voter.answer_digest, sql::DataType::VARBINARY);
  SetOptional(insert.get(), 5, voter.numen_digest, sql::DataType::VARBINARY);
  SetOptional(insert.get(), 6, voter.nir_digest, sql::DataType::VARBINARY);
  SetOptional(insert.get(), 7, voter.pivot_digest, sql::DataType::VARBINARY);
  SetOptional(insert.get(), 8, voter.activation_token_hash,
              sql::DataType::BINARY);
  const int ttl =
      voter.activation_token_hash.empty() ? 0 : voter.activation_ttl_seconds;
  insert->setInt(9, ttl);
  insert->setInt(10, ttl);
  insert->executeUpdate();
  return Status::Ok();
}

StatusOr<Voter> MysqlEducationStore::FindVoter(int64_t account_id) {
  std::optional<Voter> found;
  Status status = db_->Run([&](sql::Connection* conn) {
    found.reset();
    auto select = Prepare(
        conn,
        "SELECT vote_code_hash, vote_code_state, invalidated_reason, "
        "vote_code_failures, question_id, answer_digest, numen_digest, "
        "nir_digest, pivot_digest FROM education_voters WHERE account_id = ?");
    select->setInt64(1, account_id);
    std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
    if (!rs->next()) return Status::Ok();
    Voter v;
    v.account_id = account_id;
    auto text = [&](int i) {
      return rs->isNull(i) ? std::string() : std::string(rs->getString(i));
    };
    v.vote_code_hash = text(1);
    v.vote_code_invalidated = text(2) == "invalidated";
    v.invalidated_reason = text(3);
    v.vote_code_failures = rs->getInt(4);
    v.question_id = text(5);
    v.answer_digest = text(6);
    v.numen_digest = text(7);
    v.nir_digest = text(8);
    v.pivot_digest = text(9);
    found = std::move(v);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  if (!found) return Status::NotFound("no such voter");
  return *std::move(found);
}

StatusOr<VoteAttempt> MysqlEducationStore::CountVoteAttempt(
    int64_t account_id) {
  VoteAttempt attempt;
  Status status = db_->Transact([&](sql::Connection* conn) {
    attempt = {};
    auto select = Prepare(conn,
                          "SELECT vote_code_state, vote_code_failures FROM "
                          "education_voters WHERE account_id = ? FOR UPDATE");
    select->setInt64(1, account_id);
    {
      std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
      if (!rs->next()) return Status::NotFound("no such voter");
      attempt.invalidated = rs->getString(1) == "invalidated";
      attempt.count = rs->getInt(2);
    }
    if (attempt.invalidated) return Status::Ok();
    auto count = Prepare(conn,
                         "UPDATE education_voters SET vote_code_failures = "
                         "vote_code_failures + 1 WHERE account_id = ?");
    count->setInt64(1, account_id);
    count->executeUpdate();
    ++attempt.count;
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return attempt;
}

Status MysqlEducationStore::ResetVoteAttempts(int64_t account_id) {
  return db_->Transact([&](sql::Connection* conn) {
    auto reset = Prepare(conn,
                         "UPDATE education_voters SET vote_code_failures = 0 "
                         "WHERE account_id = ?");
    reset->setInt64(1, account_id);
    reset->executeUpdate();
    return Status::Ok();
  });
}

StatusOr<bool> MysqlEducationStore::InvalidateVoteCode(
    int64_t account_id, const std::string& reason, const AuditEvent& audit) {
  bool done = false;
  Status status = db_->Transact([&](sql::Connection* conn) {
    done = false;
    auto select = Prepare(
        conn, "SELECT 1 FROM education_voters WHERE account_id = ? FOR UPDATE");
    select->setInt64(1, account_id);
    {
      std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
      if (!rs->next()) return Status::NotFound("no such voter");
    }
    auto update =
        Prepare(conn,
                "UPDATE education_voters SET vote_code_state = 'invalidated', "
                "invalidated_reason = ?, invalidated_at = NOW(6), updated_at = "
                "NOW(6) WHERE account_id = ? AND vote_code_state = 'active'");
    update->setString(1, CleanText(reason, 200));
    update->setInt64(2, account_id);
    if (update->executeUpdate() == 0) return Status::Ok();
    done = true;
    return AppendAuditInTransaction(conn, *outbox_,
                                    ForAccount(audit, account_id));
  });
  if (!status.ok()) return status;
  return done;
}

Status MysqlEducationStore::GrantFromLink(int64_t request_id,
                                          const NewGrant& grant) {
  SESAME_RETURN_IF_ERROR(CheckGrant(grant));
  return db_->Transact([&](sql::Connection* conn) {
    StatusOr<bool> disabled = LockAccount(conn, grant.account_id);
    if (!disabled.ok() || *disabled) {
      return Status::FailedPrecondition("account gone or disabled");
    }
    // The single-use decision: only one transaction matches this row.
    auto spend = Prepare(
        conn,
        "UPDATE recovery_requests SET used_at = NOW(6) WHERE id = ? AND "
        "account_id = ? AND used_at IS NULL AND superseded_at IS NULL AND "
        "expires_at > NOW(6)");
    spend->setInt64(1, request_id);
    spend->setInt64(2, grant.account_id);
    if (spend->executeUpdate() == 0) {
      return Status::FailedPrecondition("already used or no longer valid");
    }
    return InsertGrant(conn, *outbox_, grant);
  });
}

Status MysqlEducationStore::Grant(const NewGrant& grant) {
  SESAME_RETURN_IF_ERROR(CheckGrant(grant));
  return db_->Transact([&](sql::Connection* conn) {
    StatusOr<bool> disabled = LockAccount(conn, grant.account_id);
    if (!disabled.ok()) return disabled.status();
    if (*disabled) return Status::FailedPrecondition("account disabled");
    return InsertGrant(conn, *outbox_, grant);
  });
}

StatusOr<std::optional<int64_t>> MysqlEducationStore::FindGrant(
    const std::string& token_hash) {
  if (token_hash.size() != kHashBytes) return std::optional<int64_t>();
  std::optional<int64_t> account;
  Status status = db_->Run([&](sql::Connection* conn) {
    account.reset();
    auto select = Prepare(
        conn,
        "SELECT g.account_id FROM education_grants g JOIN accounts a ON "
        "a.id = g.account_id WHERE g.token_hash = ? AND g.used_at IS NULL "
        "AND g.expires_at > NOW(6) AND a.disabled_at IS NULL");
    select->setString(1, token_hash);
    std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
    if (rs->next()) account = rs->getInt64(1);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return account;
}

StatusOr<bool> MysqlEducationStore::Regenerate(const Regeneration& r) {
  if (r.grant_hash.size() != kHashBytes || r.slip_owner.size() != kHashBytes) {
    return Status::InvalidArgument("grant hash and slip owner: 32 bytes");
  }
  if (r.slip_sealed.empty() || r.slip_sealed.size() > kMaxSlipBytes ||
      r.slip_ttl_seconds <= 0 || r.vote_code_hash.empty()) {
    return Status::InvalidArgument("regeneration: slip and code hash");
  }
  bool won = false;
  Status status = db_->Transact([&](sql::Connection* conn) {
    won = false;
    std::optional<int64_t> account_id;
    {
      auto select = Prepare(
          conn, "SELECT account_id FROM education_grants WHERE token_hash = ?");
      select->setString(1, r.grant_hash);
      std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
      if (!rs->next()) return Status::Ok();
      account_id = rs->getInt64(1);
    }
    StatusOr<bool> disabled = LockAccount(conn, *account_id);
    if (!disabled.ok() || *disabled) return Status::Ok();
    // The single-use decision: one of concurrent POSTs matches the row.
    auto spend = Prepare(conn,
                         "UPDATE education_grants SET used_at = NOW(6) WHERE "
                         "token_hash = ? AND used_at IS NULL AND expires_at > "
                         "NOW(6)");
    spend->setString(1, r.grant_hash);
    if (spend->executeUpdate() == 0) return Status::Ok();
    auto code = Prepare(
        conn,
        "UPDATE education_voters SET vote_code_hash = ?, vote_code_state = "
        "'active', invalidated_reason = '', invalidated_at = NULL, "
        "vote_code_failures = 0, updated_at = NOW(6) WHERE account_id = ?");
    code->setString(1, r.vote_code_hash);
    code->setInt64(2, *account_id);
    if (code->executeUpdate() == 0) {
      return Status::NotFound("the grant's account is no voter");
    }
    auto slip = Prepare(
        conn,
        "INSERT INTO education_code_slips (owner, account_id, sealed, "
        "created_at, expires_at) VALUES (?, ?, ?, NOW(6), NOW(6) + INTERVAL "
        "? SECOND) ON DUPLICATE KEY UPDATE account_id = VALUES(account_id), "
        "sealed = VALUES(sealed), created_at = VALUES(created_at), "
        "expires_at = VALUES(expires_at)");
    slip->setString(1, r.slip_owner);
    slip->setInt64(2, *account_id);
    slip->setString(3, r.slip_sealed);
    slip->setInt(4, r.slip_ttl_seconds);
    slip->executeUpdate();
    if (r.notification) {
      SESAME_RETURN_IF_ERROR(
          EnqueueInTransaction(conn, *outbox_, *r.notification));
    }
    won = true;
    return AppendAuditInTransaction(conn, *outbox_,
                                    ForAccount(r.audit, *account_id));
  });
  if (!status.ok()) return status;
  return won;
}

StatusOr<std::optional<std::string>> MysqlEducationStore::TakeCodeSlip(
    const std::string& owner) {
  if (owner.size() != kHashBytes) return std::optional<std::string>();
  std::optional<std::string> sealed;
  Status status = db_->Transact([&](sql::Connection* conn) {
    sealed.reset();
    // Locked: a concurrent read waits here, then finds the row gone.
    auto select = Prepare(conn,
                          "SELECT sealed, expires_at > NOW(6) FROM "
                          "education_code_slips WHERE owner = ? FOR UPDATE");
    select->setString(1, owner);
    {
      std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
      if (!rs->next()) return Status::Ok();
      if (rs->getBoolean(2)) sealed = rs->getString(1);
    }
    auto remove =
        Prepare(conn, "DELETE FROM education_code_slips WHERE owner = ?");
    remove->setString(1, owner);
    if (remove->executeUpdate() != 1) sealed.reset();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return sealed;
}

StatusOr<std::optional<int64_t>> MysqlEducationStore::FindActivation(
    const std::string& token_hash) {
  if (token_hash.size() != kHashBytes) return std::optional<int64_t>();
  std::optional<int64_t> account;
  Status status = db_->Run([&](sql::Connection* conn) {
    account.reset();
    auto select = Prepare(
        conn,
        "SELECT v.account_id FROM education_voters v JOIN accounts a ON "
        "a.id = v.account_id WHERE v.activation_token_hash = ? AND "
        "v.activation_expires_at > NOW(6) AND v.question_id IS NULL AND "
        "a.disabled_at IS NULL");
    select->setString(1, token_hash);
    std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
    if (rs->next()) account = rs->getInt64(1);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return account;
}

StatusOr<bool> MysqlEducationStore::Activate(const std::string& token_hash,
                                             const std::string& question_id,
                                             const std::string& answer_digest,
                                             const AuditEvent& audit) {
  if (token_hash.size() != kHashBytes || question_id.empty() ||
      answer_digest.empty() || answer_digest.size() > kMaxDigest) {
    return Status::InvalidArgument("activation: token, question and answer");
  }
  bool won = false;
  Status status = db_->Transact([&](sql::Connection* conn) {
    won = false;
    // The single-use decision; the token is forgotten with it.
    auto spend = Prepare(
        conn,
        "UPDATE education_voters SET question_id = ?, answer_digest = ?, "
        "activation_token_hash = NULL, activation_expires_at = NULL, "
        "updated_at = NOW(6) WHERE activation_token_hash = ? AND "
        "activation_expires_at > NOW(6) AND question_id IS NULL");
    spend->setString(1, question_id);
    spend->setString(2, answer_digest);
    spend->setString(3, token_hash);
    if (spend->executeUpdate() == 0) return Status::Ok();
    won = true;
    return AppendAuditInTransaction(conn, *outbox_, audit);
  });
  if (!status.ok()) return status;
  return won;
}

}  // namespace sesame
