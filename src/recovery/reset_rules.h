// Rules of a reset link and its SMS activation code, without I/O: what state
// a request is in, how codes are made and compared. The counters they read
// are kept in the database (RecoveryStore), which increments before these
// rules compare.
#ifndef SESAME_RECOVERY_RESET_RULES_H_
#define SESAME_RECOVERY_RESET_RULES_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "storage/recovery_store.h"

namespace sesame {

// Unambiguous mixed-case alphabet for SMS codes: no 0/O/o, 1/I/l/i.
// 54 symbols, so 5 characters carry 28.8 bits (the floor is 20 bits).
inline constexpr std::string_view kCodeAlphabet =
    "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";

// What a link leads to, in the order the screens check it.
enum class LinkState {
  kLive,             // the form may be shown and submitted
  kUsed,             // already used for a reset
  kSuperseded,       // a newer request replaced it
  kExpired,          // past its lifetime
  kAccountDisabled,  // the account was disabled since
  kTooManyAttempts,  // the code budget is spent: the request is dead
};

LinkState ClassifyLink(const RecoveryRequest& request, int max_attempts);

// A fresh random code of `length` symbols of kCodeAlphabet.
std::string NewActivationCode(int length);

// The key of CodeMac, derived from the server secret.
std::string ActivationCodeKey(std::string_view secret_key);

// HMAC of a code, bound to its request's token hash, under `key` (derived
// from the server secret): what the database keeps.
std::string CodeMac(std::string_view key, std::string_view token_hash,
                    std::string_view code);

// True when `typed` is the code: exact, case-sensitive, constant time.
// Surrounding spaces are forgiven (people copy them from SMS).
bool CodeMatches(std::string_view key, std::string_view token_hash,
                 std::string_view typed, std::string_view stored_mac);

// Attempts left after `attempts` were counted.
int AttemptsLeft(int attempts, int max_attempts);

// `text` with each "{name}" of `values` replaced by its value, in one pass
// (a value is never itself searched for placeholders).
std::string FillPlaceholders(
    std::string_view text,
    std::initializer_list<std::pair<std::string_view, std::string_view>>
        values);

// Replaces {organisation} and {code} (and nothing else) in a configured text.
std::string FillText(std::string_view text, std::string_view organisation,
                     std::string_view code);

}  // namespace sesame

#endif  // SESAME_RECOVERY_RESET_RULES_H_
