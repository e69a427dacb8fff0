#include "web/fcgi_params.h"

#include <algorithm>

#include "core/log.h"

namespace sesame {
namespace {

// The value of the first parameter named `name`, or "".
std::string Param(const std::vector<std::string_view>& params,
                  std::string_view name) {
  for (std::string_view p : params) {
    if (p.size() > name.size() && p[name.size()] == '=' &&
        p.substr(0, name.size()) == name) {
      return std::string(p.substr(name.size() + 1));
    }
  }
  return "";
}

std::string LowerHeaderName(std::string_view env_name) {
  // HTTP_SEC_FETCH_SITE -> sec-fetch-site
  std::string out;
  for (char c : env_name.substr(5)) {
    out.push_back(
        c == '_' ? '-'
                 : static_cast<char>(tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace

Request RequestFromParams(const std::vector<std::string_view>& params,
                          const RequestLimits& limits,
                          const std::function<std::string(size_t)>& read_body) {
  Request request;
  request.method = Param(params, "REQUEST_METHOD");
  // DOCUMENT_URI is nginx's normalised path without the query string;
  // PATH_INFO and SCRIPT_FILENAME are never trusted.
  std::string uri = Param(params, "DOCUMENT_URI");
  if (uri.empty()) {
    uri = Param(params, "REQUEST_URI");
    uri = uri.substr(0, uri.find('?'));
  }
  const std::string& mount = limits.mount;
  if (uri.empty() || uri.front() != '/') {
    request.path = kUnmountedPath;  // no path, or not an absolute one
  } else if (mount.empty()) {
    request.path = uri;
  } else if (uri.rfind(mount, 0) == 0 &&
             (uri.size() == mount.size() || uri[mount.size()] == '/')) {
    request.path = uri.size() == mount.size() ? "/" : uri.substr(mount.size());
  } else {
    request.path = kUnmountedPath;
  }
  request.query = Param(params, "QUERY_STRING");
  ParseUrlEncoded(request.query, &request.query_params);
  request.client_ip = Param(params, "REMOTE_ADDR");
  // nginx's $request_id (fastcgi_param REQUEST_ID); a malformed one is
  // dropped.
  const std::string request_id = Param(params, "REQUEST_ID");
  if (ValidRequestId(request_id)) request.request_id = request_id;
  for (std::string_view p : params) {
    if (p.substr(0, 5) != "HTTP_") continue;
    size_t eq = p.find('=');
    if (eq == std::string_view::npos) continue;
    request.headers[LowerHeaderName(p.substr(0, eq))] =
        std::string(p.substr(eq + 1));
  }
  request.cookies = ParseCookies(request.Header("cookie"));
  if (request.method == "POST") {
    // CONTENT_LENGTH is decimal digits (RFC 3875), nothing else: no sign,
    // no space, no suffix. Past max_body_bytes its value is not needed.
    const std::string length_text = Param(params, "CONTENT_LENGTH");
    size_t length = 0;
    for (char c : length_text) {
      if (c < '0' || c > '9') {
        request.form_problem = FormProblem::kMalformed;
        break;
      }
      length = std::min(length * 10 + static_cast<size_t>(c - '0'),
                        limits.max_body_bytes + 1);
    }
    if (request.form_problem != FormProblem::kNone) {
      // Not a length: the body is not read.
    } else if (length > limits.max_body_bytes) {
      request.form_problem = FormProblem::kTooLarge;
    } else {
      std::string body = read_body(length);
      if (body.size() > length) body.resize(length);
      std::string type = Param(params, "CONTENT_TYPE");
      if (type.rfind("application/x-www-form-urlencoded", 0) != 0 &&
          !body.empty()) {
        request.form_problem = FormProblem::kMalformed;
      } else {
        request.form_problem = ParseUrlEncoded(body, &request.form);
      }
    }
  }
  return request;
}

}  // namespace sesame
