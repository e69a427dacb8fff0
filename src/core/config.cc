// Reading and checking the TOML configuration (see config.h).
#include "core/config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <list>
#include <set>
#include <sstream>
#include <string_view>

#include "core/ip_allow.h"
#include "core/next_path.h"

namespace sesame {
namespace config_internal {

constexpr int64_t kNoMax = std::numeric_limits<int64_t>::max();

// While KnownConfigKeys runs: every dotted key and every table the parser
// asks for.
struct KeyRecorder {
  std::set<std::string> keys;
  std::set<std::string> tables;
};
thread_local KeyRecorder* key_recorder = nullptr;

// Reads the keys of one TOML table into fields, remembering which keys it
// knows so that everything else can be reported as unknown.
class Section {
 public:
  Section(const toml::table* table, std::string prefix,
          std::vector<ConfigProblem>* problems)
      : table_(table), prefix_(std::move(prefix)), problems_(problems) {}

  // The full dotted key ("mail.from").
  std::string Key(std::string_view key) const {
    return prefix_.empty() ? std::string(key)
                           : prefix_ + "." + std::string(key);
  }

  void Problem(std::string_view key, std::string message) {
    problems_->push_back({Key(key), std::move(message)});
  }

  // True when the key is present (and records it as known).
  bool Has(std::string_view key) {
    known_.insert(std::string(key));
    if (key_recorder != nullptr) key_recorder->keys.insert(Key(key));
    return table_ != nullptr && table_->contains(key);
  }

  // Reads a string; returns true when present and of the right type.
  bool Str(std::string_view key, std::string* out) {
    if (!Has(key)) return false;
    const toml::node* node = table_->get(key);
    if (const auto* s = node->as_string()) {
      *out = s->get();
      return true;
    }
    Problem(key, "expected a string");
    return false;
  }

  // Reads an integer in [min, max]; returns true when stored.
  template <typename T>
  bool Int(std::string_view key, T* out, int64_t min, int64_t max = kNoMax) {
    if (!Has(key)) return false;
    const toml::node* node = table_->get(key);
    const auto* i = node->as_integer();
    if (i == nullptr) {
      Problem(key, "expected an integer");
      return false;
    }
    int64_t v = i->get();
    const bool open_ended = max == kNoMax;
    const int64_t type_max =
        static_cast<int64_t>(std::numeric_limits<T>::max());
    if (max > type_max) max = type_max;
    if (v < min || v > max) {
      if (open_ended && v >= min) {
        Problem(key, "is too large (got " + std::to_string(v) + ")");
      } else if (open_ended) {
        Problem(key, "must be at least " + std::to_string(min) + " (got " +
                         std::to_string(v) + ")");
      } else {
        Problem(key, "must be between " + std::to_string(min) + " and " +
                         std::to_string(max) + " (got " + std::to_string(v) +
                         ")");
      }
      return false;
    }
    *out = static_cast<T>(v);
    return true;
  }

  // Reads an array of strings; returns true when present and well typed.
  bool StrList(std::string_view key, std::vector<std::string>* out) {
    if (!Has(key)) return false;
    const toml::array* array = table_->get(key)->as_array();
    std::vector<std::string> values;
    bool ok = array != nullptr;
    if (ok) {
      for (const toml::node& item : *array) {
        const auto* str = item.as_string();
        if (str == nullptr) {
          ok = false;
          break;
        }
        values.push_back(str->get());
      }
    }
    if (!ok) {
      Problem(key, "expected an array of strings");
      return false;
    }
    *out = std::move(values);
    return true;
  }

  // The sub-table `key`, or nullptr (with a problem when it is not a table).
  const toml::table* Sub(std::string_view key) {
    if (key_recorder != nullptr) key_recorder->tables.insert(Key(key));
    if (!Has(key)) return nullptr;
    const toml::node* node = table_->get(key);
    if (const auto* t = node->as_table()) return t;
    Problem(key, "expected a table ([" + Key(key) + "])");
    return nullptr;
  }

  // The sub-table `key` ([section.key]) read as a section of its own,
  // whose unknown keys ReportUnknown reports too; absent, an empty one.
  Section* Child(std::string_view key) {
    children_.emplace_back(Sub(key), Key(key), problems_);
    return &children_.back();
  }

  // Reports every key of the table that was never asked for.
  void ReportUnknown() {
    for (Section& child : children_) child.ReportUnknown();
    if (table_ == nullptr) return;
    for (auto&& [k, v] : *table_) {
      std::string name(k.str());
      if (known_.count(name) == 0) {
        Problem(name, v.is_table()
                          ? "unknown key (unknown section [" + Key(name) + "])"
                          : "unknown key");
      }
    }
  }

