// The text form of an audit anchor, as `sesame audit anchor` prints it and
// `sesame audit verify --anchor` reads it: the row id in decimal, a colon,
// and the row's MAC in 64 hexadecimal digits, e.g.
//
//   1234:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
#ifndef SESAME_CLI_AUDIT_ANCHOR_H_
#define SESAME_CLI_AUDIT_ANCHOR_H_

#include <optional>
#include <string>
#include <string_view>

#include "storage/types.h"

namespace sesame {

std::string FormatAuditAnchor(const AuditAnchor& anchor);
// nullopt unless `text` is ID:HEX as above (hex digits in either case).
std::optional<AuditAnchor> ParseAuditAnchor(std::string_view text);

}  // namespace sesame

#endif  // SESAME_CLI_AUDIT_ANCHOR_H_
