#include "recovery/link_step.h"

#include <utility>

#include "recovery/link_rules.h"

namespace sesame {

LinkVerdict LinkStep::Fail(Status error) {
  stage_ = Stage::kOver;
  error_ = std::move(error);
  return LinkVerdict::kFailed;
}

LinkVerdict LinkStep::Counted(const StatusOr<int>& attempts) {
  if (stage_ != Stage::kStart) {
    return Fail(Status::Internal("link step: counted twice"));
  }
  if (!attempts.ok()) {
    if (attempts.status().code() == StatusCode::kFailedPrecondition) {
      stage_ = Stage::kOver;
      return LinkVerdict::kUsed;
    }
    return Fail(attempts.status());
  }
  attempts_ = *attempts;
  if (attempts_ > max_attempts_) {
    stage_ = Stage::kOver;
    return LinkVerdict::kTooManyAttempts;
  }
  stage_ = Stage::kCounted;
  return LinkVerdict::kCompare;
}

LinkVerdict LinkStep::Compared(bool matches) {
  if (stage_ != Stage::kCounted) {
    return Fail(Status::Internal("link step: compared before counting"));
  }
  if (matches) {
    stage_ = Stage::kMatched;
    return LinkVerdict::kProceed;
  }
  stage_ = Stage::kOver;
  return attempts_left() == 0 ? LinkVerdict::kTooManyAttempts
                              : LinkVerdict::kWrong;
}

LinkVerdict LinkStep::Completed(const Status& completed) {
  if (stage_ != Stage::kMatched) {
    return Fail(Status::Internal("link step: completed without a match"));
  }
  stage_ = Stage::kOver;
  if (completed.ok()) return LinkVerdict::kDone;
  if (completed.code() == StatusCode::kFailedPrecondition) {
    return LinkVerdict::kUsed;
  }
  error_ = completed;
  return LinkVerdict::kFailed;
}

int LinkStep::attempts_left() const {
  return AttemptsLeft(attempts_, max_attempts_);
}

}  // namespace sesame
