// A whole App over in-memory stores, the real templates (html/) and a fast
// Argon2id, driven with hand-built requests: screens tested without
// FastCGI, MariaDB or a mail server.
#ifndef SESAME_TESTS_SCREENS_HARNESS_H_
#define SESAME_TESTS_SCREENS_HARNESS_H_

#include <memory>
#include <optional>
#include <regex>
#include <string>

#include "captcha/captcha_audio.h"
#include "crypto/crypto.h"
#include "crypto/password_hasher.h"
#include "fakes/in_memory_stores.h"
#include "intake/consular_intake.h"
#include "intake/credit_municipal_intake.h"
#include "intake/intake_worker.h"
#include "recovery/consular_rules.h"
#include "recovery/password_policy.h"
#include "screens/routes.h"
#include "web/app.h"
#include "web/renderer.h"

namespace sesame::testing {

inline Config TestConfig() {
  Config c;
  c.server.public_base_url = "https://portail.example.org";
  c.server.mount = "/";
  c.server.templates_dir = std::string(SESAME_SOURCE_DIR) + "/html";
  c.security.secret_key = std::string(32, 'k');
  c.security.argon2.memory_kib = 8192;
  c.security.argon2.iterations = 1;
  c.branding.organisation = "Crédit Municipal de Test";
  c.branding.assistance_contact = "01 23 45 67 89";
  c.captcha.audio_dir = SESAME_CAPTCHA_AUDIO_DIR;
  return c;
}

class Harness {
 public:
  explicit Harness(Config config = TestConfig())
      : config_(std::move(config)),
        hasher_(config_.security.argon2),
        policy_(config_.security),
        renderer_(config_.server.templates_dir) {
    (void)policy_.Load();
    services_.config = &config_;
    services_.stores = stores.stores();
    services_.hasher = &hasher_;
    services_.policy = &policy_;
    services_.renderer = &renderer_;
    if (!config_.captcha.forms.empty()) {
      StatusOr<CaptchaAudio> audio =
          CaptchaAudio::Load(config_.captcha.audio_dir);
      if (audio.ok()) captcha_audio_.emplace(std::move(audio).value());
      services_.captcha_audio = captcha_audio_ ? &*captcha_audio_ : nullptr;
    }
    app_ = std::make_unique<App>(services_);
    AddRoutes(app_.get());
    intake_.AddHandler(kCreditMunicipalFlow, &credit_municipal_);
    intake_.AddHandler(kConsularPasswordFlow, &consular_);
    intake_.AddHandler(kConsularIdentifierFlow, &consular_);
  }

  // Adds an account with this password (and this NUMIC, as typed); returns
  // its id.
  int64_t AddAccount(const std::string& login, const std::string& password,
                     bool must_change = false, const std::string& numic = "") {
    NewAccount a{login,
                 login + "@example.org",
                 "+33612345678",
                 "Camille " + login,
                 *hasher_.Hash(password),
                 must_change,
                 0,
                 {}};
    if (!numic.empty()) {
      a.identifiers.push_back({kNumicIdentifierKind, NumicDigest(numic)});
    }
    return *stores.Add(a, {});
  }
  std::string NumicDigest(const std::string& typed) {
    return *hasher_.KeyedDigest(NumicSalt(config_.security.secret_key),
                                NormaliseNumic(typed).value_or(typed));
  }

  Response Get(const std::string& path, const std::string& query = "") {
    Request r = Base("GET", path);
    r.query = query;
    ParseUrlEncoded(query, &r.query_params);
    return Send(r);
  }

  // A POST carrying a valid CSRF token unless `csrf` is false.
  Response Post(const std::string& path,
                std::map<std::string, std::string> form, bool csrf = true) {
    Request r = Base("POST", path);
    if (csrf) form["csrf"] = app_->CsrfToken(csrf_cookie_);
    r.form = std::move(form);
    return Send(r);
  }

  // Handles `r`, then (unless run_intake is false) what the intake worker
  // of `sesame deliver` would do next: the intents it stored.
  Response Send(Request& r) {
    Response resp = app_->Handle(r);
    if (run_intake) RunIntake();
    for (const auto& [name, value] : resp.headers) {
      if (name != "Set-Cookie") continue;
      std::smatch m;
      if (std::regex_search(value, m, std::regex("^__Host-session=([^;]*);"))) {
        session_cookie_ = m[1];
      }
    }
    return resp;
  }

  Request Base(const std::string& method, const std::string& path) {
    Request r;
    r.method = method;
    r.path = path;
    r.client_ip = client_ip;
    r.cookies["__Host-csrf"] = csrf_cookie_;
    if (!session_cookie_.empty()) {
      r.cookies["__Host-session"] = session_cookie_;
    }
    return r;
  }

  static std::string Header(const Response& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
      if (n == name) return v;
    }
    return "";
  }

  const std::string& session_cookie() const { return session_cookie_; }
  void set_session_cookie(std::string c) { session_cookie_ = std::move(c); }
  App& app() { return *app_; }
  const Config& config() const { return config_; }

  // Handles every waiting intent; returns how many.
  int RunIntake() { return intake_.RunOnce(); }

  InMemoryStores stores;
  std::string client_ip = "192.0.2.10";
  bool run_intake = true;

 private:
  Config config_;
  crypto::PasswordHasher hasher_;
  PasswordPolicy policy_;
  CtemplateRenderer renderer_;
  std::optional<CaptchaAudio> captcha_audio_;
  Services services_;
  std::unique_ptr<App> app_;
  CreditMunicipalIntake credit_municipal_{config_, stores.stores(), &renderer_};
  ConsularIntake consular_{config_, stores.stores(), &renderer_, &hasher_};
  IntakeWorker intake_{&stores, "test-worker", 100, 60};
  std::string csrf_cookie_ = crypto::NewToken();
  std::string session_cookie_;
};

}  // namespace sesame::testing

#endif  // SESAME_TESTS_SCREENS_HARNESS_H_
