#include "web/app.h"

#include <algorithm>
#include <chrono>

#include "core/log.h"
#include "crypto/crypto.h"

namespace sesame {
namespace {

constexpr char kCsrfCookie[] = "csrf";

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Content Too Large";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "";
  }
}

std::string FormProblemMessage(const Context& ctx, FormProblem p) {
  switch (p) {
    case FormProblem::kMalformed:
      return ctx.T("form_malformed");
    case FormProblem::kInvalidUtf8:
      return ctx.T("form_invalid_utf8");
    case FormProblem::kDuplicate:
      return ctx.T("form_duplicate");
    case FormProblem::kTooLarge:
      return ctx.T("form_too_large");
    case FormProblem::kNone:
      break;
  }
  return "";
}

}  // namespace

std::string CookieName(const Config& config, const std::string& base) {
  return config.https() ? "__Host-" + base : "sesame_" + base;
}

std::string SetCookieValue(const Config& config, const std::string& base,
                           const std::string& value, int max_age,
                           const char* same_site) {
  std::string v = CookieName(config, base) + "=" + value +
                  "; Path=/; HttpOnly; SameSite=" + same_site;
  if (config.https()) v += "; Secure";
  if (max_age >= 0) v += "; Max-Age=" + std::to_string(max_age);
  return v;
}

namespace {
// The screen label of a path no route answers (never the path itself).
const std::string kUnknownScreen = "unknown";
}  // namespace

App::App(const Services& services)
    : services_(services),
      csrf_key_(
          crypto::DeriveKey(services.config->security.secret_key, "csrf")),
      unknown_metrics_(metrics::ProcessMetrics::Get().Screen(kUnknownScreen)) {}

void App::Route(const std::string& path, std::unique_ptr<Screen> screen,
                const std::string& flow) {
  routes_[path] = {std::move(screen), services_.config->BrandingFor(flow), flow,
                   metrics::ProcessMetrics::Get().Screen(path)};
}

std::string App::CsrfToken(const std::string& cookie_value) const {
  return crypto::Base64UrlEncode(
      crypto::HmacSha256(csrf_key_, "csrf|" + cookie_value));
}

Response App::Handle(Request& request) {
  const auto start = std::chrono::steady_clock::now();
  RequestIdScope request_id(request.request_id);
  auto route = routes_.find(request.path);
  const bool known = route != routes_.end();
  const std::string& screen = known ? route->first : kUnknownScreen;
  Response response = RouteRequest(request, route);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  (known ? route->second.metrics : unknown_metrics_)
      ->Record(response.status, seconds);
  Log("info", "request",
      {{"screen", screen},
       {"method", request.method},
       {"status", response.status},
       {"duration_ms", seconds * 1000.0}});
  return response;
}

Response App::RouteRequest(Request& request, Routes::iterator route) {
  const Config& config = *services_.config;
  std::string csrf_cookie = request.Cookie(CookieName(config, kCsrfCookie));
  bool new_csrf_cookie = false;
  if (!crypto::LooksLikeToken(csrf_cookie)) {
    csrf_cookie = crypto::NewToken();
    new_csrf_cookie = true;
  }

  Context ctx(services_, request);
  ctx.set_csrf_cookie(csrf_cookie);
  // The language: ?lang= (the switch link on every page, kept in a
  // cookie), else the cookie, else Accept-Language, else the default.
  const std::vector<std::string>& languages =
      services_.renderer->i18n().languages();
  const std::string& asked = request.Param("lang");
  const bool switched =
      std::find(languages.begin(), languages.end(), asked) != languages.end();
  ctx.set_lang(ChooseLanguage(
      languages, switched ? asked : request.Cookie(CookieName(config, "lang")),
      request.Header("accept-language")));
  Response response;
  const BrandingConfig& branding =
      route == routes_.end() ? config.branding : route->second.branding;
  ctx.set_branding(&branding);
  if (route == routes_.end()) {
    response = ctx.ErrorPage(404, ctx.T("error_not_found_title"),
                             ctx.T("error_not_found"));
  } else if (!route->second.flow.empty() &&
             !config.recovery.Offers(route->second.flow)) {
    response = ctx.ErrorPage(404, ctx.T("error_not_found_title"),
                             ctx.T("error_not_offered"));
  } else if (request.method != "GET" && request.method != "HEAD" &&
             request.method != "POST") {
    response =
        ctx.ErrorPage(405, ctx.T("error_method_title"), ctx.T("error_method"));
    response.AddHeader("Allow", "GET, HEAD, POST");
  } else {
    bool csrf_ok = !new_csrf_cookie &&
                   crypto::ConstantTimeEquals(request.Field("csrf"),
                                              CsrfToken(csrf_cookie)) &&
                   request.Header("sec-fetch-site") != "cross-site";
    response = Dispatch(request, ctx, *route->second.screen, csrf_ok);
  }
  if (switched) {
    response.AddHeader("Set-Cookie",
                       SetCookieValue(config, "lang", asked, 365 * 24 * 3600));
  }
  Finish(request, ctx, branding, csrf_cookie, new_csrf_cookie, &response);
  return response;
}

