// App: everything between the protocol adapter and the screens. Routes a
// Request to its Screen through one table, enforces the rules every screen
// shares (methods, form parsing, CSRF, Sec-Fetch-Site), renders pages inside
// the layout and adds the security headers. Knows nothing of FastCGI, so
// tests drive it with hand-built requests.
#ifndef SESAME_WEB_APP_H_
#define SESAME_WEB_APP_H_

#include <map>
#include <memory>
#include <string>

#include "core/metrics.h"
#include "web/renderer.h"
#include "web/screen.h"

namespace sesame {

// The cookie name for `base` ("session" -> "__Host-session" over https).
std::string CookieName(const Config& config, const std::string& base);
// A Set-Cookie value: Path=/, HttpOnly, SameSite=Lax (or `same_site`),
// Secure over https. max_age < 0: a session cookie; 0: delete it.
std::string SetCookieValue(const Config& config, const std::string& base,
                           const std::string& value, int max_age,
                           const char* same_site = "Lax");

// "Not Found" for 404, "" when unknown.
const char* HttpReasonPhrase(int status);

class App {
 public:
  // `services` must outlive the App.
  App(const Services& services);

  // Adds a screen for `path` (relative to the mount, e.g. "/login"). A
  // recovery flow's screens name their `flow`: their pages speak with its
  // branding (Config::BrandingFor), and answer « service non proposé »
  // (404) while [recovery] flows does not offer it; the others speak with
  // [branding].
  void Route(const std::string& path, std::unique_ptr<Screen> screen,
             const std::string& flow = "");

  // Handles one request. The Response has its final body and headers. Counts
  // it in the screen's metrics (the route's path; "unknown" for a path
  // without one), and logs one line « request » with nginx's request id,
  // the screen, the method, the status and the time taken.
  Response Handle(Request& request);

  // The CSRF token that goes with a CSRF cookie value.
  std::string CsrfToken(const std::string& cookie_value) const;

  // The configuration this App serves with.
  const Config& config() const { return *services_.config; }

 private:
  Response Dispatch(Request& request, Context& ctx, Screen& screen,
                    bool csrf_ok);
  void Finish(const Request& request, const Context& ctx,
              const BrandingConfig& branding, const std::string& csrf_cookie,
              bool new_csrf_cookie, Response* response);

  struct RouteEntry {
    std::unique_ptr<Screen> screen;
    BrandingConfig branding;
    std::string flow;  // "" for Sésame's own screens
    metrics::ScreenMetrics* metrics = nullptr;
  };
  using Routes = std::map<std::string, RouteEntry>;
  // The response of `route` (routes_.end(): none), before it is counted.
  Response RouteRequest(Request& request, Routes::iterator route);
  const Services& services_;
  Routes routes_;
  std::string csrf_key_;
  metrics::ScreenMetrics* unknown_metrics_;
};

}  // namespace sesame

#endif  // SESAME_WEB_APP_H_
