#include "storage/mysql/mysql_captcha_store.h"

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

Status MysqlCaptchaStore::Create(const std::string& id_hash,
                                 const std::string& answer_mac,
                                 const std::string& binding, int ttl_seconds) {
  if (id_hash.size() != kHashBytes || answer_mac.size() != kHashBytes ||
      binding.size() != kHashBytes) {
    return Status::InvalidArgument(
        "captcha id digest, answer MAC and binding must be 32 bytes");
  }
  if (ttl_seconds <= 0) {
    return Status::InvalidArgument("captcha lifetime must be positive");
  }
  return db_->Transact([&](sql::Connection* conn) {
    auto insert = Prepare(conn,
                          "INSERT INTO captchas (id_hash, answer_mac, binding, "
                          "created_at, expires_at) VALUES (?, ?, ?, NOW(6), "
                          "NOW(6) + INTERVAL ? SECOND)");
    insert->setString(1, id_hash);
    insert->setString(2, answer_mac);
    insert->setString(3, binding);
    insert->setInt(4, ttl_seconds);
    try {
      insert->executeUpdate();
    } catch (const sql::SQLException& e) {
      if (e.getErrorCode() == kErrDuplicateKey) {
        return Status::AlreadyExists("captcha id already in use");
      }
      throw;
    }
    return Status::Ok();
  });
}

StatusOr<bool> MysqlCaptchaStore::Live(const std::string& id_hash) {
  if (id_hash.size() != kHashBytes) return false;
  bool live = false;
  Status status = db_->Run([&](sql::Connection* conn) {
    auto select = Prepare(conn,
                          "SELECT 1 FROM captchas WHERE id_hash = ? "
                          "AND used_at IS NULL AND expires_at > NOW(6)");
    select->setString(1, id_hash);
    std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
    live = rs->next();
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return live;
}

StatusOr<std::optional<std::string>> MysqlCaptchaStore::Consume(
    const std::string& id_hash, const std::string& binding) {
  if (id_hash.size() != kHashBytes || binding.size() != kHashBytes) {
    return std::optional<std::string>();
  }
  std::optional<std::string> mac;
  Status status = db_->Transact([&](sql::Connection* conn) {
    mac.reset();
    auto spend = Prepare(conn,
                         "UPDATE captchas SET used_at = NOW(6) "
                         "WHERE id_hash = ? AND binding = ? "
                         "AND used_at IS NULL AND expires_at > NOW(6)");
    spend->setString(1, id_hash);
    spend->setString(2, binding);
    if (spend->executeUpdate() == 0) return Status::Ok();
    // The row stays locked by this transaction: this reads what it spent.
    auto select =
        Prepare(conn, "SELECT answer_mac FROM captchas WHERE id_hash = ?");
    select->setString(1, id_hash);
    std::unique_ptr<sql::ResultSet> rs(select->executeQuery());
    if (!rs->next()) return Status::Internal("captcha vanished");
    mac = rs->getString(1);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return mac;
}

}  // namespace sesame
