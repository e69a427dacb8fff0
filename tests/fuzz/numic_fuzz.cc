// The NUMIC as typed (flows/consular/rules.h NormaliseNumic). Invariants: a
// normalised NUMIC is 8 ASCII digits and normalises to itself; it is the
// typed digits (surrounding ASCII spaces removed) left-padded with zeros;
// and every typed 1 to 8 ASCII digits between spaces is accepted.
#include <optional>
#include <string>

#include "flows/consular/rules.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view typed = sesame::fuzz::AsText(data, size);
  const std::optional<std::string> n = sesame::NormaliseNumic(typed);

  std::string_view core = typed;
  while (!core.empty() && core.front() == ' ') core.remove_prefix(1);
  while (!core.empty() && core.back() == ' ') core.remove_suffix(1);
  bool digits = !core.empty() && core.size() <= sesame::kNumicDigits;
  for (char c : core) digits = digits && c >= '0' && c <= '9';

  FUZZ_CHECK(n.has_value() == digits, typed);
  if (!n) return 0;
  FUZZ_CHECK(n->size() == sesame::kNumicDigits, *n);
  for (char c : *n) FUZZ_CHECK(c >= '0' && c <= '9', *n);
  FUZZ_CHECK(sesame::NormaliseNumic(*n) == n, *n);
  FUZZ_CHECK(n->substr(sesame::kNumicDigits - core.size()) == core, *n);
  FUZZ_CHECK(n->find_first_not_of('0') >= sesame::kNumicDigits - core.size(),
             *n);
  return 0;
}
