// serve, deliver, migrate, purge, audit, hash-bench.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <thread>

#include "captcha/captcha_audio.h"
#include "cli/audit_anchor.h"
#include "cli/commands.h"
#include "cli/systemd_notify.h"
#include "core/config_reload.h"
#include "core/log.h"
#include "core/wake.h"
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
#include "web/app_holder.h"
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
  // SIGHUP too: serve reloads its configuration on it, deliver says it
  // needs a restart; neither dies of it.
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

int WaitForSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

int WaitForStopSignal() {
  for (;;) {
    const int sig = WaitForSignal();
    if (sig != SIGHUP) return sig;
    std::cerr << "sesame: SIGHUP ignored: this command reads its "
                 "configuration only at start (restart it to apply a new "
                 "one)\n";
  }
}

std::string DefaultSqlDir() {
  std::string source = std::string(SESAME_SOURCE_DIR) + "/sql";
  if (std::filesystem::is_directory(source)) return source;
  return "/usr/share/sesame/sql";
}

static LogFormat LogFormatOf(const Config& config) {
  return config.server.log_format == "json" ? LogFormat::kJson
                                            : LogFormat::kText;
}

namespace {

// One configuration of `sesame serve` and everything built from it: the
// App that requests go to. A reload builds a new one; the old one lives on
// until its last request is answered (AppHolder).
struct ServeGeneration {
  explicit ServeGeneration(Config c)
      : config(std::move(c)), policy(config.security) {}
  Config config;
  PasswordPolicy policy;
  std::optional<CaptchaAudio> captcha_audio;
  std::unique_ptr<OidcClient> oidc;
  Services services;
  std::unique_ptr<App> app;  // last: destroyed first
};

// What every generation shares with the first: the database connections
// and the password hasher (fixed while serve runs, KeepRestartOnlySettings)
// and the renderer (its templates_dir too).
struct ServeShared {
  Stores stores;
  crypto::PasswordHasher* hasher = nullptr;
  Renderer* renderer = nullptr;
};

// Builds the App of `config`, or says what stops it.
StatusOr<std::shared_ptr<App>> BuildGeneration(Config config,
                                               const ServeShared& shared) {
  auto gen = std::make_shared<ServeGeneration>(std::move(config));
  const Config& c = gen->config;
  Status st = gen->policy.Load();
  if (!st.ok()) return Status(st.code(), "password policy: " + st.message());
  // The spoken digits, when a form asks for a captcha: a missing or broken
  // clip stops the server here rather than on a user's page.
  if (!c.captcha.forms.empty()) {
    StatusOr<CaptchaAudio> loaded = CaptchaAudio::Load(c.captcha.audio_dir);
    if (!loaded.ok()) {
      return Status(loaded.status().code(), "captcha.audio_dir " +
                                                c.captcha.audio_dir + ": " +
                                                loaded.status().message());
    }
    gen->captcha_audio.emplace(std::move(loaded).value());
  }
  StatusOr<std::unique_ptr<OidcClient>> oidc = NewConfiguredOidcClient(c);
  if (!oidc.ok()) {
    return Status(oidc.status().code(),
                  "education.oidc: " + oidc.status().message());
  }
  gen->oidc = std::move(oidc).value();

  Services& services = gen->services;
  services.config = &c;
  services.stores = shared.stores;
  services.hasher = shared.hasher;
  services.policy = &gen->policy;
  services.renderer = shared.renderer;
  services.captcha_audio = gen->captcha_audio ? &*gen->captcha_audio : nullptr;
  services.login_links = FlowLoginLinks();
  services.oidc = gen->oidc.get();
  gen->app = std::make_unique<App>(services);
  AddAllRoutes(gen->app.get());
  // The App shares the generation's lifetime.
  return std::shared_ptr<App>(gen, gen->app.get());
}

// SIGHUP: the file again, checked whole; on any problem the running
// configuration stays. `running` is the configuration in service.
void Reload(const std::string& path, const ServeShared& shared, AppHolder* apps,
            Config* running) {
  NotifySystemd(ReloadingNotice());
  std::cerr << "sesame: SIGHUP: reloading " << path << "\n";
  StatusOr<Config> next = LoadConfig(path, FlowConfigSchema());
  if (!next.ok()) {
    std::cerr << "sesame: reload refused, the running configuration stays; "
                 "the file has problems:\n"
              << next.status().message() << "\n";
    NotifySystemd("READY=1\nSTATUS=reload refused: the file has problems");
    return;
  }
  for (const std::string& key : KeepRestartOnlySettings(*running, &*next)) {
    std::cerr << "sesame: reload: " << key
              << " changed but needs a restart; the running value stays\n";
  }
  StatusOr<std::shared_ptr<App>> app = BuildGeneration(*next, shared);
  if (!app.ok()) {
    std::cerr << "sesame: reload refused, the running configuration stays: "
              << app.status().message() << "\n";
    NotifySystemd("READY=1\nSTATUS=reload refused");
    return;
  }
  apps->Replace(std::move(app).value());
  *running = std::move(next).value();
  std::cerr << "sesame: configuration reloaded from " << path
            << "; requests under way finish with the previous one\n";
  NotifySystemd("READY=1\nSTATUS=serving");
}

}  // namespace

