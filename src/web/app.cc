#include "web/app.h"

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

std::string FormProblemMessage(FormProblem p) {
  switch (p) {
    case FormProblem::kMalformed:
      return "Le formulaire reçu est mal formé. Veuillez le remplir à "
             "nouveau.";
    case FormProblem::kInvalidUtf8:
      return "Un champ contient des caractères illisibles. Veuillez le "
             "saisir à nouveau.";
    case FormProblem::kDuplicate:
      return "Un champ du formulaire a été envoyé deux fois. Veuillez "
             "renvoyer le formulaire.";
    case FormProblem::kTooLarge:
      return "Le formulaire envoyé est trop volumineux.";
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
  Response response;
  const BrandingConfig& branding =
      route == routes_.end() ? config.branding : route->second.branding;
  ctx.set_branding(&branding);
  if (route == routes_.end()) {
    response = ctx.ErrorPage(404, "Page introuvable",
                             "L'adresse demandée n'existe pas sur ce portail.");
  } else if (!route->second.flow.empty() &&
             !config.recovery.Offers(route->second.flow)) {
    response = ctx.ErrorPage(404, "Page introuvable",
                             "Ce service n'est pas proposé par ce portail.");
  } else if (request.method != "GET" && request.method != "HEAD" &&
             request.method != "POST") {
    response = ctx.ErrorPage(405, "Méthode non autorisée",
                             "Cette page ne peut pas être demandée ainsi.");
    response.AddHeader("Allow", "GET, HEAD, POST");
  } else {
    bool csrf_ok = !new_csrf_cookie &&
                   crypto::ConstantTimeEquals(request.Field("csrf"),
                                              CsrfToken(csrf_cookie)) &&
                   request.Header("sec-fetch-site") != "cross-site";
    response = Dispatch(request, ctx, *route->second.screen, csrf_ok);
  }
  Finish(request, branding, csrf_cookie, new_csrf_cookie, &response);
  return response;
}

Response App::Dispatch(Request& request, Context& ctx, Screen& screen,
                       bool csrf_ok) {
  try {
    if (request.method != "POST") return screen.Get(ctx);
    if (request.form_problem == FormProblem::kTooLarge) {
      return ctx.ErrorPage(413, "Requête trop volumineuse",
                           FormProblemMessage(FormProblem::kTooLarge));
    }
    if (request.form_problem != FormProblem::kNone) {
      return screen.ShowForm(ctx, 400,
                             FormProblemMessage(request.form_problem));
    }
    if (screen.NeedsCsrf() && !csrf_ok) {
      return screen.ShowForm(
          ctx, 403,
          "Ce formulaire a expiré ou ne vient pas de ce site. Pour votre "
          "sécurité, veuillez le renvoyer.");
    }
    return screen.Post(ctx);
  } catch (const std::exception& e) {
    Log("error", "internal_error",
        {{"method", request.method},
         {"path", request.path},
         {"what", e.what()}});
    return ctx.ErrorPage(500, "Erreur interne",
                         "Une erreur inattendue s'est produite. Veuillez "
                         "réessayer plus tard.");
  }
}

void App::Finish(const Request& request, const BrandingConfig& branding,
                 const std::string& csrf_cookie, bool new_csrf_cookie,
                 Response* r) {
  const Config& config = *services_.config;
  if (r->page) {
    PageData common;
    common.Set("ORGANISATION", branding.organisation);
    common.Set("ASSISTANCE_CONTACT", branding.assistance_contact);
    common.Set("STATIC", config.server.static_url.empty()
                             ? config.MountPrefix() + "static/"
                             : config.server.static_url);
    common.Set("BASE", config.MountPrefix());
    common.Set("CSRF", CsrfToken(csrf_cookie));
    if (!branding.assistance_contact.empty() ||
        !branding.assistance_url.empty()) {
      PageData& help = common.AddSection("HAS_ASSISTANCE");
      help.Set("ASSISTANCE_CONTACT", branding.assistance_contact);
      if (!branding.assistance_url.empty()) {
        help.AddSection("ASSISTANCE_LINK").Set("URL", branding.assistance_url);
      }
    }
    StatusOr<std::string> html =
        services_.renderer->Render("layout.tpl", *r->page, common);
    if (html.ok()) {
      r->body = std::move(html).value();
    } else {
      Log("error", "render_failed", {{"what", html.status().ToString()}});
      r->status = 500;
      r->content_type = "text/plain; charset=utf-8";
      r->body = "Erreur interne. Veuillez réessayer plus tard.\n";
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
