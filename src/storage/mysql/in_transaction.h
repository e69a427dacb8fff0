// Writes that other MySQL stores make inside their own transaction: queue an
// outbox message, append an audit row. A flow's store calls these with the
// connection MysqlDatabase::Transact() handed it, so its own changes, the
// audit row and the mail commit together or not at all.
//
// Like everything run by Transact(), these may throw sql::SQLException; the
// runner catches it.
#ifndef SESAME_STORAGE_MYSQL_IN_TRANSACTION_H_
#define SESAME_STORAGE_MYSQL_IN_TRANSACTION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/status.h"
#include "storage/types.h"

namespace sql {
class Connection;
}  // namespace sql

namespace sesame {

// Keys and defaults for outbox rows (and the other keys the stores use),
// derived once from the config.
struct OutboxSettings {
  std::string seal_key;        // DeriveKey(secret, "outbox"): payload AEAD key
  std::string message_id_key;  // DeriveKey(secret, "outbox-message-id")
  std::string intake_key;      // DeriveKey(secret, "intake"): intents' AEAD key
  std::string limits_key;      // DeriveKey(secret, "rate-limits"): bucket names
  // Every SMS queued counts against these, in the transaction that queues
  // it ([security.limits] sms_per_destination_hour, sms_global_hour).
  int sms_per_destination_hour = 5;
  int sms_global_hour = 1000;
  std::string audit_key;          // DeriveKey(secret, "audit-chain"): chain MAC
  std::string message_id_domain;  // the domain of [mail] from
  int default_ttl_seconds = 24 * 3600;  // [deliver] default_ttl_hours

  static OutboxSettings FromConfig(const Config& config);
};

// Queues `message` (sealed) in the transaction running on `conn`. Its expiry
// is NOW(6) + ttl_seconds, or the default. InvalidArgument for a message
// with no recipient or text that is not UTF-8. An SMS is counted against
// the SMS budgets (its destination's and the site's, per hour) here, and
// only here: past either, SmsBudgetSpent() and nothing counted, provided
// the caller rolls back on that status as Transact() does. With `deferred`
// set, the row is kept there (sealed) for one INSERT with the others at the
// end, and the SMS budgets are counted here unless
// deferred->sms_budgets_counted says the caller counted them.
struct DeferredWrites;
Status EnqueueInTransaction(sql::Connection* conn,
                            const OutboxSettings& settings,
                            const OutboxMessage& message,
                            DeferredWrites* deferred = nullptr);

// The audit log is a chain: each row's `hash` column is a MAC over the
// previous row's and its own columns (AuditCanonical), so that changing,
// removing or inserting a row breaks every later link. Rows written before
// migration 007 (chain = 1) used SHA-256(prev_hash || canonical), which
// anyone can recompute; from the row « audit.keyed » on (chain = 2), the
// MAC is HMAC-SHA256 under settings.audit_key. That row is written once,
// by `sesame migrate` or by the first append after 007, and freezes the
// unkeyed prefix: its own MAC covers the last unkeyed row's hash.
constexpr char kAuditKeyedEvent[] = "audit.keyed";
constexpr int kAuditChainSha256 = 1;  // audit_log.chain of unkeyed rows
constexpr int kAuditChainHmac = 2;    // audit_log.chain of keyed rows

// Appends `event` to the audit chain in the transaction running on `conn`,
// locking the chain head until that transaction ends (call it last). Writes
// the « audit.keyed » row first when the chain has none yet. Texts are cut
// to their column sizes; invalid UTF-8 becomes U+FFFD.
Status AppendAuditInTransaction(sql::Connection* conn,
                                const OutboxSettings& settings,
                                const AuditEvent& event);

// Appends `events` to the audit chain, in order, in the transaction running
// on `conn`: the head locked once, one multi-row INSERT whose MACs are
// chained here, the head moved once (3 statements whatever their number,
// plus the « audit.keyed » row's first when the chain has none). The rows
// are those AppendAuditInTransaction would write for each in turn, except
// that they share one `at` (the database clock when the head was locked).
// InvalidArgument, nothing written, when one of them has no name. Call it
// last: the head stays locked until the transaction ends.
Status AppendAuditsInTransaction(sql::Connection* conn,
                                 const OutboxSettings& settings,
                                 const std::vector<AuditEvent>& events);

// What AppendAuditInTransaction would refuse in `event` (InvalidArgument:
// no name; Internal: no audit key), checked without a statement: for a
// caller that collects events to append together later.
Status CheckAuditEvent(const OutboxSettings& settings, const AuditEvent& event);

// Writes a transaction defers to its end, to make them together: its
// outbox rows are queued by one multi-row INSERT, then its audit events
// appended by one AppendAuditsInTransaction. A caller that rolls back to a
// savepoint drops what was collected after it.
struct DeferredWrites {
  // An outbox row ready to insert: its message checked, counted against
  // the SMS budgets and sealed.
  struct OutboxRow {
    bool sms = false;
    std::string sealed;
    int ttl_seconds = 0;
  };
  std::vector<OutboxRow> outbox;
  std::vector<AuditEvent> audit;
  // Set by a caller that counted the SMS budgets of every SMS it queues
  // through this (SmsBudgetChecks, with its own limits): not counted again.
  bool sms_budgets_counted = false;

