// E-mail addresses: the normalisation of what people type
// (recovery/account_fields.h NormaliseEmail, CheckEmail) and the check
// before a mail goes out (notify/smtp_mail_sender.h ValidateMailAddress).
// Invariants: normalising twice changes nothing; a normalised address has
// no surrounding space and an ASCII lower-case domain; an address that
// CheckEmail accepts is one that ValidateMailAddress accepts (or accounts
// would hold addresses no mail can reach); an address either accepts never
// holds CR, LF or another control character, and has exactly one '@'.
#include <string>

#include "fuzz_check.h"
#include "notify/smtp_mail_sender.h"
#include "recovery/account_fields.h"

namespace {

bool HasControl(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

size_t Count(std::string_view s, char c) {
  size_t n = 0;
  for (char x : s) n += x == c;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string typed(sesame::fuzz::AsText(data, size));
  const std::string n = sesame::NormaliseEmail(typed);
  FUZZ_CHECK(sesame::NormaliseEmail(n) == n, typed);
  FUZZ_CHECK(n.empty() || (n.front() != ' ' && n.back() != ' '), n);
  FUZZ_CHECK(typed.find(n) != std::string::npos || n.find('@') != n.npos, n);
  const size_t at = n.rfind('@');
  if (at != std::string::npos) {
    for (size_t i = at + 1; i < n.size(); ++i) {
      FUZZ_CHECK(!(n[i] >= 'A' && n[i] <= 'Z'), n);
    }
  }

  if (!sesame::CheckEmail(n)) {
    FUZZ_CHECK(!HasControl(n) && Count(n, '@') == 1, n);
    FUZZ_CHECK(n.find(' ') == std::string::npos, n);
    FUZZ_CHECK(sesame::ValidateMailAddress(n).ok(), n);
  }
  if (!sesame::CheckEmail(typed)) {
    FUZZ_CHECK(sesame::NormaliseEmail(typed).size() == typed.size(), typed);
  }
  if (sesame::ValidateMailAddress(typed).ok()) {
    FUZZ_CHECK(!HasControl(typed) && Count(typed, '@') == 1, typed);
    FUZZ_CHECK(typed.front() != '@' && typed.back() != '@', typed);
  }
  return 0;
}
