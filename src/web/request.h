// Request: what a screen sees of an HTTP request, built by the FastCGI
// adapter (or by a test). Parsing helpers for forms, queries and cookies.
#ifndef SESAME_WEB_REQUEST_H_
#define SESAME_WEB_REQUEST_H_

#include <map>
#include <string>
#include <string_view>

#include "core/utf8.h"

namespace sesame {

// Why a form body could not be taken as it is.
enum class FormProblem {
  kNone,
  kMalformed,    // bad percent-encoding or a part without a name
  kInvalidUtf8,  // a value that is not UTF-8 (that value is dropped)
  kDuplicate,    // a field given twice (the first value is kept)
  kTooLarge,     // over [server] max_body_bytes
};

struct Request {
  std::string method;  // "GET", "HEAD", "POST", ...
  std::string path;    // relative to the mount, always starts with "/"
  std::string query;   // raw query string (never logged)
  std::map<std::string, std::string> query_params;
  std::map<std::string, std::string> headers;  // lower-case names
  std::map<std::string, std::string> cookies;
  std::map<std::string, std::string> form;  // POST fields, first value kept
  FormProblem form_problem = FormProblem::kNone;
  std::string client_ip;
  // The id nginx gave this request ($request_id: hex digits), or "" when
  // it sent none or a malformed one. Goes into log lines and audit rows.
  std::string request_id;

  // Form field or "" when absent.
  const std::string& Field(const std::string& name) const;
  bool HasField(const std::string& name) const { return form.count(name) != 0; }
  const std::string& Param(const std::string& name) const;
  const std::string& Header(const std::string& lower_name) const;
  const std::string& Cookie(const std::string& name) const;
};

// Decodes application/x-www-form-urlencoded text ('+' is a space). Returns
// the problem found, filling *out with what could be kept.
FormProblem ParseUrlEncoded(std::string_view text,
                            std::map<std::string, std::string>* out);
// Cookie header "a=1; b=2". Later duplicates are ignored.
std::map<std::string, std::string> ParseCookies(std::string_view header);
// Percent-encodes for a URL query value.
std::string UrlEncode(std::string_view s);

}  // namespace sesame

#endif  // SESAME_WEB_REQUEST_H_
