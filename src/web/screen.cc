#include "web/screen.h"

#include "crypto/crypto.h"
#include "web/app.h"

namespace sesame {

Context::Context(const Services& services, const Request& request)
    : services_(services), request_(request) {}

const std::string& Context::session_cookie() const {
  return request_.Cookie(CookieName(config(), "session"));
}

const StatusOr<Session>& Context::session() {
  if (!session_) {
    const std::string& cookie = session_cookie();
    if (!crypto::LooksLikeToken(cookie)) {
      session_.emplace(Status::NotFound("no session"));
    } else {
      session_.emplace(stores().sessions->Touch(
          crypto::Sha256(cookie), config().security.session_idle_minutes * 60));
    }
  }
  return *session_;
}

std::string Context::Path(const std::string& page) const {
  std::string prefix = config().MountPrefix();
  return prefix + (page.empty() || page[0] != '/' ? page : page.substr(1));
}

Response Context::ErrorPage(int status, const std::string& title,
                            const std::string& message) {
  Page page{"error.tpl", title, {}};
  page.data.Set("MESSAGE", message);
  page.data.Set("HOME", Path("/login"));
  return Response::FromPage(status, std::move(page));
}

Response Context::Unavailable() {
  return ErrorPage(503, "Service indisponible",
                   "Le service est momentanément indisponible. Veuillez "
                   "réessayer dans quelques minutes.");
}

Response Context::Busy() {
  Response r = ErrorPage(503, "Service surchargé",
                         "Le service est très sollicité en ce moment. "
                         "Veuillez réessayer dans quelques instants.");
  r.AddHeader("Retry-After", "5");
  return r;
}

Response Context::FromStatus(const Status& status) {
  switch (status.code()) {
    case StatusCode::kResourceExhausted:
      return Busy();
    case StatusCode::kUnavailable:
      return Unavailable();
    default:
      return ErrorPage(500, "Erreur interne",
                       "Une erreur inattendue s'est produite. Veuillez "
                       "réessayer plus tard.");
  }
}

void Context::AddErrors(const std::vector<FieldError>& errors, PageData* data) {
  if (errors.empty()) return;
  PageData& summary = data->AddSection("ERRORS");
  for (const FieldError& e : errors) {
    PageData& item = summary.AddSection("ERROR");
    item.Set("FIELD", e.field.empty() ? "main" : e.field);
    item.Set("MESSAGE", e.message);
    if (!e.field.empty()) {
      PageData& field = data->AddSection("ERROR_" + e.field);
      field.Set("MESSAGE", e.message);
    }
  }
}

Response Screen::Get(Context& ctx) {
  return ctx.ErrorPage(405, "Méthode non autorisée",
                       "Cette page ne peut pas être demandée ainsi.");
}

Response Screen::Post(Context& ctx) { return Screen::Get(ctx); }

Response Screen::ShowForm(Context& ctx, int status,
                          const std::string& message) {
  return ctx.ErrorPage(status, "Requête refusée", message);
}

}  // namespace sesame
