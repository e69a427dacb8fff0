// The storage interfaces. Screens and commands see only these; mysql/
// implements them (the only place with SQL), tests/fakes/ fakes them.
//
// Each method is one transaction: what it writes commits whole or not at
// all. Time that decides validity is the database's clock. Errors:
// NotFound, AlreadyExists, Unavailable (the database is unreachable; the
// caller shows the 503 page and a later call reconnects), Internal.
#ifndef SESAME_STORAGE_STORES_H_
#define SESAME_STORAGE_STORES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/captcha_store.h"
#include "storage/desk_store.h"
#include "storage/education_store.h"
#include "storage/intake_store.h"
#include "storage/oidc_state_store.h"
#include "storage/recovery_store.h"
#include "storage/types.h"

namespace sesame {

class AccountStore {
 public:
  virtual ~AccountStore() = default;
  // Exact, case-sensitive match on the login.
  virtual StatusOr<Account> FindByLogin(const std::string& login) = 0;
  virtual StatusOr<Account> FindById(int64_t id) = 0;
  // The account holding identifier (kind, digest) (see AccountIdentifier);
  // NotFound when none does.
  virtual StatusOr<Account> FindByIdentifier(const std::string& kind,
                                             const std::string& digest) = 0;
  // Seconds since mark `name` was last recorded on account `account_id`
  // (IntentOutcome::marks), by the database clock; nullopt: never.
  virtual StatusOr<std::optional<long long>> SecondsSinceMark(
      int64_t account_id, const std::string& name) = 0;
  // The account and its identifiers. AlreadyExists when the login is taken
  // (the message names it) or an identifier belongs to another account (the
  // message names its kind, never its digest); then nothing is written.
  virtual StatusOr<int64_t> Add(const NewAccount& account,
                                const AuditEvent& audit) = 0;
  // All or nothing: on AlreadyExists nothing is written.
  virtual Status AddMany(const std::vector<NewAccount>& accounts,
                         const AuditEvent& audit) = 0;
  // Disabling also revokes every session of the account.
  virtual Status SetDisabled(int64_t id, bool disabled,
                             const AuditEvent& audit) = 0;
  // New hash, other sessions revoked, audit row and notification: one
  // transaction.
  virtual Status ChangePassword(const PasswordChange& change) = 0;
  // Re-hash with current parameters after a successful login.
  virtual Status UpdatePasswordHash(int64_t id, const std::string& phc) = 0;
  // Records that an officer's TOTP code of `step` was used: one conditional
  // UPDATE, won only when `step` is later than the last one recorded. False
  // when it is not (the code was used already, by this or a concurrent
  // sign-in): the code is refused.
  virtual StatusOr<bool> SpendTotpStep(int64_t account_id, int64_t step) = 0;
  // Records the language the account's mails and SMS are written in.
  virtual Status SetLanguage(int64_t account_id,
                             const std::string& language) = 0;
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;
  // The session and its audit row. With session.one_time_password_hash set,
  // the account's one-time password is spent in the same transaction by one
  // conditional UPDATE: FailedPrecondition, and no session, when it is no
  // longer live (spent by a concurrent sign-in, expired, or replaced).
  virtual Status Create(const NewSession& session, const AuditEvent& audit) = 0;
  // A live session (not revoked, used within idle_seconds, before its
  // absolute expiry, account enabled); records this use. NotFound otherwise.
  virtual StatusOr<Session> Touch(const std::string& id_hash,
                                  int idle_seconds) = 0;
  virtual Status Revoke(const std::string& id_hash,
                        const AuditEvent& audit) = 0;
};

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Counts one event in `key`'s current fixed window of `window_seconds`
  // and returns the count including this one. The increment happens before
  // the caller compares, and is atomic across processes and hosts.
  virtual StatusOr<int> Hit(const std::string& key, int window_seconds) = 0;
  // Hit() on each of `keys` (their LimitCheck::limit is not used here) in
  // one transaction; the counts in the same order.
  virtual StatusOr<std::vector<int>> HitAll(
      const std::vector<LimitCheck>& keys) = 0;
  // Counts one event in each of `checks` only when every count, this event
  // included, stays within its limit; otherwise counts nothing and returns
  // the index of the first check it would pass. One transaction: concurrent
  // callers never get past a limit.
  virtual StatusOr<std::optional<size_t>> HitWithin(
      const std::vector<LimitCheck>& checks) = 0;
  // Forgets `key` (after a successful login, for instance).
  virtual Status Reset(const std::string& key) = 0;
  // The count in `key`'s current window of `window_seconds` (0 when none),
  // without counting anything.
  virtual StatusOr<int> Count(const std::string& key, int window_seconds) = 0;
};

