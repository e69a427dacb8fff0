// Config: every setting of a Sésame deployment, read from one TOML file.
//
// Each field carries its TOML key and default. LoadConfig() refuses unknown
// keys and wrong types, naming the key, so a typo never becomes a silent
// default. conf/sesame.toml is the commented example of every key.
#ifndef SESAME_CORE_CONFIG_H_
#define SESAME_CORE_CONFIG_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sesame {

struct DatabaseConfig {
  std::string host = "127.0.0.1";   // [database] host
  int port = 3306;                  // [database] port
  std::string socket;               // [database] socket (overrides host/port)
  std::string user = "sesame";      // [database] user
  std::string password_file;        // [database] password_file (may be empty)
  std::string name = "sesame";      // [database] name
  int connect_timeout_seconds = 5;  // [database] connect_timeout_seconds
  // Filled by LoadConfig from password_file (trailing newline removed).
  std::string password;
};

struct ServerConfig {
  // [server] public_base_url: scheme://host[:port], no trailing slash. Every
  // link Sésame writes is built from it, never from the Host header.
  std::string public_base_url = "http://127.0.0.1:8080";
  // [server] mount: the path prefix nginx forwards ("/" or "/sesame").
  std::string mount = "/";
  // [server] listen: a unix socket path ("/run/sesame/sesame.sock") or
  // "host:port" for TCP.
  std::string listen = "/run/sesame/sesame.sock";
  int socket_mode = 0660;      // [server] socket_mode (octal string "0660")
  int threads = 8;             // [server] threads
  int max_body_bytes = 16384;  // [server] max_body_bytes
  std::string static_url;      // [server] static_url (default mount+"static")
  std::string templates_dir =
      "/usr/share/sesame/html";  // [server] templates_dir
  // [server] log_format: "text" (one line per event) or "json" (one JSON
  // object a line).
  std::string log_format = "text";
};

// [metrics]: who may read /metrics.
struct MetricsConfig {
  // [metrics] allow: addresses and CIDR blocks (REMOTE_ADDR as nginx
  // passes it); anyone else gets the 404 of an unknown page.
  std::vector<std::string> allow = {"127.0.0.1", "::1"};
};

struct MailConfig {
  std::string smtp_url = "smtp://127.0.0.1:25";  // [mail] smtp_url
  std::string from = "no-reply@example.org";     // [mail] from
  std::string from_name;                         // [mail] from_name
  // [mail] starttls: "required" (fail unless upgraded), "off" (plain, for a
  // local relay only). smtps:// URLs are TLS from the start.
  std::string starttls = "required";
  std::string username;       // [mail] username
  std::string password_file;  // [mail] password_file
  std::string ca_file;        // [mail] ca_file (default: system store)
  int timeout_seconds = 30;   // [mail] timeout_seconds
  std::string password;       // filled from password_file
};

struct SmsConfig {
  std::string url;  // [sms] url: the gateway endpoint (empty: SMS disabled)
  std::string method = "POST";  // [sms] method: POST or PUT
  // [sms] auth_header_file: file holding one header line, e.g.
  // "Authorization: Bearer ..."; kept out of the config itself.
  std::string auth_header_file;
  std::string content_type = "application/json";  // [sms] content_type
  // [sms] body_template: {to} and {text} are replaced, escaped for the
  // content type (JSON string escaping, or form URL-encoding).
  std::string body_template = R"({"to":"{to}","text":"{text}"})";
  std::string sender;        // [sms] sender ({sender} in the template)
  std::string ca_file;       // [sms] ca_file
  int timeout_seconds = 15;  // [sms] timeout_seconds
  std::string auth_header;   // filled from auth_header_file
};

// The largest Argon2id parameters Sésame configures or verifies with: past
// them one sign-in could allocate gigabytes or hash for minutes.
inline constexpr uint32_t kMaxArgon2MemoryKib = 262144;  // 256 MiB
inline constexpr uint32_t kMaxArgon2Iterations = 16;
inline constexpr uint32_t kMaxArgon2Parallelism = 8;

struct Argon2Config {
  uint32_t memory_kib = 19456;  // [security.argon2] memory_kib (OWASP)
  uint32_t iterations = 2;      // [security.argon2] iterations
  uint32_t parallelism = 1;     // [security.argon2] parallelism
  // [security.argon2] max_concurrent: hashes computed at once per process;
  // the rest wait (up to queue_timeout_ms) then get a 503.
  int max_concurrent = 2;
  int queue_timeout_ms = 2000;  // [security.argon2] queue_timeout_ms
};

