// MysqlRecoveryStore: RecoveryStore on the recovery_requests table.
//
// Every decision that matters is one conditional UPDATE whose matched-row
// count says who won (the connection uses CLIENT_FOUND_ROWS, so a matched
// row counts even when a value did not change), and validity is tested
// with NOW(6). Each method is one MysqlDatabase::Transact() (FindByToken:
// one indexed SELECT), with prepared statements only.
#ifndef SESAME_STORAGE_MYSQL_MYSQL_RECOVERY_STORE_H_
#define SESAME_STORAGE_MYSQL_MYSQL_RECOVERY_STORE_H_

#include <cstdint>
#include <string>

#include "core/status.h"
#include "storage/mysql/in_transaction.h"
#include "storage/mysql/mysql_database.h"
#include "storage/recovery_store.h"

namespace sesame {

// RecoveryStore::Create's writes in the transaction running on `conn` (the
// intake store creates requests in the transaction that deletes the
// intent). Its outbox rows and audit row are kept in `deferred` when that
// is set, written otherwise. May throw sql::SQLException, like everything
// Transact() runs.
Status CreateRecoveryInTransaction(sql::Connection* conn,
                                   const OutboxSettings& settings,
                                   const NewRecoveryRequest& request,
                                   DeferredWrites* deferred = nullptr);

class MysqlRecoveryStore : public RecoveryStore {
 public:
  MysqlRecoveryStore(MysqlDatabase* db, const OutboxSettings* outbox)
      : db_(db), outbox_(outbox) {}

  // InvalidArgument for a token hash or code HMAC that is not 32 bytes, a
  // lifetime <= 0 or an unusable flow name; AlreadyExists when the token
  // hash is taken; InvalidArgument from a message that cannot be queued
  // (nothing is written then).
  Status Create(const NewRecoveryRequest& request) override;
  StatusOr<RecoveryRequest> FindByToken(const std::string& token_hash) override;
  StatusOr<int> CountAttempt(int64_t id) override;
  Status ReplaceCode(int64_t id, const std::string& code_hmac,
                     int code_ttl_seconds, int max_sends,
                     const OutboxMessage& sms,
                     const AuditEvent& audit) override;
  // Also FailedPrecondition when the account was disabled, and
  // InvalidArgument when change.account_id is not the request's account;
  // either way nothing is written.
  Status Complete(int64_t id, const PasswordChange& change) override;

 private:
  MysqlDatabase* db_;
  const OutboxSettings* outbox_;
};

}  // namespace sesame

#endif  // SESAME_STORAGE_MYSQL_MYSQL_RECOVERY_STORE_H_
