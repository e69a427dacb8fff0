#include "core/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/config_problems.h"
#include "flows/consular/settings.h"
#include "flows/credit_municipal/settings.h"
#include "flows/flows.h"

namespace sesame {
namespace {

using ::testing::HasSubstr;

// The config as `sesame` reads it: with the compiled-in flows' sections.
Config ParseConfig(const std::string& text, const std::string& path,
                   std::vector<ConfigProblem>* problems) {
  return sesame::ParseConfig(text, path, problems, FlowConfigSchema());
}
StatusOr<Config> LoadConfig(const std::string& path) {
  return sesame::LoadConfig(path, FlowConfigSchema());
}

// A private temporary directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/sesame_config_test_XXXXXX";
    char* d = mkdtemp(tmpl);
    if (d != nullptr) path_ = d;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  // Writes `content` to name with `mode`; returns the full path.
  std::string Write(const std::string& name, const std::string& content,
                    mode_t mode = 0600) {
    std::string p = path_ + "/" + name;
    std::ofstream(p, std::ios::binary) << content;
    chmod(p.c_str(), mode);
    return p;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string Keys(const std::vector<ConfigProblem>& problems) {
  return testing::ProblemKeys(problems);
}
const ConfigProblem* Find(const std::vector<ConfigProblem>& problems,
                          const std::string& key) {
  return testing::FindProblem(problems, key);
}

constexpr char kFullConfig[] = R"(
[database]
host = "db.internal"
port = 3307
socket = ""
user = "sesame_app"
password_file = "/etc/sesame/db.password"
name = "sesame_prod"
connect_timeout_seconds = 7

[server]
public_base_url = "https://compte.example.org"
mount = "/sesame/"
listen = "127.0.0.1:9000"
socket_mode = "0640"
threads = 16
max_body_bytes = 32768
static_url = "https://cdn.example.org/sesame/"
templates_dir = "/opt/sesame/html"

[mail]
smtp_url = "smtps://smtp.example.org:465"
from = "ne-pas-repondre@example.org"
from_name = "Service des comptes"
starttls = "off"
username = "sesame"
password_file = "/etc/sesame/smtp.password"
ca_file = "/etc/ssl/certs/ca.pem"
timeout_seconds = 20

[sms]
url = "https://sms.example.net/api/send"
method = "PUT"
auth_header_file = "/etc/sesame/sms.header"
content_type = "application/x-www-form-urlencoded"
body_template = "to={to}&text={text}&from={sender}"
sender = "SESAME"
ca_file = "/etc/ssl/certs/gw.pem"
timeout_seconds = 9

[security]
secret_key_file = "/etc/sesame/secret.key"
session_idle_minutes = 20
session_absolute_hours = 8
hsts_max_age = 31536000
password_blocklist_file = "/var/lib/sesame/pwned.txt"
password_min_length = 14
password_max_length = 256
password_min_score = 4
temporary_password_hours = 48

[security.argon2]
memory_kib = 65536
iterations = 3
parallelism = 2
max_concurrent = 4
queue_timeout_ms = 1500

[security.limits]
login_per_account_ip = 11
login_per_account = 101
login_per_ip = 51
login_window_seconds = 901
login_slowdown_seconds = 31
password_change_failures = 6
request_per_account_hour = 4
request_per_ip_hour = 21
sms_per_destination_hour = 6
sms_global_hour = 501

[branding]
organisation = "Mairie de Trifouillis"
assistance_contact = "01 23 45 67 89"
assistance_url = "https://aide.example.org/comptes"
postal_address = "1 place de la Mairie"

[deliver]
poll_interval_ms = 250
batch_size = 50
claim_seconds = 60
backoff_initial_seconds = 2
backoff_max_seconds = 300
default_ttl_hours = 12
smtp_connections = 8
sms_connections = 5
outbox_batch_size = 250
request_threads = 3
wake_socket = "/run/sesame/site1-deliver.sock"
)";

// A minimal valid config plus `extra` appended (for bad-value tests).
std::vector<ConfigProblem> ParseWith(const std::string& text) {
  std::vector<ConfigProblem> problems;
  ParseConfig(text, "test.toml", &problems);
  return problems;
}

constexpr char kMinimal[] = "[security]\nsecret_key_file = \"/k\"\n";

TEST(ParseConfigTest, FullConfigReadsEveryKey) {
  std::vector<ConfigProblem> problems;
  Config c = ParseConfig(kFullConfig, "full.toml", &problems);
  ASSERT_TRUE(problems.empty()) << Keys(problems);
  EXPECT_EQ(c.path, "full.toml");
  EXPECT_EQ(c.database.host, "db.internal");
  EXPECT_EQ(c.database.port, 3307);
  EXPECT_EQ(c.database.user, "sesame_app");
  EXPECT_EQ(c.database.password_file, "/etc/sesame/db.password");
  EXPECT_EQ(c.database.name, "sesame_prod");
  EXPECT_EQ(c.database.connect_timeout_seconds, 7);
  EXPECT_EQ(c.server.public_base_url, "https://compte.example.org");
  EXPECT_EQ(c.server.mount, "/sesame");
  EXPECT_EQ(c.server.listen, "127.0.0.1:9000");
  EXPECT_EQ(c.server.socket_mode, 0640);
  EXPECT_EQ(c.server.threads, 16);
  EXPECT_EQ(c.server.max_body_bytes, 32768);
  EXPECT_EQ(c.server.static_url, "https://cdn.example.org/sesame/");
  EXPECT_EQ(c.server.templates_dir, "/opt/sesame/html");
  EXPECT_EQ(c.mail.smtp_url, "smtps://smtp.example.org:465");
  EXPECT_EQ(c.mail.from, "ne-pas-repondre@example.org");
  EXPECT_EQ(c.mail.from_name, "Service des comptes");
  EXPECT_EQ(c.mail.starttls, "off");
  EXPECT_EQ(c.mail.username, "sesame");
  EXPECT_EQ(c.mail.password_file, "/etc/sesame/smtp.password");
  EXPECT_EQ(c.mail.ca_file, "/etc/ssl/certs/ca.pem");
  EXPECT_EQ(c.mail.timeout_seconds, 20);
  EXPECT_EQ(c.sms.url, "https://sms.example.net/api/send");
  EXPECT_EQ(c.sms.method, "PUT");
  EXPECT_EQ(c.sms.auth_header_file, "/etc/sesame/sms.header");
  EXPECT_EQ(c.sms.content_type, "application/x-www-form-urlencoded");
  EXPECT_EQ(c.sms.body_template, "to={to}&text={text}&from={sender}");
  EXPECT_EQ(c.sms.sender, "SESAME");
  EXPECT_EQ(c.sms.ca_file, "/etc/ssl/certs/gw.pem");
  EXPECT_EQ(c.sms.timeout_seconds, 9);
  EXPECT_EQ(c.security.secret_key_file, "/etc/sesame/secret.key");
  EXPECT_EQ(c.security.session_idle_minutes, 20);
  EXPECT_EQ(c.security.session_absolute_hours, 8);
  EXPECT_EQ(c.security.hsts_max_age, 31536000);
  EXPECT_EQ(c.security.password_blocklist_file, "/var/lib/sesame/pwned.txt");
  EXPECT_EQ(c.security.password_min_length, 14);
  EXPECT_EQ(c.security.password_max_length, 256);
  EXPECT_EQ(c.security.password_min_score, 4);
  EXPECT_EQ(c.security.temporary_password_hours, 48);
  EXPECT_EQ(c.security.argon2.memory_kib, 65536u);
  EXPECT_EQ(c.security.argon2.iterations, 3u);
  EXPECT_EQ(c.security.argon2.parallelism, 2u);
  EXPECT_EQ(c.security.argon2.max_concurrent, 4);
  EXPECT_EQ(c.security.argon2.queue_timeout_ms, 1500);
  EXPECT_EQ(c.security.limits.login_per_account_ip, 11);
  EXPECT_EQ(c.security.limits.login_per_account, 101);
  EXPECT_EQ(c.security.limits.login_per_ip, 51);
  EXPECT_EQ(c.security.limits.login_window_seconds, 901);
  EXPECT_EQ(c.security.limits.login_slowdown_seconds, 31);
  EXPECT_EQ(c.security.limits.password_change_failures, 6);
  EXPECT_EQ(c.security.limits.request_per_account_hour, 4);
  EXPECT_EQ(c.security.limits.request_per_ip_hour, 21);
  EXPECT_EQ(c.security.limits.sms_per_destination_hour, 6);
  EXPECT_EQ(c.security.limits.sms_global_hour, 501);
  EXPECT_EQ(c.branding.organisation, "Mairie de Trifouillis");
  EXPECT_EQ(c.branding.assistance_contact, "01 23 45 67 89");
  EXPECT_EQ(c.branding.assistance_url, "https://aide.example.org/comptes");
  EXPECT_EQ(c.branding.postal_address, "1 place de la Mairie");
  EXPECT_EQ(c.deliver.poll_interval_ms, 250);
  EXPECT_EQ(c.deliver.batch_size, 50);
  EXPECT_EQ(c.deliver.claim_seconds, 60);
  EXPECT_EQ(c.deliver.backoff_initial_seconds, 2);
  EXPECT_EQ(c.deliver.backoff_max_seconds, 300);
  EXPECT_EQ(c.deliver.wake_socket, "/run/sesame/site1-deliver.sock");
  EXPECT_EQ(c.deliver.default_ttl_hours, 12);
  EXPECT_EQ(c.deliver.smtp_connections, 8);
  EXPECT_EQ(c.deliver.sms_connections, 5);
  EXPECT_EQ(c.deliver.outbox_batch_size, 250);
  EXPECT_EQ(c.deliver.request_threads, 3);
  EXPECT_TRUE(c.https());
}

TEST(ParseConfigTest, MinimalConfigKeepsDefaults) {
  std::vector<ConfigProblem> problems;
  Config c = ParseConfig(kMinimal, "m.toml", &problems);
  ASSERT_TRUE(problems.empty()) << Keys(problems);
  Config defaults;
  EXPECT_EQ(c.database.port, defaults.database.port);
  EXPECT_EQ(c.server.mount, "/");
  EXPECT_EQ(c.server.socket_mode, 0660);
  EXPECT_EQ(c.security.password_min_length, 12);
  EXPECT_EQ(c.security.argon2.memory_kib, 19456u);
  EXPECT_FALSE(c.https());
}

TEST(ParseConfigTest, UnknownKeyNamesTheDottedKey) {
  auto problems =
      ParseWith(std::string(kMinimal) + "[mail]\nsmtp_ulr = \"smtp://x:25\"\n");
  ASSERT_EQ(problems.size(), 1u) << Keys(problems);
  EXPECT_EQ(problems[0].key, "mail.smtp_ulr");
  EXPECT_THAT(problems[0].message, HasSubstr("unknown key"));
}

TEST(ParseConfigTest, UnknownKeyInSubTable) {
  auto problems =
      ParseWith(std::string(kMinimal) + "[security.argon2]\nmemory = 65536\n");
  ASSERT_EQ(problems.size(), 1u) << Keys(problems);
  EXPECT_EQ(problems[0].key, "security.argon2.memory");
}

TEST(ParseConfigTest, UnknownSection) {
  auto problems =
      ParseWith(std::string(kMinimal) + "[databse]\nhost = \"x\"\n");
  ASSERT_EQ(problems.size(), 1u) << Keys(problems);
  EXPECT_EQ(problems[0].key, "databse");
  EXPECT_THAT(problems[0].message, HasSubstr("unknown"));
}

TEST(ParseConfigTest, UnknownTopLevelKey) {
  auto problems = ParseWith(std::string("debug = true\n") + kMinimal);
  ASSERT_EQ(problems.size(), 1u) << Keys(problems);
  EXPECT_EQ(problems[0].key, "debug");
}

TEST(ParseConfigTest, UnknownSubSectionOfSecurity) {
  auto problems =
      ParseWith(std::string(kMinimal) + "[security.scrypt]\nn = 1\n");
  ASSERT_EQ(problems.size(), 1u) << Keys(problems);
  EXPECT_EQ(problems[0].key, "security.scrypt");
}

TEST(ParseConfigTest, WrongTypeIsNamed) {
  auto problems =
      ParseWith(std::string(kMinimal) + "[mail]\ntimeout_seconds = \"30\"\n");
  ASSERT_EQ(problems.size(), 1u) << Keys(problems);
  EXPECT_EQ(problems[0].key, "mail.timeout_seconds");
  EXPECT_EQ(problems[0].message, "expected an integer");

  problems = ParseWith(std::string(kMinimal) + "[database]\nhost = 127\n");
  ASSERT_EQ(problems.size(), 1u) << Keys(problems);
  EXPECT_EQ(problems[0].key, "database.host");
  EXPECT_EQ(problems[0].message, "expected a string");

  problems = ParseWith(std::string(kMinimal) + "[server]\nthreads = 2.0\n");
  ASSERT_EQ(problems.size(), 1u) << Keys(problems);
  EXPECT_EQ(problems[0].message, "expected an integer");

  problems = ParseWith(std::string(kMinimal) + "[server]\nthreads = true\n");
  ASSERT_EQ(problems.size(), 1u) << Keys(problems);
  EXPECT_EQ(problems[0].key, "server.threads");
}

TEST(ParseConfigTest, SectionThatIsNotATable) {
  auto problems = ParseWith(std::string("mail = \"x\"\n") + kMinimal);
  ASSERT_EQ(problems.size(), 1u) << Keys(problems);
  EXPECT_EQ(problems[0].key, "mail");
  EXPECT_THAT(problems[0].message, HasSubstr("table"));
}

struct RangeCase {
  const char* section;
  const char* key;
  const char* value;
};

TEST(ParseConfigTest, OutOfRangeValuesAreRefused) {
  const RangeCase cases[] = {
      {"database", "port", "0"},
      {"database", "port", "65536"},
      {"database", "connect_timeout_seconds", "0"},
      {"server", "threads", "0"},
      {"server", "threads", "257"},
      {"mail", "timeout_seconds", "0"},
      {"mail", "timeout_seconds", "-5"},
      {"sms", "timeout_seconds", "0"},
      {"security.argon2", "memory_kib", "8191"},
      {"security.argon2", "memory_kib", "-1"},
      {"security.argon2", "iterations", "0"},
      {"security.argon2", "parallelism", "0"},
      {"security.argon2", "parallelism", "9"},
      {"security.argon2", "memory_kib", "262145"},
      {"security.argon2", "iterations", "17"},
      {"security.argon2", "max_concurrent", "0"},
      {"security.argon2", "queue_timeout_ms", "0"},
      {"security.limits", "login_per_ip", "0"},
      {"security.limits", "login_slowdown_seconds", "0"},
      {"security.limits", "login_slowdown_seconds", "3601"},
      {"security.limits", "password_change_failures", "0"},
      {"security.limits", "password_change_failures", "101"},
      {"security.limits", "sms_global_hour", "0"},
      {"security.limits", "sms_global_hour", "99999999999"},
      {"security", "password_min_length", "7"},
      {"security", "password_max_length", "1025"},
      {"security", "password_min_score", "5"},
      {"security", "password_min_score", "-1"},
      {"deliver", "batch_size", "0"},
      {"deliver", "smtp_connections", "0"},
      {"deliver", "smtp_connections", "65"},
      {"deliver", "sms_connections", "0"},
      {"deliver", "sms_connections", "65"},
      {"deliver", "outbox_batch_size", "0"},
      {"deliver", "outbox_batch_size", "10001"},
      {"deliver", "request_threads", "0"},
      {"deliver", "request_threads", "17"},
  };
  for (const RangeCase& rc : cases) {
    std::string section = rc.section;
    std::string text = "[" + section + "]\n" + rc.key + " = " + rc.value + "\n";
    if (section == "security") {
      text = "[security]\nsecret_key_file = \"/k\"\n" + std::string(rc.key) +
             " = " + rc.value + "\n";
    } else {
      text = std::string(kMinimal) + text;
    }
    auto problems = ParseWith(text);
    ASSERT_EQ(problems.size(), 1u) << text << Keys(problems);
    EXPECT_EQ(problems[0].key, section + "." + rc.key);
    EXPECT_THAT(problems[0].message, HasSubstr("(got "));
  }
}

TEST(ParseConfigTest, PasswordMinAboveMaxIsRefused) {
  auto problems = ParseWith(
      "[security]\nsecret_key_file = \"/k\"\npassword_min_length = 40\n"
      "password_max_length = 30\n");
  ASSERT_EQ(problems.size(), 1u) << Keys(problems);
  EXPECT_EQ(problems[0].key, "security.password_max_length");
  // A max below the default min alone is also caught.
  problems = ParseWith(
      "[security]\nsecret_key_file = \"/k\"\npassword_max_length = 10\n");
  ASSERT_EQ(problems.size(), 1u) << Keys(problems);
}

TEST(ParseConfigTest, WakeSocketMustBeAbsoluteAndFitASocketAddress) {
  const std::string head = "[security]\nsecret_key_file = \"/k\"\n[deliver]\n";
  for (const std::string& bad :
       {std::string("run/deliver.sock"), "/" + std::string(107, 'a')}) {
    auto problems = ParseWith(head + "wake_socket = \"" + bad + "\"\n");
    ASSERT_EQ(problems.size(), 1u) << bad;
    EXPECT_EQ(problems[0].key, "deliver.wake_socket");
  }
  // Empty: deliver only polls; a path of 107 bytes still fits.
  EXPECT_TRUE(ParseWith(head + "wake_socket = \"\"\n").empty());
  EXPECT_TRUE(
      ParseWith(head + "wake_socket = \"/" + std::string(106, 'a') + "\"\n")
          .empty());
}

TEST(ParseConfigTest, RangeEdgesAreAccepted) {
  auto problems = ParseWith(
      "[database]\nport = 65535\n[server]\nthreads = 256\n"
      "[security]\nsecret_key_file = \"/k\"\npassword_min_length = 8\n"
      "password_max_length = 1024\npassword_min_score = 0\n"
      "[security.argon2]\nmemory_kib = 8192\niterations = 1\n"
      "parallelism = 8\nmax_concurrent = 1\n");
  EXPECT_TRUE(problems.empty()) << Keys(problems);
  problems = ParseWith(
      "[security]\nsecret_key_file = \"/k\"\n"
      "[security.argon2]\nmemory_kib = 262144\niterations = 16\n");
  EXPECT_TRUE(problems.empty()) << Keys(problems);
}

TEST(ParseConfigTest, BadPublicBaseUrls) {
  const char* bad[] = {
      "https://example.org/sesame",
      "https://example.org/",
      "https://example.org?x=1",
      "https://example.org#top",
      "ftp://example.org",
      "example.org",
      "https://",
      "https://user@example.org",
      "https://exa mple.org",
      "https://example.org:0",
      "https://example.org:70000",
      "https://example.org:",
      "https://example.org\\r\\nX: y",
      "https://[::1",
  };
  for (const char* url : bad) {
    auto problems = ParseWith(std::string(kMinimal) +
                              "[server]\npublic_base_url = \"" + url + "\"\n");
    ASSERT_EQ(problems.size(), 1u) << url << "\n" << Keys(problems);
    EXPECT_EQ(problems[0].key, "server.public_base_url") << url;
  }
}

TEST(ParseConfigTest, GoodPublicBaseUrls) {
  const char* good[] = {"https://example.org", "http://127.0.0.1:8080",
                        "https://compte.mairie-x.fr:8443", "http://[::1]:8080",
                        "http://localhost"};
  for (const char* url : good) {
    auto problems = ParseWith(std::string(kMinimal) +
                              "[server]\npublic_base_url = \"" + url + "\"\n");
    EXPECT_TRUE(problems.empty()) << url << "\n" << Keys(problems);
  }
}

TEST(ParseConfigTest, MountIsNormalised) {
  struct {
    const char* in;
    const char* out;
  } cases[] = {{"/", "/"},
               {"/sesame", "/sesame"},
               {"/sesame/", "/sesame"},
               {"/a/b-c_d", "/a/b-c_d"}};
  for (auto& tc : cases) {
    std::vector<ConfigProblem> problems;
    Config c = ParseConfig(
        std::string(kMinimal) + "[server]\nmount = \"" + tc.in + "\"\n", "t",
        &problems);
    EXPECT_TRUE(problems.empty()) << tc.in << Keys(problems);
    EXPECT_EQ(c.server.mount, tc.out);
  }
  for (const char* bad :
       {"", "sesame", "//", "/a//b", "/../x", "/a?b", "/a b", "/é"}) {
    auto problems = ParseWith(std::string(kMinimal) + "[server]\nmount = \"" +
                              bad + "\"\n");
    ASSERT_EQ(problems.size(), 1u) << bad << Keys(problems);
    EXPECT_EQ(problems[0].key, "server.mount");
  }
}

TEST(ParseConfigTest, EnumsAndAddresses) {
  struct {
    const char* section;
    const char* key;
    const char* value;
  } bad[] = {
      {"mail", "starttls", "optional"},
      {"mail", "starttls", "REQUIRED"},
      {"sms", "method", "GET"},
      {"sms", "method", "post"},
      {"sms", "content_type", "text/plain"},
      {"mail", "from", "no-reply"},
      {"mail", "from", "a@b\\r\\nBcc: evil@x.org"},
      {"mail", "from", "Sesame <a@example.org>"},
      {"mail", "from", "@example.org"},
      {"mail", "from", "a@"},
      {"mail", "from_name", "Sesame\\nBcc: x@y.z"},
      {"mail", "smtp_url", "http://smtp.example.org"},
      {"sms", "url", "ftp://gw.example.org"},
      {"sms", "body_template", "to={to}"},
      {"server", "socket_mode", "660x"},
      {"server", "socket_mode", "0999"},
      {"server", "socket_mode", "1660"},
      {"server", "listen", "localhost"},
      {"server", "listen", "127.0.0.1:99999"},
      {"server", "listen", "relative.sock"},
  };
  for (auto& b : bad) {
    std::string text = std::string(kMinimal) + "[" + b.section + "]\n" + b.key +
                       " = \"" + b.value + "\"\n";
    auto problems = ParseWith(text);
    ASSERT_EQ(problems.size(), 1u) << text << Keys(problems);
    EXPECT_EQ(problems[0].key, std::string(b.section) + "." + b.key) << text;
  }
}

TEST(ParseConfigTest, SocketModeForms) {
  std::vector<ConfigProblem> problems;
  Config c =
      ParseConfig(std::string(kMinimal) + "[server]\nsocket_mode = \"660\"\n",
                  "t", &problems);
  EXPECT_TRUE(problems.empty()) << Keys(problems);
  EXPECT_EQ(c.server.socket_mode, 0660);
  c = ParseConfig(std::string(kMinimal) + "[server]\nsocket_mode = 0o600\n",
                  "t", &problems);
  EXPECT_TRUE(problems.empty()) << Keys(problems);
  EXPECT_EQ(c.server.socket_mode, 0600);
  // A decimal 660 would silently mean 01224: refused.
  problems = ParseWith(std::string(kMinimal) + "[server]\nsocket_mode = 660\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].key, "server.socket_mode");
}

TEST(ParseConfigTest, MissingSecretKeyFileIsRequired) {
  auto problems = ParseWith("[server]\nthreads = 2\n");
  ASSERT_EQ(problems.size(), 1u) << Keys(problems);
  EXPECT_EQ(problems[0].key, "security.secret_key_file");
  EXPECT_THAT(problems[0].message, HasSubstr("required"));
  problems = ParseWith("[security]\nsecret_key_file = \"\"\n");
  ASSERT_EQ(problems.size(), 1u) << Keys(problems);
  EXPECT_EQ(problems[0].key, "security.secret_key_file");
}

TEST(ParseConfigTest, SyntaxErrorGivesLineAndColumn) {
  auto problems = ParseWith("[server]\nthreads = 2\nmount = \"/x\n");
  ASSERT_EQ(problems.size(), 1u) << Keys(problems);
  EXPECT_EQ(problems[0].key, "(file)");
  EXPECT_THAT(problems[0].message, HasSubstr("line 3"));
  EXPECT_THAT(problems[0].message, HasSubstr("column"));

  problems = ParseWith("[server]\nthreads = 2\nthreads = 3\n");
  ASSERT_EQ(problems.size(), 1u) << Keys(problems);
  EXPECT_EQ(problems[0].key, "(file)");
  EXPECT_THAT(problems[0].message, HasSubstr("line 3"));

  problems = ParseWith("[security]\nsecret_key_file = \"\xff\xfe\"\n");
  ASSERT_EQ(problems.size(), 1u) << Keys(problems);
  EXPECT_EQ(problems[0].key, "(file)");
}

TEST(ParseConfigTest, SeveralProblemsReportedTogether) {
  auto problems = ParseWith(
      "[server]\nthreads = 0\nmount = \"x\"\nfoo = 1\n"
      "[mail]\nstarttls = \"maybe\"\n[bogus]\n");
  EXPECT_NE(Find(problems, "server.threads"), nullptr) << Keys(problems);
  EXPECT_NE(Find(problems, "server.mount"), nullptr);
  EXPECT_NE(Find(problems, "server.foo"), nullptr);
  EXPECT_NE(Find(problems, "mail.starttls"), nullptr);
  EXPECT_NE(Find(problems, "bogus"), nullptr);
  EXPECT_NE(Find(problems, "security.secret_key_file"), nullptr);
  EXPECT_EQ(problems.size(), 6u) << Keys(problems);
}

TEST(ConfigTest, PublicUrlWithRootMount) {
  Config c;
  c.server.public_base_url = "https://compte.example.org";
  c.server.mount = "/";
  EXPECT_EQ(c.MountPrefix(), "/");
  EXPECT_EQ(c.PublicUrl("/reset"), "https://compte.example.org/reset");
  EXPECT_EQ(c.PublicUrl("reset"), "https://compte.example.org/reset");
  EXPECT_EQ(c.PublicUrl(""), "https://compte.example.org/");
  EXPECT_TRUE(c.https());
}

TEST(ConfigTest, PublicUrlWithSubMount) {
  Config c;
  c.server.public_base_url = "http://127.0.0.1:8080";
  c.server.mount = "/sesame";
  EXPECT_EQ(c.MountPrefix(), "/sesame/");
  EXPECT_EQ(c.PublicUrl("/reset"), "http://127.0.0.1:8080/sesame/reset");
  EXPECT_EQ(c.PublicUrl("/forgot/sent"),
            "http://127.0.0.1:8080/sesame/forgot/sent");
  EXPECT_FALSE(c.https());
  c.server.mount = "/sesame/";  // set by hand, not normalised
  EXPECT_EQ(c.PublicUrl("/login"), "http://127.0.0.1:8080/sesame/login");
}

TEST(ConfigTest, HttpsOnlyForHttpsScheme) {
  Config c;
  c.server.public_base_url = "http://https.example.org";
  EXPECT_FALSE(c.https());
}

// ---- LoadConfig: files and secrets ----

class LoadConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* env = getenv("SESAME_CONFIG");
    if (env != nullptr) saved_env_ = env, had_env_ = true;
    unsetenv("SESAME_CONFIG");
    key_ = dir_.Write("secret.key", std::string(32, 'k'));
  }
  void TearDown() override {
    if (had_env_) {
      setenv("SESAME_CONFIG", saved_env_.c_str(), 1);
    } else {
      unsetenv("SESAME_CONFIG");
    }
  }
  std::string WriteConfig(const std::string& extra,
                          const std::string& key_file = "") {
    return dir_.Write("sesame.toml",
                      "[security]\nsecret_key_file = \"" +
                          (key_file.empty() ? key_ : key_file) + "\"\n" + extra,
                      0644);
  }