struct LimitsConfig {
  // Login: attempts are counted per (account, client IP), per account and
  // per client IP, in the database (recovery/login_rules.h). No hard
  // lockout: the per-(account, IP) bucket is what a user meets; the
  // per-account one only slows a distributed attack.
  int login_per_account_ip = 10;   // [security.limits] login_per_account_ip
  int login_per_account = 100;     // [security.limits] login_per_account
  int login_per_ip = 50;           // [security.limits] login_per_ip
  int login_window_seconds = 900;  // [security.limits] login_window_seconds
  // Past login_per_account, a browser without the account's device cookie
  // (and without a solved login captcha) may try this account once per
  // this many seconds.
  int login_slowdown_seconds = 30;  // [security.limits] login_slowdown_seconds
  // Wrong current passwords on « Changer mon mot de passe » that end the
  // session.
  int password_change_failures =
      5;  // [security.limits] password_change_failures
  // Recovery requests (used by the flows).
  int request_per_account_hour =
      3;                         // [security.limits] request_per_account_hour
  int request_per_ip_hour = 20;  // [security.limits] request_per_ip_hour
  int sms_per_destination_hour =
      5;                      // [security.limits] sms_per_destination_hour
  int sms_global_hour = 500;  // [security.limits] sms_global_hour
};

struct SecurityConfig {
  // [security] secret_key_file: at least 32 random bytes (any content; the
  // file is read whole). Keys HMACs of codes, CSRF tokens and the outbox
  // encryption. `sesame gen-key FILE` writes one.
  std::string secret_key_file;
  int session_idle_minutes = 30;    // [security] session_idle_minutes
  int session_absolute_hours = 12;  // [security] session_absolute_hours
  int hsts_max_age = 63072000;      // [security] hsts_max_age (https only)
  // [security] password_blocklist_file: optional; plain lines or sorted
  // "SHA1:count" lines of the Pwned Passwords download.
  std::string password_blocklist_file;
  int password_min_length = 12;   // [security] password_min_length
  int password_max_length = 128;  // [security] password_max_length
  int password_min_score = 3;     // [security] password_min_score (zxcvbn 0-4)
  // [security] temporary_password_hours: lifetime of a generated one-time
  // password (account add without --password-stdin).
  int temporary_password_hours = 24;
  Argon2Config argon2;
  LimitsConfig limits;
  std::string secret_key;  // filled from secret_key_file
};

// The 4-digit captcha (friction, not a control: the limits still apply).
struct CaptchaConfig {
  // [captcha] forms: the forms that ask for one: "login", and those the
  // offered flows name (README). Empty: off.
  std::vector<std::string> forms;
  int ttl_seconds = 300;  // [captcha] ttl_seconds (at most 300)
  // [captcha] audio_dir: the spoken digits 0.wav..9.wav.
  std::string audio_dir = "/usr/share/sesame/captcha-audio";

  bool On(const std::string& form) const {
    for (const std::string& f : forms) {
      if (f == form) return true;
    }
    return false;
  }
};

// Who speaks on pages, mails and SMS. [branding] is the deployment's; each
// flow's section may set any of these keys for its own pages and messages
// (BrandingOverrides), e.g. another organisation name or sender address.
struct BrandingConfig {
  std::string organisation = "Sésame";  // [branding] organisation
  std::string assistance_contact;       // [branding] assistance_contact
  std::string assistance_url;           // [branding] assistance_url
  std::string postal_address;           // [branding] postal_address
  // [branding] credential: what the secret is called (« mot de passe »,
  // « code d'accès », « code de vote »); a flow may name its own.
  std::string credential = "mot de passe";
  // [branding] mail_from, mail_from_name: the From of the mails (empty:
  // [mail] from and from_name). The envelope sender stays [mail] from.
  std::string mail_from;
  std::string mail_from_name;
  // [branding] languages: the languages of pages, mails and SMS (each has
  // its catalogue html/i18n/<lang>.txt); the first is the default. Only in
  // [branding].
  std::vector<std::string> languages = {"fr", "en"};
};

// The branding keys a flow's section sets (unset: the flow's own default,
// then [branding]).
struct BrandingOverrides {
  std::optional<std::string> organisation;
  std::optional<std::string> assistance_contact;
  std::optional<std::string> assistance_url;
  std::optional<std::string> postal_address;
  std::optional<std::string> credential;
  std::optional<std::string> mail_from;
  std::optional<std::string> mail_from_name;

