// IntakeStore: recovery requests as typed on a request form ("intents"),
// waiting for the intake worker (`sesame deliver`) to look them up.
//
// A request form only counts its limits and stores what was typed: the same
// work whatever the input, so its answer time says nothing about whether an
// account matched (security anchor A2). The worker then finds the account,
// decides, and writes the outcome (a recovery request with its messages, or
// a mail, or only an audit row) in the same transaction that deletes the
// intent, so an intent is handled once or not at all.
//
// What was typed is stored sealed (AES-256-GCM, key derived from the server
// secret) and deleted once handled. An intent nobody handled within an hour
// is dropped.
#ifndef SESAME_STORAGE_INTAKE_STORE_H_
#define SESAME_STORAGE_INTAKE_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "storage/recovery_store.h"
#include "storage/types.h"

namespace sesame {

struct Intent {
  int64_t id = 0;                             // set by the store
  std::string flow;                           // the form's intent flow
  std::map<std::string, std::string> fields;  // as typed ("login", "email")
  std::string client_ip;
  // The language the request was made in ("" when unknown): its mails and
  // SMS are written in it (SubmitRequest sets it).
  std::string language;
};

// "Refuse unless `mark` on `account_id` is older than `within_seconds`
// (or absent)": checked on the account locked, in the transaction that
// writes the outcome, so two outcomes for one account are decided one
// after the other.
struct MarkGuard {
  int64_t account_id = 0;
  std::string mark;
  int within_seconds = 0;
};

// What handling an intent writes, all in one transaction.
struct IntentOutcome {
  // Counted first, and only when every one is within its limit once
  // counted: a refusal counts nothing. When one would be passed, or when an
  // SMS of this outcome would pass the SMS budgets (see SmsBudgetSpent),
  // only `audit_if_limited` is written.
  std::vector<LimitCheck> limits;
  std::vector<AuditEvent> audit_if_limited;
  // Written instead of audit_if_limited when limits[i] is one of those that
  // would be passed (the lowest such i that has an entry here): a refusal
  // decided in the write, where earlier intents of the same batch are seen.
  std::map<size_t, std::vector<AuditEvent>> audit_if_limited_by;
  // Then, when one of these marks is too young, only `messages_if_marked`
  // (with what `render_if_marked` returns, when set) and `audit_if_marked`
  // are written.
  std::vector<MarkGuard> unless_marked;
  std::vector<OutboxMessage> messages_if_marked;
  // Called by the store only when a guard trips, in the transaction that
  // writes the outcome: a refusal mail is drawn only when it is sent. Its
  // error fails the outcome (nothing written, the intent kept).
  std::function<StatusOr<std::vector<OutboxMessage>>()> render_if_marked;
  std::vector<AuditEvent> audit_if_marked;
  // Otherwise: created as RecoveryStore::Create does (supersession,
  // messages, audit).
  std::optional<NewRecoveryRequest> request;
  // Or a password changed at once (AccountStore::ChangePassword's writes,
  // its notification an SMS counted against the SMS budgets): a one-time
  // password sent to what the account holder holds.
  std::optional<PasswordChange> password_change;
  std::vector<OutboxMessage> messages;  // queued
  std::vector<AuditEvent> audit;        // appended, in order
  // Set to now (database clock) on their accounts, replacing an earlier
  // time (see AccountStore::SecondsSinceMark).
  std::vector<AccountMark> marks;
};

// Which of an outcome's branches IntakeStore::Finish wrote.
enum class IntentResult {
  kWritten,  // the outcome itself
  kLimited,  // a limit or an SMS budget: audit_if_limited only
  kMarked,   // a guard's mark was too young: the *_if_marked writes
};

// Intents older than this are dropped unhandled.
inline constexpr int kIntentLifetimeSeconds = 3600;

class IntakeStore {
 public:
  virtual ~IntakeStore() = default;
  // Counts every limit and, when none is passed, stores the intent: one
  // transaction. False (nothing counted, nothing stored) when one would be
  // passed.
  virtual StatusOr<bool> Submit(const Intent& intent,
                                const std::vector<LimitCheck>& limits) = 0;
  // Claims up to `batch` intents, oldest first, for `worker` during
  // `claim_seconds`; two workers never hold the same intent. Intents past
  // their lifetime or unreadable (sealed with another key) are deleted.
  virtual StatusOr<std::vector<Intent>> ClaimIntents(const std::string& worker,
                                                     int batch,
                                                     int claim_seconds) = 0;
  // Deletes intent `id`, still claimed by `worker`, and writes `outcome`
  // (one of its branches, returned): one transaction. FailedPrecondition
  // when the intent is no longer this worker's (its claim ran out and
  // another took it).
  virtual StatusOr<IntentResult> Finish(int64_t id, const std::string& worker,
                                        const IntentOutcome& outcome) = 0;

  // Finish for each of `intents` (id, outcome), in order; one result each,
  // in the same order. Each intent's writes are all or nothing and later
  // intents see earlier ones' writes (limits, marks). This one calls Finish
  // in turn; a store may write the batch in one transaction instead, and
  // returns a bad status (nothing written) when that transaction fails as
  // a whole.
  using FinishItem = std::pair<int64_t, const IntentOutcome*>;
  virtual StatusOr<std::vector<StatusOr<IntentResult>>> FinishBatch(
      const std::string& worker, const std::vector<FinishItem>& intents) {
    std::vector<StatusOr<IntentResult>> results;
    for (const auto& [id, outcome] : intents) {
      results.push_back(Finish(id, worker, *outcome));
    }
    return results;
  }
};

}  // namespace sesame

#endif  // SESAME_STORAGE_INTAKE_STORE_H_
