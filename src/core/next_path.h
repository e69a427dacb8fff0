// Where /login?next= may send a browser after sign-in: a plain path of this
// host within [auth] next_allowed, never another host. No I/O.
#ifndef SESAME_CORE_NEXT_PATH_H_
#define SESAME_CORE_NEXT_PATH_H_

#include <string>
#include <string_view>
#include <vector>

namespace sesame {

// True for a path from the host's root made only of letters, digits and
// "-._~/", starting with one "/" and holding no "//" and no "." or ".."
// segment. Everything else is refused rather than decoded or normalised: a
// scheme ("https:"), a host ("//evil", "/\evil"), a %-escape (once decoded
// by the query parser, "%2F" would be "/"), a query string, spaces or
// control characters, non-ASCII.
bool IsPlainPath(std::string_view path);

// True when `next` is a plain path that one entry of `allowed` admits: an
// entry ending in "/" admits itself and every path under it, any other
// entry only itself.
bool NextPathAllowed(std::string_view next,
                     const std::vector<std::string>& allowed);

}  // namespace sesame

#endif  // SESAME_CORE_NEXT_PATH_H_
