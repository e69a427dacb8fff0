// MysqlEducationStore: EducationStore on education_voters,
// education_grants and education_code_slips (sql/010), with the recovery
// requests, the outbox and the audit chain.
//
// Each spend is one conditional UPDATE whose affected-row count decides
// (a link, a grant, an account-opening link); TakeCodeSlip locks the row
// (SELECT ... FOR UPDATE) and deletes it in the same transaction: of two
// concurrent reads, the second waits and finds nothing.
#ifndef SESAME_STORAGE_MYSQL_MYSQL_EDUCATION_STORE_H_
#define SESAME_STORAGE_MYSQL_MYSQL_EDUCATION_STORE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "core/status.h"
#include "storage/education_store.h"
#include "storage/mysql/in_transaction.h"
#include "storage/mysql/mysql_database.h"

namespace sql {
class Connection;
}  // namespace sql

namespace sesame {

// The voter row of a new account (AccountStore::Add's transaction).
Status InsertVoterInTransaction(sql::Connection* conn, int64_t account_id,
                                const VoterFacts& voter);

class MysqlEducationStore : public EducationStore {
 public:
  MysqlEducationStore(MysqlDatabase* db, const OutboxSettings* outbox)
      : db_(db), outbox_(outbox) {}

  StatusOr<Voter> FindVoter(int64_t account_id) override;
  StatusOr<VoteAttempt> CountVoteAttempt(int64_t account_id) override;
  Status ResetVoteAttempts(int64_t account_id) override;
  StatusOr<bool> InvalidateVoteCode(int64_t account_id,
                                    const std::string& reason,
                                    const AuditEvent& audit) override;
  Status GrantFromLink(int64_t request_id, const NewGrant& grant) override;
  Status Grant(const NewGrant& grant) override;
  StatusOr<std::optional<int64_t>> FindGrant(
      const std::string& token_hash) override;
  StatusOr<bool> Regenerate(const Regeneration& regeneration) override;
  StatusOr<std::optional<std::string>> TakeCodeSlip(
      const std::string& owner) override;
  StatusOr<std::optional<int64_t>> FindActivation(
      const std::string& token_hash) override;
  StatusOr<bool> Activate(const std::string& token_hash,
                          const std::string& question_id,
                          const std::string& answer_digest,
                          const AuditEvent& audit) override;

 private:
  MysqlDatabase* db_;
  const OutboxSettings* outbox_;
};

}  // namespace sesame

#endif  // SESAME_STORAGE_MYSQL_MYSQL_EDUCATION_STORE_H_