  // `base` with these keys applied.
  BrandingConfig Apply(BrandingConfig base) const;
};

struct DeliverConfig {
  int poll_interval_ms = 500;  // [deliver] poll_interval_ms
  int batch_size = 20;         // [deliver] batch_size (requests)
  // [deliver] outbox_batch_size: messages claimed, sent and recorded at a
  // time (two commits a batch).
  int outbox_batch_size = 100;
  // [deliver] request_threads: threads handling requests at once, each with
  // its own database connection (1..16).
  int request_threads = 2;
  int claim_seconds = 120;          // [deliver] claim_seconds
  int backoff_initial_seconds = 5;  // [deliver] backoff_initial_seconds
  int backoff_max_seconds = 600;    // [deliver] backoff_max_seconds
  int default_ttl_hours = 24;       // [deliver] default_ttl_hours
  // [deliver] smtp_connections: SMTP sessions kept open between mails and
  // sent over at once (1..64).
  int smtp_connections = 4;
  // [deliver] sms_connections: SMS sent to the gateway at once, while the
  // batch's mails go out (1..64).
  int sms_connections = 4;
  // [deliver] wake_socket: the unix datagram socket deliver listens on and
  // serve wakes it through (core/wake.h); empty: deliver only polls.
  std::string wake_socket = "/run/sesame/deliver.sock";
};

// Which recovery flows this deployment offers. Each flow keeps its own
// settings in its own section (see FlowSettings below and
// src/flows/<name>/settings.h).
struct RecoveryConfig {
  // [recovery] flows: the flows this deployment offers, by name (the
  // compiled-in ones are in the README). Default: those the schema offers
  // by default (ConfigSchema::default_flows).
  std::vector<std::string> flows;

  bool Offers(const std::string& flow) const {
    for (const std::string& f : flows) {
      if (f == flow) return true;
    }
    return false;
  }
};

// The settings of one recovery flow: parsed by the flow itself from its
// config section, kept in Config by the flow's name. Derive from
// FlowSettingsOf<YourSettings>.
class FlowSettings {
 public:
  virtual ~FlowSettings() = default;
  virtual std::unique_ptr<FlowSettings> Clone() const = 0;

  // The branding keys of the flow's section (read for every flow; a flow
  // may preset its own defaults, e.g. the credential's name).
  BrandingOverrides branding;
};

template <typename T>
class FlowSettingsOf : public FlowSettings {
 public:
  std::unique_ptr<FlowSettings> Clone() const override {
    return std::make_unique<T>(static_cast<const T&>(*this));
  }
};

// Flow name -> its settings; copies copy the settings.
class FlowSettingsMap {
 public:
  FlowSettingsMap() = default;
  FlowSettingsMap(const FlowSettingsMap& other) { *this = other; }
  FlowSettingsMap& operator=(const FlowSettingsMap& other) {
    if (this == &other) return *this;
    map_.clear();
    for (const auto& [name, settings] : other.map_) {
      map_[name] = settings->Clone();
    }
    return *this;
  }
  FlowSettingsMap(FlowSettingsMap&&) = default;
  FlowSettingsMap& operator=(FlowSettingsMap&&) = default;

  const FlowSettings* Find(const std::string& flow) const {
    auto it = map_.find(flow);
    return it == map_.end() ? nullptr : it->second.get();
  }
  FlowSettings* Find(const std::string& flow) {
    auto it = map_.find(flow);
    return it == map_.end() ? nullptr : it->second.get();
  }
  void Set(const std::string& flow, std::unique_ptr<FlowSettings> settings) {
    map_[flow] = std::move(settings);
  }

 private:
  std::map<std::string, std::unique_ptr<FlowSettings>> map_;
};

// Sign-in for other locations of the same host (nginx auth_request, GET
// /auth): where /login?next= may send the browser back.
struct AuthConfig {
  // [auth] next_allowed: paths (from the host's root) that /login?next=
  // returns to after sign-in; an entry ending in "/" is a prefix, any other
  // an exact path. Empty: next is ignored (NextPathAllowed, core/next_path.h).
  std::vector<std::string> next_allowed;
};

