// Rules of a mailed recovery link, without I/O: what state a request is in
// and how many attempts it has left. The counters they read are kept in the
// database (RecoveryStore), which increments before these rules compare.
// Every flow's link page uses them (see recovery/link_step.h).
#ifndef SESAME_RECOVERY_LINK_RULES_H_
#define SESAME_RECOVERY_LINK_RULES_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "storage/recovery_store.h"

namespace sesame {

// What a link leads to, in the order the screens check it.
enum class LinkState {
  kLive,             // the form may be shown and submitted
  kUsed,             // already used
  kSuperseded,       // a newer request replaced it
  kExpired,          // past its lifetime
  kAccountDisabled,  // the account was disabled since
  kTooManyAttempts,  // the attempt budget is spent: the request is dead
};

// A mailed link's token: signed with a key derived from the server secret,
// so that a forged, truncated or altered token is refused before any
// database lookup (the database keeps its SHA-256, as before). Made by the
// flows' intake (in `deliver`), checked by the link pages (in `serve`).
std::string NewLinkToken(std::string_view secret_key);
bool LinkTokenGenuine(std::string_view secret_key, std::string_view token);

LinkState ClassifyLink(const RecoveryRequest& request, int max_attempts);

// Attempts left after `attempts` were counted.
int AttemptsLeft(int attempts, int max_attempts);

// `text` with each "{name}" of `values` replaced by its value, in one pass
// (a value is never itself searched for placeholders).
std::string FillPlaceholders(
    std::string_view text,
    std::initializer_list<std::pair<std::string_view, std::string_view>>
        values);

}  // namespace sesame

#endif  // SESAME_RECOVERY_LINK_RULES_H_
