// EducationStore: the Education flow's voters (education_voters: the vote
// code, its state and wrong-code count, the challenge question and the
// digests of the voter's facts), its regeneration grants and its one-time
// code slips (sql/010).
//
// A regeneration grant is what a proof of the voter (the mailed or SMS'd
// link, later FranceConnect) leaves in the browser: a token in a cookie,
// only its SHA-256 here, alive a few minutes, spent once by « REGENERER MON
// CODE DE VOTE ». That POST spends the grant with one conditional UPDATE and,
// only if it won, replaces the vote code and keeps the new code sealed for
// one display: of concurrent POSTs exactly one makes a code. The slip is
// deleted as it is read.
#ifndef SESAME_STORAGE_EDUCATION_STORE_H_
#define SESAME_STORAGE_EDUCATION_STORE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "core/status.h"
#include "storage/types.h"

namespace sesame {

struct Voter {
  int64_t account_id = 0;
  std::string vote_code_hash;  // PHC string; empty: no vote code
  bool vote_code_invalidated = false;
  std::string invalidated_reason;
  int vote_code_failures = 0;  // attempts counted since the last right one
  std::string question_id;     // empty: not chosen yet
  std::string answer_digest;
  std::string numen_digest;
  std::string nir_digest;
  std::string pivot_digest;
};

// A vote-code attempt once counted (EducationStore::CountVoteAttempt).
struct VoteAttempt {
  bool invalidated = false;  // the code was invalidated before this attempt
  int count = 0;             // attempts counted, this one included
};

struct NewGrant {
  int64_t account_id = 0;
  std::string token_hash;  // SHA-256 of the cookie's token (32 bytes)
  int ttl_seconds = 0;
  AuditEvent audit;
};

// « REGENERER MON CODE DE VOTE », written whole or not at all.
struct Regeneration {
  std::string grant_hash;      // the grant spent
  std::string vote_code_hash;  // the new code's PHC string
  // The new code, sealed (opaque to the store), kept for one display by
  // `slip_owner` (32 bytes) during `slip_ttl_seconds`.
  std::string slip_owner;
  std::string slip_sealed;
  int slip_ttl_seconds = 120;
  AuditEvent audit;  // account_id: the grant's account when unset
  // The mail to the work address on record saying the code was changed.
  std::optional<OutboxMessage> notification;
};

class EducationStore {
 public:
  virtual ~EducationStore() = default;
  // NotFound when the account is no voter.
  virtual StatusOr<Voter> FindVoter(int64_t account_id) = 0;
  // Counts one attempt at the vote code BEFORE it is compared (while the
  // code is active); NotFound when the account is no voter.
  virtual StatusOr<VoteAttempt> CountVoteAttempt(int64_t account_id) = 0;
  // A right code: the attempts counted are forgotten.
  virtual Status ResetVoteAttempts(int64_t account_id) = 0;
  // Invalidates the vote code with `reason` (kept with the time) and
  // appends `audit`: one transaction. False when it was invalidated
  // already (nothing written); NotFound when the account is no voter.
  virtual StatusOr<bool> InvalidateVoteCode(int64_t account_id,
                                            const std::string& reason,
                                            const AuditEvent& audit) = 0;
  // Spends recovery request `request_id` (as RecoveryStore::Complete: one
  // conditional UPDATE on a live request of an enabled account) and, only
  // if it won, stores `grant`: one transaction. FailedPrecondition when
  // the request was spent or died.
  virtual Status GrantFromLink(int64_t request_id, const NewGrant& grant) = 0;
  // Stores `grant` (a proof checked elsewhere, e.g. FranceConnect).
  virtual Status Grant(const NewGrant& grant) = 0;
  // The account of the live grant `token_hash` (unspent, unexpired, the
  // account enabled); nullopt when none.
  virtual StatusOr<std::optional<int64_t>> FindGrant(
      const std::string& token_hash) = 0;
  // Spends the grant (one conditional UPDATE) and, only if it won,
  // replaces the vote code (active again, attempts forgotten), keeps the
  // slip, queues the notification and appends the audit row. False when
  // the grant was spent, expired, or never was: nothing written.
  virtual StatusOr<bool> Regenerate(const Regeneration& regeneration) = 0;
  // The slip kept for `owner`, deleted in the same transaction; nullopt
  // when none is left (never made, shown already, or expired).
  virtual StatusOr<std::optional<std::string>> TakeCodeSlip(
      const std::string& owner) = 0;
  // The account whose account-opening link is `token_hash` while it lives
  // and no question was chosen; nullopt otherwise.
  virtual StatusOr<std::optional<int64_t>> FindActivation(
      const std::string& token_hash) = 0;
  // Spends the account-opening link and stores the question and its
  // answer's digest: one conditional UPDATE, with `audit`. False when the
  // link was spent or died.
  virtual StatusOr<bool> Activate(const std::string& token_hash,
                                  const std::string& question_id,
                                  const std::string& answer_digest,
                                  const AuditEvent& audit) = 0;
};

}  // namespace sesame

#endif  // SESAME_STORAGE_EDUCATION_STORE_H_
