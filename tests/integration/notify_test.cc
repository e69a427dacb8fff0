// The real senders against the real local catchers (deploy/mailcatcher.py,
// deploy/smscatcher.py), each spawned by the test on a free port with its
// own temporary folder. Debian's /usr/bin/python3 with python3-aiosmtpd is
// required: a missing one fails the tests.
#include <curl/curl.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fakes/fake_outbox.h"
#include "notify/curl_init.h"
#include "notify/deliverer.h"
#include "notify/http_sms_sender.h"
#include "notify/smtp_mail_sender.h"

extern char** environ;

namespace sesame {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPython = "/usr/bin/python3";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Files in `dir` ending with `ext` (temporary ones excluded), sorted.
std::vector<fs::path> FilesIn(const fs::path& dir, const std::string& ext) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (name.starts_with(".tmp-") || !name.ends_with(ext)) continue;
    out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A catcher process: started with --port-file, stopped with SIGTERM.
class Catcher {
 public:
  Catcher(std::string script, fs::path dir, std::vector<std::string> extra)
      : script_(std::move(script)), dir_(std::move(dir)), extra_(extra) {}
  ~Catcher() { Stop(); }

  // Starts on `port` (0: any free port); returns false with *why set.
  bool Start(int port, std::string* why) {
    fs::path port_file = dir_ / (script_ + ".port");
    fs::remove(port_file);
    log_ = dir_ / (script_ + ".log");
    std::vector<std::string> args = {
        kPython,       std::string(SESAME_SOURCE_DIR) + "/deploy/" + script_,
        "--host",      "127.0.0.1",
        "--port",      std::to_string(port),
        "--dir",       (dir_ / "out").string(),
        "--port-file", port_file.string()};
    args.insert(args.end(), extra_.begin(), extra_.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log_.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    int rc =
        posix_spawn(&pid_, kPython, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      *why = std::string("cannot run ") + kPython + ": " + strerror(rc);
      pid_ = -1;
      return false;
    }
    // Waits for the port file (written once listening) or an early exit.
    for (int i = 0; i < 500; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        *why = script_ + " exited early: " + ReadFile(log_);
        return false;
      }
      if (fs::exists(port_file)) {
        port_ = std::stoi(ReadFile(port_file));
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    *why = script_ + " did not start: " + ReadFile(log_);
    return false;
  }

  // SIGTERM, then waits; returns the exit status (-1 if it had to be killed).
  int Stop() {
    if (pid_ <= 0) return 0;
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 500; ++i) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return -1;
  }

  int port() const { return port_; }
  fs::path out() const { return dir_ / "out"; }
  std::string log() const { return ReadFile(log_); }

 private:
  std::string script_;
  fs::path dir_;
  std::vector<std::string> extra_;
  fs::path log_;
  pid_t pid_ = -1;
  int port_ = 0;
};

class NotifyIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sesame-notify-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    mail_.reset();
    sms_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  Catcher& StartMail(std::vector<std::string> extra = {}) {
    mail_ = std::make_unique<Catcher>("mailcatcher.py", dir_, extra);
    std::string why;
    EXPECT_TRUE(mail_->Start(0, &why)) << why;
    return *mail_;
  }
  Catcher& StartSms(std::vector<std::string> extra = {}) {
    sms_ = std::make_unique<Catcher>("smscatcher.py", dir_, extra);
    std::string why;
    EXPECT_TRUE(sms_->Start(0, &why)) << why;
    return *sms_;
  }

  MailConfig PlainMail(int port) {
    MailConfig config;
    config.smtp_url = "smtp://127.0.0.1:" + std::to_string(port);
    config.from = "no-reply@credit-municipal.test";
    config.from_name = "Crédit Municipal";
    config.starttls = "off";
    config.timeout_seconds = 10;
    return config;
  }