class Outbox {
 public:
  virtual ~Outbox() = default;
  // Queues a message on its own (flows queue theirs inside their own
  // transaction through the store that owns it). The payload is stored
  // encrypted and erased once sent or expired.
  virtual Status Enqueue(const OutboxMessage& message) = 0;
  // Claims up to `batch` due rows for `worker` for `claim_seconds`; two
  // workers never hold the same row.
  virtual StatusOr<std::vector<OutboxRow>> Claim(const std::string& worker,
                                                 int batch,
                                                 int claim_seconds) = 0;
  // Records the outcomes of claimed rows (any mix of sent, retry and
  // released) at once, with the send failures they count: the MySQL outbox
  // writes a batch in one transaction of one UPDATE (and one upsert of the
  // failure counts when there are failures). An outcome is written only
  // while `worker` still holds the row under its claim_token; returns how
  // many were written (fewer: a claim was lost, e.g. it expired).
  virtual StatusOr<int> Record(const std::string& worker,
                               const std::vector<OutboxOutcome>& outcomes) = 0;
  virtual Status MarkSent(int64_t id, const std::string& worker) = 0;
  // Schedules another attempt after `delay_seconds`, or marks the row failed
  // when that would pass its expiry. `error` must hold no secret.
  virtual Status MarkRetry(int64_t id, const std::string& worker,
                           int delay_seconds, const std::string& error) = 0;
  // Counts one failed attempt on `channel` ("mail", "sms") for `cause` (a
  // short fixed word: notify/deliverer.h SendFailureCause), where /metrics
  // of every `serve` reads it (OpsStats).
  virtual Status CountSendFailure(const std::string& channel,
                                  const std::string& cause) {
    (void)channel;
    (void)cause;
    return Status::Ok();
  }
};

// What /metrics reads from the database on each scrape: a few indexed
// queries, each bounded (OpsStats::kDepthCap rows at most).
struct QueueStats {
  int64_t intents_waiting = 0;  // recovery_intents not yet handled
  double oldest_intent_age_seconds = 0;
  struct Channel {
    std::string channel;  // "mail", "sms"
    int64_t depth = 0;    // outbox rows neither sent nor failed
    double oldest_age_seconds = 0;
  };
  std::vector<Channel> outbox;  // both channels, always
  struct Failures {
    std::string channel;
    std::string cause;
    int64_t count = 0;
  };
  std::vector<Failures> send_failures;
};

class OpsStats {
 public:
  virtual ~OpsStats() = default;
  // Counts stop at this many rows (the depth then reads as the cap).
  static constexpr int64_t kDepthCap = 100000;
  virtual StatusOr<QueueStats> Read() = 0;
};

class AuditLog {
 public:
  virtual ~AuditLog() = default;
  virtual Status Append(const AuditEvent& event) = 0;
  // Walks the chain; FailedPrecondition naming the first broken row (edited,
  // inserted or missing, or an unkeyed MAC past the keyed start). With an
  // anchor, also checks that the chain still holds that row with that MAC
  // (see AuditReport::anchor_problem).
  virtual StatusOr<AuditReport> Verify(
      const std::optional<AuditAnchor>& anchor) = 0;
};

class Health {
 public:
  virtual ~Health() = default;
  // OK when the database answers a trivial query (and, on a Galera node,
  // the node is ready: wsrep_ready = ON).
  virtual Status Ping() = 0;
};

// Everything a screen may use, owned by main (or by a test).
struct Stores {
  AccountStore* accounts = nullptr;
  SessionStore* sessions = nullptr;
  RateLimiter* limits = nullptr;
  Outbox* outbox = nullptr;
  AuditLog* audit = nullptr;
  Health* health = nullptr;
  RecoveryStore* recovery = nullptr;
  IntakeStore* intake = nullptr;
  CaptchaStore* captchas = nullptr;
  DeskStore* desk = nullptr;
  EducationStore* education = nullptr;
  OidcStateStore* oidc_states = nullptr;
  OpsStats* ops = nullptr;  // for /metrics; null in the unit tests
};

}  // namespace sesame

#endif  // SESAME_STORAGE_STORES_H_
