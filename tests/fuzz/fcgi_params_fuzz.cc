// The FastCGI parameter reader (web/fcgi_params.h RequestFromParams).
// Input: the mount on the first line ("" or "/sesame"), then one parameter
// "NAME=value" per line, then an empty line and the body.
// Invariants: the path always starts with '/' and is the URI less the
// mount (or the unmounted marker); headers are lower-case without '_', the
// last one of a name kept; query, cookies and form are what their parsers
// give; the body is read at most once, only for a POST whose CONTENT_LENGTH
// is a decimal number (RFC 3875: 1*digit) within max_body_bytes, and only
// that many bytes are kept.
#include <map>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "web/fcgi_params.h"

namespace {

constexpr size_t kMaxBody = 64;

std::string First(const std::vector<std::string_view>& params,
                  std::string_view name) {
  for (std::string_view p : params) {
    if (p.size() > name.size() && p[name.size()] == '=' &&
        p.substr(0, name.size()) == name) {
      return std::string(p.substr(name.size() + 1));
    }
  }
  return "";
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// The value of a string of digits, kMaxBody + 1 for anything larger.
size_t Capped(std::string_view digits) {
  size_t v = 0;
  for (char c : digits) {
    v = v * 10 + static_cast<size_t>(c - '0');
    if (v > kMaxBody) return kMaxBody + 1;
  }
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input = sesame::fuzz::AsText(data, size);
  const size_t blank = input.find("\n\n");
  const std::string_view head =
      blank == std::string_view::npos ? input : input.substr(0, blank);
  const std::string body(
      blank == std::string_view::npos ? "" : input.substr(blank + 2));
  std::vector<std::string_view> lines = sesame::fuzz::Split(head, '\n');
  sesame::RequestLimits limits;
  limits.mount = std::string(lines.front());
  limits.max_body_bytes = kMaxBody;
  if (!limits.mount.empty() &&
      (limits.mount.front() != '/' || limits.mount.back() == '/')) {
    return 0;  // not a mount the config accepts
  }
  const std::vector<std::string_view> params(lines.begin() + 1, lines.end());

  int reads = 0;
  size_t asked = 0;
  const sesame::Request r =
      sesame::RequestFromParams(params, limits, [&](size_t n) {
        ++reads;
        asked = n;
        return body;
      });

  // The path.
  FUZZ_CHECK(!r.path.empty() && r.path.front() == '/', r.path);
  std::string uri = First(params, "DOCUMENT_URI");
  if (uri.empty()) {
    uri = First(params, "REQUEST_URI");
    uri = uri.substr(0, uri.find('?'));
  }
  if (r.path != "/\x01unmounted") {
    // "/sesame" and "/sesame/" are both the mount's root.
    FUZZ_CHECK(
        limits.mount + r.path == uri || (r.path == "/" && uri == limits.mount),
        uri + " -> " + r.path);
  }

  // Headers: lower-case, no '_', the last of a name kept.
  std::map<std::string, std::string> headers;
  for (std::string_view p : params) {
    size_t eq = p.find('=');
    if (p.substr(0, 5) != "HTTP_" || eq == std::string_view::npos) continue;
    std::string name;
    for (char c : p.substr(5, eq - 5)) {
      name.push_back(c == '_'                 ? '-'
                     : (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32)
                                              : c);
    }
    headers[name] = std::string(p.substr(eq + 1));
  }
  for (const auto& [name, value] : r.headers) {
    for (char c : name) {
      FUZZ_CHECK(!(c >= 'A' && c <= 'Z') && c != '_', name);
    }
  }
  FUZZ_CHECK(r.headers == headers, std::string(head));

  // Query and cookies.
  std::map<std::string, std::string> query;
  sesame::ParseUrlEncoded(First(params, "QUERY_STRING"), &query);
  FUZZ_CHECK(r.query_params == query, r.query);
  FUZZ_CHECK(r.cookies == sesame::ParseCookies(r.Header("cookie")),
             r.Header("cookie"));
  FUZZ_CHECK(r.method == First(params, "REQUEST_METHOD"), r.method);

  // The body.
  const std::string length = First(params, "CONTENT_LENGTH");
  FUZZ_CHECK(reads <= 1, length);
  if (r.method != "POST") {
    FUZZ_CHECK(reads == 0 && r.form.empty() &&
                   r.form_problem == sesame::FormProblem::kNone,
               r.method);
  } else if (reads == 1) {
    FUZZ_CHECK(length.empty() || AllDigits(length), length);
    FUZZ_CHECK(asked <= kMaxBody, length);
    FUZZ_CHECK(asked == Capped(length), length);
    std::map<std::string, std::string> form;
    const std::string kept = body.substr(0, asked);
    const std::string type = First(params, "CONTENT_TYPE");
    if (type.rfind("application/x-www-form-urlencoded", 0) == 0 ||
        kept.empty()) {
      FUZZ_CHECK(r.form_problem == sesame::ParseUrlEncoded(kept, &form), kept);
    } else {
      FUZZ_CHECK(r.form_problem == sesame::FormProblem::kMalformed, type);
    }
    FUZZ_CHECK(r.form == form, kept);
  } else {
    FUZZ_CHECK(
        r.form.empty() && (r.form_problem == sesame::FormProblem::kMalformed ||
                           r.form_problem == sesame::FormProblem::kTooLarge),
        length);
    if (r.form_problem == sesame::FormProblem::kTooLarge) {
      FUZZ_CHECK(AllDigits(length) && Capped(length) > kMaxBody, length);
    }
  }
  return 0;
}
