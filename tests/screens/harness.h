// A whole App over in-memory stores, the real templates (html/) and a fast
// Argon2id, driven with hand-built requests: screens tested without
// FastCGI, MariaDB or a mail server. The flows come from the registry
// (flows/flows.h), wired as `sesame serve` and `sesame deliver` wire them;
// a test may hand its own list (a test-only flow, say).
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
#include "flows/flows.h"
#include "intake/intake_worker.h"
#include "recovery/password_policy.h"
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
  c.recovery.flows = FlowConfigSchema().default_flows;
  c.branding.assistance_contact = "01 23 45 67 89";
  c.captcha.audio_dir = SESAME_CAPTCHA_AUDIO_DIR;
  return c;
}

class Harness {
 public:
  explicit Harness(Config config = TestConfig(),
                   FlowList flows = CompiledFlows())
      : config_(WithFlowDefaults(std::move(config), flows)),
        flows_(std::move(flows)),
        hasher_(config_.security.argon2),
        policy_(config_.security),
        renderer_(config_.server.templates_dir) {
    (void)policy_.Load();
    EXPECT_TRUE(
        renderer_
            .LoadLanguages(config_.branding.languages, config_.translations)
            .ok());
    stores.sms_per_destination_hour =
        config_.security.limits.sms_per_destination_hour;
    stores.sms_global_hour = config_.security.limits.sms_global_hour;
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
    services_.login_links = FlowLoginLinks(flows_);
    app_ = std::make_unique<App>(services_);
    AddAllRoutes(app_.get(), flows_);
    handlers_ = AddIntakeHandlers(&intake_, deps(), flows_);
  }

  static Config WithFlowDefaults(Config config, const FlowList& flows) {
    AddDefaultFlowSettings(&config, flows);
    return config;
  }

  // What the flows' handlers and account options borrow.
  FlowDeps deps() {
    return {&config_, stores.stores(), &renderer_, &hasher_, {}};
  }

  // What the last AddAccount's flow options told the operator.
  std::vector<std::string> last_told;

  // Adds an account with this password and these flow account options
  // (name and value as `sesame account add --NAME VALUE` takes them);
  // returns its id.
  int64_t AddAccount(
      const std::string& login, const std::string& password,
      bool must_change = false,
      const std::vector<std::pair<std::string, std::string>>& options = {}) {
    NewAccount a;
    a.login = login;
    a.email = login + "@example.org";
    a.phone = "+33612345678";
    a.display_name = "Camille " + login;
    a.password_hash = *hasher_.Hash(password);
    a.must_change_password = must_change;
    std::map<std::string, std::string> given(options.begin(), options.end());
    std::vector<std::string> told;
    EXPECT_TRUE(ApplyAccountOptions(deps(), given, &a, &told, flows_).ok());
    last_told = told;
    return *stores.Add(a, {});
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
      if (std::regex_search(value, m, std::regex("^__Host-device=([^;]*);"))) {
        device_cookie = m[1];
      }
      if (std::regex_search(value, m, std::regex("^__Host-guichet=([^;]*);"))) {
        guichet_cookie = m[1];
      }
      // Any other cookie a flow sets (a link's, a grant's), kept until
      // cleared, when the test asks for it.
      if (keep_cookies &&
          std::regex_search(value, m,
                            std::regex("^(__Host-[a-z_]+)=([^;]*);")) &&
          m[1] != "__Host-session" && m[1] != "__Host-device" &&
          m[1] != "__Host-guichet" && m[1] != "__Host-csrf") {
        if (std::string(m[2]).empty()) {
          cookies.erase(m[1]);
        } else {
          cookies[m[1]] = m[2];
        }
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
    if (!device_cookie.empty()) r.cookies["__Host-device"] = device_cookie;
    if (!guichet_cookie.empty()) r.cookies["__Host-guichet"] = guichet_cookie;
    for (const auto& [name, value] : cookies) r.cookies[name] = value;
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
  // The OpenID Connect relying party the screens use (Services::oidc).
  void set_oidc(OidcClient* client) { services_.oidc = client; }
  const Config& config() const { return config_; }
  crypto::PasswordHasher& hasher() { return hasher_; }

  // Handles every waiting intent; returns how many.
  int RunIntake() { return intake_.RunOnce(); }

  InMemoryStores stores;
  std::string client_ip = "192.0.2.10";
  // The device cookie this browser was given at its last sign-in (sent
  // with every request while not empty).
  std::string device_cookie;
  // The officers' desk session cookie (« guichet »), sent while not empty.
  std::string guichet_cookie;
  // With keep_cookies, the other cookies flows set (full name -> value),
  // sent while kept.
  bool keep_cookies = false;
  std::map<std::string, std::string> cookies;
  bool run_intake = true;

 private:
  Config config_;
  FlowList flows_;
  crypto::PasswordHasher hasher_;
  PasswordPolicy policy_;
  CtemplateRenderer renderer_;
  std::optional<CaptchaAudio> captcha_audio_;
  Services services_;
  std::unique_ptr<App> app_;
  IntakeWorker intake_{&stores, "test-worker", 100, 60};
  std::vector<std::shared_ptr<IntentHandler>> handlers_;
  std::string csrf_cookie_ = crypto::NewToken();
  std::string session_cookie_;
};

}  // namespace sesame::testing

#endif  // SESAME_TESTS_SCREENS_HARNESS_H_
