#include "core/next_path.h"

namespace sesame {

bool IsPlainPath(std::string_view path) {
  if (path.empty() || path[0] != '/' || path.size() > 1024) return false;
  for (char c : path) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                    c == '_' || c == '~' || c == '/';
    if (!ok) return false;
  }
  // Each segment between slashes: not empty (no "//") except after the
  // last slash, and not "." or "..".
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment.empty() && end != path.size()) return false;
    if (segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return true;
}

bool NextPathAllowed(std::string_view next,
                     const std::vector<std::string>& allowed) {
  if (!IsPlainPath(next)) return false;
  for (const std::string& entry : allowed) {
    if (!IsPlainPath(entry)) continue;
    if (entry.back() == '/' ? next.substr(0, entry.size()) == entry
                            : next == entry) {
      return true;
    }
  }
  return false;
}

}  // namespace sesame
