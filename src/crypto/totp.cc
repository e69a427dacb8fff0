#include "crypto/totp.h"

#include <cryptopp/hmac.h>
#include <cryptopp/sha.h>

#include "crypto/crypto.h"

namespace sesame::crypto {
namespace {

constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// The value of a base32 symbol, either case; -1 for anything else.
int Base32Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

// RFC 4226 section 5.3: HMAC-SHA1 of the 8-byte big-endian counter,
// dynamic truncation to 31 bits, the last kTotpDigits decimal digits.
// Empty if Crypto++ fails (it does not for any key length).
std::string HotpCode(std::string_view secret, uint64_t counter) {
  CryptoPP::byte message[8];
  for (int i = 7; i >= 0; --i) {
    message[i] = static_cast<CryptoPP::byte>(counter & 0xff);
    counter >>= 8;
  }
  CryptoPP::byte mac[CryptoPP::SHA1::DIGESTSIZE];
  try {
    CryptoPP::HMAC<CryptoPP::SHA1> hmac(
        reinterpret_cast<const CryptoPP::byte*>(secret.data()), secret.size());
    hmac.CalculateDigest(mac, message, sizeof message);
  } catch (const CryptoPP::Exception&) {
    return "";
  }
  const int offset = mac[sizeof mac - 1] & 0x0f;
  const uint32_t binary = (static_cast<uint32_t>(mac[offset] & 0x7f) << 24) |
                          (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                          (static_cast<uint32_t>(mac[offset + 2]) << 8) |
                          static_cast<uint32_t>(mac[offset + 3]);
  uint32_t code = binary % 1000000;  // 10^kTotpDigits
  std::string out(kTotpDigits, '0');
  for (int i = kTotpDigits - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + code % 10);
    code /= 10;
  }
  return out;
}

bool IsUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

// RFC 3986 percent-encoding of everything but the unreserved characters.
std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    if (IsUnreserved(c)) {
      out.push_back(c);
    } else {
      const unsigned char b = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 0x0f]);
    }
  }
  return out;
}

}  // namespace

static_assert(kTotpDigits == 6, "HotpCode's modulus is 10^6");

std::string NewTotpSecret() { return RandomBytes(20); }

std::string Base32Encode(std::string_view raw) {
  std::string out;
  out.reserve((raw.size() * 8 + 4) / 5);
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : raw) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kBase32Alphabet[(buffer >> bits) & 0x1f]);
    }
  }
  if (bits > 0) out.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 0x1f]);
  return out;
}

std::optional<std::string> Base32Decode(std::string_view text) {
  // Trailing padding and spaces go first; a '=' anywhere else is refused.
  while (!text.empty() && (text.back() == '=' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  size_t symbols = 0;
  for (char c : text) {
    if (c == ' ') continue;
    const int value = Base32Value(c);
    if (value < 0) return std::nullopt;
    ++symbols;
    buffer = (buffer << 5) | static_cast<uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  // 1, 3 or 6 symbols after the last full group of 8 come from no input.
  const size_t tail = symbols % 8;
  if (tail == 1 || tail == 3 || tail == 6) return std::nullopt;
  return out;
}

int64_t TotpStep(int64_t unix_seconds) {
  int64_t step = unix_seconds / kTotpStepSeconds;
  if (unix_seconds % kTotpStepSeconds < 0) --step;  // floor, not truncation
  return step;
}

std::string TotpCode(std::string_view secret, int64_t step) {
  return HotpCode(secret, static_cast<uint64_t>(step));
}

std::optional<int64_t> MatchTotp(std::string_view secret,
                                 std::string_view typed, int64_t unix_seconds,
                                 std::optional<int64_t> last_used_step) {
  while (!typed.empty() && typed.front() == ' ') typed.remove_prefix(1);
  while (!typed.empty() && typed.back() == ' ') typed.remove_suffix(1);
  if (typed.size() != static_cast<size_t>(kTotpDigits)) return std::nullopt;
  for (char c : typed) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  // The three steps are always computed and compared: the time taken says
  // nothing of which one matched, nor of the last step used.
  const int64_t now = TotpStep(unix_seconds);
  std::optional<int64_t> found;
  for (int64_t step = now - 1; step <= now + 1; ++step) {
    const bool equal = ConstantTimeEquals(TotpCode(secret, step), typed);
    const bool fresh = !last_used_step.has_value() || step > *last_used_step;
    if (equal && fresh && !found.has_value()) found = step;
  }
  return found;
}

std::string OtpauthUri(std::string_view issuer, std::string_view account,
                       std::string_view secret) {
  const std::string encoded_issuer = PercentEncode(issuer);
  return "otpauth://totp/" + encoded_issuer + ":" + PercentEncode(account) +
         "?secret=" + Base32Encode(secret) + "&issuer=" + encoded_issuer +
         "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
         "&period=" + std::to_string(kTotpStepSeconds);
}

}  // namespace sesame::crypto
