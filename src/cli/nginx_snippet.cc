#include "cli/nginx_snippet.h"

#include <vector>

namespace sesame {
namespace {

// The paths of the template, as installed with mount "/".
constexpr std::string_view kSocket = "unix:/run/sesame/sesame.sock";
constexpr std::string_view kStatic = "/usr/share/sesame/html/static/";

struct Rewrite {
  std::string from;
  std::string to;
  int count = 0;
};

// Replaces every `from` of `line` (left to right, never inside what it
// wrote).
void Apply(Rewrite* r, std::string* line) {
  size_t at = 0;
  while ((at = line->find(r->from, at)) != std::string::npos) {
    line->replace(at, r->from.size(), r->to);
    at += r->to.size();
    ++r->count;
  }
}

// `mount` as a regular expression of nginx (PCRE): "." and the like
// escaped.
std::string RegexQuote(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (std::string_view(".^$|()[]{}*+?\\").find(c) != std::string::npos) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

}  // namespace

StatusOr<std::string> NginxSnippetFor(const Config& config,
                                      std::string_view snippet) {
  const std::string& listen = config.server.listen;
  const std::string socket =
      !listen.empty() && listen[0] == '/' ? "unix:" + listen : listen;
  std::string static_dir = config.server.templates_dir;
  while (!static_dir.empty() && static_dir.back() == '/') static_dir.pop_back();
  static_dir += "/static/";
  // "" for "/", else "/sesame" (no trailing slash).
  std::string mount = config.server.mount;
  while (!mount.empty() && mount.back() == '/') mount.pop_back();

  std::vector<Rewrite> rewrites = {{std::string(kSocket), socket},
                                   {std::string(kStatic), static_dir}};
  if (!mount.empty()) {
    rewrites.push_back(
        {"location ^~ /static/", "location ^~ " + mount + "/static/"});
    rewrites.push_back({" /static/errors/", " " + mount + "/static/errors/"});
    rewrites.push_back(
        {"location ~ ^/(livez|healthz)$",
         "location ~ ^" + RegexQuote(mount) + "/(livez|healthz)$"});
    rewrites.push_back({"location / {", "location " + mount + "/ {"});
    rewrites.push_back(
        {"location = /auth {", "location = " + mount + "/auth {"});
  }

  std::string out =
      "# Sésame's nginx locations for " + config.path + " ([server] mount \"" +
      config.server.mount + "\", listen \"" + listen +
      "\"), printed by `sesame check-config --nginx` from the installed\n"
      "# snippet (deploy/nginx-sesame.conf). Include it in the server{} of "
      "the portal's host.\n";
  bool header = true;  // the template's leading comment, replaced above
  size_t start = 0;
  while (start < snippet.size()) {
    size_t end = snippet.find('\n', start);
    if (end == std::string_view::npos) end = snippet.size();
    std::string line(snippet.substr(start, end - start));
    start = end + 1;
    if (header) {
      if (line.empty() || line[0] != '#') header = false;
      if (header) continue;
    }
    const size_t first = line.find_first_not_of(" \t");
    if (first != std::string::npos && line[first] != '#') {
      for (Rewrite& r : rewrites) Apply(&r, &line);
    }
    out += line;
    out += '\n';
  }
  for (const Rewrite& r : rewrites) {
    if (r.count == 0) {
      return Status::Internal("the nginx snippet no longer holds \"" + r.from +
                              "\": update cli/nginx_snippet.cc with it");
    }
  }
  return out;
}

}  // namespace sesame