 private:
  const toml::table* table_;
  std::string prefix_;
  std::vector<ConfigProblem>* problems_;
  std::set<std::string> known_;
  std::list<Section> children_;
};

}  // namespace config_internal

namespace {

using config_internal::kNoMax;
using config_internal::Section;

bool HasControl(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Checks "host[:port]" (host a name, an IPv4 address or "[IPv6]").
// Returns an empty string when fine, else what is wrong.
std::string CheckAuthority(std::string_view authority) {
  if (authority.empty()) return "has no host";
  if (authority.find('@') != std::string_view::npos) {
    return "must not contain user information (@)";
  }
  std::string_view host = authority;
  std::string_view port;
  if (authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return "has an unclosed [IPv6] host";
    host = authority.substr(1, close - 1);
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return "has garbage after the [IPv6] host";
      port = rest.substr(1);
      if (port.empty()) return "has an empty port";
    }
    if (host.empty()) return "has no host";
    for (char c : host) {
      if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' ||
            c == '.')) {
        return "has an invalid IPv6 host";
      }
    }
  } else {
    size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
      if (port.empty()) return "has an empty port";
    }
    if (host.empty()) return "has no host";
    for (char c : host) {
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
            c == '.')) {
        return "has an invalid host name";
      }
    }
  }
  if (!port.empty()) {
    if (!IsDigits(port) || port.size() > 5 ||
        std::stoi(std::string(port)) < 1 ||
        std::stoi(std::string(port)) > 65535) {
      return "has an invalid port (1..65535)";
    }
  }
  return "";
}

// Splits "scheme://rest"; false when there is no "://".
bool SplitScheme(std::string_view url, std::string_view* scheme,
                 std::string_view* rest) {
  size_t p = url.find("://");
  if (p == std::string_view::npos) return false;
  *scheme = url.substr(0, p);
  *rest = url.substr(p + 3);
  return true;
}

// public_base_url: http(s)://host[:port], nothing after.
std::string CheckBaseUrl(std::string_view url) {
  if (HasControl(url) || url.find(' ') != std::string_view::npos) {
    return "must not contain spaces or control characters";
  }
  std::string_view scheme, rest;
  if (!SplitScheme(url, &scheme, &rest) ||
      (scheme != "http" && scheme != "https")) {
    return "must start with http:// or https://";
  }
  if (rest.empty()) return "has no host";
  size_t end = rest.find_first_of("/?#");
  if (end != std::string_view::npos) {
    if (rest.substr(end) == "/") {
      return "must not end with a slash (write \"" +
             std::string(url.substr(0, url.size() - 1)) + "\")";
    }
    return "must be scheme://host[:port] only: put the path in "
           "server.mount, and no query or fragment";
  }
  std::string a = CheckAuthority(rest);
  return a;
}

// Any http(s) URL (gateway, assistance page).
std::string CheckHttpUrl(std::string_view url) {
  if (HasControl(url) || url.find(' ') != std::string_view::npos) {
    return "must not contain spaces or control characters";
  }
  std::string_view scheme, rest;
  if (!SplitScheme(url, &scheme, &rest) ||
      (scheme != "http" && scheme != "https")) {
    return "must start with http:// or https://";
  }
  size_t end = rest.find_first_of("/?#");
  return CheckAuthority(rest.substr(0, end));
}

std::string CheckSmtpUrl(std::string_view url) {
  if (HasControl(url) || url.find(' ') != std::string_view::npos) {
    return "must not contain spaces or control characters";
  }
  std::string_view scheme, rest;
  if (!SplitScheme(url, &scheme, &rest) ||
      (scheme != "smtp" && scheme != "smtps")) {
    return "must start with smtp:// or smtps://";
  }
  size_t end = rest.find_first_of("/?#");
  return CheckAuthority(rest.substr(0, end));
}

// mount: "/" or "/a/b" (a trailing slash is accepted and removed).
std::string NormaliseMount(std::string_view mount, std::string* out) {
  if (mount.empty() || mount.front() != '/') return "must start with \"/\"";
  if (mount.find("//") != std::string_view::npos) {
    return "must not contain an empty segment (\"//\")";
  }
  std::string m(mount);
  if (m.size() > 1 && m.back() == '/') m.pop_back();
  if (m != "/") {
    std::string_view rest(m);
    rest.remove_prefix(1);
    while (true) {
      size_t slash = rest.find('/');
      std::string_view seg = rest.substr(0, slash);
      if (seg.empty()) return "must not contain an empty segment (\"//\")";
      if (seg == "." || seg == "..") return "must not contain . or ..";
      for (char c : seg) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
              c == '_' || c == '.' || c == '~')) {
          return "may only hold letters, digits, - _ . ~ and /";
        }
      }
      if (slash == std::string_view::npos) break;
      rest.remove_prefix(slash + 1);
    }
  }
  *out = m;
  return "";
}

