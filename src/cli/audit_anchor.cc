#include "cli/audit_anchor.h"

#include "crypto/crypto.h"

namespace sesame {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string FormatAuditAnchor(const AuditAnchor& anchor) {
  return std::to_string(anchor.id) + ":" + crypto::HexEncode(anchor.mac);
}

std::optional<AuditAnchor> ParseAuditAnchor(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 18) {
    return std::nullopt;
  }
  AuditAnchor anchor;
  for (char c : text.substr(0, colon)) {
    if (c < '0' || c > '9') return std::nullopt;
    anchor.id = anchor.id * 10 + (c - '0');
  }
  const std::string_view hex = text.substr(colon + 1);
  if (hex.size() != 64) return std::nullopt;
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = HexValue(hex[i]), lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    anchor.mac.push_back(static_cast<char>(hi * 16 + lo));
  }
  return anchor;
}

}  // namespace sesame
