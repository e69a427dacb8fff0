// The pure part of the FastCGI adapter: a Request from the parameters nginx
// sends ("NAME=value") and the request body, without a socket, so that it
// can be tested and fuzzed alone (tests/fuzz/fcgi_params_fuzz.cc).
#ifndef SESAME_WEB_FCGI_PARAMS_H_
#define SESAME_WEB_FCGI_PARAMS_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "web/request.h"

namespace sesame {

// The path of a request outside the mount, or without an absolute path: no
// route has it (404).
inline constexpr char kUnmountedPath[] = "/\x01unmounted";

struct RequestLimits {
  std::string mount;  // "" when mounted at "/", else "/sesame"
  size_t max_body_bytes = 16384;
};

// The Request of `params` (FastCGI parameters "NAME=value"; an entry
// without '=' is ignored, and the first of two with one name counts, as
// FCGX_GetParam does, except for headers where the last one wins). The path
// comes from DOCUMENT_URI (nginx's normalised path), else REQUEST_URI
// without its query, relative to `limits.mount` (kUnmountedPath when it is
// outside it or not absolute: the path always starts with '/'); query
// parameters, headers (lower-case, '-' for '_') and cookies are parsed; for a
// POST within max_body_bytes, `read_body(n)` is called once for at most n bytes
// of the body, which is parsed as a form.
Request RequestFromParams(const std::vector<std::string_view>& params,
                          const RequestLimits& limits,
                          const std::function<std::string(size_t)>& read_body);

}  // namespace sesame

#endif  // SESAME_WEB_FCGI_PARAMS_H_