  TempDir dir_;
  std::string key_;
  std::string saved_env_;
  bool had_env_ = false;
};

TEST_F(LoadConfigTest, LoadsAndReadsSecrets) {
  std::string db = dir_.Write("db.pw", "s3cret\n", 0640);
  std::string smtp = dir_.Write("smtp.pw", "mail pass\r\n", 0600);
  std::string sms = dir_.Write("sms.h", "Authorization: Bearer abc\n", 0600);
  std::string path = WriteConfig(
      "[database]\npassword_file = \"" + db + "\"\n[mail]\npassword_file = \"" +
      smtp + "\"\n[sms]\nauth_header_file = \"" + sms + "\"\n");
  StatusOr<Config> c = LoadConfig(path);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->path, path);
  EXPECT_EQ(c->security.secret_key, std::string(32, 'k'));
  EXPECT_EQ(c->database.password, "s3cret");
  EXPECT_EQ(c->mail.password, "mail pass");
  EXPECT_EQ(c->sms.auth_header, "Authorization: Bearer abc");
}

TEST_F(LoadConfigTest, OnlyOneTrailingNewlineIsStripped) {
  std::string db = dir_.Write("db.pw", "pw \n\n", 0600);
  StatusOr<Config> c =
      LoadConfig(WriteConfig("[database]\npassword_file = \"" + db + "\"\n"));
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->database.password, "pw \n");
}

