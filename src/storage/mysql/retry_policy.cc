#include "storage/mysql/retry_policy.h"

#include <strings.h>

#include <algorithm>

namespace sesame {

TxFailure ClassifyTxError(int code, bool connection_lost, bool commit_sent) {
  if (connection_lost) {
    return commit_sent ? TxFailure::kCommitUnknown
                       : TxFailure::kConnectionBeforeCommit;
  }
  switch (code) {
    case kErrDeadlock:
      return TxFailure::kDeadlock;
    case kErrLockWaitTimeout:
      return TxFailure::kLockWait;
    case kErrWsrepNotReady:
    case kErrErrorDuringCommit:
      return TxFailure::kWsrep;
    default:
      return TxFailure::kOther;
  }
}

std::optional<metrics::DbRetryCause> RetryCauseOf(TxFailure failure) {
  switch (failure) {
    case TxFailure::kDeadlock:
      return metrics::DbRetryCause::kDeadlock;
    case TxFailure::kLockWait:
      return metrics::DbRetryCause::kLockWait;
    case TxFailure::kWsrep:
      return metrics::DbRetryCause::kWsrep;
    case TxFailure::kConnectionBeforeCommit:
      return metrics::DbRetryCause::kConnection;
    default:
      return std::nullopt;
  }
}

std::chrono::milliseconds RetryBackoff(int next_try, double uniform01) {
  const int doublings = std::clamp(next_try - 2, 0, 2);
  const double cap_ms = 25.0 * (1 << doublings);
  const double draw = std::clamp(uniform01, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<int64_t>(draw * cap_ms));
}

Status RunWithRetries(
    const std::function<TryOutcome()>& attempt,
    const std::function<void(std::chrono::milliseconds)>& sleep,
    const std::function<double()>& uniform01, int max_tries) {
  for (int tries = 1;; ++tries) {
    TryOutcome outcome = attempt();
    if (outcome.failure == TxFailure::kCommitUnknown) {
      return CommitUnknownStatus();
    }
    const std::optional<metrics::DbRetryCause> cause =
        RetryCauseOf(outcome.failure);
    if (!cause || tries >= max_tries) return outcome.status;
    metrics::ProcessMetrics::Get().DbRetried(*cause);
    sleep(RetryBackoff(tries + 1, uniform01()));
  }
}

Status WsrepHealth(const std::optional<std::string>& wsrep_on,
                   const std::optional<std::string>& wsrep_ready) {
  if (!wsrep_on || strcasecmp(wsrep_on->c_str(), "ON") != 0) {
    return Status::Ok();  // not a Galera node
  }
  if (wsrep_ready && strcasecmp(wsrep_ready->c_str(), "ON") == 0) {
    return Status::Ok();
  }
  return Status::Unavailable("Galera node not ready (wsrep_ready is not ON)");
}

}  // namespace sesame
