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

namespace sesame {

inline constexpr size_t kNumicDigits = 8;

// What the flow keeps on an account (storage/types.h): the NUMIC's digest
// is the account identifier of this kind, and these marks record when the
// identifier was last mailed and a password renewal link last sent.
inline constexpr char kNumicIdentifierKind[] = "numic";
inline constexpr char kIdentifierSentMark[] = "consular.identifier_sent";
inline constexpr char kPasswordRenewalMark[] = "consular.password_renewal";

// `typed` as the 8-digit NUMIC: surrounding ASCII spaces trimmed, 1 to 8
// ASCII digits left-padded with zeros. nullopt for anything else (letters,
// inner spaces, 9 digits or more, empty, digits of other scripts).
std::optional<std::string> NormaliseNumic(std::string_view typed);

// The secret salt of NUMIC digests, derived from the server key.
std::string NumicSalt(std::string_view secret_key);

// Whether renewing one credential is allowed when the other was renewed
// `seconds_since_other` ago (nullopt: never), with a window of
// `window_hours` (0: no window).
bool RenewalAllowed(std::optional<long long> seconds_since_other,
                    int window_hours);

}  // namespace sesame

#endif  // SESAME_FLOWS_CONSULAR_RULES_H_
