// Screen: one page of the portal (one file per screen under src/screens/).
// Context: what a screen may use during one request.
#ifndef SESAME_WEB_SCREEN_H_
#define SESAME_WEB_SCREEN_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/config.h"
#include "crypto/password_hasher.h"
#include "storage/stores.h"
#include "web/request.h"
#include "web/response.h"

namespace sesame {

class CaptchaAudio;
class OidcClient;
class PasswordPolicy;
class Renderer;

// A link a recovery flow adds to the login page while [recovery] flows
// offers it (see flows/recovery_flow.h).
struct LoginLink {
  enum class Place {
    kUnderLogin,     // under the identifier's label
    kUnderPassword,  // under the password's label
    kBelowForm,      // after the « Se connecter » button
  };
  std::string flow;
  Place place = Place::kBelowForm;
  std::string text;  // its catalogue key: "cm_login_link"
  std::string path;  // relative to the mount: "/forgot"
};

// Long-lived dependencies, shared by every request and thread.
struct Services {
  const Config* config = nullptr;
  Stores stores;
  crypto::PasswordHasher* hasher = nullptr;
  const PasswordPolicy* policy = nullptr;
  Renderer* renderer = nullptr;  // pages and mail bodies
  // The spoken digits; loaded when [captcha] forms is not empty.
  const CaptchaAudio* captcha_audio = nullptr;
  // The offered flows' links on the login page, from the flow registry.
  std::vector<LoginLink> login_links;
  // The OpenID Connect relying party of [education.oidc] (FranceConnect);
  // null when it is not configured (NewConfiguredOidcClient).
  OidcClient* oidc = nullptr;
};

// An error shown on a form: the field it belongs to (its id) and the text.
struct FieldError {
  std::string field;
  std::string message;
};

class Context {
 public:
  Context(const Services& services, const Request& request);

  const Services& services() const { return services_; }
  const Config& config() const { return *services_.config; }
  // Who speaks on this page: [branding], or the screen's flow's.
  const BrandingConfig& branding() const {
    return branding_ != nullptr ? *branding_ : config().branding;
  }
  void set_branding(const BrandingConfig* branding) { branding_ = branding; }
  const Stores& stores() const { return services_.stores; }
  const Request& request() const { return request_; }

  // The language of this request (App::Handle chooses it: the `lang`
  // cookie, else Accept-Language, else the first of [branding] languages).
  const std::string& lang() const { return lang_; }
  void set_lang(std::string lang) { lang_ = std::move(lang); }
  // The catalogue's text of `key` in this request's language, with its
  // {placeholders} replaced by `values`.
  std::string T(std::string_view key) const;
  std::string T(
      std::string_view key,
      const std::vector<std::pair<std::string, std::string>>& values) const;
  // Configured wording (organisation, a flow's messages) in this language.
  std::string Wording(const std::string& configured) const;

  // The signed-in session, looked up once (NotFound when none or dead;
  // Unavailable when the database is down).
  const StatusOr<Session>& session();
  // The raw session cookie value, or "".
  const std::string& session_cookie() const;
  // The CSRF cookie value of this browser: the request's, or the one this
  // response sets (App::Handle fills it before the screen runs).
  const std::string& csrf_cookie() const { return csrf_cookie_; }
  void set_csrf_cookie(std::string value) { csrf_cookie_ = std::move(value); }

  // Absolute path of a portal page: "/login" -> "<mount>login".
  std::string Path(const std::string& page) const;

  // Standard pages.
  Response Unavailable();  // 503, "service indisponible"
  Response Busy();         // 503, too many password hashes at once
  Response ErrorPage(int status, const std::string& title,
                     const std::string& message);
  // Maps a non-OK status to its page (Unavailable, ResourceExhausted, ...).
  Response FromStatus(const Status& status);

  // Adds the error summary and field messages to a form's page.
  static void AddErrors(const std::vector<FieldError>& errors, PageData* data);

 private:
  const Services& services_;
  const Request& request_;
  std::optional<StatusOr<Session>> session_;
  std::string csrf_cookie_;
  const BrandingConfig* branding_ = nullptr;
  std::string lang_;
};

class Screen {
 public:
  virtual ~Screen() = default;
  virtual Response Get(Context& ctx);
  virtual Response Post(Context& ctx);
  // Shows the form again with `message` after a problem found before the
  // screen's own rules (bad encoding, duplicated field, stale CSRF token).
  // Screens with a form override it to keep what was typed.
  virtual Response ShowForm(Context& ctx, int status,
                            const std::string& message);
  // Whether this screen's POST needs a valid CSRF token (all do, but
  // health endpoints have no form).
  virtual bool NeedsCsrf() const { return true; }
};

}  // namespace sesame

#endif  // SESAME_WEB_SCREEN_H_