TEST_F(LoadConfigTest, UsesSesameConfigWhenPathEmpty) {
  std::string path = WriteConfig("");
  setenv("SESAME_CONFIG", path.c_str(), 1);
  StatusOr<Config> c = LoadConfig("");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->path, path);
}

TEST_F(LoadConfigTest, NoPathAndNoEnvironment) {
  StatusOr<Config> c = LoadConfig("");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(c.status().message(),
            "no config file: pass -c FILE or set SESAME_CONFIG");
}

TEST_F(LoadConfigTest, UnreadableConfigNamesThePath) {
  std::string missing = dir_.path() + "/nope.toml";
  StatusOr<Config> c = LoadConfig(missing);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(c.status().message(), HasSubstr(missing));
  c = LoadConfig(dir_.path());  // a directory
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.status().message(), HasSubstr(dir_.path()));
}

TEST_F(LoadConfigTest, MissingSecretFile) {
  std::string missing = dir_.path() + "/absent.key";
  StatusOr<Config> c = LoadConfig(WriteConfig("", missing));
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.status().message(), HasSubstr("security.secret_key_file: "));
  EXPECT_THAT(c.status().message(), HasSubstr(missing));
}

TEST_F(LoadConfigTest, ShortSecretFile) {
  std::string shortkey = dir_.Write("short.key", std::string(31, 'x'));
  StatusOr<Config> c = LoadConfig(WriteConfig("", shortkey));
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.status().message(), HasSubstr("security.secret_key_file: "));
  EXPECT_THAT(c.status().message(), HasSubstr("31 bytes"));
}

