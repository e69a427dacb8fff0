// Crypto primitives, the only code that includes Crypto++.
//
// Randomness comes from the OS (getrandom via Crypto++'s OS_GenerateBlock),
// never from a generator seeded before a fork. Every function is thread-safe.
#ifndef SESAME_CRYPTO_CRYPTO_H_
#define SESAME_CRYPTO_CRYPTO_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace sesame::crypto {

// n bytes from the OS CSPRNG.
std::string RandomBytes(size_t n);
// 32 random bytes, base64url without padding (43 characters).
std::string NewToken();
// True when `value` has NewToken()'s shape (43 base64url characters): the
// one check of a token, session, CSRF cookie or captcha id read from a
// request before it is looked up. Says nothing of whether it is known.
bool LooksLikeToken(std::string_view value);
// A token that proves it was made with `key`: 24 random bytes then the
// first 8 bytes of HMAC-SHA256(key, those 24), base64url (43 characters,
// NewToken()'s shape). Whoever lacks the key forges one that passes
// SignedTokenValid with probability 2^-64.
std::string NewSignedToken(std::string_view key);
// True when `value` is a token NewSignedToken made with `key` (the MAC
// compared in constant time). No lookup needed to refuse a forged one.
bool SignedTokenValid(std::string_view key, std::string_view value);
// A uniformly random string of `length` symbols taken from `alphabet`
// (rejection sampling, no modulo bias).
std::string RandomString(size_t length, std::string_view alphabet);

std::string Sha256(std::string_view data);  // 32 raw bytes
std::string HmacSha256(std::string_view key, std::string_view data);  // raw
std::string Sha1Hex(std::string_view data);  // 40 uppercase hex digits

std::string Base64UrlEncode(std::string_view raw);  // no padding
// Returns false on any character outside the base64url alphabet.
bool Base64UrlDecode(std::string_view text, std::string* raw);
std::string HexEncode(std::string_view raw);  // lowercase

// Compares in time that depends only on the lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// HMAC-SHA256 under `key` of a short secret bound to what it belongs to
// (`context`, e.g. a token or captcha id digest): HMAC(context '|' value).
// What the database keeps of SMS codes and captcha answers, so that the
// value of one request never matches another's.
std::string BoundMac(std::string_view key, std::string_view context,
                     std::string_view value);
// True when BoundMac(key, context, value) is `stored_mac`, compared in
// constant time; false when `stored_mac` is empty.
bool BoundMacMatches(std::string_view key, std::string_view context,
                     std::string_view value, std::string_view stored_mac);

// Derives a purpose-specific 32-byte key from the server secret (HKDF).
// Each thread keeps the keys it derived (a page needs several, and the
// secret does not change between requests), so the HKDF runs once per
// thread, secret and purpose.
std::string DeriveKey(std::string_view secret, std::string_view purpose);

// AES-256-GCM with a random nonce; `key` is 32 bytes. Seal returns
// nonce || ciphertext || tag. Open fails (InvalidArgument) on any tampering.
std::string Seal(std::string_view key, std::string_view plaintext);
StatusOr<std::string> Open(std::string_view key, std::string_view sealed);

}  // namespace sesame::crypto

#endif  // SESAME_CRYPTO_CRYPTO_H_
