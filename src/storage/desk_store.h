// DeskStore: what an officer does at the desk (« guichet ») of the Interior
// flow — hand an agent a new one-time password or re-issue the agent's
// security key — and the printable slip that shows the new secret once.
//
// An action is one transaction: the officer's limits counted (a refusal
// counts and writes nothing), the change, its audit rows and the agent's
// notification mail, and the slip, sealed, for the officer's session only.
// The slip is deleted as it is read: a reload finds nothing.
#ifndef SESAME_STORAGE_DESK_STORE_H_
#define SESAME_STORAGE_DESK_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/types.h"

namespace sesame {

struct DeskAction {
  int64_t agent_id = 0;
  // The officer's limits (e.g. 30 actions an hour), counted first, all or
  // none (RateLimiter::HitWithin).
  std::vector<LimitCheck> limits;
  // Either a new one-time password: its hash, to be changed at the next
  // sign-in, dead after `temporary_password_hours` (AccountStore::
  // ChangePassword's writes: the agent's sessions revoked, its live
  // recovery requests superseded) ...
  struct NewPassword {
    std::string hash;  // PHC string
    int temporary_password_hours = 0;
  };
  std::optional<NewPassword> password;
  // ... or the agent's identifier of this kind replaced (the security key's
  // digest), with the agent's sessions revoked.
  std::optional<AccountIdentifier> identifier;
  // Both: the agent's audit row (account_id: the agent) and mail.
  AuditEvent agent_audit;
  std::optional<OutboxMessage> notification;
  // Appended too: the officer's own row (account_id: the officer), which
  // `sesame audit show --officer` lists.
  AuditEvent officer_audit;
  // The slip: `slip_sealed` (opaque to the store) kept for `slip_owner`
  // (the sessions table's id of the officer's desk session, 32 bytes)
  // during `slip_ttl_seconds`, replacing any earlier slip of that session.
  std::string slip_owner;
  std::string slip_sealed;
  int slip_ttl_seconds = 600;
};

// One row of an officer's actions (`sesame audit show --officer`).
struct AuditRow {
  int64_t id = 0;
  std::string at;  // "YYYY-MM-DD HH:MM:SS" UTC
  std::optional<int64_t> account_id;
  std::string event;
  std::string client_ip;
  std::string detail;
};

class DeskStore {
 public:
  virtual ~DeskStore() = default;
  // False when one of action.limits would be passed: nothing counted,
  // nothing written. NotFound when the agent is gone; InvalidArgument
  // unless exactly one of password and identifier is set.
  virtual StatusOr<bool> Act(const DeskAction& action) = 0;
  // The slip kept for `owner`, deleted in the same transaction; nullopt
  // when there is none (never made, shown already, or expired).
  virtual StatusOr<std::optional<std::string>> TakeSlip(
      const std::string& owner) = 0;
  // The last `limit` audit rows of account `account_id` whose event starts
  // with `event_prefix`, oldest first.
  virtual StatusOr<std::vector<AuditRow>> AuditOf(
      int64_t account_id, const std::string& event_prefix, int limit) = 0;
};

}  // namespace sesame

#endif  // SESAME_STORAGE_DESK_STORE_H_