int RunServe(const Config& config) {
  BlockStopSignals();
  SetLogFormat(LogFormatOf(config));
  CtemplateRenderer renderer(config.server.templates_dir);
  Status st =
      renderer.LoadLanguages(config.branding.languages, config.translations);
  if (!st.ok()) return Fail("branding.languages", st);
  st = renderer.Preload(AllTemplates());
  if (!st.ok()) return Fail("templates in " + config.server.templates_dir, st);
  // Not answering is not a reason to stop: the pages say « Service
  // indisponible » (503) and /healthz answers 503 until the database
  // answers, and every request tries to reconnect. A server that exited
  // instead would be restarted in a loop by its service manager, which
  // gives up after a few tries and leaves the portal down after the
  // database came back.
  auto opened = MysqlStores::Open(config, /*check_connection=*/false);
  if (!opened.ok()) return Fail("database", opened.status());
  if (Status ping = (*opened)->db().Ping(); !ping.ok()) {
    std::cerr << "sesame: database: " << ping.message()
              << "; serving anyway: pages answer 503 until it answers\n";
  }
  // A committed request or message wakes deliver at once (core/wake.h);
  // [deliver] wake_socket is read at start only.
  WakeSender wake(config.deliver.wake_socket);
  (*opened)->db().SetQueueCommitHook(
      [&wake](unsigned queues) { wake.Send(queues); });
  crypto::PasswordHasher hasher(config.security.argon2);
  ServeShared shared{(*opened)->stores(), &hasher, &renderer};
  StatusOr<std::shared_ptr<App>> first = BuildGeneration(config, shared);
  if (!first.ok()) return Fail("configuration", first.status());
  AppHolder apps(std::move(first).value());

  FcgiServer server(config, &apps);
  st = server.Open();
  if (!st.ok()) return Fail("listen", st);
  Log("info", "serve.start",
      {{"listen", server.socket_activated()
                      ? "the socket systemd passed (fd 3); [server] listen (" +
                            config.server.listen + ") is not used"
                      : config.server.listen},
       {"threads", config.server.threads}});
  Config running = config;
  std::thread waiter([&] {
    for (;;) {
      const int sig = WaitForSignal();
      if (sig != SIGHUP) break;
      Reload(config.path, shared, &apps, &running);
    }
    NotifySystemd("STOPPING=1");
    Log("info", "serve.stopping", {});
    server.Stop();
  });
  // Ready once the socket listens (connections wait in its backlog for
  // the threads Run() starts): whether the database answers is /healthz's
  // to say, not a reason to wait (see above).
  NotifySystemd("READY=1\nSTATUS=serving");
  server.Run();
  // Run() returns only after Stop(); the waiter has finished.
  waiter.join();
  Log("info", "serve.stop", {});
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
  SetLogFormat(LogFormatOf(config));
  auto opened = MysqlStores::Open(config);
  if (!opened.ok()) return Fail("database", opened.status());
  SmtpMailSender mail(config.mail, config.deliver.smtp_connections);
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
  // Wakes: serve's datagrams through the socket, and this process's own
  // commits (an intent handled queues its mail) directly.
  WakeBoard board;
  (*opened)->db().SetQueueCommitHook(
      [&board](unsigned queues) { board.Post(queues); });
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
  std::unique_ptr<WakeListener> listener;
  if (!config.deliver.wake_socket.empty()) {
    auto bound =
        WakeListener::Bind(config.deliver.wake_socket,
                           static_cast<mode_t>(config.server.socket_mode));
    if (bound.ok()) {
      listener = std::move(bound).value();
    } else {
      // Not a reason to stop: polling finds the work all the same.
      Log("warning", "deliver.wake_unavailable",
          {{"error", bound.status().message()},
           {"note", "polling every deliver.poll_interval_ms"}});
    }
  }
  std::atomic<bool> stop{false};
  std::thread waiter([&stop] {
    WaitForStopSignal();
    NotifySystemd("STOPPING=1");
    std::cerr << "sesame deliver: stopping after the messages under way\n";
    stop = true;
  });
  std::thread wakes;
  if (listener) {
    wakes = std::thread([&] { ForwardWakes(listener.get(), &board, stop); });
  }
  Log("info", "deliver.start",
      {{"worker", worker},
       {"wake_socket", listener ? config.deliver.wake_socket : "none"}});
  NotifySystemd("READY=1\nSTATUS=delivering");
  // Requests and messages each on their own threads (and database
  // connections): a flood of requests does not hold back the mail of the
  // requests already handled, and each waits on its own commits. Requests
  // on request_threads threads: each claims its own batch (a claim token of
  // its own), so they never handle one request twice; most of a request's
  // time is spent waiting for the database, so two threads handle about
  // 1.7 times the requests a second of one.
  std::vector<std::thread> requests;
  for (int i = 0; i < std::max(1, config.deliver.request_threads); ++i) {
    requests.emplace_back([&] {
      RunUntilStopped(stop, config.deliver.poll_interval_ms, batch, &board,
                      kWakeIntents, [&] { return intake.RunOnce(); });
    });
  }
  deliverer.Run(stop, &board);
  for (std::thread& t : requests) t.join();
  if (wakes.joinable()) wakes.join();
  waiter.join();
  Log("info", "deliver.stop", {});
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
  // parameters: the ceiling for the screens that hash. First, for
  // comparison, the same hashes by libargon2 allocating its own memory and
  // by libsodium (not with --no-compare); the last line is Sésame's own
  // hasher (bench/run reads it).
  double seconds = 3;
  bool compare = true;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--seconds" && i + 1 < args.size()) {
      const std::string& text = args[++i];
      char* end = nullptr;
      seconds = std::strtod(text.c_str(), &end);
      if (text.empty() || *end != '\0' || !(seconds > 0 && seconds <= 3600)) {
        std::cerr << "hash-bench: --seconds wants a number of seconds "
                     "(0 < N <= 3600), not \""
                  << text << "\"\n";
        return 2;
      }
    } else if (args[i] == "--no-compare") {
      compare = false;
    }
  }
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  Argon2Config a = config.security.argon2;
  a.max_concurrent = static_cast<int>(threads);
  auto run = [&](const char* name, const std::function<bool()>& hash) {
    std::atomic<long> count{0};
    auto deadline =
        std::chrono::steady_clock::now() +
        std::chrono::milliseconds(static_cast<long>(seconds * 1000));
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      pool.emplace_back([&] {
        while (std::chrono::steady_clock::now() < deadline) {
          if (hash()) ++count;
        }
      });
    }
    for (auto& t : pool) t.join();
    std::cout << "{\"implementation\":\"" << name
              << "\",\"threads\":" << threads << ",\"hashes\":" << count.load()
              << ",\"seconds\":" << seconds << ",\"hashes_per_second\":"
              << static_cast<double>(count.load()) / seconds << "}"
              << std::endl;
  };
  if (compare) {
    run("libargon2, memory from malloc", [&] {
      return crypto::HashOnceWith(
          crypto::Argon2Implementation::kLibargon2Malloc, a,
          "benchmark password");
    });
  }
  if (compare && a.parallelism == 1) {
    run("libsodium crypto_pwhash", [&] {
      return crypto::HashOnceWith(crypto::Argon2Implementation::kLibsodium, a,
                                  "benchmark password");
    });
  }
  // Sésame's own: the library it measured faster here (argon2.library in
  // the log).
  crypto::PasswordHasher hasher(a);
  run(hasher.uses_libsodium() ? "sesame: libsodium, faster here"
                              : "sesame: libargon2, a matrix per thread",
      [&] { return hasher.Hash("benchmark password").ok(); });
  return 0;
}

}  // namespace sesame