  // Checks `event` (CheckAuditEvent) and keeps it for the end.
  Status Audit(const OutboxSettings& settings, const AuditEvent& event);
  // Moves what `later` collected after what this holds.
  void Take(DeferredWrites&& later);
  // Makes the deferred writes and forgets them.
  Status Flush(sql::Connection* conn, const OutboxSettings& settings);
};

// `event` appended now, or kept in `deferred` (checked) when it is set.
Status AuditInTransaction(sql::Connection* conn, const OutboxSettings& settings,
                          const AuditEvent& event, DeferredWrites* deferred);

// Writes the « audit.keyed » row unless the chain has one: returns its id,
// or 0 when there was one already.
StatusOr<int64_t> KeyAuditChainInTransaction(sql::Connection* conn,
                                             const OutboxSettings& settings);

// AccountStore::ChangePassword's writes, for a flow that must consume its
// token in the same transaction: new hash (and temporary-password expiry),
// the account's other sessions revoked, its live recovery requests
// superseded, the optional notification queued, the audit row appended
// (account_id defaults to change.account_id), or kept in `deferred` when it
// is set. NotFound for no such account.
Status ChangePasswordInTransaction(sql::Connection* conn,
                                   const OutboxSettings& settings,
                                   const PasswordChange& change,
                                   DeferredWrites* deferred = nullptr);

// RateLimiter::Hit's write in the transaction running on `conn`: counts one
// event in `key`'s fixed window of `window_seconds` (a new row, or the row
// reset when its window is over, or incremented) and returns the count,
// this event included. The row stays locked until the transaction ends.
// `add` (0 or more) is what the event adds: 0 reads the count under the
// same lock without changing it.
// CountHitInTransaction on every check of `checks` (each its own window and
// `add`; `limit` is not used here) in two statements whatever their number;
// the counts in the same order. A key listed twice counts twice, and both
// places get the count after both.
StatusOr<std::vector<int>> CountHitsInTransaction(
    sql::Connection* conn, const OutboxSettings& settings,
    const std::vector<LimitCheck>& checks);

StatusOr<int> CountHitInTransaction(sql::Connection* conn,
                                    const OutboxSettings& settings,
                                    const std::string& key, int window_seconds,
                                    int add = 1);

// Counts every limit of `limits` when all of them are within their limit
// once counted; otherwise counts none (a savepoint is rolled back) and
// returns false. A refusal spends nothing. `passed` (may be null) gets the
// indexes of the limits that would be passed, in order.
StatusOr<bool> CountWithinLimitsInTransaction(
    sql::Connection* conn, const OutboxSettings& settings,
    const std::vector<LimitCheck>& limits,
    std::vector<size_t>* passed = nullptr);

// The SMS budgets an SMS to `recipient` counts against (its destination's
// and the site's, per hour), as EnqueueInTransaction counts them.
std::vector<LimitCheck> SmsBudgetChecks(const OutboxSettings& settings,
                                        const std::string& recipient);

// Claims up to `batch` rows of `table` (a work queue with claimed_by,
// claim_token and claimed_until columns) that satisfy `due` and that nobody
// holds, lowest id first, for `worker` during `claim_seconds`. Returns the
// claim's fresh token (read the rows back WHERE claim_token = it), or an
// empty string when no row was claimed. `table` and `due` are the caller's
// constants, never input.
std::string ClaimRowsInTransaction(sql::Connection* conn, const char* table,
                                   const char* due, const std::string& worker,
                                   int batch, int claim_seconds);

// --- Shared by the MySQL stores; exposed for tests. ---

// The rate_limits row of `key`: HMAC-SHA256 under `limits_key`, so the
// table holds no login, address or phone number, and nobody without the
// server secret can tell which row is whose by hashing candidates.
std::string RateLimitBucket(const std::string& limits_key,
                            const std::string& key);
// A flow's code name: 1 to 32 of [a-z0-9_].
bool ValidFlowName(const std::string& flow);
// An account identifier's kind: 1 to 32 of [a-z0-9_.].
bool ValidIdentifierKind(const std::string& kind);
// An account mark's name: 1 to 64 of [a-z0-9_.].
bool ValidMarkName(const std::string& name);
// A worker's name as stored in claimed_by columns (cut to 64 characters).
std::string CleanWorkerName(const std::string& worker);

// `text` as valid UTF-8 (invalid bytes replaced by U+FFFD), cut to at most
// `max_chars` code points.
std::string CleanText(std::string_view text, size_t max_chars);
// Number of code points of `text`, or nullopt when it is not valid UTF-8.
std::optional<size_t> CheckedUtf8Length(std::string_view text);

// The bytes an audit row's MAC covers after prev_hash: a versioned,
// length-prefixed encoding of every column but the hashes. `at` is
// "YYYY-MM-DD HH:MM:SS.ffffff" (UTC). A row's request id (migration 012)
// is one more field when it is set, none when it is NULL or empty: rows
// written before it keep their canonical bytes, and a request id added to,
// changed in or removed from a row breaks its MAC.
std::string AuditCanonical(int64_t id, const std::string& at,
                           std::optional<int64_t> account_id,
                           const std::string& event,
                           const std::string& client_ip,
                           const std::string& detail,
                           const std::string& request_id = "");

// An audit row's MAC: SHA-256 (chain 1) or HMAC-SHA256 under `key` (chain
// 2) of prev_hash || canonical.
std::string AuditRowMac(int chain, const std::string& key,
                        const std::string& prev_hash,
                        const std::string& canonical);

// Serialises / parses an OutboxMessage (JSON; ttl_seconds is not kept).
StatusOr<std::string> SerializeOutboxMessage(const OutboxMessage& message);
StatusOr<OutboxMessage> ParseOutboxMessage(std::string_view json);

// "<sesame.ID.HEX16@DOMAIN>": stable per row, unguessable from the id alone.
std::string OutboxMessageId(const OutboxSettings& settings, int64_t id);

}  // namespace sesame

#endif  // SESAME_STORAGE_MYSQL_IN_TRANSACTION_H_