struct Config {
  std::string path;  // the file it came from
  DatabaseConfig database;
  ServerConfig server;
  MetricsConfig metrics;
  MailConfig mail;
  SmsConfig sms;
  SecurityConfig security;
  CaptchaConfig captcha;
  BrandingConfig branding;
  DeliverConfig deliver;
  AuthConfig auth;
  RecoveryConfig recovery;
  FlowSettingsMap flow_settings;  // by flow name
  // [translations.<lang>]: the deployment's own wording (organisation,
  // subjects, SMS texts, ...) in each language, keyed by the text as
  // configured: "Crédit Municipal de Paris" = "Paris Municipal Credit".
  std::map<std::string, std::map<std::string, std::string>> translations;

  // The settings of `flow` (its defaults when its section was absent or the
  // config was built by hand).
  template <typename T>
  const T& Flow(const std::string& flow) const {
    if (const auto* s = dynamic_cast<const T*>(flow_settings.Find(flow))) {
      return *s;
    }
    static const T defaults;
    return defaults;
  }
  // The same, to change (tests, tools); created with its defaults.
  template <typename T>
  T& MutableFlow(const std::string& flow) {
    if (auto* s = dynamic_cast<T*>(flow_settings.Find(flow))) return *s;
    auto created = std::make_unique<T>();
    T* raw = created.get();
    flow_settings.Set(flow, std::move(created));
    return *raw;
  }

  // [branding] with the overrides of `flow`'s section ("" or an unknown
  // flow: [branding] as it is).
  BrandingConfig BrandingFor(const std::string& flow) const;

  // True when public_base_url is https: cookies get __Host- and Secure.
  bool https() const;
  // mount with a trailing slash ("/", "/sesame/").
  std::string MountPrefix() const;
  // public_base_url + mount + path ("/reset" -> "https://x/sesame/reset").
  std::string PublicUrl(const std::string& path) const;
};

// One problem found in a config file: the key ("mail.smtp_url") and what is
// wrong with it.
struct ConfigProblem {
  std::string key;
  std::string message;
};

namespace config_internal {
class Section;
}

// The keys of one config section, for a flow's settings parser. Every key
// read is known; the others are reported as unknown once all parsers of
// the section ran.
class ConfigSection {
 public:
  explicit ConfigSection(config_internal::Section* impl) : impl_(impl) {}
  // The full dotted key ("section.key").
  std::string Key(std::string_view key) const;
  void Problem(std::string_view key, std::string message);
  // Each returns true when the key is present and well typed (and stored).
  bool Str(std::string_view key, std::string* out);
  // A string without control characters (a mail subject, a name).
  bool Text(std::string_view key, std::string* out);
  bool Int(std::string_view key, int* out, int min, int max);
  bool StrList(std::string_view key, std::vector<std::string>* out);
  // The sub-table `key` ([section.key], e.g. [education.oidc]) as a section
  // of its own (absent: an empty one); its unknown keys are reported too.
  ConfigSection Sub(std::string_view key);

 private:
  config_internal::Section* impl_;
};

// What the compiled-in flows add to the config (flows/flows.h builds it).
struct ConfigSchema {
  struct FlowSection {
    std::string flow;     // the name its settings are kept under
    std::string section;  // its TOML table
    std::function<std::unique_ptr<FlowSettings>(ConfigSection&)> parse;
  };
  std::vector<std::string> flows;          // names [recovery] flows accepts
  std::vector<std::string> default_flows;  // offered when it is absent
  std::vector<std::string> captcha_forms;  // [captcha] forms, besides login
  std::vector<FlowSection> sections;
};

// Parses TOML text. Every problem is appended to *problems (unknown keys,
// wrong types, out-of-range values); secret files are not read. `schema`
// says which flows, flow sections and captcha forms exist.
Config ParseConfig(const std::string& toml_text, const std::string& path,
                   std::vector<ConfigProblem>* problems,
                   const ConfigSchema& schema);

// A flow's settings as parsed from an empty section: its defaults, for a
// Config built by hand (tests, tools).
std::unique_ptr<FlowSettings> DefaultFlowSettings(
    const std::function<std::unique_ptr<FlowSettings>(ConfigSection&)>& parse);

// Every key the parser knows, dotted ("mail.from", "education.oidc.issuer"),
// the flows' sections of `schema` included, sorted: what sesame.toml(5)
// must list.
std::vector<std::string> KnownConfigKeys(const ConfigSchema& schema);

// Reads the file named by `path` (or $SESAME_CONFIG when empty), parses it,
// and reads the secret files. Returns the config, or InvalidArgument listing
// every problem one per line as "key: message".
StatusOr<Config> LoadConfig(const std::string& path,
                            const ConfigSchema& schema);

}  // namespace sesame

#endif  // SESAME_CORE_CONFIG_H_