// A plausible mail address: local@domain, no spaces, brackets or controls;
// at least as strict as the mail sender's check (ValidateMailAddress,
// notify/smtp_mail_sender.h), so that an accepted one can send.
std::string CheckAddress(std::string_view a) {
  if (HasControl(a)) return "must not contain control characters (CR, LF)";
  if (a.size() > 254) return "must be at most 254 characters";
  size_t at = a.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == a.size() ||
      a.find('@', at + 1) != std::string_view::npos) {
    return "must be an address like no-reply@example.org (one @)";
  }
  for (char c : a) {
    if (c == ' ' || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' ||
        c == '(' || c == ')' || c == '\\') {
      return "must be a bare address like no-reply@example.org (the name "
             "goes in mail.from_name)";
    }
  }
  std::string_view domain = a.substr(at + 1);
  if (domain.find('@') != std::string_view::npos || domain.front() == '.' ||
      domain.back() == '.' || domain.find("..") != std::string_view::npos) {
    return "has an invalid domain";
  }
  return "";
}

void ParseDatabase(Section s, DatabaseConfig* c) {
  s.Str("host", &c->host);
  s.Int("port", &c->port, 1, 65535);
  s.Str("socket", &c->socket);
  s.Str("user", &c->user);
  s.Str("password_file", &c->password_file);
  s.Str("name", &c->name);
  s.Int("connect_timeout_seconds", &c->connect_timeout_seconds, 1, 3600);
  if (c->socket.empty() && c->host.empty()) {
    s.Problem("host", "must not be empty (or set database.socket)");
  }
  if (c->user.empty()) s.Problem("user", "must not be empty");
  if (c->name.empty()) s.Problem("name", "must not be empty");
  for (auto [key, v] :
       {std::pair<const char*, const std::string*>{"host", &c->host},
        {"socket", &c->socket},
        {"user", &c->user},
        {"name", &c->name},
        {"password_file", &c->password_file}}) {
    if (HasControl(*v)) s.Problem(key, "must not contain control characters");
  }
  s.ReportUnknown();
}

void ParseServer(Section s, ServerConfig* c) {
  if (s.Str("public_base_url", &c->public_base_url)) {
    std::string e = CheckBaseUrl(c->public_base_url);
    if (!e.empty()) s.Problem("public_base_url", e);
  }
  std::string mount;
  if (s.Str("mount", &mount)) {
    std::string e = NormaliseMount(mount, &c->mount);
    if (!e.empty()) s.Problem("mount", e);
  }
  if (s.Str("listen", &c->listen)) {
    if (c->listen.empty()) {
      s.Problem("listen", "must not be empty");
    } else if (HasControl(c->listen)) {
      s.Problem("listen", "must not contain control characters");
    } else if (c->listen.front() != '/') {
      size_t colon = c->listen.rfind(':');
      std::string_view port =
          colon == std::string::npos
              ? std::string_view()
              : std::string_view(c->listen).substr(colon + 1);
      if (colon == std::string::npos || colon == 0 || !IsDigits(port) ||
          port.size() > 5 || std::stoi(std::string(port)) < 1 ||
          std::stoi(std::string(port)) > 65535) {
        s.Problem("listen",
                  "must be an absolute socket path or host:port (port "
                  "1..65535)");
      }
    }
  }
  s.Has("socket_mode");  // read by ParseSocketMode (needs the raw node)
  s.Int("threads", &c->threads, 1, 256);
  s.Int("max_body_bytes", &c->max_body_bytes, 1024, 16 * 1024 * 1024);
  if (s.Str("static_url", &c->static_url) && HasControl(c->static_url)) {
    s.Problem("static_url", "must not contain control characters");
  }
  if (s.Str("templates_dir", &c->templates_dir) && c->templates_dir.empty()) {
    s.Problem("templates_dir", "must not be empty");
  }
  if (s.Str("log_format", &c->log_format) && c->log_format != "text" &&
      c->log_format != "json") {
    s.Problem("log_format", "must be \"text\" or \"json\"");
  }
  s.ReportUnknown();
}

void ParseMetrics(Section s, MetricsConfig* c) {
  if (s.StrList("allow", &c->allow)) {
    for (const std::string& entry : c->allow) {
      std::string e = IpAllowList::Check(entry);
      if (!e.empty()) s.Problem("allow", e);
    }
  }
  s.ReportUnknown();
}

