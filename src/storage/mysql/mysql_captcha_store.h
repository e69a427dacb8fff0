// MysqlCaptchaStore: CaptchaStore on the captchas table (sql/004).
//
// Consume is one conditional UPDATE (live, bound to the caller's browser)
// whose matched-row count says whether this caller spent the captcha; only
// that caller then reads the MAC, in the same transaction.
#ifndef SESAME_STORAGE_MYSQL_MYSQL_CAPTCHA_STORE_H_
#define SESAME_STORAGE_MYSQL_MYSQL_CAPTCHA_STORE_H_

#include <optional>
#include <string>

#include "core/status.h"
#include "storage/captcha_store.h"
#include "storage/mysql/mysql_database.h"

namespace sesame {

class MysqlCaptchaStore : public CaptchaStore {
 public:
  explicit MysqlCaptchaStore(MysqlDatabase* db) : db_(db) {}

  Status Create(const std::string& id_hash, const std::string& answer_mac,
                const std::string& binding, int ttl_seconds) override;
  // False for an id digest that is not 32 bytes.
  StatusOr<bool> Live(const std::string& id_hash) override;
  // nullopt for a digest or binding that is not 32 bytes.
  StatusOr<std::optional<std::string>> Consume(
      const std::string& id_hash, const std::string& binding) override;

 private:
  MysqlDatabase* db_;
};

}  // namespace sesame

#endif  // SESAME_STORAGE_MYSQL_MYSQL_CAPTCHA_STORE_H_
