// MysqlIntakeStore: IntakeStore on the recovery_intents table (sql/003).
#ifndef SESAME_STORAGE_MYSQL_MYSQL_INTAKE_STORE_H_
#define SESAME_STORAGE_MYSQL_MYSQL_INTAKE_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/intake_store.h"
#include "storage/mysql/in_transaction.h"
#include "storage/mysql/mysql_database.h"

namespace sesame {

class MysqlIntakeStore : public IntakeStore {
 public:
  MysqlIntakeStore(MysqlDatabase* db, const OutboxSettings* settings)
      : db_(db), settings_(settings) {}

  // InvalidArgument for an unusable flow name, a field that is not UTF-8
  // or a limit with a window <= 0 (nothing is written then).
  StatusOr<bool> Submit(const Intent& intent,
                        const std::vector<LimitCheck>& limits) override;
  StatusOr<std::vector<Intent>> ClaimIntents(const std::string& worker,
                                             int batch,
                                             int claim_seconds) override;
  StatusOr<IntentResult> Finish(int64_t id, const std::string& worker,
                                const IntentOutcome& outcome) override;
  // One transaction for the batch, a savepoint per intent; the outbox rows
  // of the intents written are queued together at its end (one INSERT),
  // then their audit rows appended (the chain's head locked once). A bad
  // status (nothing written) when the transaction fails as a whole.
  StatusOr<std::vector<StatusOr<IntentResult>>> FinishBatch(
      const std::string& worker,
      const std::vector<FinishItem>& intents) override;

 private:
  // Finish's writes, in the caller's transaction, but for the outbox and
  // audit rows, kept in `deferred` for the caller to write: on a bad status
  // the caller undoes what was written and drops what was kept.
  Status FinishInTransaction(sql::Connection* conn, int64_t id,
                             const std::string& worker,
                             const IntentOutcome& outcome, IntentResult* result,
                             DeferredWrites* deferred);
  // The outcome's own limits counted again (after a rollback to their
  // savepoint): within, under the locks of the first count.
  Status CountOwnLimits(sql::Connection* conn, const IntentOutcome& outcome);
  // The guarded branch's writes (the refusal), its SMS budgets counted as
  // they are queued. May throw sql::SQLException.
  Status WriteRefusalInTransaction(sql::Connection* conn,
                                   const IntentOutcome& outcome,
                                   DeferredWrites* deferred);
  // The outcome's writes past its limits and guards, its SMS budgets
  // already counted (deferred->sms_budgets_counted). May throw
  // sql::SQLException.
  Status WriteOutcomeInTransaction(sql::Connection* conn,
                                   const IntentOutcome& outcome,
                                   DeferredWrites* deferred);

  MysqlDatabase* db_;
  const OutboxSettings* settings_;
};

}  // namespace sesame

#endif  // SESAME_STORAGE_MYSQL_MYSQL_INTAKE_STORE_H_