// socket_mode needs the raw node, so it is read apart from Section::Int.
void ParseSocketMode(const toml::table* server,
                     std::vector<ConfigProblem>* problems, ServerConfig* c) {
  if (server == nullptr) return;
  const toml::node* node = server->get("socket_mode");
  if (node == nullptr) return;
  const std::string key = "server.socket_mode";
  if (const auto* s = node->as_string()) {
    const std::string& v = s->get();
    bool ok = v.size() >= 3 && v.size() <= 4;
    for (char ch : v) ok = ok && ch >= '0' && ch <= '7';
    if (ok && v.size() == 4 && v[0] != '0') ok = false;
    if (!ok) {
      problems->push_back(
          {key,
           "must be an octal mode string like \"0660\" (got \"" + v + "\")"});
      return;
    }
    c->socket_mode = static_cast<int>(std::strtol(v.c_str(), nullptr, 8));
    return;
  }
  if (const auto* i = node->as_integer()) {
    if ((i->flags() & toml::value_flags::format_as_octal) !=
            toml::value_flags::none &&
        i->get() >= 0 && i->get() <= 0777) {
      c->socket_mode = static_cast<int>(i->get());
      return;
    }
    problems->push_back(
        {key,
         "must be an octal mode string like \"0660\" (a decimal "
         "integer is ambiguous)"});
    return;
  }
  problems->push_back({key, "expected a string (octal mode like \"0660\")"});
}

void ParseMail(Section s, MailConfig* c) {
  if (s.Str("smtp_url", &c->smtp_url)) {
    std::string e = CheckSmtpUrl(c->smtp_url);
    if (!e.empty()) s.Problem("smtp_url", e);
  }
  if (s.Str("from", &c->from)) {
    std::string e = CheckAddress(c->from);
    if (!e.empty()) s.Problem("from", e);
  }
  if (s.Str("from_name", &c->from_name) && HasControl(c->from_name)) {
    s.Problem("from_name", "must not contain control characters (CR, LF)");
  }
  if (s.Str("starttls", &c->starttls) && c->starttls != "required" &&
      c->starttls != "off") {
    s.Problem("starttls", "must be \"required\" or \"off\"");
  }
  if (s.Str("username", &c->username) && HasControl(c->username)) {
    s.Problem("username", "must not contain control characters");
  }
  s.Str("password_file", &c->password_file);
  s.Str("ca_file", &c->ca_file);
  s.Int("timeout_seconds", &c->timeout_seconds, 1, 3600);
  s.ReportUnknown();
}

void ParseSms(Section s, SmsConfig* c) {
  if (s.Str("url", &c->url) && !c->url.empty()) {
    std::string e = CheckHttpUrl(c->url);
    if (!e.empty()) s.Problem("url", e);
  }
  if (s.Str("method", &c->method) && c->method != "POST" &&
      c->method != "PUT") {
    s.Problem("method", "must be \"POST\" or \"PUT\"");
  }
  s.Str("auth_header_file", &c->auth_header_file);
  if (s.Str("content_type", &c->content_type) &&
      c->content_type != "application/json" &&
      c->content_type != "application/x-www-form-urlencoded") {
    s.Problem("content_type",
              "must be \"application/json\" or "
              "\"application/x-www-form-urlencoded\"");
  }
  if (s.Str("body_template", &c->body_template) &&
      c->body_template.find("{text}") == std::string::npos) {
    s.Problem("body_template", "must contain {text}");
  }
  if (s.Str("sender", &c->sender) && HasControl(c->sender)) {
    s.Problem("sender", "must not contain control characters");
  }
  s.Str("ca_file", &c->ca_file);
  s.Int("timeout_seconds", &c->timeout_seconds, 1, 3600);
  s.ReportUnknown();
}

void ParseArgon2(Section s, Argon2Config* c) {
  s.Int("memory_kib", &c->memory_kib, 8192, kMaxArgon2MemoryKib);
  s.Int("iterations", &c->iterations, 1, kMaxArgon2Iterations);
  s.Int("parallelism", &c->parallelism, 1, kMaxArgon2Parallelism);
  s.Int("max_concurrent", &c->max_concurrent, 1, 1024);
  s.Int("queue_timeout_ms", &c->queue_timeout_ms, 1, 600000);
  s.ReportUnknown();
}

void ParseLimits(Section s, LimitsConfig* c) {
  s.Int("login_per_account_ip", &c->login_per_account_ip, 1);
  s.Int("login_per_account", &c->login_per_account, 1);
  s.Int("login_per_ip", &c->login_per_ip, 1);
  s.Int("login_window_seconds", &c->login_window_seconds, 1);
  s.Int("login_slowdown_seconds", &c->login_slowdown_seconds, 1, 3600);
  s.Int("password_change_failures", &c->password_change_failures, 1, 100);
  s.Int("request_per_account_hour", &c->request_per_account_hour, 1);
  s.Int("request_per_ip_hour", &c->request_per_ip_hour, 1);
  s.Int("sms_per_destination_hour", &c->sms_per_destination_hour, 1);
  s.Int("sms_global_hour", &c->sms_global_hour, 1);
  s.ReportUnknown();
}