  SmsConfig Gateway(int port) {
    SmsConfig config;
    config.url = "http://127.0.0.1:" + std::to_string(port) + "/v1/sms";
    config.auth_header = "Authorization: Bearer t0k3n";
    config.timeout_seconds = 10;
    return config;
  }

  // Parses a stored .eml with Python's email package (an independent MIME
  // decoder) into {subject, from, to, message_id, date, mime, parts[]}.
  nlohmann::json ParseEml(const fs::path& eml) {
    fs::path script = dir_ / "parse_eml.py";
    std::ofstream(script) << R"PY(
import email, json, sys
from email import policy
m = email.message_from_binary_file(open(sys.argv[1], 'rb'),
                                   policy=policy.default)
parts = []
for p in m.walk():
    entry = {"type": p.get_content_type()}
    if not p.is_multipart():
        entry["charset"] = p.get_content_charset()
        entry["cte"] = p.get("Content-Transfer-Encoding")
        entry["content"] = p.get_content()
    parts.append(entry)
print(json.dumps({"subject": str(m["subject"]), "from": str(m["from"]),
                  "to": str(m["to"]), "message_id": str(m["message-id"]),
                  "date": str(m["date"]), "mime": str(m["mime-version"]),
                  "defects": len(m.defects), "parts": parts}))
)PY";
    std::string cmd =
        std::string(kPython) + " " + script.string() + " " + eml.string();
    FILE* p = popen(cmd.c_str(), "r");
    EXPECT_NE(p, nullptr);
    std::string out;
    char buf[4096];
    size_t n;
    while (p && (n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
    if (p) {
      EXPECT_EQ(pclose(p), 0) << out;
    }
    return nlohmann::json::parse(out);
  }

  fs::path dir_;
  std::unique_ptr<Catcher> mail_, sms_;
};

std::string Unix(std::string s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    out.push_back(s[i]);
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TEST_F(NotifyIntegrationTest, MailArrivesWithSubjectBothPartsAndMessageId) {
  Catcher& catcher = StartMail();
  SmtpMailSender sender(PlainMail(catcher.port()));
  const std::string subject =
      "CRÉDIT MUNICIPAL : Réinitialisation code d'accès";
  const std::string text =
      "Bonjour Jean,\n\nPour réinitialiser votre code d'accès, ouvrez ce "
      "lien (valable 12 heures) :\nhttps://sesame.test/reset?t=abc=def_ghi-"
      "0123456789012345678901234567890123456789\n\nCrédit Municipal\n";
  const std::string html =
      "<p>Bonjour Jean,</p><p><a href=\"https://sesame.test/reset?t=abc\">"
      "Réinitialiser mon code d'accès</a></p>";
  Mail mail{"jean.dupont@example.org", subject, text, html,
            "<outbox-7.abc@credit-municipal.test>"};
  Status st = sender.Send(mail);
  ASSERT_TRUE(st.ok()) << st.ToString() << "\n" << catcher.log();

  std::vector<fs::path> emls = FilesIn(catcher.out(), ".eml");
  ASSERT_EQ(emls.size(), 1u) << catcher.log();
  nlohmann::json m = ParseEml(emls[0]);
  EXPECT_EQ(m["subject"], subject);
  EXPECT_EQ(m["from"], "Crédit Municipal <no-reply@credit-municipal.test>");
  EXPECT_EQ(m["to"], "jean.dupont@example.org");
  EXPECT_EQ(m["message_id"], "<outbox-7.abc@credit-municipal.test>");
  EXPECT_EQ(m["mime"], "1.0");
  EXPECT_NE(m["date"], "None");
  EXPECT_EQ(m["defects"], 0);
  ASSERT_EQ(m["parts"].size(), 4u) << m.dump();
  EXPECT_EQ(m["parts"][0]["type"], "multipart/mixed");
  EXPECT_EQ(m["parts"][1]["type"], "multipart/alternative");
  EXPECT_EQ(m["parts"][2]["type"], "text/plain");
  EXPECT_EQ(m["parts"][2]["charset"], "utf-8");
  EXPECT_EQ(m["parts"][2]["cte"], "quoted-printable");
  EXPECT_EQ(Unix(m["parts"][2]["content"]), Unix(text));
  EXPECT_EQ(m["parts"][3]["type"], "text/html");
  EXPECT_EQ(m["parts"][3]["charset"], "utf-8");
  EXPECT_EQ(Unix(m["parts"][3]["content"]), Unix(html));

  // The envelope sidecar names exactly the one recipient.
  std::vector<fs::path> sidecars = FilesIn(catcher.out(), ".json");
  ASSERT_EQ(sidecars.size(), 1u);
  nlohmann::json env = nlohmann::json::parse(ReadFile(sidecars[0]));
  EXPECT_EQ(env["rcpt_tos"],
            nlohmann::json::array({"jean.dupont@example.org"}));
  EXPECT_EQ(env["mail_from"], "no-reply@credit-municipal.test");
  EXPECT_EQ(catcher.Stop(), 0) << "SIGTERM must stop the catcher cleanly";
}

TEST_F(NotifyIntegrationTest, InjectedRecipientsNeverReachTheServer) {
  Catcher& catcher = StartMail();
  SmtpMailSender sender(PlainMail(catcher.port()));
  Status st = sender.Send(
      Mail{"jean@example.org\r\nRCPT TO:<evil@x.test>", "s", "t", "", ""});
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  st = sender.Send(Mail{"jean@example.org, evil@x.test", "s", "t", "", ""});
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(FilesIn(catcher.out(), ".eml").empty());
}

TEST_F(NotifyIntegrationTest, RefusedRecipientIsPermanent) {
  Catcher& catcher = StartMail({"--reject-rcpt-domain", "gone.test"});
  SmtpMailSender sender(PlainMail(catcher.port()));
  Status st = sender.Send(Mail{"nobody@gone.test", "s", "secret body", "", ""});
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << st.ToString();
  EXPECT_NE(st.message().find("550"), std::string::npos) << st.ToString();
  EXPECT_EQ(st.message().find("secret body"), std::string::npos);
  EXPECT_EQ(st.message().find("nobody"), std::string::npos);
  EXPECT_TRUE(FilesIn(catcher.out(), ".eml").empty());
}

TEST_F(NotifyIntegrationTest, StoppedServerIsUnavailableThenDeliveredOnce) {
  Catcher& catcher = StartMail();
  const int port = catcher.port();
  ASSERT_EQ(catcher.Stop(), 0);

  SmtpMailSender sender(PlainMail(port));
  Status st = sender.Send(Mail{"jean@example.org", "s", "t", "", ""});
  EXPECT_EQ(st.code(), StatusCode::kUnavailable) << st.ToString();

  FakeOutbox outbox;
  OutboxMessage m;
  m.recipient = "jean@example.org";
  m.subject = "Réinitialisation";
  m.text = "lien";
  int64_t id = outbox.Add(m);
  DeliverConfig config;
  Deliverer deliverer(config, &outbox, &sender, nullptr, MakeWorkerId());
  EXPECT_EQ(deliverer.RunOnce(), 1);
  EXPECT_EQ(outbox.row(id).state, FakeOutbox::State::kPending);
  EXPECT_EQ(outbox.row(id).attempts, 1);

  std::string why;
  ASSERT_TRUE(catcher.Start(port, &why)) << why;
  EXPECT_EQ(deliverer.RunOnce(), 0);  // backoff not over yet
  outbox.Advance(config.backoff_max_seconds);
  EXPECT_EQ(deliverer.RunOnce(), 1);
  EXPECT_EQ(outbox.row(id).state, FakeOutbox::State::kSent);
  outbox.Advance(3600);
  EXPECT_EQ(deliverer.RunOnce(), 0);

  std::vector<fs::path> emls = FilesIn(catcher.out(), ".eml");
  ASSERT_EQ(emls.size(), 1u) << catcher.log();
  EXPECT_EQ(ParseEml(emls[0])["message_id"], outbox.row(id).message_id);
}

TEST_F(NotifyIntegrationTest, StartTlsRequiredAgainstPlainServerSendsNothing) {
  Catcher& catcher = StartMail();
  MailConfig config = PlainMail(catcher.port());
  config.starttls = "required";
  SmtpMailSender sender(config);
  Status st = sender.Send(Mail{"jean@example.org", "s", "t", "", ""});
  EXPECT_EQ(st.code(), StatusCode::kUnavailable) << st.ToString();
  EXPECT_TRUE(FilesIn(catcher.out(), ".eml").empty()) << catcher.log();
}

TEST_F(NotifyIntegrationTest, StartTlsWithVerifiedPeerDeliversOtherwiseNot) {
  // A throw-away self-signed certificate for 127.0.0.1.
  const fs::path cert = dir_ / "cert.pem", key = dir_ / "key.pem";
  std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1"
      " -addext subjectAltName=IP:127.0.0.1 -keyout " +
      key.string() + " -out " + cert.string() + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "openssl is needed";
  Catcher& catcher = StartMail({"--require-starttls", "--tls-cert",
                                cert.string(), "--tls-key", key.string()});
  MailConfig config = PlainMail(catcher.port());

  config.starttls = "required";  // system CA store: the peer is not trusted
  Status st =
      SmtpMailSender(config).Send(Mail{"jean@example.org", "s", "t", "", ""});
  EXPECT_EQ(st.code(), StatusCode::kUnavailable) << st.ToString();
  EXPECT_TRUE(FilesIn(catcher.out(), ".eml").empty());

  config.starttls = "off";  // the server refuses mail before STARTTLS
  st = SmtpMailSender(config).Send(Mail{"jean@example.org", "s", "t", "", ""});
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(FilesIn(catcher.out(), ".eml").empty());

  config.starttls = "required";
  config.ca_file = cert.string();
  st = SmtpMailSender(config).Send(
      Mail{"jean@example.org", "Accès", "t", "", "<tls.1@cm.test>"});
  ASSERT_TRUE(st.ok()) << st.ToString() << "\n" << catcher.log();
  std::vector<fs::path> emls = FilesIn(catcher.out(), ".eml");
  ASSERT_EQ(emls.size(), 1u);
  EXPECT_EQ(ParseEml(emls[0])["subject"], "Accès");
}

TEST_F(NotifyIntegrationTest, GatewayFailuresAreRetriedUntilOneSmsArrives) {
  Catcher& catcher =
      StartSms({"--fail-first", "2", "--expect-auth", "Bearer t0k3n"});
  HttpSmsSender sender(Gateway(catcher.port()));
  FakeOutbox outbox;
  OutboxMessage m;
  m.kind = OutboxMessage::Kind::kSms;
  m.recipient = "+33612345678";
  m.text = "Crédit Municipal : votre code \"K7P2Q\"\nvalable 10 min";
  m.ttl_seconds = 600;
  int64_t id = outbox.Add(m);
  DeliverConfig config;
  Deliverer deliverer(config, &outbox, nullptr, &sender, MakeWorkerId());

  for (int i = 0; i < 10 && outbox.row(id).state == FakeOutbox::State::kPending;
       ++i) {
    deliverer.RunOnce();
    outbox.Advance(60);
  }
  FakeOutbox::Row row = outbox.row(id);
  EXPECT_EQ(row.state, FakeOutbox::State::kSent);
  EXPECT_EQ(row.attempts, 3);
  EXPECT_NE(row.last_error.find("HTTP 500"), std::string::npos)
      << row.last_error;
  EXPECT_EQ(row.last_error.find("K7P2Q"), std::string::npos);

  std::vector<fs::path> files = FilesIn(catcher.out(), ".json");
  ASSERT_EQ(files.size(), 1u) << catcher.log();
  nlohmann::json sms = nlohmann::json::parse(ReadFile(files[0]));
  EXPECT_EQ(sms["to"], "+33612345678");
  EXPECT_EQ(sms["text"], m.text);
  EXPECT_EQ(sms["method"], "POST");
  EXPECT_EQ(sms["path"], "/v1/sms");
  EXPECT_EQ(catcher.Stop(), 0);
}

TEST_F(NotifyIntegrationTest, FormEncodedPutArrivesIntact) {
  Catcher& catcher = StartSms();
  SmsConfig config = Gateway(catcher.port());
  config.method = "PUT";
  config.auth_header.clear();
  config.content_type = "application/x-www-form-urlencoded";
  config.body_template = "to={to}&message={text}&from={sender}";
  config.sender = "CM Paris";
  HttpSmsSender sender(config);
  const std::string text = "Code: A&B=C+D é 100%";
  Status st = sender.Send(Sms{"+33612345678", text});
  ASSERT_TRUE(st.ok()) << st.ToString();
  std::vector<fs::path> files = FilesIn(catcher.out(), ".json");
  ASSERT_EQ(files.size(), 1u);
  nlohmann::json sms = nlohmann::json::parse(ReadFile(files[0]));
  EXPECT_EQ(sms["method"], "PUT");
  EXPECT_EQ(sms["to"], "+33612345678");
  EXPECT_EQ(sms["text"], text);
  EXPECT_EQ(sms["sender"], "CM Paris");
}

TEST_F(NotifyIntegrationTest, WrongCredentialsAndFaultsAreUnavailable) {
  Catcher& catcher = StartSms({"--expect-auth", "Bearer right"});
  SmsConfig config = Gateway(catcher.port());
  config.auth_header = "Authorization: Bearer wrong";
  Status st = HttpSmsSender(config).Send(Sms{"+33612345678", "Code: Z9"});
  EXPECT_EQ(st.code(), StatusCode::kUnavailable);
  EXPECT_NE(st.message().find("401"), std::string::npos) << st.ToString();
  EXPECT_EQ(st.message().find("Z9"), std::string::npos);

  // A running gateway told to fail the next request.
  InitCurlOnce();
  CURL* c = curl_easy_init();
  ASSERT_NE(c, nullptr);
  std::string url = "http://127.0.0.1:" + std::to_string(catcher.port()) +
                    "/_control/fail?n=1";
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
  curl_easy_setopt(c, CURLOPT_PROXY, "");
  curl_easy_setopt(
      c, CURLOPT_WRITEFUNCTION,
      +[](char*, size_t s, size_t n, void*) { return s * n; });
  EXPECT_EQ(curl_easy_perform(c), CURLE_OK);
  curl_easy_cleanup(c);

  config.auth_header = "Authorization: Bearer right";
  HttpSmsSender sender(config);
  st = sender.Send(Sms{"+33612345678", "Code: Z9"});
  EXPECT_EQ(st.code(), StatusCode::kUnavailable);
  EXPECT_NE(st.message().find("500"), std::string::npos) << st.ToString();
  EXPECT_TRUE(FilesIn(catcher.out(), ".json").empty());
  EXPECT_TRUE(sender.Send(Sms{"+33612345678", "Code: Z9"}).ok());
  EXPECT_EQ(FilesIn(catcher.out(), ".json").size(), 1u);
}

TEST_F(NotifyIntegrationTest, ClosedGatewayIsUnavailable) {
  Catcher& catcher = StartSms();
  const int port = catcher.port();
  ASSERT_EQ(catcher.Stop(), 0);
  Status st = HttpSmsSender(Gateway(port)).Send(Sms{"+33612345678", "x"});
  EXPECT_EQ(st.code(), StatusCode::kUnavailable) << st.ToString();
}

}  // namespace
}  // namespace sesame
