// RecoveryStore: the one-time recovery requests of every flow (a link's
// token, an SMS code, their counters), in the recovery_requests table.
//
// Single use is decided by the database: a conditional UPDATE whose
// affected-row count says who won. Validity is decided with the database's
// clock (NOW(6)). Each method is one transaction.
#ifndef SESAME_STORAGE_RECOVERY_STORE_H_
#define SESAME_STORAGE_RECOVERY_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/types.h"

namespace sesame {

struct NewRecoveryRequest {
  int64_t account_id = 0;
  std::string flow;          // RecoveryFlow::name
  std::string token_hash;    // SHA-256 of the link's token (32 bytes)
  std::string code_hmac;     // HMAC of the SMS code (32 bytes) or empty
  int ttl_seconds = 0;       // the link's lifetime
  int code_ttl_seconds = 0;  // the code's lifetime (0: the link's)
  std::string client_ip;
  std::vector<OutboxMessage> messages;  // queued in the same transaction
  AuditEvent audit;
};

// A request as found by its token; flags computed with NOW(6).
struct RecoveryRequest {
  int64_t id = 0;
  int64_t account_id = 0;
  std::string flow;
  std::string code_hmac;
  int code_attempts = 0;
  int code_sends = 0;
  bool used = false;
  bool superseded = false;
  bool expired = false;       // the link's lifetime is over
  bool code_expired = false;  // the current code's lifetime is over
  bool account_disabled = false;
};

class RecoveryStore {
 public:
  virtual ~RecoveryStore() = default;
  // Supersedes the account's live requests (of any flow), stores this one,
  // queues its messages and appends its audit row: one transaction.
  virtual Status Create(const NewRecoveryRequest& request) = 0;
  // NotFound when no request has this token hash.
  virtual StatusOr<RecoveryRequest> FindByToken(
      const std::string& token_hash) = 0;
  // Counts one code attempt BEFORE the code is compared; returns the count
  // including this one. FailedPrecondition when the request is no longer
  // live (used, superseded or expired).
  virtual StatusOr<int> CountAttempt(int64_t id) = 0;
  // Replaces the code (the old one dies at once), resets the code's
  // lifetime, counts one more send and queues `sms`, while the request is
  // live and has been sent fewer than `max_sends` codes. ResourceExhausted
  // when that many were sent; FailedPrecondition when not live;
  // SmsBudgetSpent() when `sms` would pass the SMS budgets (nothing
  // written, nothing counted).
  virtual Status ReplaceCode(int64_t id, const std::string& code_hmac,
                             int code_ttl_seconds, int max_sends,
                             const OutboxMessage& sms,
                             const AuditEvent& audit) = 0;
  // Spends the request (UPDATE ... SET used_at = NOW(6) WHERE id = ? AND
  // used_at IS NULL AND superseded_at IS NULL AND expires_at > NOW(6)) and,
  // only if that row was won, applies `change` (AccountStore::
  // ChangePassword's writes) in the same transaction. FailedPrecondition
  // when another request won or it died; SmsBudgetSpent() when the
  // change's notification is an SMS past the SMS budgets (nothing written:
  // the request stays live). The attempt budget is not checked
  // here: the caller compared the code only because its own counted attempt
  // was within it, and attempts counted later by concurrent submissions
  // must not take that away.
  virtual Status Complete(int64_t id, const PasswordChange& change) = 0;
};

}  // namespace sesame

#endif  // SESAME_STORAGE_RECOVERY_STORE_H_
