// MysqlOidcStateStore: OidcStateStore on the oidc_states table (sql/011).
//
// Take reads the row, then spends it with one conditional DELETE (live,
// bound to the caller's browser) whose affected-row count says whether
// this caller won it; a caller that lost gets nothing.
#ifndef SESAME_STORAGE_MYSQL_MYSQL_OIDC_STATE_STORE_H_
#define SESAME_STORAGE_MYSQL_MYSQL_OIDC_STATE_STORE_H_

#include <optional>
#include <string>

#include "core/status.h"
#include "storage/mysql/mysql_database.h"
#include "storage/oidc_state_store.h"

namespace sesame {

class MysqlOidcStateStore : public OidcStateStore {
 public:
  explicit MysqlOidcStateStore(MysqlDatabase* db) : db_(db) {}

  Status Create(const std::string& state_hash, const std::string& binding,
                const OidcPendingLogin& login, int ttl_seconds) override;
  // nullopt for a digest or binding that is not 32 bytes.
  StatusOr<std::optional<OidcPendingLogin>> Take(
      const std::string& state_hash, const std::string& binding) override;

 private:
  MysqlDatabase* db_;
};

}  // namespace sesame

#endif  // SESAME_STORAGE_MYSQL_MYSQL_OIDC_STATE_STORE_H_
