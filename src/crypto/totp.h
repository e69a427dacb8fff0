// TOTP (RFC 6238 over RFC 4226 HOTP): the second factor of the officers'
// desk. HMAC-SHA1, 6 digits, 30-second steps counted from the Unix epoch,
// the step before and after accepted for clock drift. A code is usable
// once: the caller keeps the last step used and accepts only a later one.
#ifndef SESAME_CRYPTO_TOTP_H_
#define SESAME_CRYPTO_TOTP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sesame::crypto {

inline constexpr int kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;

// 20 random bytes (160 bits, RFC 4226's recommendation) from the OS CSPRNG.
std::string NewTotpSecret();

// RFC 4648 base32, upper case, without padding ("JBSWY3DPEHPK3PXP").
std::string Base32Encode(std::string_view raw);
// Accepts upper or lower case, ignores spaces and trailing '=' padding;
// nullopt on any other character.
std::optional<std::string> Base32Decode(std::string_view text);

// The step of Unix time `unix_seconds` (floor(t / 30)).
int64_t TotpStep(int64_t unix_seconds);
// The 6-digit code (zero-padded) of `step` under the raw `secret`.
std::string TotpCode(std::string_view secret, int64_t step);

// The step among TotpStep(unix_seconds) - 1, + 0, + 1 whose code is `typed`
// (6 ASCII digits, surrounding spaces trimmed; compared in constant time),
// and later than `last_used_step`; nullopt when none is. The caller records
// the step returned (AccountStore's conditional update) so that the code
// cannot be used again.
std::optional<int64_t> MatchTotp(std::string_view secret,
                                 std::string_view typed, int64_t unix_seconds,
                                 std::optional<int64_t> last_used_step);

// otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1
// &digits=6&period=30, issuer and account percent-encoded, the raw `secret`
// written in base32: what an authenticator app reads from the QR code.
std::string OtpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view secret);

}  // namespace sesame::crypto

#endif  // SESAME_CRYPTO_TOTP_H_
