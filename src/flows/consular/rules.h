// Rules of the consular flow (French consular elections), no I/O.
//
// The NUMIC (numéro d'identification consulaire) is 8 digits; voters may
// type fewer (the leading zeros dropped), which are padded back. It is a
// knowledge factor: stored only as a keyed Argon2id digest (see
// PasswordHasher::KeyedDigest with NumicSalt). A renewed password is a
// random one-time secret sent by SMS; the identifier and the password are
// never both renewed within one window.
#ifndef SESAME_FLOWS_CONSULAR_RULES_H_
#define SESAME_FLOWS_CONSULAR_RULES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "recovery/mark_rules.h"

namespace sesame {

inline constexpr size_t kNumicDigits = 8;

// What the flow keeps on an account (storage/types.h): the NUMIC's digest
// is the account identifier of this kind, and this mark records when the
// identifier was last mailed (a password renewal, by any flow, writes
// kPasswordRenewalMark of recovery/mark_rules.h).
inline constexpr char kNumicIdentifierKind[] = "numic";
inline constexpr char kIdentifierSentMark[] = "consular.identifier_sent";

// `typed` as the 8-digit NUMIC: surrounding ASCII spaces trimmed, 1 to 8
// ASCII digits left-padded with zeros. nullopt for anything else (letters,
// inner spaces, 9 digits or more, empty, digits of other scripts).
std::optional<std::string> NormaliseNumic(std::string_view typed);

// The secret salt of NUMIC digests, derived from the server key.
std::string NumicSalt(std::string_view secret_key);

// « Pas les deux » : no password renewal (by any flow) within
// `window_hours` of the identifier mailed, and no identifier mailed within
// `window_hours` of a password renewal. None when `window_hours` is 0.
std::vector<MarkRule> NotBothRules(int window_hours);

}  // namespace sesame

#endif  // SESAME_FLOWS_CONSULAR_RULES_H_
