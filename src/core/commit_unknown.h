// A write whose COMMIT was sent but whose answer never came (the database
// connection was lost during COMMIT): it may or may not have been applied,
// so it is not run again (storage/mysql/retry_policy.h). It travels as
// Unavailable with this message; Context::FromStatus shows it as its own
// 503 « Demande peut-être enregistrée », which tells the visitor to check
// before trying again, instead of « Service indisponible ».
#ifndef SESAME_CORE_COMMIT_UNKNOWN_H_
#define SESAME_CORE_COMMIT_UNKNOWN_H_

#include "core/status.h"

namespace sesame {

inline constexpr char kCommitUnknownMessage[] =
    "database commit outcome unknown";

inline Status CommitUnknownStatus() {
  return Status::Unavailable(kCommitUnknownMessage);
}

inline bool IsCommitUnknown(const Status& status) {
  return status.code() == StatusCode::kUnavailable &&
         status.message() == kCommitUnknownMessage;
}

}  // namespace sesame

#endif  // SESAME_CORE_COMMIT_UNKNOWN_H_
