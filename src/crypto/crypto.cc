#include "crypto/crypto.h"

#include <cryptopp/aes.h>
#include <cryptopp/base64.h>
#include <cryptopp/filters.h>
#include <cryptopp/gcm.h>
#include <cryptopp/hex.h>
#include <cryptopp/hkdf.h>
#include <cryptopp/hmac.h>
#include <cryptopp/misc.h>
#include <cryptopp/osrng.h>
#include <cryptopp/sha.h>
#include <sys/random.h>

#include <cerrno>
#include <map>
#include <stdexcept>
#include <string>

namespace sesame::crypto {
namespace {

const CryptoPP::byte* Bytes(std::string_view s) {
  return reinterpret_cast<const CryptoPP::byte*>(s.data());
}

}  // namespace

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  // The kernel's CSPRNG on every call (getrandom(2): one system call, no
  // file descriptor): nothing is seeded in-process, so forked workers never
  // share a stream. Before the pool is initialised getrandom blocks, which
  // is what we want. Crypto++'s reader of /dev/urandom is the fallback.
  size_t done = 0;
  while (done < n) {
    ssize_t got = getrandom(out.data() + done, n - done, 0);
    if (got > 0) {
      done += static_cast<size_t>(got);
    } else if (got < 0 && errno != EINTR) {
      CryptoPP::OS_GenerateRandomBlock(
          false, reinterpret_cast<CryptoPP::byte*>(out.data() + done),
          n - done);
      done = n;
    }
  }
  return out;
}

std::string NewToken() { return Base64UrlEncode(RandomBytes(32)); }

bool LooksLikeToken(std::string_view value) {
  std::string raw;
  return value.size() == 43 && Base64UrlDecode(value, &raw);
}

namespace {
constexpr size_t kSignedTokenRandom = 24;
constexpr size_t kSignedTokenMac = 8;
}  // namespace

std::string NewSignedToken(std::string_view key) {
  std::string raw = RandomBytes(kSignedTokenRandom);
  raw += HmacSha256(key, raw).substr(0, kSignedTokenMac);
  return Base64UrlEncode(raw);
}

bool SignedTokenValid(std::string_view key, std::string_view value) {
  std::string raw;
  if (value.size() != 43 || !Base64UrlDecode(value, &raw) ||
      raw.size() != kSignedTokenRandom + kSignedTokenMac) {
    return false;
  }
  const std::string_view random(raw.data(), kSignedTokenRandom);
  const std::string_view mac(raw.data() + kSignedTokenRandom, kSignedTokenMac);
  return ConstantTimeEquals(HmacSha256(key, random).substr(0, kSignedTokenMac),
                            mac);
}

std::string RandomString(size_t length, std::string_view alphabet) {
  if (alphabet.empty() || alphabet.size() > 256) {
    throw std::invalid_argument("RandomString: bad alphabet");
  }
  const unsigned n = static_cast<unsigned>(alphabet.size());
  const unsigned limit = 256 - (256 % n);  // reject bytes >= limit
  std::string out;
  out.reserve(length);
  while (out.size() < length) {
    std::string buf = RandomBytes(length * 2);
    for (unsigned char c : buf) {
      if (c < limit) out.push_back(alphabet[c % n]);
      if (out.size() == length) break;
    }
  }
  return out;
}

std::string Sha256(std::string_view data) {
  std::string out(CryptoPP::SHA256::DIGESTSIZE, '\0');
  CryptoPP::SHA256().CalculateDigest(
      reinterpret_cast<CryptoPP::byte*>(out.data()), Bytes(data), data.size());
  return out;
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  CryptoPP::HMAC<CryptoPP::SHA256> mac(Bytes(key), key.size());
  std::string out(mac.DigestSize(), '\0');
  mac.CalculateDigest(reinterpret_cast<CryptoPP::byte*>(out.data()),
                      Bytes(data), data.size());
  return out;
}

std::string Sha1Hex(std::string_view data) {
  CryptoPP::SHA1 sha1;
  std::string digest(sha1.DigestSize(), '\0');
  sha1.CalculateDigest(reinterpret_cast<CryptoPP::byte*>(digest.data()),
                       Bytes(data), data.size());
  std::string hex = HexEncode(digest);
  for (char& c : hex) c = static_cast<char>(toupper(c));
  return hex;
}

