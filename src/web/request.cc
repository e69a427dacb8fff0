#include "web/request.h"

namespace sesame {
namespace {

const std::string kEmpty;

const std::string& Lookup(const std::map<std::string, std::string>& m,
                          const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? kEmpty : it->second;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool PercentDecode(std::string_view in, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      out->push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out->push_back(c);
    }
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

const std::string& Request::Field(const std::string& name) const {
  return Lookup(form, name);
}
const std::string& Request::Param(const std::string& name) const {
  return Lookup(query_params, name);
}
const std::string& Request::Header(const std::string& lower_name) const {
  return Lookup(headers, lower_name);
}
const std::string& Request::Cookie(const std::string& name) const {
  return Lookup(cookies, name);
}

FormProblem ParseUrlEncoded(std::string_view text,
                            std::map<std::string, std::string>* out) {
  FormProblem problem = FormProblem::kNone;
  auto note = [&problem](FormProblem p) {
    if (problem == FormProblem::kNone) problem = p;
  };
  size_t start = 0;
  while (start <= text.size()) {
    size_t amp = text.find('&', start);
    if (amp == std::string_view::npos) amp = text.size();
    std::string_view part = text.substr(start, amp - start);
    start = amp + 1;
    if (part.empty()) {
      if (amp == text.size()) break;
      continue;
    }
    size_t eq = part.find('=');
    std::string name, value;
    if (!PercentDecode(part.substr(0, eq), &name) || name.empty() ||
        (eq != std::string_view::npos &&
         !PercentDecode(part.substr(eq + 1), &value))) {
      note(FormProblem::kMalformed);
      continue;
    }
    if (!IsValidUtf8(name)) {
      note(FormProblem::kInvalidUtf8);
      continue;
    }
    if (!IsValidUtf8(value)) {
      note(FormProblem::kInvalidUtf8);
      value.clear();
    }
    if (!out->emplace(std::move(name), std::move(value)).second) {
      note(FormProblem::kDuplicate);
    }
  }
  return problem;
}

std::map<std::string, std::string> ParseCookies(std::string_view header) {
  std::map<std::string, std::string> out;
  size_t start = 0;
  while (start < header.size()) {
    size_t semi = header.find(';', start);
    if (semi == std::string_view::npos) semi = header.size();
    std::string_view part = Trim(header.substr(start, semi - start));
    start = semi + 1;
    size_t eq = part.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    out.emplace(std::string(Trim(part.substr(0, eq))),
                std::string(Trim(part.substr(eq + 1))));
  }
  return out;
}

std::string UrlEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace sesame
