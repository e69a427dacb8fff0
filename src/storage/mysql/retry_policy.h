// When a transaction is run again, and when it must not be: the rules
// MysqlDatabase::Transact() follows, without I/O so that tests drive them
// with fakes (a scripted attempt, a recorded sleep, a fixed random draw).
//
// A try that fails is classified (TxFailure). Five causes run the whole
// transaction function again, from START TRANSACTION, after a full-jitter
// pause (uniform in [0, 25 ms], then [0, 50 ms], then [0, 100 ms]), at most
// kMaxTries tries in all:
//   1213 deadlock — also how Galera reports a certification failure;
//   1205 lock wait timeout (InnoDB rolled back the statement only; the
//        runner rolls back the rest before the next try);
//   1047 WSREP not ready (a Galera node out of the primary component);
//   1180 error during COMMIT: the server rolled the transaction back (how a
//        Galera node that leaves the primary component while replicating
//        the write set answers the COMMIT);
//   a connection lost before COMMIT was sent (the server rolls back what
//        it had; the next try opens a new connection, through HAProxy to
//        whichever node is the writer now).
// A connection lost after COMMIT was sent is never retried: the write may
// have committed or not. Transact() then returns CommitUnknownStatus(),
// which pages show as their own 503 (core/commit_unknown.h), and logs
// db_commit_unknown.
#ifndef SESAME_STORAGE_MYSQL_RETRY_POLICY_H_
#define SESAME_STORAGE_MYSQL_RETRY_POLICY_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "core/commit_unknown.h"
#include "core/metrics.h"
#include "core/status.h"

namespace sesame {

enum class TxFailure {
  kNone,                    // committed, or the function's own Status
  kDeadlock,                // 1213
  kLockWait,                // 1205
  kWsrep,                   // 1047, or 1180 on COMMIT
  kConnectionBeforeCommit,  // lost (or never made) before COMMIT was sent
  kCommitUnknown,           // lost after COMMIT was sent
  kOther,                   // any other SQL error: not retried
};

inline constexpr int kErrWsrepNotReady = 1047;      // ER_UNKNOWN_COM_ERROR
inline constexpr int kErrErrorDuringCommit = 1180;  // ER_ERROR_DURING_COMMIT
inline constexpr int kErrLockWaitTimeout = 1205;
inline constexpr int kErrDeadlock = 1213;

// The failure of a try that threw SQL error `code`. `connection_lost`: the
// error means the connection is gone (IsConnectionLostError, or the driver's
// dead-instance exception); `commit_sent`: COMMIT had been sent.
TxFailure ClassifyTxError(int code, bool connection_lost, bool commit_sent);

// The metric label of a failure that is retried; nullopt for the others.
std::optional<metrics::DbRetryCause> RetryCauseOf(TxFailure failure);

inline constexpr int kMaxTries = 4;

// The pause before try number `next_try` (2, 3, 4, ...): `uniform01` (in
// [0, 1)) times 25 ms, 50 ms, 100 ms (and 100 ms after).
std::chrono::milliseconds RetryBackoff(int next_try, double uniform01);

// One try's result: its Status and, when it failed, why.
struct TryOutcome {
  Status status;
  TxFailure failure = TxFailure::kNone;
};

// Runs `attempt` until it succeeds, fails in a way that is not retried, or
// has run `max_tries` times; counts each retry in the process metrics and
// calls `sleep` with its pause. A kCommitUnknown try ends it with
// CommitUnknownStatus().
Status RunWithRetries(
    const std::function<TryOutcome()>& attempt,
    const std::function<void(std::chrono::milliseconds)>& sleep,
    const std::function<double()>& uniform01, int max_tries = kMaxTries);

// /healthz on a Galera node: `wsrep_on` is the variable wsrep_on (nullopt
// on a server without it), `wsrep_ready` the status wsrep_ready (nullopt
// when absent). OK for a plain server and for a Galera node whose
// wsrep_ready is ON; Unavailable otherwise.
Status WsrepHealth(const std::optional<std::string>& wsrep_on,
                   const std::optional<std::string>& wsrep_ready);

}  // namespace sesame

#endif  // SESAME_STORAGE_MYSQL_RETRY_POLICY_H_