void ParseSecurity(Section s, const toml::table* table,
                   std::vector<ConfigProblem>* problems, SecurityConfig* c) {
  if (!s.Str("secret_key_file", &c->secret_key_file) ||
      c->secret_key_file.empty()) {
    if (!(table != nullptr && table->contains("secret_key_file") &&
          !table->get("secret_key_file")->is_string())) {
      s.Problem("secret_key_file",
                "required: the path of a file holding at least 32 random "
                "bytes (sesame gen-key FILE writes one)");
    }
  }
  s.Int("session_idle_minutes", &c->session_idle_minutes, 1, 7 * 24 * 60);
  s.Int("session_absolute_hours", &c->session_absolute_hours, 1, 24 * 365);
  s.Int("hsts_max_age", &c->hsts_max_age, 0);
  s.Str("password_blocklist_file", &c->password_blocklist_file);
  s.Int("password_min_length", &c->password_min_length, 8, 1024);
  s.Int("password_max_length", &c->password_max_length, 8, 1024);
  // Both hold a valid value here (a refused value leaves the default).
  if (c->password_min_length > c->password_max_length) {
    s.Problem("password_max_length",
              "must be at least security.password_min_length (" +
                  std::to_string(c->password_min_length) + ")");
  }
  s.Int("password_min_score", &c->password_min_score, 0, 4);
  s.Int("temporary_password_hours", &c->temporary_password_hours, 1, 24 * 365);
  if (const toml::table* t = s.Sub("argon2")) {
    ParseArgon2(Section(t, s.Key("argon2"), problems), &c->argon2);
  }
  if (const toml::table* t = s.Sub("limits")) {
    ParseLimits(Section(t, s.Key("limits"), problems), &c->limits);
  }
  s.ReportUnknown();
}

std::string QuotedList(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += ", ";
    out += "\"" + n + "\"";
  }
  return out;
}

void ParseCaptcha(Section s, const ConfigSchema& schema, CaptchaConfig* c) {
  if (s.StrList("forms", &c->forms)) {
    std::vector<std::string> known = {"login"};
    known.insert(known.end(), schema.captcha_forms.begin(),
                 schema.captcha_forms.end());
    for (const std::string& form : c->forms) {
      if (std::find(known.begin(), known.end(), form) == known.end()) {
        s.Problem("forms", "unknown form \"" + form +
                               "\" (known: " + QuotedList(known) + ")");
      }
    }
  }
  s.Int("ttl_seconds", &c->ttl_seconds, 30, 300);
  if (s.Str("audio_dir", &c->audio_dir) &&
      (c->audio_dir.empty() || HasControl(c->audio_dir))) {
    s.Problem("audio_dir",
              "must be the folder holding 0.wav..9.wav (not empty, no "
              "control characters)");
  }
  s.ReportUnknown();
}

void ParseAuth(Section s, AuthConfig* c) {
  if (s.StrList("next_allowed", &c->next_allowed)) {
    for (const std::string& path : c->next_allowed) {
      if (!IsPlainPath(path)) {
        s.Problem("next_allowed",
                  "\"" + path +
                      "\" is not a plain path: it must start with one \"/\" "
                      "and hold only letters, digits and - . _ ~ /, without "
                      "\"//\" or \"..\"");
      }
    }
  }
  s.ReportUnknown();
}

// The branding keys, in [branding] or a flow's section.
void ParseBrandingKeys(Section& s, BrandingOverrides* o) {
  ConfigSection view(&s);
  auto text = [&](const char* key, std::optional<std::string>* out) {
    std::string value;
    if (view.Text(key, &value)) *out = std::move(value);
  };
  text("organisation", &o->organisation);
  text("assistance_contact", &o->assistance_contact);
  text("postal_address", &o->postal_address);
  text("mail_from_name", &o->mail_from_name);
  std::string value;
  if (s.Str("assistance_url", &value)) {
    std::string e = value.empty() ? "" : CheckHttpUrl(value);
    if (e.empty()) {
      o->assistance_url = value;
    } else {
      s.Problem("assistance_url", e);
    }
  }
  if (s.Str("credential", &value)) {
    if (value.empty() || value.size() > 64 || HasControl(value)) {
      s.Problem("credential",
                "must name the secret in a few words (« mot de passe »)");
    } else {
      o->credential = value;
    }
  }
  if (s.Str("mail_from", &value)) {
    std::string e = value.empty() ? "" : CheckAddress(value);
    if (e.empty()) {
      o->mail_from = value;
    } else {
      s.Problem("mail_from", e);
    }
  }
}

