// The Crédit Municipal flow's SMS activation code, without I/O: how codes
// are made, kept (an HMAC bound to the link) and compared, and the SMS that
// carries one.
#ifndef SESAME_FLOWS_CREDIT_MUNICIPAL_ACTIVATION_CODE_H_
#define SESAME_FLOWS_CREDIT_MUNICIPAL_ACTIVATION_CODE_H_

#include <string>
#include <string_view>

#include "core/config.h"
#include "core/i18n.h"
#include "storage/types.h"

namespace sesame {

// Unambiguous mixed-case alphabet for SMS codes: no 0/O/o, 1/I/l/i.
// 54 symbols, so 5 characters carry 28.8 bits (the floor is 20 bits).
inline constexpr std::string_view kCodeAlphabet =
    "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";

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

// Replaces {organisation} and {code} (and nothing else) in a configured text.
std::string FillText(std::string_view text, std::string_view organisation,
                     std::string_view code);

// « <ORGANISATION> : pour valider ... le code XXXXX. » to `phone`, living
// [recovery] code_ttl_minutes, in `lang` (the configured text's
// translation, I18n::Wording).
OutboxMessage ActivationCodeSms(const Config& config, const I18n& i18n,
                                const std::string& lang,
                                const std::string& phone,
                                const std::string& code);

}  // namespace sesame

#endif  // SESAME_FLOWS_CREDIT_MUNICIPAL_ACTIVATION_CODE_H_
