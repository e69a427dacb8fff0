// Response and Page: what a screen returns. A Page names a template under
// html/ and carries its values; the renderer (the only code that knows
// ctemplate) turns it into HTML with auto-escaping.
#ifndef SESAME_WEB_RESPONSE_H_
#define SESAME_WEB_RESPONSE_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sesame {

// Values for a template: {{NAME}} variables and {{#SECTION}} sections,
// sections repeated once per AddSection().
class PageData {
 public:
  void Set(const std::string& name, std::string value) {
    values_[name] = std::move(value);
  }
  // Shows {{#name}} once (or once more) and returns its own values.
  PageData& AddSection(const std::string& name) {
    return sections_[name].emplace_back();
  }
  void ShowSection(const std::string& name) {
    if (sections_[name].empty()) sections_[name].emplace_back();
  }
  const std::string& Get(const std::string& name) const {
    static const std::string kEmpty;
    auto it = values_.find(name);
    return it == values_.end() ? kEmpty : it->second;
  }
  bool HasSection(const std::string& name) const {
    auto it = sections_.find(name);
    return it != sections_.end() && !it->second.empty();
  }
  const std::map<std::string, std::string>& values() const { return values_; }
  const std::map<std::string, std::vector<PageData>>& sections() const {
    return sections_;
  }

 private:
  std::map<std::string, std::string> values_;
  std::map<std::string, std::vector<PageData>> sections_;
};

struct Page {
  std::string template_name;  // "login.tpl"
  std::string title;          // <title> and <h1>
  PageData data;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;          // used when page is empty
  std::optional<Page> page;  // rendered inside the shared layout

  void AddHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
  static Response Redirect(const std::string& location) {
    Response r;
    r.status = 303;
    r.AddHeader("Location", location);
    return r;
  }
  static Response Text(int status, std::string text) {
    Response r;
    r.status = status;
    r.content_type = "text/plain; charset=utf-8";
    r.body = std::move(text);
    return r;
  }
  // A binary body (an image, a sound) of `content_type`.
  static Response Bytes(int status, std::string content_type,
                        std::string bytes) {
    Response r;
    r.status = status;
    r.content_type = std::move(content_type);
    r.body = std::move(bytes);
    return r;
  }
  static Response FromPage(int status, Page page) {
    Response r;
    r.status = status;
    r.page = std::move(page);
    return r;
  }
};

}  // namespace sesame

#endif  // SESAME_WEB_RESPONSE_H_