bool IsLanguageTag(std::string_view s) {
  if (s.size() < 2 || s.size() > 8) return false;
  for (char c : s) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

void ParseBranding(Section s, BrandingConfig* c) {
  BrandingOverrides o;
  ParseBrandingKeys(s, &o);
  *c = o.Apply(*c);
  std::vector<std::string> languages;
  if (s.StrList("languages", &languages)) {
    std::set<std::string> seen;
    bool ok = !languages.empty();
    for (const std::string& l : languages) {
      if (!IsLanguageTag(l) || !seen.insert(l).second) ok = false;
    }
    if (ok) {
      c->languages = std::move(languages);
    } else {
      s.Problem("languages",
                "must list languages once each, the default first, by their "
                "lower-case code: [\"fr\", \"en\"]");
    }
  }
  s.ReportUnknown();
}

void ParseDeliver(Section s, DeliverConfig* c) {
  s.Int("poll_interval_ms", &c->poll_interval_ms, 10, 3600 * 1000);
  s.Int("batch_size", &c->batch_size, 1, 10000);
  s.Int("outbox_batch_size", &c->outbox_batch_size, 1, 10000);
  s.Int("request_threads", &c->request_threads, 1, 16);
  s.Int("claim_seconds", &c->claim_seconds, 1);
  s.Int("backoff_initial_seconds", &c->backoff_initial_seconds, 1);
  s.Int("backoff_max_seconds", &c->backoff_max_seconds, 1);
  s.Int("default_ttl_hours", &c->default_ttl_hours, 1, 24 * 365);
  s.Int("smtp_connections", &c->smtp_connections, 1, 64);
  s.Int("sms_connections", &c->sms_connections, 1, 64);
  if (s.Str("wake_socket", &c->wake_socket) && !c->wake_socket.empty() &&
      (c->wake_socket[0] != '/' || c->wake_socket.size() > 107)) {
    s.Problem("wake_socket",
              "must be an absolute path of at most 107 bytes, or empty");
  }
  if (c->backoff_max_seconds < c->backoff_initial_seconds) {
    s.Problem("backoff_max_seconds",
              "must be at least deliver.backoff_initial_seconds (" +
                  std::to_string(c->backoff_initial_seconds) + ")");
  }
  s.ReportUnknown();
}

// [recovery] flows; the flows whose settings live in [recovery] read the
// rest of the section.
void ParseRecovery(Section& s, const ConfigSchema& schema, RecoveryConfig* c) {
  c->flows = schema.default_flows;
  if (s.StrList("flows", &c->flows)) {
    for (const std::string& flow : c->flows) {
      if (std::find(schema.flows.begin(), schema.flows.end(), flow) ==
          schema.flows.end()) {
        s.Problem("flows", "unknown flow \"" + flow +
                               "\" (known: " + QuotedList(schema.flows) + ")");
      }
    }
  }
}

// Reads a whole file into *out; returns an error message or "".
std::string ReadFile(const std::string& path, std::string* out,
                     size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return "cannot read " + path + ": " + std::strerror(errno);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return path + " is not a regular file";
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return path + " is too large (more than " + std::to_string(max_bytes) +
           " bytes)";
  }
  out->clear();
  char buf[8192];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string e = "cannot read " + path + ": " + std::strerror(errno);
      ::close(fd);
      return e;
    }
    if (n == 0) break;
    out->append(buf, static_cast<size_t>(n));
    if (out->size() > max_bytes) {
      ::close(fd);
      return path + " is too large";
    }
  }
  ::close(fd);
  return "";
}

// Reads a secret file, refusing world-readable ones. Returns "" or an error.
std::string ReadSecretFile(const std::string& path, std::string* out) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return "cannot read " + path + ": " + std::strerror(errno);
  }
  if (st.st_mode & S_IROTH) {
    return path +
           " is readable by every user of the machine: chmod o-rwx it (0600 "
           "or 0640 with the service's group)";
  }
  return ReadFile(path, out, 1 << 20);
}

void StripOneNewline(std::string* s) {
  if (!s->empty() && s->back() == '\n') {
    s->pop_back();
    if (!s->empty() && s->back() == '\r') s->pop_back();
  }
}

}  // namespace

bool Config::https() const {
  return server.public_base_url.rfind("https://", 0) == 0;
}

std::string Config::MountPrefix() const {
  std::string m = server.mount;
  while (!m.empty() && m.back() == '/') m.pop_back();
  if (m.empty() || m.front() != '/') m.insert(m.begin(), '/');
  if (m != "/") m += '/';
  return m;
}

std::string Config::PublicUrl(const std::string& path) const {
  std::string base = server.public_base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string_view p(path);
  while (!p.empty() && p.front() == '/') p.remove_prefix(1);
  return base + MountPrefix() + std::string(p);
}

