// Phone numbers as typed or imported (recovery/account_fields.h
// NormalisePhone). Invariants: a normalised number is E.164 ("+", a digit
// 1-9, 7 to 14 more digits), normalising it again gives it back, and its
// digits are the typed digits (less a leading 00, or with 33 for a leading
// French 0).
#include <optional>
#include <string>

#include "fuzz_check.h"
#include "recovery/account_fields.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string typed(sesame::fuzz::AsText(data, size));
  const std::optional<std::string> p = sesame::NormalisePhone(typed);
  if (!p) return 0;
  FUZZ_CHECK(p->size() >= 9 && p->size() <= 16 && (*p)[0] == '+', *p);
  FUZZ_CHECK((*p)[1] >= '1' && (*p)[1] <= '9', *p);
  for (size_t i = 1; i < p->size(); ++i) {
    FUZZ_CHECK((*p)[i] >= '0' && (*p)[i] <= '9', *p);
  }
  FUZZ_CHECK(sesame::NormalisePhone(*p) == p, *p);
  std::string digits;
  for (char c : typed) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  const std::string kept = p->substr(1);
  FUZZ_CHECK(kept == digits || "00" + kept == digits ||
                 (digits.size() == 10 && digits[0] == '0' &&
                  kept == "33" + digits.substr(1)),
             typed + " -> " + *p);
  return 0;
}