std::string Base64UrlEncode(std::string_view raw) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((raw.size() * 4 + 2) / 3);
  size_t i = 0;
  auto b = [&](size_t k) { return static_cast<unsigned char>(raw[k]); };
  for (; i + 3 <= raw.size(); i += 3) {
    unsigned v = (b(i) << 16) | (b(i + 1) << 8) | b(i + 2);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (raw.size() - i == 1) {
    unsigned v = b(i) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (raw.size() - i == 2) {
    unsigned v = (b(i) << 16) | (b(i + 1) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

bool Base64UrlDecode(std::string_view text, std::string* raw) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
  };
  if (text.size() % 4 == 1) return false;
  raw->clear();
  unsigned acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = value(c);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      raw->push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  // The unused low bits of the last symbol must be zero: one text per
  // value ("Zh" and "Zg" must not both decode to "f").
  return (acc & ((1u << bits) - 1)) == 0;
}

std::string HexEncode(std::string_view raw) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CryptoPP::VerifyBufsEqual(Bytes(a), Bytes(b), a.size());
}

std::string BoundMac(std::string_view key, std::string_view context,
                     std::string_view value) {
  std::string data(context);
  data.push_back('|');
  data.append(value);
  return HmacSha256(key, data);
}

bool BoundMacMatches(std::string_view key, std::string_view context,
                     std::string_view value, std::string_view stored_mac) {
  if (stored_mac.empty()) return false;
  return ConstantTimeEquals(BoundMac(key, context, value), stored_mac);
}

std::string DeriveKey(std::string_view secret, std::string_view purpose) {
  // By secret and purpose, length first: no two pairs share an entry.
  thread_local std::map<std::string, std::string, std::less<>> derived;
  std::string id = std::to_string(secret.size()) + ':';
  id.append(secret).append(purpose);
  if (auto it = derived.find(id); it != derived.end()) return it->second;
  // A few purposes and one secret in service; tests make many secrets.
  if (derived.size() >= 64) derived.clear();
  CryptoPP::HKDF<CryptoPP::SHA256> hkdf;
  std::string out(32, '\0');
  static constexpr std::string_view kSalt = "sesame-hkdf-v1";
  hkdf.DeriveKey(reinterpret_cast<CryptoPP::byte*>(out.data()), out.size(),
                 Bytes(secret), secret.size(), Bytes(kSalt), kSalt.size(),
                 Bytes(purpose), purpose.size());
  derived.emplace(std::move(id), out);
  return out;
}

std::string Seal(std::string_view key, std::string_view plaintext) {
  if (key.size() != 32)
    throw std::invalid_argument("Seal: key must be 32 bytes");
  std::string nonce = RandomBytes(12);
  CryptoPP::GCM<CryptoPP::AES>::Encryption enc;
  enc.SetKeyWithIV(Bytes(key), key.size(), Bytes(nonce), nonce.size());
  std::string sealed;
  CryptoPP::StringSource ss(Bytes(plaintext), plaintext.size(), true,
                            new CryptoPP::AuthenticatedEncryptionFilter(
                                enc, new CryptoPP::StringSink(sealed)));
  return nonce + sealed;
}

StatusOr<std::string> Open(std::string_view key, std::string_view sealed) {
  if (sealed.size() < 12 + 16) return Status::InvalidArgument("sealed: short");
  try {
    CryptoPP::GCM<CryptoPP::AES>::Decryption dec;
    dec.SetKeyWithIV(Bytes(key), key.size(), Bytes(sealed.substr(0, 12)), 12);
    std::string plain;
    std::string_view body = sealed.substr(12);
    CryptoPP::StringSource ss(
        Bytes(body), body.size(), true,
        new CryptoPP::AuthenticatedDecryptionFilter(
            dec, new CryptoPP::StringSink(plain),
            CryptoPP::AuthenticatedDecryptionFilter::THROW_EXCEPTION));
    return plain;
  } catch (const CryptoPP::Exception& e) {
    return Status::InvalidArgument("sealed: does not authenticate");
  }
}

}  // namespace sesame::crypto