Response App::Dispatch(Request& request, Context& ctx, Screen& screen,
                       bool csrf_ok) {
  try {
    if (request.method != "POST") return screen.Get(ctx);
    if (request.form_problem == FormProblem::kTooLarge) {
      return ctx.ErrorPage(413, ctx.T("error_too_large_title"),
                           FormProblemMessage(ctx, FormProblem::kTooLarge));
    }
    if (request.form_problem != FormProblem::kNone) {
      return screen.ShowForm(ctx, 400,
                             FormProblemMessage(ctx, request.form_problem));
    }
    if (screen.NeedsCsrf() && !csrf_ok) {
      return screen.ShowForm(ctx, 403, ctx.T("form_csrf"));
    }
    return screen.Post(ctx);
  } catch (const std::exception& e) {
    Log("error", "internal_error",
        {{"method", request.method},
         {"path", request.path},
         {"what", e.what()}});
    return ctx.ErrorPage(500, ctx.T("error_internal_title"),
                         ctx.T("error_internal"));
  }
}

void App::Finish(const Request& request, const Context& ctx,
                 const BrandingConfig& branding, const std::string& csrf_cookie,
                 bool new_csrf_cookie, Response* r) {
  const Config& config = *services_.config;
  if (r->page) {
    PageData common;
    common.Set("ORGANISATION", ctx.Wording(branding.organisation));
    common.Set("ASSISTANCE_CONTACT", ctx.Wording(branding.assistance_contact));
    common.Set("LANG", ctx.lang());
    // The link to each other language: this page again (its tokens are in
    // cookies already), in that language. A page that does not exist links
    // to the sign-in page instead and names no path: nginx shows a hidden
    // location (/metrics from elsewhere) through an internal one, which
    // would tell it from an unknown page.
    const I18n& i18n = services_.renderer->i18n();
    const std::string here =
        r->status == 404 ? "login" : request.path.substr(1);
    for (const std::string& other : i18n.languages()) {
      if (other == ctx.lang()) continue;
      PageData& link = common.AddSection("LANG_LINK");
      link.Set("CODE", other);
      link.Set("NAME", i18n.Text(other, "language_name"));
      link.Set("URL", config.MountPrefix() + here + "?lang=" + other);
    }
    common.Set("STATIC", config.server.static_url.empty()
                             ? config.MountPrefix() + "static/"
                             : config.server.static_url);
    common.Set("BASE", config.MountPrefix());
    if (services_.renderer->Shows("layout.tpl", r->page->template_name,
                                  "CSRF")) {
      common.Set("CSRF", CsrfToken(csrf_cookie));
    }
    if (!branding.assistance_contact.empty() ||
        !branding.assistance_url.empty()) {
      PageData& help = common.AddSection("HAS_ASSISTANCE");
      help.Set("ASSISTANCE_CONTACT", ctx.Wording(branding.assistance_contact));
      if (!branding.assistance_url.empty()) {
        help.AddSection("ASSISTANCE_LINK").Set("URL", branding.assistance_url);
      }
    }
    StatusOr<std::string> html =
        services_.renderer->Render("layout.tpl", *r->page, common, ctx.lang());
    if (html.ok()) {
      r->body = std::move(html).value();
    } else {
      Log("error", "render_failed", {{"what", html.status().ToString()}});
      r->status = 500;
      r->content_type = "text/plain; charset=utf-8";
      r->body = ctx.T("error_internal") + "\n";
    }
    r->page.reset();
  }
  if (new_csrf_cookie) {
    r->AddHeader("Set-Cookie",
                 SetCookieValue(config, kCsrfCookie, csrf_cookie, -1));
  }
  r->AddHeader("Content-Security-Policy",
               "default-src 'none'; style-src 'self'; img-src 'self' data:; "
               "media-src 'self'; form-action 'self'; frame-ancestors 'none'; "
               "base-uri 'none'");
  r->AddHeader("X-Content-Type-Options", "nosniff");
  r->AddHeader("X-Frame-Options", "DENY");
  r->AddHeader("Referrer-Policy", "no-referrer");
  r->AddHeader("Cross-Origin-Opener-Policy", "same-origin");
  r->AddHeader("Cache-Control", "no-store");
  if (config.https()) {
    r->AddHeader("Strict-Transport-Security",
                 "max-age=" + std::to_string(config.security.hsts_max_age) +
                     "; includeSubDomains");
  }
  if (request.method == "HEAD") r->body.clear();
}

// Exposed for the adapter.
const char* HttpReasonPhrase(int status) { return ReasonPhrase(status); }

}  // namespace sesame
