// The MariaDB/MySQL implementations of the interfaces in storage/stores.h,
// and MysqlStores, the bundle main() opens:
//
//   auto opened = MysqlStores::Open(config);
//   if (!opened.ok()) ...;  // Unavailable names the host or socket
//   Stores stores = (*opened)->stores();
//
// Each method is one transaction run by MysqlDatabase::Transact(), with
// prepared statements only.
#ifndef SESAME_STORAGE_MYSQL_MYSQL_STORES_H_
#define SESAME_STORAGE_MYSQL_MYSQL_STORES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/status.h"
#include "storage/mysql/in_transaction.h"
#include "storage/mysql/mysql_captcha_store.h"
#include "storage/mysql/mysql_database.h"
#include "storage/mysql/mysql_desk_store.h"
#include "storage/mysql/mysql_education_store.h"
#include "storage/mysql/mysql_intake_store.h"
#include "storage/mysql/mysql_oidc_state_store.h"
#include "storage/mysql/mysql_recovery_store.h"
#include "storage/stores.h"

namespace sesame {

class MysqlAccountStore : public AccountStore {
 public:
  MysqlAccountStore(MysqlDatabase* db, const OutboxSettings* outbox)
      : db_(db), outbox_(outbox) {}
  StatusOr<Account> FindByLogin(const std::string& login) override;
  StatusOr<Account> FindById(int64_t id) override;
  StatusOr<Account> FindByIdentifier(const std::string& kind,
                                     const std::string& digest) override;
  StatusOr<std::optional<long long>> SecondsSinceMark(
      int64_t account_id, const std::string& name) override;
  StatusOr<int64_t> Add(const NewAccount& account,
                        const AuditEvent& audit) override;
  Status AddMany(const std::vector<NewAccount>& accounts,
                 const AuditEvent& audit) override;
  Status SetDisabled(int64_t id, bool disabled,
                     const AuditEvent& audit) override;
  Status ChangePassword(const PasswordChange& change) override;
  Status UpdatePasswordHash(int64_t id, const std::string& phc) override;
  StatusOr<bool> SpendTotpStep(int64_t account_id, int64_t step) override;
  Status SetLanguage(int64_t account_id, const std::string& language) override;

 private:
  MysqlDatabase* db_;
  const OutboxSettings* outbox_;
};

class MysqlSessionStore : public SessionStore {
 public:
  MysqlSessionStore(MysqlDatabase* db, const OutboxSettings* settings)
      : db_(db), settings_(settings) {}
  Status Create(const NewSession& session, const AuditEvent& audit) override;
  StatusOr<Session> Touch(const std::string& id_hash,
                          int idle_seconds) override;
  Status Revoke(const std::string& id_hash, const AuditEvent& audit) override;

 private:
  MysqlDatabase* db_;
  const OutboxSettings* settings_;
};

// Fixed windows in rows named by an HMAC of the caller's key (RateLimitBucket).
class MysqlRateLimiter : public RateLimiter {
 public:
  MysqlRateLimiter(MysqlDatabase* db, const OutboxSettings* settings)
      : db_(db), settings_(settings) {}
  StatusOr<int> Hit(const std::string& key, int window_seconds) override;
  StatusOr<std::vector<int>> HitAll(
      const std::vector<LimitCheck>& keys) override;
  StatusOr<std::optional<size_t>> HitWithin(
      const std::vector<LimitCheck>& checks) override;
  Status Reset(const std::string& key) override;
  StatusOr<int> Count(const std::string& key, int window_seconds) override;

 private:
  MysqlDatabase* db_;
  const OutboxSettings* settings_;
};

class MysqlOutbox : public Outbox {
 public:
  MysqlOutbox(MysqlDatabase* db, const OutboxSettings* settings)
      : db_(db), settings_(settings) {}
  Status Enqueue(const OutboxMessage& message) override;
  StatusOr<std::vector<OutboxRow>> Claim(const std::string& worker, int batch,
                                         int claim_seconds) override;
  StatusOr<int> Record(const std::string& worker,
                       const std::vector<OutboxOutcome>& outcomes) override;
  Status MarkSent(int64_t id, const std::string& worker) override;
  Status MarkRetry(int64_t id, const std::string& worker, int delay_seconds,
                   const std::string& error) override;
  Status CountSendFailure(const std::string& channel,
                          const std::string& cause) override;
  // Fails the pending rows past their expiry that no live claim holds, and
  // erases their payload (Claim does it first).
  Status SweepExpired();

 private:
  MysqlDatabase* db_;
  const OutboxSettings* settings_;
};

// The chain of in_transaction.h: SHA-256 up to the « audit.keyed » row,
// HMAC-SHA256 under settings->audit_key from it on.
class MysqlAuditLog : public AuditLog {
 public:
  MysqlAuditLog(MysqlDatabase* db, const OutboxSettings* settings)
      : db_(db), settings_(settings) {}
  Status Append(const AuditEvent& event) override;
  StatusOr<AuditReport> Verify(
      const std::optional<AuditAnchor>& anchor) override;
  // Writes the « audit.keyed » row unless the chain has one (`sesame
  // migrate` does, so that the switch is recorded before any other row):
  // its id, or 0 when it was there already.
  StatusOr<int64_t> KeyChain();

 private:
  MysqlDatabase* db_;
  const OutboxSettings* settings_;
};

class MysqlOpsStats : public OpsStats {
 public:
  explicit MysqlOpsStats(MysqlDatabase* db) : db_(db) {}
  StatusOr<QueueStats> Read() override;

 private:
  MysqlDatabase* db_;
};

class MysqlHealth : public Health {
 public:
  explicit MysqlHealth(MysqlDatabase* db) : db_(db) {}
  // SELECT 1, then on a Galera node (wsrep_on = ON) wsrep_ready must be ON.
  Status Ping() override;

 private:
  MysqlDatabase* db_;
};

// Owns the database handle and one instance of each store.
class MysqlStores {
 public:
  // Connects (from this thread) and checks the database answers: Unavailable
  // naming the host or socket when it does not; InvalidArgument when the
  // config holds no secret key (the outbox needs it). With
  // check_connection false it does not connect (the first call does).
  static StatusOr<std::unique_ptr<MysqlStores>> Open(
      const Config& config, bool check_connection = true);

  // Pointers into this object: valid while it lives.
  Stores stores();
  MysqlDatabase& db() { return *db_; }
  MysqlAuditLog& audit_log() { return audit_; }
  const OutboxSettings& outbox_settings() const { return outbox_settings_; }

 private:
  explicit MysqlStores(const Config& config);

  std::unique_ptr<MysqlDatabase> db_;
  OutboxSettings outbox_settings_;
  MysqlAccountStore accounts_;
  MysqlSessionStore sessions_;
  MysqlRateLimiter limits_;
  MysqlOutbox outbox_;
  MysqlAuditLog audit_;
  MysqlHealth health_;
  MysqlOpsStats ops_;
  MysqlRecoveryStore recovery_;
  MysqlIntakeStore intake_;
  MysqlCaptchaStore captchas_;
  MysqlDeskStore desk_;
  MysqlEducationStore education_;
  MysqlOidcStateStore oidc_states_;
};

}  // namespace sesame

#endif  // SESAME_STORAGE_MYSQL_MYSQL_STORES_H_