BrandingConfig BrandingOverrides::Apply(BrandingConfig base) const {
  auto apply = [](const std::optional<std::string>& from, std::string* to) {
    if (from) *to = *from;
  };
  apply(organisation, &base.organisation);
  apply(assistance_contact, &base.assistance_contact);
  apply(assistance_url, &base.assistance_url);
  apply(postal_address, &base.postal_address);
  apply(credential, &base.credential);
  apply(mail_from, &base.mail_from);
  apply(mail_from_name, &base.mail_from_name);
  return base;
}

BrandingConfig Config::BrandingFor(const std::string& flow) const {
  const FlowSettings* settings = flow_settings.Find(flow);
  return settings == nullptr ? branding : settings->branding.Apply(branding);
}

std::unique_ptr<FlowSettings> DefaultFlowSettings(
    const std::function<std::unique_ptr<FlowSettings>(ConfigSection&)>& parse) {
  std::vector<ConfigProblem> problems;
  Section empty(nullptr, "", &problems);
  ConfigSection view(&empty);
  return parse(view);
}

ConfigSection ConfigSection::Sub(std::string_view key) {
  return ConfigSection(impl_->Child(key));
}

std::string ConfigSection::Key(std::string_view key) const {
  return impl_->Key(key);
}
void ConfigSection::Problem(std::string_view key, std::string message) {
  impl_->Problem(key, std::move(message));
}
bool ConfigSection::Str(std::string_view key, std::string* out) {
  return impl_->Str(key, out);
}
bool ConfigSection::Text(std::string_view key, std::string* out) {
  if (!impl_->Str(key, out)) return false;
  if (!HasControl(*out)) return true;
  impl_->Problem(key, "must not contain control characters");
  return false;
}
bool ConfigSection::Int(std::string_view key, int* out, int min, int max) {
  return impl_->Int(key, out, min, max);
}
bool ConfigSection::StrList(std::string_view key,
                            std::vector<std::string>* out) {
  return impl_->StrList(key, out);
}

Config ParseConfig(const std::string& toml_text, const std::string& path,
                   std::vector<ConfigProblem>* problems,
                   const ConfigSchema& schema) {
  Config config;
  config.path = path;
  toml::table root;
  try {
    root = toml::parse(toml_text, path);
  } catch (const toml::parse_error& e) {
    const toml::source_region& where = e.source();
    std::ostringstream msg;
    msg << (path.empty() ? std::string("config") : path) << " line "
        << where.begin.line << ", column " << where.begin.column << ": "
        << e.description();
    problems->push_back({"(file)", msg.str()});
    return config;
  }

  Section top(&root, "", problems);
  if (const toml::table* t = top.Sub("database")) {
    ParseDatabase(Section(t, "database", problems), &config.database);
  }
  const toml::table* server = top.Sub("server");
  if (server != nullptr) {
    ParseServer(Section(server, "server", problems), &config.server);
    ParseSocketMode(server, problems, &config.server);
  }
  if (const toml::table* t = top.Sub("metrics")) {
    ParseMetrics(Section(t, "metrics", problems), &config.metrics);
  }
  if (const toml::table* t = top.Sub("mail")) {
    ParseMail(Section(t, "mail", problems), &config.mail);
  }
  if (const toml::table* t = top.Sub("sms")) {
    ParseSms(Section(t, "sms", problems), &config.sms);
  }
  const toml::table* security = top.Sub("security");
  ParseSecurity(Section(security, "security", problems), security, problems,
                &config.security);
  if (const toml::table* t = top.Sub("captcha")) {
    ParseCaptcha(Section(t, "captcha", problems), schema, &config.captcha);
  }
  if (const toml::table* t = top.Sub("branding")) {
    ParseBranding(Section(t, "branding", problems), &config.branding);
  }
  if (const toml::table* t = top.Sub("translations")) {
    for (auto&& [lang, node] : *t) {
      const std::string l(lang.str());
      const std::string key = "translations." + l;
      const toml::table* table = node.as_table();
      if (table == nullptr || std::find(config.branding.languages.begin(),
                                        config.branding.languages.end(),
                                        l) == config.branding.languages.end()) {
        problems->push_back(
            {key,
             "must be a table [translations.<lang>] of a language of "
             "branding.languages"});
        continue;
      }
      for (auto&& [text, value] : *table) {
        const auto* str = value.as_string();
        if (str == nullptr || str->get().empty() || HasControl(str->get())) {
          problems->push_back({key + ".\"" + std::string(text.str()) + "\"",
                               "expected the text in this language"});
          continue;
        }
        config.translations[l][std::string(text.str())] = str->get();
      }
    }
  }
  if (const toml::table* t = top.Sub("deliver")) {
    ParseDeliver(Section(t, "deliver", problems), &config.deliver);
  }
  if (const toml::table* t = top.Sub("auth")) {
    ParseAuth(Section(t, "auth", problems), &config.auth);
  }
  // [recovery], then each flow's section (parsed even when absent, so that
  // every flow has its settings); a flow may keep its keys in [recovery].
  Section recovery(top.Sub("recovery"), "recovery", problems);
  ParseRecovery(recovery, schema, &config.recovery);
  std::map<std::string, Section> sections;  // the flows' own sections
  for (const ConfigSchema::FlowSection& f : schema.sections) {
    Section* section = &recovery;
    if (f.section != "recovery") {
      auto it = sections.find(f.section);
      if (it == sections.end()) {
        it = sections
                 .emplace(f.section,
                          Section(top.Sub(f.section), f.section, problems))
                 .first;
      }
      section = &it->second;
    }
    ConfigSection view(section);
    std::unique_ptr<FlowSettings> settings = f.parse(view);
    ParseBrandingKeys(*section, &settings->branding);
    config.flow_settings.Set(f.flow, std::move(settings));
  }
  recovery.ReportUnknown();
  for (auto& [name, section] : sections) section.ReportUnknown();
  top.ReportUnknown();
  return config;
}

