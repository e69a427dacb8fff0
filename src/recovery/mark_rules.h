// Rules between account marks, without I/O: "`mark` may not be written
// while `blocked_by` is younger than `within_seconds`". A flow declares the
// rules it needs (the consular flow's « pas les deux » : no password
// renewal within hours of an identifier sent, and the reverse); every flow
// that writes a mark asks for the guards of that mark, whoever declared
// them, and hands them to IntakeStore::Finish, which decides on the
// account locked (one conditional write, never read-then-write).
#ifndef SESAME_RECOVERY_MARK_RULES_H_
#define SESAME_RECOVERY_MARK_RULES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/intake_store.h"

namespace sesame {

// Written by every flow when it starts a password renewal (a link or a code
// sent), whichever flow it is.
inline constexpr char kPasswordRenewalMark[] = "password.renewal";

struct MarkRule {
  std::string mark;
  std::string blocked_by;
  int within_seconds = 0;
};

// The guards that writing `mark` on `account_id` must pass under `rules`.
std::vector<MarkGuard> GuardsFor(const std::vector<MarkRule>& rules,
                                 int64_t account_id, std::string_view mark);

// The longest window among `guards`, in whole hours rounded up (0 when
// there is none): what a refusal message says to wait.
int GuardHours(const std::vector<MarkGuard>& guards);

}  // namespace sesame

#endif  // SESAME_RECOVERY_MARK_RULES_H_
