// LinkStep: what every link page's POST does once its own fields are
// checked, as a state machine without I/O. The screen does each step's I/O
// and hands the result in; the step says what comes next:
//
//   Counted(RecoveryStore::CountAttempt)   the attempt is counted first
//     -> kCompare | kTooManyAttempts | kUsed | kFailed
//   Compared(constant-time comparison)     only after kCompare
//     -> kProceed | kWrong (attempts_left() > 0) | kTooManyAttempts
//   Completed(RecoveryStore::Complete)     only after kProceed
//     -> kDone | kUsed (another submission spent it first) | kFailed
//
// A call out of that order answers kFailed: nothing is compared before its
// attempt is counted, and nothing completes without a right secret.
#ifndef SESAME_RECOVERY_LINK_STEP_H_
#define SESAME_RECOVERY_LINK_STEP_H_

#include "core/status.h"

namespace sesame {

enum class LinkVerdict {
  kCompare,          // counted within the budget: compare what was typed
  kProceed,          // right: the flow's own checks, then complete
  kWrong,            // wrong, attempts left: the form again, saying so
  kDone,             // completed: the link is spent
  kUsed,             // « déjà utilisé »: spent before, or a race lost
  kTooManyAttempts,  // the budget is spent: the request is dead
  kFailed,           // the store failed (error()) or a step out of order
};

class LinkStep {
 public:
  // `max_attempts`: the request's attempt budget (at least 1).
  explicit LinkStep(int max_attempts) : max_attempts_(max_attempts) {}

  // The count RecoveryStore::CountAttempt returned (this attempt included),
  // or its error (FailedPrecondition: the request was spent meanwhile).
  LinkVerdict Counted(const StatusOr<int>& attempts);
  // Whether what was typed matched.
  LinkVerdict Compared(bool matches);
  // What RecoveryStore::Complete returned.
  LinkVerdict Completed(const Status& completed);

  // Attempts counted so far (0 before Counted).
  int attempts() const { return attempts_; }
  // Attempts left after this one.
  int attempts_left() const;
  // The store's error behind kFailed (Internal for a step out of order).
  const Status& error() const { return error_; }

 private:
  enum class Stage { kStart, kCounted, kMatched, kOver };
  LinkVerdict Fail(Status error);

  int max_attempts_;
  int attempts_ = 0;
  Stage stage_ = Stage::kStart;
  Status error_;
};

}  // namespace sesame

#endif  // SESAME_RECOVERY_LINK_STEP_H_