TEST_F(LoadConfigTest, WorldReadableSecretFile) {
  std::string open_key = dir_.Write("open.key", std::string(64, 'x'), 0644);
  StatusOr<Config> c = LoadConfig(WriteConfig("", open_key));
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.status().message(), HasSubstr("security.secret_key_file: "));
  EXPECT_THAT(c.status().message(), HasSubstr("every user"));
  // Group-readable is fine (the service's group).
  std::string group_key = dir_.Write("group.key", std::string(64, 'x'), 0640);
  EXPECT_TRUE(LoadConfig(WriteConfig("", group_key)).ok());
}

TEST_F(LoadConfigTest, WorldReadablePasswordFile) {
  std::string db = dir_.Write("db.pw", "pw\n", 0644);
  StatusOr<Config> c =
      LoadConfig(WriteConfig("[database]\npassword_file = \"" + db + "\"\n"));
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.status().message(), HasSubstr("database.password_file: "));
}

TEST_F(LoadConfigTest, BadAuthHeaderFile) {
  std::string sms = dir_.Write("sms.h", "Bearer abc\n", 0600);
  StatusOr<Config> c =
      LoadConfig(WriteConfig("[sms]\nauth_header_file = \"" + sms + "\"\n"));
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.status().message(), HasSubstr("sms.auth_header_file: "));
  sms = dir_.Write("sms2.h", "A: b\nX-Evil: c\n", 0600);
  c = LoadConfig(WriteConfig("[sms]\nauth_header_file = \"" + sms + "\"\n"));
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.status().message(), HasSubstr("single line"));
}

