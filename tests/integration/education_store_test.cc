// MysqlEducationStore against a real server (the Education flow): the voter
// written with its account, the vote code's attempts and invalidation, a
// link spent into a grant once, « REGENERER » won by one of concurrent
// calls, the code slip read once, the account-opening link, and purge.
// Same setup as storage_test.cc; without SESAME_TEST_CONFIG the tests skip.
#include <cppconn/connection.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "crypto/crypto.h"
#include "integration/scratch_database.h"
#include "storage/mysql/migrator.h"
#include "storage/mysql/mysql_stores.h"

namespace sesame {
namespace {

using ::sesame::testing::Exec;
using ::sesame::testing::QueryInt;

constexpr char kHash[] = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
constexpr char kNewHash[] = "$argon2id$v=19$m=19456,t=2,p=1$bmV3$bmV3";

AuditEvent Audit(std::optional<int64_t> account_id, const std::string& event) {
  return {account_id, event, "192.0.2.45", "education"};
}

constexpr char kEducationPrefix[] = "sesame_test_education";

class EducationStoreTest
    : public ::sesame::testing::ScratchDatabaseTest<kEducationPrefix> {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_NE(s_.education, nullptr);
  }

  int64_t AddVoter(const std::string& login, VoterFacts facts = {}) {
    NewAccount a;
    a.login = login;
    a.email = login + "@example.org";
    a.password_hash = kHash;
    if (facts.vote_code_hash.empty()) facts.vote_code_hash = kHash;
    facts.answer_digest = std::string(32, '\x01');
    facts.nir_digest = std::string(32, '\0');
    a.voter = facts;
    OutboxMessage mail;
    mail.recipient = a.email;
    mail.subject = "Ouverture";
    mail.text = "lien";
    a.messages = {mail};
    StatusOr<int64_t> id = s_.accounts->Add(a, Audit(std::nullopt, "add"));
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  int64_t Count(const std::string& table, const std::string& where = "1") {
    return QueryInt(db(), "SELECT COUNT(*) FROM " + table + " WHERE " + where);
  }

  int64_t NewLink(int64_t account_id, const std::string& token) {
    NewRecoveryRequest r;
    r.account_id = account_id;
    r.flow = "education";
    r.token_hash = crypto::Sha256(token);
    r.ttl_seconds = 1800;
    r.audit = Audit(account_id, "recovery.request");
    EXPECT_TRUE(s_.recovery->Create(r).ok());
    return s_.recovery->FindByToken(crypto::Sha256(token))->id;
  }

  Regeneration Regen(const std::string& grant_token) {
    Regeneration r;
    r.grant_hash = crypto::Sha256(grant_token);
    r.vote_code_hash = kNewHash;
    r.slip_owner = crypto::Sha256("slip" + grant_token);
    r.slip_sealed = "sealed \x01";
    r.slip_ttl_seconds = 120;
    r.audit = Audit(std::nullopt, "education.vote_code.regenerated");
    OutboxMessage mail;
    mail.recipient = "work@example.org";
    mail.subject = "Code de vote modifié";
    mail.text = "modifié";
    r.notification = mail;
    return r;
  }
};

TEST_F(EducationStoreTest, VoterWrittenWithItsAccountAndMessages) {
  const int64_t outbox = Count("outbox");
  const int64_t id = AddVoter("edu-voter");
  StatusOr<Voter> v = s_.education->FindVoter(id);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->vote_code_hash, kHash);
  EXPECT_FALSE(v->vote_code_invalidated);
  EXPECT_EQ(v->answer_digest, std::string(32, '\x01'));
  EXPECT_EQ(v->nir_digest, std::string(32, '\0'));
  EXPECT_EQ(v->numen_digest, "");
  EXPECT_EQ(Count("outbox"), outbox + 1);
  EXPECT_EQ(s_.education->FindVoter(id + 1000).status().code(),
            StatusCode::kNotFound);
}

TEST_F(EducationStoreTest, AttemptsCountedThenInvalidatedOnce) {
  const int64_t id = AddVoter("edu-attempts");
  EXPECT_EQ(s_.education->CountVoteAttempt(id)->count, 1);
  EXPECT_EQ(s_.education->CountVoteAttempt(id)->count, 2);
  ASSERT_TRUE(s_.education->ResetVoteAttempts(id).ok());
  EXPECT_EQ(s_.education->CountVoteAttempt(id)->count, 1);
  EXPECT_TRUE(*s_.education->InvalidateVoteCode(
      id, "5 codes", Audit(id, "education.vote_code.invalidated")));
  EXPECT_FALSE(*s_.education->InvalidateVoteCode(
      id, "again", Audit(id, "education.vote_code.invalidated")));
  StatusOr<Voter> v = s_.education->FindVoter(id);
  EXPECT_TRUE(v->vote_code_invalidated);
  EXPECT_EQ(v->invalidated_reason, "5 codes");
  EXPECT_TRUE(s_.education->CountVoteAttempt(id)->invalidated);
  EXPECT_EQ(Count("audit_log",
                  "event = 'education.vote_code.invalidated' "
                  "AND account_id = " +
                      std::to_string(id)),
            1);
}

TEST_F(EducationStoreTest, LinkSpentIntoOneGrant) {
  const int64_t id = AddVoter("edu-link");
  const int64_t request = NewLink(id, crypto::NewToken());
  const std::string first = crypto::NewToken();
  ASSERT_TRUE(s_.education
                  ->GrantFromLink(request, {id, crypto::Sha256(first), 1800,
                                            Audit(id, "education.grant")})
                  .ok());
  EXPECT_EQ(
      s_.education
          ->GrantFromLink(request, {id, crypto::Sha256(crypto::NewToken()),
                                    1800, Audit(id, "education.grant")})
          .code(),
      StatusCode::kFailedPrecondition);
  EXPECT_EQ(**s_.education->FindGrant(crypto::Sha256(first)), id);
  EXPECT_FALSE(
      s_.education->FindGrant(crypto::Sha256(crypto::NewToken()))->has_value());
}

TEST_F(EducationStoreTest, ConcurrentRegenerationsMakeOneCode) {
  const int64_t id = AddVoter("edu-race");
  ASSERT_TRUE(*s_.education->InvalidateVoteCode(id, "x", Audit(id, "inv")));
  const std::string token = crypto::NewToken();
  ASSERT_TRUE(s_.education
                  ->Grant({id, crypto::Sha256(token), 1800,
                           Audit(id, "education.grant")})
                  .ok());
  constexpr int kThreads = 6;
  std::atomic<int> won{0};
  std::vector<std::thread> threads;
  for (int n = 0; n < kThreads; ++n) {
    threads.emplace_back([&] {
      StatusOr<bool> r = s_.education->Regenerate(Regen(token));
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      if (r.ok() && *r) ++won;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  StatusOr<Voter> v = s_.education->FindVoter(id);
  EXPECT_EQ(v->vote_code_hash, kNewHash);
  EXPECT_FALSE(v->vote_code_invalidated);
  EXPECT_EQ(Count("audit_log",
                  "event = 'education.vote_code.regenerated' AND account_id "
                  "= " +
                      std::to_string(id)),
            1);
  EXPECT_FALSE(s_.education->FindGrant(crypto::Sha256(token))->has_value());
  // The slip: read once, even by concurrent readers.
  std::atomic<int> shown{0};
  threads.clear();
  for (int n = 0; n < kThreads; ++n) {
    threads.emplace_back([&] {
      StatusOr<std::optional<std::string>> slip =
          s_.education->TakeCodeSlip(crypto::Sha256("slip" + token));
      if (slip.ok() && slip->has_value()) ++shown;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(shown.load(), 1);
}

TEST_F(EducationStoreTest, ExpiredSlipAndGrantGiveNothingAndArePurged) {
  const int64_t id = AddVoter("edu-expired");
  const std::string token = crypto::NewToken();
  ASSERT_TRUE(s_.education
                  ->Grant({id, crypto::Sha256(token), 1800,
                           Audit(id, "education.grant")})
                  .ok());
  ASSERT_TRUE(*s_.education->Regenerate(Regen(token)));
  Exec(db(),
       "UPDATE education_code_slips SET expires_at = NOW(6) - INTERVAL 1 "
       "SECOND");
  Exec(db(),
       "UPDATE education_grants SET expires_at = NOW(6) - INTERVAL 2 DAY");
  ASSERT_TRUE(PurgeExpired(db()).ok());
  EXPECT_EQ(Count("education_code_slips"), 0);
  EXPECT_EQ(Count("education_grants"), 0);
  EXPECT_FALSE(
      s_.education->TakeCodeSlip(crypto::Sha256("slip" + token))->has_value());
}

TEST_F(EducationStoreTest, AccountOpeningLinkSpentOnce) {
  const std::string token = crypto::NewToken();
  VoterFacts facts;
  facts.activation_token_hash = crypto::Sha256(token);
  facts.activation_ttl_seconds = 3600;
  const int64_t id = AddVoter("edu-open", facts);
  EXPECT_EQ(**s_.education->FindActivation(crypto::Sha256(token)), id);
  EXPECT_TRUE(*s_.education->Activate(crypto::Sha256(token), "voiture",
                                      std::string(32, '\x07'),
                                      Audit(id, "education.activation")));
  EXPECT_FALSE(*s_.education->Activate(crypto::Sha256(token), "animal",
                                       std::string(32, '\x08'),
                                       Audit(id, "education.activation")));
  EXPECT_FALSE(
      s_.education->FindActivation(crypto::Sha256(token))->has_value());
  EXPECT_EQ(s_.education->FindVoter(id)->question_id, "voiture");
}

}  // namespace
}  // namespace sesame