std::vector<std::string> KnownConfigKeys(const ConfigSchema& schema) {
  config_internal::KeyRecorder recorder;
  config_internal::key_recorder = &recorder;
  // A section's keys are read only when it is there: parse files with every
  // table found so far, empty, until no new one appears.
  size_t tables = 0;
  do {
    tables = recorder.tables.size();
    std::string text;
    for (const std::string& t : recorder.tables) text += "[" + t + "]\n";
    std::vector<ConfigProblem> problems;
    ParseConfig(text, "", &problems, schema);
  } while (recorder.tables.size() != tables);
  config_internal::key_recorder = nullptr;
  std::vector<std::string> keys;
  for (const std::string& k : recorder.keys) {
    if (recorder.tables.count(k) == 0) keys.push_back(k);
  }
  return keys;
}

StatusOr<Config> LoadConfig(const std::string& path_arg,
                            const ConfigSchema& schema) {
  std::string path = path_arg;
  if (path.empty()) {
    const char* env = std::getenv("SESAME_CONFIG");
    if (env != nullptr) path = env;
  }
  if (path.empty()) {
    return Status::InvalidArgument(
        "no config file: pass -c FILE or set SESAME_CONFIG");
  }
  std::string text;
  std::string err = ReadFile(path, &text, 4 << 20);
  if (!err.empty()) {
    return Status::InvalidArgument("config file: " + err);
  }

  std::vector<ConfigProblem> problems;
  Config config = ParseConfig(text, path, &problems, schema);
  bool parsed = problems.empty() || problems.front().key != "(file)";

  if (parsed) {
    SecurityConfig& sec = config.security;
    if (!sec.secret_key_file.empty()) {
      std::string e = ReadSecretFile(sec.secret_key_file, &sec.secret_key);
      if (!e.empty()) {
        problems.push_back({"security.secret_key_file", e});
      } else if (sec.secret_key.size() < 32) {
        problems.push_back(
            {"security.secret_key_file",
             sec.secret_key_file + " holds " +
                 std::to_string(sec.secret_key.size()) +
                 " bytes; at least 32 random bytes are needed (sesame "
                 "gen-key FILE writes one)"});
      }
    }
    struct Secret {
      const char* key;
      const std::string* file;
      std::string* value;
    };
    for (const Secret& s :
         {Secret{"database.password_file", &config.database.password_file,
                 &config.database.password},
          Secret{"mail.password_file", &config.mail.password_file,
                 &config.mail.password},
          Secret{"sms.auth_header_file", &config.sms.auth_header_file,
                 &config.sms.auth_header}}) {
      if (s.file->empty()) continue;
      std::string e = ReadSecretFile(*s.file, s.value);
      if (!e.empty()) {
        problems.push_back({s.key, e});
        continue;
      }
      StripOneNewline(s.value);
      if (s.value->find_first_of("\r\n") != std::string::npos &&
          std::string_view(s.key) == "sms.auth_header_file") {
        problems.push_back({s.key, *s.file + " must hold a single line"});
      }
    }
    if (!config.sms.auth_header.empty() &&
        config.sms.auth_header.find(':') == std::string::npos) {
      problems.push_back(
          {"sms.auth_header_file",
           config.sms.auth_header_file +
               " must hold one header line like \"Authorization: Bearer "
               "...\""});
    }
  }

  if (!problems.empty()) {
    std::string msg;
    for (const ConfigProblem& p : problems) {
      if (!msg.empty()) msg += '\n';
      msg += p.key + ": " + p.message;
    }
    return Status::InvalidArgument(msg);
  }
  return config;
}

}  // namespace sesame