TEST_F(LoadConfigTest, AllProblemsOnePerLine) {
  std::string missing = dir_.path() + "/absent.key";
  std::string missing_db = dir_.path() + "/absent.pw";
  StatusOr<Config> c = LoadConfig(
      WriteConfig("[database]\npassword_file = \"" + missing_db +
                      "\"\n[server]\nthreads = 0\n[mail]\nsmtp_ulr = \"x\"\n",
                  missing));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  std::vector<std::string> lines;
  std::istringstream in(c.status().message());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 4u) << c.status().message();
  EXPECT_THAT(c.status().message(), HasSubstr("server.threads: "));
  EXPECT_THAT(c.status().message(), HasSubstr("mail.smtp_ulr: unknown key"));
  EXPECT_THAT(c.status().message(), HasSubstr("security.secret_key_file: "));
  EXPECT_THAT(c.status().message(), HasSubstr("database.password_file: "));
}

TEST_F(LoadConfigTest, SyntaxErrorThroughLoad) {
  std::string path = dir_.Write("broken.toml", "[server\nthreads = 1\n", 0644);
  StatusOr<Config> c = LoadConfig(path);
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.status().message(), HasSubstr("(file): "));
  EXPECT_THAT(c.status().message(), HasSubstr("line 1"));
}

// ---- conf/sesame.toml, the documented example ----

