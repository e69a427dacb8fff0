#include "storage/mysql/retry_policy.h"

#include <gtest/gtest.h>

#include <chrono>
#include <utility>
#include <vector>

#include "core/metrics.h"
#include "core/status.h"

namespace sesame {
namespace {

using std::chrono::milliseconds;

TEST(RetryPolicyTest, ClassifiesTheRetriedErrors) {
  EXPECT_EQ(ClassifyTxError(1213, false, false), TxFailure::kDeadlock);
  EXPECT_EQ(ClassifyTxError(1205, false, false), TxFailure::kLockWait);
  EXPECT_EQ(ClassifyTxError(1047, false, false), TxFailure::kWsrep);
  // A deadlock or certification failure answered to COMMIT itself: the
  // server rolled back, so it is retried like any other.
  EXPECT_EQ(ClassifyTxError(1213, false, true), TxFailure::kDeadlock);
  // « Error while appending streaming replication fragment (Not connected
  // to Primary Component) »: a Galera node that left the primary component
  // while replicating the COMMIT; rolled back, so retried.
  EXPECT_EQ(ClassifyTxError(1180, false, true), TxFailure::kWsrep);
  EXPECT_EQ(ClassifyTxError(2013, true, false),
            TxFailure::kConnectionBeforeCommit);
  EXPECT_EQ(ClassifyTxError(2006, true, true), TxFailure::kCommitUnknown);
  EXPECT_EQ(ClassifyTxError(1062, false, false), TxFailure::kOther);
  EXPECT_EQ(ClassifyTxError(1146, false, true), TxFailure::kOther);
}

TEST(RetryPolicyTest, OnlyTheFourCausesAreRetried) {
  EXPECT_EQ(RetryCauseOf(TxFailure::kDeadlock),
            metrics::DbRetryCause::kDeadlock);
  EXPECT_EQ(RetryCauseOf(TxFailure::kLockWait),
            metrics::DbRetryCause::kLockWait);
  EXPECT_EQ(RetryCauseOf(TxFailure::kWsrep), metrics::DbRetryCause::kWsrep);
  EXPECT_EQ(RetryCauseOf(TxFailure::kConnectionBeforeCommit),
            metrics::DbRetryCause::kConnection);
  EXPECT_FALSE(RetryCauseOf(TxFailure::kNone));
  EXPECT_FALSE(RetryCauseOf(TxFailure::kOther));
  EXPECT_FALSE(RetryCauseOf(TxFailure::kCommitUnknown));
}

TEST(RetryPolicyTest, BackoffIsFullJitterUnder25Then50Then100) {
  EXPECT_EQ(RetryBackoff(2, 0.0), milliseconds(0));
  EXPECT_EQ(RetryBackoff(2, 0.999), milliseconds(24));
  EXPECT_EQ(RetryBackoff(3, 0.999), milliseconds(49));
  EXPECT_EQ(RetryBackoff(4, 0.999), milliseconds(99));
  EXPECT_EQ(RetryBackoff(9, 0.999), milliseconds(99));
  EXPECT_EQ(RetryBackoff(3, 0.5), milliseconds(25));
}

// A scripted attempt: returns the failures in order, then success.
struct Script {
  explicit Script(std::vector<TxFailure> f) : failures(std::move(f)) {}

  std::vector<TxFailure> failures;
  int tries = 0;
  std::vector<milliseconds> sleeps;

  Status Run(int max_tries = kMaxTries) {
    return RunWithRetries(
        [this] {
          TryOutcome outcome;
          if (tries < static_cast<int>(failures.size())) {
            outcome.failure = failures[tries];
            outcome.status = outcome.failure == TxFailure::kOther
                                 ? Status::Internal("database error 1062")
                                 : Status::Unavailable("database busy");
          }
          ++tries;
          return outcome;
        },
        [this](milliseconds pause) { sleeps.push_back(pause); },
        [] { return 0.999; }, max_tries);
  }
};

TEST(RetryPolicyTest, RetriesUntilSuccessWithGrowingPauses) {
  auto& m = metrics::ProcessMetrics::Get();
  const uint64_t deadlocks = m.DbRetries(metrics::DbRetryCause::kDeadlock);
  const uint64_t wsrep = m.DbRetries(metrics::DbRetryCause::kWsrep);
  const uint64_t connection = m.DbRetries(metrics::DbRetryCause::kConnection);
  Script script{{TxFailure::kDeadlock, TxFailure::kWsrep,
                 TxFailure::kConnectionBeforeCommit}};
  EXPECT_TRUE(script.Run().ok());
  EXPECT_EQ(script.tries, 4);
  EXPECT_EQ(script.sleeps,
            (std::vector<milliseconds>{milliseconds(24), milliseconds(49),
                                       milliseconds(99)}));
  EXPECT_EQ(m.DbRetries(metrics::DbRetryCause::kDeadlock), deadlocks + 1);
  EXPECT_EQ(m.DbRetries(metrics::DbRetryCause::kWsrep), wsrep + 1);
  EXPECT_EQ(m.DbRetries(metrics::DbRetryCause::kConnection), connection + 1);
}

TEST(RetryPolicyTest, StopsAfterFourTries) {
  Script script{std::vector<TxFailure>(10, TxFailure::kLockWait)};
  Status status = script.Run();
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_EQ(script.tries, 4);
  EXPECT_EQ(script.sleeps.size(), 3u);
}

TEST(RetryPolicyTest, OneTryWhenAskedForOne) {
  Script script{{TxFailure::kDeadlock}};
  EXPECT_FALSE(script.Run(1).ok());
  EXPECT_EQ(script.tries, 1);
  EXPECT_TRUE(script.sleeps.empty());
}

TEST(RetryPolicyTest, NeverRetriesOtherErrors) {
  Script script{{TxFailure::kOther}};
  Status status = script.Run();
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_EQ(script.tries, 1);
}

TEST(RetryPolicyTest, NeverRetriesAfterCommitUnknown) {
  Script script{{TxFailure::kDeadlock, TxFailure::kCommitUnknown}};
  Status status = script.Run();
  EXPECT_TRUE(IsCommitUnknown(status));
  EXPECT_EQ(script.tries, 2);
  EXPECT_EQ(script.sleeps.size(), 1u);
}

TEST(RetryPolicyTest, WsrepHealth) {
  EXPECT_TRUE(WsrepHealth(std::nullopt, std::nullopt).ok());
  EXPECT_TRUE(WsrepHealth("OFF", std::nullopt).ok());
  EXPECT_TRUE(WsrepHealth("ON", "ON").ok());
  EXPECT_EQ(WsrepHealth("ON", "OFF").code(), StatusCode::kUnavailable);
  EXPECT_EQ(WsrepHealth("ON", std::nullopt).code(), StatusCode::kUnavailable);
}

TEST(RetryPolicyTest, DbRetriesAreExposed) {
  metrics::Exposition out;
  metrics::ProcessMetrics::Get().Write(&out);
  EXPECT_NE(out.text().find("# TYPE sesame_db_retries_total counter"),
            std::string::npos);
  EXPECT_NE(out.text().find("sesame_db_retries_total{cause=\"lock_wait\"}"),
            std::string::npos);
}

}  // namespace
}  // namespace sesame
