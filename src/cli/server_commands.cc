// serve, deliver, migrate, purge, audit, hash-bench.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "captcha/captcha_audio.h"
#include "cli/audit_anchor.h"
#include "cli/commands.h"
#include "crypto/crypto.h"
#include "crypto/password_hasher.h"
#include "flows/flows.h"
#include "intake/intake_worker.h"
#include "notify/deliverer.h"
#include "notify/http_sms_sender.h"
#include "notify/smtp_mail_sender.h"
#include "recovery/password_policy.h"
#include "storage/mysql/migrator.h"
#include "storage/mysql/mysql_stores.h"
#include "web/app.h"
#include "web/fcgi_server.h"
#include "web/renderer.h"

namespace sesame {
namespace {

int Fail(const std::string& what, const Status& st) {
  std::cerr << "sesame: " << what << ": " << st.message() << "\n";
  return 1;
}

}  // namespace

void BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

int WaitForStopSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

std::string DefaultSqlDir() {
  std::string source = std::string(SESAME_SOURCE_DIR) + "/sql";
  if (std::filesystem::is_directory(source)) return source;
  return "/usr/share/sesame/sql";
}

int RunServe(const Config& config) {
  BlockStopSignals();
  PasswordPolicy policy(config.security);
  Status st = policy.Load();
  if (!st.ok()) return Fail("password policy", st);
  CtemplateRenderer renderer(config.server.templates_dir);
  st = renderer.LoadLanguages(config.branding.languages, config.translations);
  if (!st.ok()) return Fail("branding.languages", st);
  st = renderer.Preload(AllTemplates());
  if (!st.ok()) return Fail("templates in " + config.server.templates_dir, st);
  auto opened = MysqlStores::Open(config);
  if (!opened.ok()) return Fail("database", opened.status());
  crypto::PasswordHasher hasher(config.security.argon2);
  // The spoken digits, when a form asks for a captcha: a missing or broken
  // clip stops the server here rather than on a user's page.
  std::optional<CaptchaAudio> captcha_audio;
  if (!config.captcha.forms.empty()) {
    StatusOr<CaptchaAudio> loaded =
        CaptchaAudio::Load(config.captcha.audio_dir);
    if (!loaded.ok()) {
      return Fail("captcha.audio_dir " + config.captcha.audio_dir,
                  loaded.status());
    }
    captcha_audio.emplace(std::move(loaded).value());
  }

  StatusOr<std::unique_ptr<OidcClient>> oidc = NewConfiguredOidcClient(config);
  if (!oidc.ok()) return Fail("education.oidc", oidc.status());

  Services services;
  services.config = &config;
  services.stores = (*opened)->stores();
  services.hasher = &hasher;
  services.policy = &policy;
  services.renderer = &renderer;
  services.captcha_audio = captcha_audio ? &*captcha_audio : nullptr;
  services.login_links = FlowLoginLinks();
  services.oidc = oidc->get();
  App app(services);
  AddAllRoutes(&app);

  FcgiServer server(config, &app);
  st = server.Open();
  if (!st.ok()) return Fail("listen", st);
  std::cerr << "sesame: serving on " << config.server.listen << " with "
            << config.server.threads << " threads\n";
  std::thread waiter([&server] {
    WaitForStopSignal();
    server.Stop();
  });
  server.Run();
  // Run() returns only after Stop(); the waiter has finished.
  waiter.join();
  std::cerr << "sesame: stopped\n";
  return 0;
}

int RunDeliver(const Config& config, const Args& args) {
  bool once = false;
  for (const std::string& a : args) {
    if (a == "--once") {
      once = true;
    } else {
      std::cerr << "sesame deliver: unknown option " << a << "\n";
      return 2;
    }
  }
  BlockStopSignals();
  auto opened = MysqlStores::Open(config);
  if (!opened.ok()) return Fail("database", opened.status());
  SmtpMailSender mail(config.mail);
  // Without a gateway, SMS rows fail at once instead of waiting to expire.
  std::unique_ptr<HttpSmsSender> sms;
  if (!config.sms.url.empty())
    sms = std::make_unique<HttpSmsSender>(config.sms);
  // The mails the intake worker builds come from the templates.
  CtemplateRenderer renderer(config.server.templates_dir);
  Status loaded =
      renderer.LoadLanguages(config.branding.languages, config.translations);
  if (!loaded.ok()) return Fail("branding.languages", loaded);
  loaded = renderer.Preload(MailTemplates());
  if (!loaded.ok()) {
    return Fail("templates in " + config.server.templates_dir, loaded);
  }
  Stores stores = (*opened)->stores();
  std::string worker = MakeWorkerId();
  Deliverer deliverer(config.deliver, stores.outbox, &mail, sms.get(), worker);
  const int batch = std::max(1, config.deliver.batch_size);
  IntakeWorker intake(stores.intake, worker, batch,
                      config.deliver.claim_seconds);
  crypto::PasswordHasher hasher(config.security.argon2);
  const auto handlers =
      AddIntakeHandlers(&intake, {&config, stores, &renderer, &hasher, {}});
  // One step: requests first (they queue messages), then messages.
  if (once) {
    int n = 0, total = 0;
    do {
      n = intake.RunOnce();
      n += deliverer.RunOnce();
      total += n;
    } while (n > 0);
    std::cerr << "sesame deliver: processed " << total
              << " requests and messages\n";
    return 0;
  }
  std::atomic<bool> stop{false};
  std::thread waiter([&stop] {
    WaitForStopSignal();
    stop = true;
  });
  std::cerr << "sesame deliver: started as " << worker << "\n";
  // Requests and messages each on their own thread (and database
  // connection): a flood of requests does not hold back the mail of the
  // requests already handled, and each waits on its own commits.
  std::thread requests([&] {
    PollUntilStopped(stop, config.deliver.poll_interval_ms,
                     [&] { return intake.RunOnce() >= batch; });
  });
  deliverer.Run(stop);
  requests.join();
  waiter.join();
  std::cerr << "sesame deliver: stopped\n";
  return 0;
}

namespace {

// The password of --db-password-file: one line, not readable by everyone.
StatusOr<std::string> ReadDbPasswordFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return Status::InvalidArgument("cannot read " + path);
  }
  if (st.st_mode & S_IROTH) {
    return Status::InvalidArgument(
        path + " is readable by every user of the machine: chmod o-rwx it");
  }
  std::ifstream in(path, std::ios::binary);
  std::string password;
  if (!in || !std::getline(in, password)) {
    return Status::InvalidArgument("cannot read " + path);
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

}  // namespace

int RunMigrate(const Config& config, const Args& args) {
  std::string dir = DefaultSqlDir();
  Config admin = config;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--dir" && i + 1 < args.size()) {
      dir = args[++i];
    } else if (args[i] == "--db-user" && i + 1 < args.size()) {
      // The schema's owner: serve and deliver's user (database.user) may
      // not change tables, nor rewrite the audit log.
      admin.database.user = args[++i];
      admin.database.password.clear();
    } else if (args[i] == "--db-password-file" && i + 1 < args.size()) {
      StatusOr<std::string> password = ReadDbPasswordFile(args[++i]);
      if (!password.ok()) return Fail("--db-password-file", password.status());
      admin.database.password = *password;
    } else {
      std::cerr << "sesame migrate: unknown option " << args[i] << "\n";
      return 2;
    }
  }
  auto opened = MysqlStores::Open(admin);
  if (!opened.ok()) return Fail("database", opened.status());
  Status st = Migrate((*opened)->db(), dir, std::cout);
  if (!st.ok()) return Fail("migrate", st);
  // From here on the audit chain is keyed: the row that says so is written
  // now, before serve or deliver append anything.
  StatusOr<int64_t> keyed = (*opened)->audit_log().KeyChain();
  if (!keyed.ok()) return Fail("audit log", keyed.status());
  if (*keyed != 0) {
    std::cout << "audit log: HMAC-SHA256 chain from row " << *keyed
              << " on (rows before it: SHA-256)\n";
  }
  return 0;
}