std::string ReadExample() {
  std::ifstream in(std::string(SESAME_SOURCE_DIR) + "/conf/sesame.toml");
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(ExampleConfigTest, ParsesCleanlyWithTheDefaults) {
  std::string text = ReadExample();
  ASSERT_FALSE(text.empty()) << "conf/sesame.toml not found";
  std::vector<ConfigProblem> problems;
  Config c = ParseConfig(text, "conf/sesame.toml", &problems);
  ASSERT_TRUE(problems.empty()) << Keys(problems);
  // The example documents the built-in defaults: each value must match.
  const Config d;
  EXPECT_EQ(c.security.secret_key_file, "/etc/sesame/secret.key");
  EXPECT_EQ(c.database.host, d.database.host);
  EXPECT_EQ(c.database.port, d.database.port);
  EXPECT_EQ(c.database.socket, d.database.socket);
  EXPECT_EQ(c.database.user, d.database.user);
  EXPECT_EQ(c.database.password_file, d.database.password_file);
  EXPECT_EQ(c.database.name, d.database.name);
  EXPECT_EQ(c.database.connect_timeout_seconds,
            d.database.connect_timeout_seconds);
  EXPECT_EQ(c.server.public_base_url, d.server.public_base_url);
  EXPECT_EQ(c.server.mount, d.server.mount);
  EXPECT_EQ(c.server.listen, d.server.listen);
  EXPECT_EQ(c.server.socket_mode, d.server.socket_mode);
  EXPECT_EQ(c.server.threads, d.server.threads);
  EXPECT_EQ(c.server.max_body_bytes, d.server.max_body_bytes);
  EXPECT_EQ(c.server.static_url, d.server.static_url);
  EXPECT_EQ(c.server.templates_dir, d.server.templates_dir);
  EXPECT_EQ(c.mail.smtp_url, d.mail.smtp_url);
  EXPECT_EQ(c.mail.from, d.mail.from);
  EXPECT_EQ(c.mail.from_name, d.mail.from_name);
  EXPECT_EQ(c.mail.starttls, d.mail.starttls);
  EXPECT_EQ(c.mail.username, d.mail.username);
  EXPECT_EQ(c.mail.password_file, d.mail.password_file);
  EXPECT_EQ(c.mail.ca_file, d.mail.ca_file);
  EXPECT_EQ(c.mail.timeout_seconds, d.mail.timeout_seconds);
  EXPECT_EQ(c.sms.url, d.sms.url);
  EXPECT_EQ(c.sms.method, d.sms.method);
  EXPECT_EQ(c.sms.auth_header_file, d.sms.auth_header_file);
  EXPECT_EQ(c.sms.content_type, d.sms.content_type);
  EXPECT_EQ(c.sms.body_template, d.sms.body_template);
  EXPECT_EQ(c.sms.sender, d.sms.sender);
  EXPECT_EQ(c.sms.ca_file, d.sms.ca_file);
  EXPECT_EQ(c.sms.timeout_seconds, d.sms.timeout_seconds);
  const SecurityConfig& cs = c.security;
  const SecurityConfig& ds = d.security;
  EXPECT_EQ(cs.session_idle_minutes, ds.session_idle_minutes);
  EXPECT_EQ(cs.session_absolute_hours, ds.session_absolute_hours);
  EXPECT_EQ(cs.hsts_max_age, ds.hsts_max_age);
  EXPECT_EQ(cs.password_blocklist_file, ds.password_blocklist_file);
  EXPECT_EQ(cs.password_min_length, ds.password_min_length);
  EXPECT_EQ(cs.password_max_length, ds.password_max_length);
  EXPECT_EQ(cs.password_min_score, ds.password_min_score);
  EXPECT_EQ(cs.temporary_password_hours, ds.temporary_password_hours);
  EXPECT_EQ(cs.argon2.memory_kib, ds.argon2.memory_kib);
  EXPECT_EQ(cs.argon2.iterations, ds.argon2.iterations);
  EXPECT_EQ(cs.argon2.parallelism, ds.argon2.parallelism);
  EXPECT_EQ(cs.argon2.max_concurrent, ds.argon2.max_concurrent);
  EXPECT_EQ(cs.argon2.queue_timeout_ms, ds.argon2.queue_timeout_ms);
  EXPECT_EQ(cs.limits.login_per_account_ip, ds.limits.login_per_account_ip);
  EXPECT_EQ(cs.limits.login_per_account, ds.limits.login_per_account);
  EXPECT_EQ(cs.limits.login_per_ip, ds.limits.login_per_ip);
  EXPECT_EQ(cs.limits.login_window_seconds, ds.limits.login_window_seconds);
  EXPECT_EQ(cs.limits.login_slowdown_seconds, ds.limits.login_slowdown_seconds);
  EXPECT_EQ(cs.limits.password_change_failures,
            ds.limits.password_change_failures);
  EXPECT_EQ(cs.limits.request_per_account_hour,
            ds.limits.request_per_account_hour);
  EXPECT_EQ(cs.limits.request_per_ip_hour, ds.limits.request_per_ip_hour);
  EXPECT_EQ(cs.limits.sms_per_destination_hour,
            ds.limits.sms_per_destination_hour);
  EXPECT_EQ(cs.limits.sms_global_hour, ds.limits.sms_global_hour);
  EXPECT_EQ(c.captcha.forms, d.captcha.forms);
  EXPECT_EQ(c.captcha.ttl_seconds, d.captcha.ttl_seconds);
  EXPECT_EQ(c.captcha.audio_dir, d.captcha.audio_dir);
  EXPECT_EQ(c.branding.organisation, d.branding.organisation);
  EXPECT_EQ(c.branding.assistance_contact, d.branding.assistance_contact);
  EXPECT_EQ(c.branding.assistance_url, d.branding.assistance_url);
  EXPECT_EQ(c.branding.postal_address, d.branding.postal_address);
  EXPECT_EQ(c.branding.credential, d.branding.credential);
  EXPECT_EQ(c.branding.mail_from, d.branding.mail_from);
  EXPECT_EQ(c.branding.mail_from_name, d.branding.mail_from_name);
  EXPECT_EQ(c.deliver.poll_interval_ms, d.deliver.poll_interval_ms);
  EXPECT_EQ(c.deliver.batch_size, d.deliver.batch_size);
  EXPECT_EQ(c.deliver.claim_seconds, d.deliver.claim_seconds);
  EXPECT_EQ(c.deliver.backoff_initial_seconds,
            d.deliver.backoff_initial_seconds);
  EXPECT_EQ(c.deliver.backoff_max_seconds, d.deliver.backoff_max_seconds);
  EXPECT_EQ(c.deliver.default_ttl_hours, d.deliver.default_ttl_hours);
  EXPECT_EQ(c.deliver.smtp_connections, d.deliver.smtp_connections);
  EXPECT_EQ(c.deliver.sms_connections, d.deliver.sms_connections);
  EXPECT_EQ(c.deliver.outbox_batch_size, d.deliver.outbox_batch_size);
  EXPECT_EQ(c.deliver.request_threads, d.deliver.request_threads);
  EXPECT_EQ(c.recovery.flows, FlowConfigSchema().default_flows);
  EXPECT_EQ(CreditMunicipalSettings::Of(c).link_ttl_hours,
            CreditMunicipalSettings::Of(d).link_ttl_hours);
  EXPECT_EQ(CreditMunicipalSettings::Of(c).code_length,
            CreditMunicipalSettings::Of(d).code_length);
  EXPECT_EQ(CreditMunicipalSettings::Of(c).code_ttl_minutes,
            CreditMunicipalSettings::Of(d).code_ttl_minutes);
  EXPECT_EQ(CreditMunicipalSettings::Of(c).code_attempts,
            CreditMunicipalSettings::Of(d).code_attempts);
  EXPECT_EQ(CreditMunicipalSettings::Of(c).code_resends,
            CreditMunicipalSettings::Of(d).code_resends);
  EXPECT_EQ(CreditMunicipalSettings::Of(c).mail_subject,
            CreditMunicipalSettings::Of(d).mail_subject);
  EXPECT_EQ(CreditMunicipalSettings::Of(c).sms_text,
            CreditMunicipalSettings::Of(d).sms_text);
  EXPECT_EQ(ConsularSettings::Of(c).link_ttl_hours,
            ConsularSettings::Of(d).link_ttl_hours);
  EXPECT_EQ(ConsularSettings::Of(c).identifier_attempts,
            ConsularSettings::Of(d).identifier_attempts);
  EXPECT_EQ(ConsularSettings::Of(c).not_both_hours,
            ConsularSettings::Of(d).not_both_hours);
  EXPECT_EQ(ConsularSettings::Of(c).password_length,
            ConsularSettings::Of(d).password_length);
  EXPECT_EQ(ConsularSettings::Of(c).password_mail_subject,
            ConsularSettings::Of(d).password_mail_subject);
  EXPECT_EQ(ConsularSettings::Of(c).identifier_mail_subject,
            ConsularSettings::Of(d).identifier_mail_subject);
  EXPECT_EQ(ConsularSettings::Of(c).sms_text, ConsularSettings::Of(d).sms_text);
}

TEST(ExampleConfigTest, EveryKeyIsWrittenOut) {
  // The example must write out every key of config.h, not only some: count
  // the "key = value" lines of the sections Sésame itself reads (a flow's
  // own section is counted by that flow's tests).
  std::set<std::string> flow_sections;
  for (const auto& f : FlowConfigSchema().sections) {
    if (f.section != "recovery") flow_sections.insert("[" + f.section + "]");
  }
  std::string text = ReadExample();
  int assignments = 0;
  bool counted = true;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] == '[') counted = !flow_sections.count(line);
    if (counted && !line.empty() && line[0] != '#' && line[0] != '[' &&
        line.find(" = ") != std::string::npos) {
      ++assignments;
    }
  }
  // 7 database + 9 server + 1 metrics + 8 mail + 8 sms + 9 security +
  // 5 argon2 + 10 limits + 3 captcha + 8 branding + 11 deliver + 1 auth +
  // 8 recovery (flows and the Crédit Municipal flow's keys).
  EXPECT_EQ(assignments, 88);
}

