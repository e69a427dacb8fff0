// Rules for the fields of an account (login, e-mail, phone, display name),
// without I/O. Shared by `sesame account add/import` and the screens that
// compare what a user typed with what is on record.
#ifndef SESAME_RECOVERY_ACCOUNT_FIELDS_H_
#define SESAME_RECOVERY_ACCOUNT_FIELDS_H_

#include <optional>
#include <string>
#include <string_view>

#include "storage/types.h"

namespace sesame {

// Each returns nullopt when valid, else a short message.
std::optional<std::string> CheckLogin(const std::string& login);
std::optional<std::string> CheckEmail(const std::string& email);
std::optional<std::string> CheckDisplayName(const std::string& name);

// The documented e-mail normalisation: surrounding ASCII spaces removed and
// the domain lower-cased (ASCII only); the local part is kept as typed.
// Comparison after it is exact, byte for byte: no Unicode folding, no
// collation look-alikes.
std::string NormaliseEmail(const std::string& email);

// French mobile "06 12 34 56 78", "+33 6 12 34 56 78" or any E.164 number
// -> "+33612345678". nullopt when it is not a phone number.
std::optional<std::string> NormalisePhone(const std::string& phone);

// A generated one-time password (`account add`, a renewal by SMS): `length`
// characters (at least 12) from a readable alphabet of 52 symbols (no 0/O,
// 1/l/I, 5/S, 2/Z look-alikes).
std::string NewTemporaryPassword(size_t length = 14);
inline constexpr char kTemporaryPasswordAlphabet[] =
    "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRTUVWXY346789";

// All of the above for a new account; the message names the field.
std::optional<std::string> CheckNewAccount(NewAccount* account);

}  // namespace sesame

#endif  // SESAME_RECOVERY_ACCOUNT_FIELDS_H_
