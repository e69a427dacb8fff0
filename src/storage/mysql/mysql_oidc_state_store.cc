#include "storage/mysql/mysql_oidc_state_store.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

namespace sesame {

namespace {

constexpr int kErrDuplicateKey = 1062;
constexpr size_t kHashBytes = 32;

}  // namespace

Status MysqlOidcStateStore::Create(const std::string& state_hash,
                                   const std::string& binding,
                                   const OidcPendingLogin& login,
                                   int ttl_seconds) {
  if (state_hash.size() != kHashBytes || binding.size() != kHashBytes) {
    return Status::InvalidArgument("state digest and binding must be 32 bytes");
  }
  if (login.nonce.empty() || login.nonce.size() > 64 ||
      login.code_verifier.empty() || login.code_verifier.size() > 128 ||
      login.context.size() > 255) {
    return Status::InvalidArgument("nonce, verifier or context too long");
  }
  if (ttl_seconds <= 0) {
    return Status::InvalidArgument("login lifetime must be positive");
  }
  return db_->Transact([&](sql::Connection* conn) {
    auto insert = Prepare(conn,
                          "INSERT INTO oidc_states (state_hash, binding, "
                          "nonce, code_verifier, context, created_at, "
                          "expires_at) VALUES (?, ?, ?, ?, ?, NOW(6), "
                          "NOW(6) + INTERVAL ? SECOND)");
    insert->setString(1, state_hash);
    insert->setString(2, binding);
    insert->setString(3, login.nonce);
    insert->setString(4, login.code_verifier);
    insert->setString(5, login.context);
    insert->setInt(6, ttl_seconds);
    try {
      insert->executeUpdate();
    } catch (const sql::SQLException& e) {
      if (e.getErrorCode() == kErrDuplicateKey) {
        return Status::AlreadyExists("state already in use");
      }
      throw;
    }
    return Status::Ok();
  });
}

StatusOr<std::optional<OidcPendingLogin>> MysqlOidcStateStore::Take(
    const std::string& state_hash, const std::string& binding) {
  if (state_hash.size() != kHashBytes || binding.size() != kHashBytes) {
    return std::optional<OidcPendingLogin>();
  }
  std::optional<OidcPendingLogin> login;
  Status status = db_->Transact([&](sql::Connection* conn) {
    login.reset();
    auto select = Prepare(conn,
                          "SELECT nonce, code_verifier, context "
                          "FROM oidc_states WHERE state_hash = ?");
    select->setString(1, state_hash);
    std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
    if (!rs->next()) return Status::Ok();
    OidcPendingLogin row{rs->getString(1), rs->getString(2), rs->getString(3)};
    // The one spending: of concurrent callers, only one deletes the row.
    auto spend = Prepare(conn,
                         "DELETE FROM oidc_states WHERE state_hash = ? "
                         "AND binding = ? AND expires_at > NOW(6)");
    spend->setString(1, state_hash);
    spend->setString(2, binding);
    if (spend->executeUpdate() == 1) login = std::move(row);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return login;
}

}  // namespace sesame