TEST(ExampleConfigTest, LoadFailsOnlyOnTheSecretFile) {
  StatusOr<Config> c =
      LoadConfig(std::string(SESAME_SOURCE_DIR) + "/conf/sesame.toml");
  if (c.ok()) GTEST_SKIP() << "/etc/sesame/secret.key exists here";
  std::istringstream in(c.status().message());
  int lines = 0;
  for (std::string line; std::getline(in, line); ++lines) {
    EXPECT_EQ(line.rfind("security.secret_key_file: ", 0), 0u) << line;
  }
  EXPECT_EQ(lines, 1);
}

}  // namespace
}  // namespace sesame

namespace sesame {
namespace {

TEST(CaptchaConfigTest, OffByDefault) {
  std::vector<ConfigProblem> problems;
  Config c = ParseConfig(kMinimal, "t.toml", &problems);
  ASSERT_TRUE(problems.empty()) << Keys(problems);
  EXPECT_TRUE(c.captcha.forms.empty());
  EXPECT_FALSE(c.captcha.On("login"));
  EXPECT_EQ(c.captcha.ttl_seconds, 300);
  EXPECT_EQ(c.captcha.audio_dir, "/usr/share/sesame/captcha-audio");
}

TEST(CaptchaConfigTest, ReadsEveryKeyAndTheReservedForms) {
  std::vector<ConfigProblem> problems;
  Config c = ParseConfig(std::string(kMinimal) +
                             "[captcha]\nforms = [\"login\", \"forgot\", "
                             "\"consular_password\", \"consular_identifier\", "
                             "\"consular_link\"]\nttl_seconds = 120\n"
                             "audio_dir = \"/opt/sesame/clips\"\n",
                         "t.toml", &problems);
  ASSERT_TRUE(problems.empty()) << Keys(problems);
  EXPECT_EQ(c.captcha.forms.size(), 5u);
  EXPECT_TRUE(c.captcha.On("login"));
  EXPECT_TRUE(c.captcha.On("forgot"));
  EXPECT_TRUE(c.captcha.On("consular_link"));
  EXPECT_FALSE(c.captcha.On("reset"));
  EXPECT_EQ(c.captcha.ttl_seconds, 120);
  EXPECT_EQ(c.captcha.audio_dir, "/opt/sesame/clips");
}

TEST(CaptchaConfigTest, RefusesUnknownFormsKeysAndRanges) {
  for (const char* bad :
       {"forms = [\"logon\"]", "forms = \"login\"", "forms = [1]",
        "ttl_seconds = 301", "ttl_seconds = 29", "ttl_seconds = \"300\"",
        "audio_dir = \"\"", "audio_dir = 3"}) {
    auto problems = ParseWith(std::string(kMinimal) + "[captcha]\n" + bad);
    ASSERT_EQ(problems.size(), 1u) << bad << "\n" << Keys(problems);
    EXPECT_EQ(problems[0].key.rfind("captcha.", 0), 0u) << bad;
  }
  auto problems = ParseWith(std::string(kMinimal) + "[captcha]\nttl = 300\n");
  ASSERT_EQ(problems.size(), 1u) << Keys(problems);
  EXPECT_EQ(problems[0].key, "captcha.ttl");
  EXPECT_THAT(problems[0].message, HasSubstr("unknown key"));
  problems = ParseWith(std::string(kMinimal) + "[captcha]\nforms = [\"x\"]\n");
  ASSERT_EQ(problems.size(), 1u) << Keys(problems);
  EXPECT_THAT(problems[0].message, HasSubstr("consular_identifier"));
}

}  // namespace
}  // namespace sesame