int RunPurge(const Config& config) {
  auto opened = MysqlStores::Open(config);
  if (!opened.ok()) return Fail("database", opened.status());
  StatusOr<int> n = PurgeExpired((*opened)->db());
  if (!n.ok()) return Fail("purge", n.status());
  std::cout << "purged " << *n << " expired rows\n";
  return 0;
}

// Exit codes of `sesame audit`, as the README lists them.
constexpr int kAuditIntact = 0;
constexpr int kAuditCannotCheck = 1;  // config or database error
constexpr int kAuditUsage = 2;
constexpr int kAuditChainBroken = 3;    // a row edited, inserted or missing
constexpr int kAuditAnchorNotHeld = 4;  // truncated, or rewritten to the anchor

int RunAudit(const Config& config, const Args& args) {
  static const char kUsage[] =
      "usage: sesame audit verify [--anchor ID:MAC]\n"
      "       sesame audit anchor\n"
      "       sesame audit show --officer LOGIN [--last N]\n";
  if (!args.empty() && args[0] == "show") return RunAuditShow(config, args);
  const bool anchor_command = args.size() == 1 && args[0] == "anchor";
  std::optional<AuditAnchor> anchor;
  if (!anchor_command) {
    if (args.empty() || args[0] != "verify" || args.size() == 2 ||
        args.size() > 3 || (args.size() == 3 && args[1] != "--anchor")) {
      std::cerr << kUsage;
      return kAuditUsage;
    }
    if (args.size() == 3) {
      anchor = ParseAuditAnchor(args[2]);
      if (!anchor) {
        std::cerr << "sesame audit verify: --anchor takes ID:MAC as sesame "
                     "audit anchor prints it (a row id, a colon, 64 hex "
                     "digits)\n";
        return kAuditUsage;
      }
    }
  }
  auto opened = MysqlStores::Open(config);
  if (!opened.ok()) {
    Fail("database", opened.status());
    return kAuditCannotCheck;
  }
  StatusOr<AuditReport> report = (*opened)->stores().audit->Verify(anchor);
  if (!report.ok()) {
    Fail("audit log", report.status());
    return report.status().code() == StatusCode::kFailedPrecondition
               ? kAuditChainBroken
               : kAuditCannotCheck;
  }
  if (anchor_command) {
    std::cout << FormatAuditAnchor(report->head) << "\n";
    return kAuditIntact;
  }
  if (!report->anchor_problem.empty()) {
    std::cerr << "sesame: audit log: anchor " << FormatAuditAnchor(*anchor)
              << " not held: " << report->anchor_problem << "\n";
    return kAuditAnchorNotHeld;
  }
  std::cout << "audit log intact: " << report->rows << " rows verified";
  if (report->keyed_from > 1) {
    std::cout << " (SHA-256 up to row " << report->keyed_from - 1
              << ", HMAC-SHA256 from row " << report->keyed_from << ")";
  } else if (report->keyed_from == 1) {
    std::cout << " (HMAC-SHA256)";
  }
  std::cout << "; head " << FormatAuditAnchor(report->head);
  if (anchor) std::cout << "; anchor row " << anchor->id << " matches";
  std::cout << "\n";
  return kAuditIntact;
}

int RunHashBench(const Config& config, const Args& args) {
  // Argon2id hashes per second with every core busy, at the configured
  // parameters: the ceiling for the screens that hash.
  double seconds = 3;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--seconds" && i + 1 < args.size()) {
      seconds = std::stod(args[++i]);
    }
  }
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  Argon2Config a = config.security.argon2;
  a.max_concurrent = static_cast<int>(threads);
  crypto::PasswordHasher hasher(a);
  std::atomic<long> count{0};
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(static_cast<long>(seconds * 1000));
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      while (std::chrono::steady_clock::now() < deadline) {
        if (hasher.Hash("benchmark password").ok()) ++count;
      }
    });
  }
  for (auto& t : pool) t.join();
  std::cout << "{\"threads\":" << threads << ",\"hashes\":" << count.load()
            << ",\"seconds\":" << seconds << ",\"hashes_per_second\":"
            << static_cast<double>(count.load()) / seconds << "}\n";
  return 0;
}

}  // namespace sesame
