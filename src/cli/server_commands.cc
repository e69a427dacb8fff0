// serve, deliver, migrate, purge, audit, hash-bench.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include "captcha/captcha_audio.h"
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

  Services services;
  services.config = &config;
  services.stores = (*opened)->stores();
  services.hasher = &hasher;
  services.policy = &policy;
  services.renderer = &renderer;
  services.captcha_audio = captcha_audio ? &*captcha_audio : nullptr;
  services.login_links = FlowLoginLinks();
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
  Status loaded = renderer.Preload(MailTemplates());
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

int RunMigrate(const Config& config, const Args& args) {
  std::string dir = DefaultSqlDir();
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--dir" && i + 1 < args.size()) {
      dir = args[++i];
    } else {
      std::cerr << "sesame migrate: unknown option " << args[i] << "\n";
      return 2;
    }
  }
  auto opened = MysqlStores::Open(config);
  if (!opened.ok()) return Fail("database", opened.status());
  Status st = Migrate((*opened)->db(), dir, std::cout);
  if (!st.ok()) return Fail("migrate", st);
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

int RunAudit(const Config& config, const Args& args) {
  if (args.size() != 1 || args[0] != "verify") {
    std::cerr << "usage: sesame audit verify\n";
    return 2;
  }
  auto opened = MysqlStores::Open(config);
  if (!opened.ok()) return Fail("database", opened.status());
  StatusOr<int64_t> n = (*opened)->stores().audit->Verify();
  if (!n.ok()) return Fail("audit log", n.status());
  std::cout << "audit log intact: " << *n << " rows verified\n";
  return 0;
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