namespace sesame {
namespace {

// Found by tests/fuzz/config_fuzz.cc: [mail] from (and a mail_from) with a
// backslash, a second '@' or more than 254 characters passed the config's
// check but not the mail sender's (ValidateMailAddress), so every mail
// failed at `sesame deliver` instead of `check-config` naming the key.
TEST(ConfigTest, FuzzConfig_MailAddressesAreOnesTheSenderAccepts) {
  const std::string long_address = std::string(250, 'a') + "@example.org";
  for (const std::string& from :
       {std::string("no-reply@exa\\\\mple.org"),
        std::string("a\\\\b@example.org"), std::string("a@b@example.org"),
        long_address}) {
    for (const std::string& key :
         {std::string("mail.from"), std::string("branding.mail_from"),
          std::string("consular.mail_from")}) {
      const size_t dot = key.find('.');
      const std::string text = std::string(testing::kMinimalConfig) + "[" +
                               key.substr(0, dot) + "]\n" +
                               key.substr(dot + 1) + " = \"" + from + "\"\n";
      EXPECT_NE(testing::FindProblem(testing::ProblemsOf(text), key), nullptr)
          << text;
    }
  }
  EXPECT_TRUE(testing::ProblemsOf(std::string(testing::kMinimalConfig) +
                                  "[mail]\nfrom = \"no-reply@example.org\"\n")
                  .empty());
}

// The keys sesame.toml(5) must list come from the parser itself.
TEST(KnownConfigKeysTest, ListsEveryKeyTheParserReadsAndNoTable) {
  std::vector<std::string> keys = KnownConfigKeys(FlowConfigSchema());
  std::set<std::string> set(keys.begin(), keys.end());
  for (const char* key :
       {"database.host", "server.listen", "server.socket_mode",
        "security.secret_key_file", "security.argon2.memory_kib",
        "security.limits.login_per_ip", "captcha.forms", "branding.credential",
        "recovery.flows", "recovery.code_length", "consular.credential",
        "education.oidc.issuer"}) {
    EXPECT_EQ(set.count(key), 1u) << key;
  }
  for (const char* table : {"security.argon2", "education.oidc", "database"}) {
    EXPECT_EQ(set.count(table), 0u) << table;
  }
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
}

// A key the parser reads is accepted in a file, and every known key is
// known: none of them is reported as unknown.
TEST(KnownConfigKeysTest, EveryListedKeyIsAccepted) {
  std::map<std::string, std::string> sections;  // table -> its lines
  for (const std::string& key : KnownConfigKeys(FlowConfigSchema())) {
    size_t dot = key.rfind('.');
    // A wrong type, but a known key.
    sections[key.substr(0, dot)] += key.substr(dot + 1) + " = true\n";
  }
  std::string text;
  for (const auto& [table, lines] : sections) {
    text += "[" + table + "]\n" + lines;
  }
  std::vector<ConfigProblem> problems;
  ParseConfig(text, "", &problems, FlowConfigSchema());
  for (const ConfigProblem& p : problems) {
    EXPECT_THAT(p.message, ::testing::Not(::testing::HasSubstr("unknown key")))
        << p.key;
  }
}

}  // namespace
}  // namespace sesame
