// MysqlDeskStore: DeskStore on accounts, account_identifiers, sessions, the
// outbox, the audit chain and the desk_slips table (sql/009).
//
// Act is one transaction: the officer's limits, then the agent's change,
// the slip, and the audit rows last (they lock the chain's head). TakeSlip
// locks the slip's row (SELECT ... FOR UPDATE) and deletes it in the same
// transaction: of two concurrent reads, the second waits and finds nothing.
#ifndef SESAME_STORAGE_MYSQL_MYSQL_DESK_STORE_H_
#define SESAME_STORAGE_MYSQL_MYSQL_DESK_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/desk_store.h"
#include "storage/mysql/in_transaction.h"
#include "storage/mysql/mysql_database.h"

namespace sesame {

class MysqlDeskStore : public DeskStore {
 public:
  MysqlDeskStore(MysqlDatabase* db, const OutboxSettings* outbox)
      : db_(db), outbox_(outbox) {}

  // InvalidArgument also for a slip owner that is not 32 bytes, an empty
  // or too large slip, a lifetime <= 0, or an identifier of a bad kind or
  // digest size (nothing is written then).
  StatusOr<bool> Act(const DeskAction& action) override;
  // nullopt for an owner that is not 32 bytes.
  StatusOr<std::optional<std::string>> TakeSlip(
      const std::string& owner) override;
  StatusOr<std::vector<AuditRow>> AuditOf(int64_t account_id,
                                          const std::string& event_prefix,
                                          int limit) override;

 private:
  MysqlDatabase* db_;
  const OutboxSettings* outbox_;
};

}  // namespace sesame

#endif  // SESAME_STORAGE_MYSQL_MYSQL_DESK_STORE_H_
