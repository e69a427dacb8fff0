// Address allow lists ([metrics] allow): IPv4 and IPv6 addresses and CIDR
// blocks, matched against the client address nginx passes (REMOTE_ADDR).
#ifndef SESAME_CORE_IP_ALLOW_H_
#define SESAME_CORE_IP_ALLOW_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sesame {

class IpAllowList {
 public:
  // Why `entry` ("127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8") is not an
  // address or a block, or "" when it is.
  static std::string Check(std::string_view entry);
  // The list of `entries`, those that pass Check (config refuses others).
  explicit IpAllowList(const std::vector<std::string>& entries);
  // True when `address` (dotted IPv4, IPv6, or IPv4-mapped IPv6
  // "::ffff:a.b.c.d") lies in one of the entries; false for anything that
  // is not an address.
  bool Allows(std::string_view address) const;

 private:
  struct Block {
    bool v6 = false;
    std::array<uint8_t, 16> bytes{};
    int prefix = 0;
  };
  std::vector<Block> blocks_;
};

}  // namespace sesame

#endif  // SESAME_CORE_IP_ALLOW_H_
