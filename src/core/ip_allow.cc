#include "core/ip_allow.h"

#include <arpa/inet.h>

#include <cstring>
#include <optional>

namespace sesame {
namespace {

struct Parsed {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};
};

std::optional<Parsed> ParseAddress(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string s(text);
  Parsed p;
  if (inet_pton(AF_INET, s.c_str(), p.bytes.data()) == 1) return p;
  if (inet_pton(AF_INET6, s.c_str(), p.bytes.data()) == 1) {
    static const uint8_t kMapped[12] = {0, 0, 0, 0, 0,    0,
                                        0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(p.bytes.data(), kMapped, 12) == 0) {
      Parsed v4;
      std::memcpy(v4.bytes.data(), p.bytes.data() + 12, 4);
      return v4;
    }
    p.v6 = true;
    return p;
  }
  return std::nullopt;
}

bool SamePrefix(const std::array<uint8_t, 16>& a,
                const std::array<uint8_t, 16>& b, int prefix) {
  int i = 0;
  for (; prefix >= 8; prefix -= 8, ++i) {
    if (a[i] != b[i]) return false;
  }
  if (prefix == 0) return true;
  const uint8_t mask = static_cast<uint8_t>(0xff << (8 - prefix));
  return (a[i] & mask) == (b[i] & mask);
}

}  // namespace

std::string IpAllowList::Check(std::string_view entry) {
  const size_t slash = entry.find('/');
  std::optional<Parsed> address = ParseAddress(entry.substr(0, slash));
  if (!address) {
    return "\"" + std::string(entry) +
           "\" is not an IPv4 or IPv6 address or CIDR block";
  }
  if (slash == std::string_view::npos) return "";
  const std::string_view bits = entry.substr(slash + 1);
  const int max = address->v6 ? 128 : 32;
  if (bits.empty() || bits.size() > 3)
    return "bad prefix length in \"" + std::string(entry) + "\"";
  int n = 0;
  for (char c : bits) {
    if (c < '0' || c > '9')
      return "bad prefix length in \"" + std::string(entry) + "\"";
    n = n * 10 + (c - '0');
  }
  if (n > max) return "bad prefix length in \"" + std::string(entry) + "\"";
  return "";
}

IpAllowList::IpAllowList(const std::vector<std::string>& entries) {
  for (const std::string& entry : entries) {
    if (!Check(entry).empty()) continue;
    const size_t slash = entry.find('/');
    std::optional<Parsed> address =
        ParseAddress(std::string_view(entry).substr(0, slash));
    Block b;
    b.v6 = address->v6;
    b.bytes = address->bytes;
    b.prefix = slash == std::string::npos ? (b.v6 ? 128 : 32)
                                          : std::stoi(entry.substr(slash + 1));
    blocks_.push_back(b);
  }
}

bool IpAllowList::Allows(std::string_view address) const {
  std::optional<Parsed> a = ParseAddress(address);
  if (!a) return false;
  for (const Block& b : blocks_) {
    if (b.v6 == a->v6 && SamePrefix(b.bytes, a->bytes, b.prefix)) return true;
  }
  return false;
}

}  // namespace sesame
