#include "recovery/mark_rules.h"

#include <algorithm>

namespace sesame {

std::vector<MarkGuard> GuardsFor(const std::vector<MarkRule>& rules,
                                 int64_t account_id, std::string_view mark) {
  std::vector<MarkGuard> guards;
  for (const MarkRule& rule : rules) {
    if (rule.mark != mark || rule.within_seconds <= 0) continue;
    guards.push_back({account_id, rule.blocked_by, rule.within_seconds});
  }
  return guards;
}

int GuardHours(const std::vector<MarkGuard>& guards) {
  int seconds = 0;
  for (const MarkGuard& guard : guards) {
    seconds = std::max(seconds, guard.within_seconds);
  }
  return (seconds + 3599) / 3600;
}

}  // namespace sesame
