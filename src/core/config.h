// Config: every setting of a Sésame deployment, read from one TOML file.
//
// Each field carries its TOML key and default. LoadConfig() refuses unknown
// keys and wrong types, naming the key, so a typo never becomes a silent
// default. conf/sesame.toml is the commented example of every key.
#ifndef SESAME_CORE_CONFIG_H_
#define SESAME_CORE_CONFIG_H_

#include <cstdint>
#include <string>
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
  // Login: failures are counted per (account, client IP), per account and
  // per client IP, in the database. No hard lockout: the per-(account, IP)
  // bucket is what a user meets; the per-account one only stops a
  // distributed attack.
  int login_per_account_ip = 10;   // [security.limits] login_per_account_ip
  int login_per_account = 100;     // [security.limits] login_per_account
  int login_per_ip = 50;           // [security.limits] login_per_ip
  int login_window_seconds = 900;  // [security.limits] login_window_seconds
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
  // [captcha] forms: the forms that ask for one. Known: "login", "forgot",
  // "consular_password", "consular_identifier", "consular_link". Empty: off.
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

struct BrandingConfig {
  std::string organisation = "Sésame";  // [branding] organisation
  std::string assistance_contact;       // [branding] assistance_contact
  std::string assistance_url;           // [branding] assistance_url
  std::string postal_address;           // [branding] postal_address
};

struct DeliverConfig {
  int poll_interval_ms = 500;       // [deliver] poll_interval_ms
  int batch_size = 20;              // [deliver] batch_size
  int claim_seconds = 120;          // [deliver] claim_seconds
  int backoff_initial_seconds = 5;  // [deliver] backoff_initial_seconds
  int backoff_max_seconds = 600;    // [deliver] backoff_max_seconds
  int default_ttl_hours = 24;       // [deliver] default_ttl_hours
};

// The recovery flows and the Crédit Municipal flow's settings (defaults are
// that portal's: a 12-hour mail link plus a 5-character SMS code).
struct RecoveryConfig {
  // [recovery] flows: the flows this deployment offers. Known:
  // "credit_municipal" (mail link + SMS activation code), "consular"
  // (NUMIC + e-mail, mail link, identifier, one-time password by SMS).
  std::vector<std::string> flows = {"credit_municipal"};
  int link_ttl_hours = 12;    // [recovery] link_ttl_hours
  int code_length = 5;        // [recovery] code_length (5-12)
  int code_ttl_minutes = 10;  // [recovery] code_ttl_minutes (NIST: 10)
  int code_attempts = 5;      // [recovery] code_attempts per request
  int code_resends = 3;       // [recovery] code_resends per request
  // [recovery] mail_subject; {organisation} is replaced.
  std::string mail_subject = "{organisation} : Réinitialisation code d'accès";
  // [recovery] sms_text; {organisation} and {code} are replaced.
  std::string sms_text =
      "{organisation} : pour valider votre nouveau code d'accès, veuillez "
      "saisir le code {code}.";

  bool Offers(const std::string& flow) const {
    for (const std::string& f : flows) {
      if (f == flow) return true;
    }
    return false;
  }
};

// The consular flow (French consular elections): NUMIC + e-mail, a
// single-use mail link, the identifier on the link page, a one-time
// password by SMS; and the lost-identifier mail.
struct ConsularConfig {
  int link_ttl_hours = 24;      // [consular] link_ttl_hours
  int identifier_attempts = 5;  // [consular] identifier_attempts per link
  // [consular] not_both_hours: the identifier and the password are never
  // both renewed within this many hours (0: no such rule).
  int not_both_hours = 24;
  int password_length = 14;  // [consular] password_length (12-64)
  // [consular] password_mail_subject, identifier_mail_subject;
  // {organisation} is replaced.
  std::string password_mail_subject =
      "{organisation} : renouvellement de votre mot de passe";
  std::string identifier_mail_subject = "{organisation} : votre identifiant";
  // [consular] sms_text; {organisation}, {password} and {hours} are
  // replaced.
  std::string sms_text =
      "{organisation} : votre nouveau mot de passe est {password} . Il ne "
      "sert qu'une fois, dans les {hours} h : vous choisirez alors le "
      "vôtre.";
};

struct Config {
  std::string path;  // the file it came from
  DatabaseConfig database;
  ServerConfig server;
  MailConfig mail;
  SmsConfig sms;
  SecurityConfig security;
  CaptchaConfig captcha;
  BrandingConfig branding;
  DeliverConfig deliver;
  RecoveryConfig recovery;
  ConsularConfig consular;

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

// Parses TOML text. Every problem is appended to *problems (unknown keys,
// wrong types, out-of-range values); secret files are not read.
Config ParseConfig(const std::string& toml_text, const std::string& path,
                   std::vector<ConfigProblem>* problems);

// Reads the file named by `path` (or $SESAME_CONFIG when empty), parses it,
// and reads the secret files. Returns the config, or InvalidArgument listing
// every problem one per line as "key: message".
StatusOr<Config> LoadConfig(const std::string& path);

}  // namespace sesame

#endif  // SESAME_CORE_CONFIG_H_
