#include "web/screen.h"

#include "core/commit_unknown.h"
#include "crypto/crypto.h"
#include "web/app.h"
#include "web/renderer.h"

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

std::string Context::T(std::string_view key) const {
  if (services_.renderer == nullptr) return std::string(key);
  return services_.renderer->i18n().Text(lang_, key);
}

std::string Context::T(
    std::string_view key,
    const std::vector<std::pair<std::string, std::string>>& values) const {
  if (services_.renderer == nullptr) return std::string(key);
  return services_.renderer->i18n().Text(lang_, key, values);
}

std::string Context::Wording(const std::string& configured) const {
  if (services_.renderer == nullptr) return configured;
  return services_.renderer->i18n().Wording(lang_, configured);
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
  return ErrorPage(503, T("error_unavailable_title"), T("error_unavailable"));
}

Response Context::Busy() {
  Response r = ErrorPage(503, T("error_busy_title"), T("error_busy"));
  r.AddHeader("Retry-After", "5");
  return r;
}

Response Context::FromStatus(const Status& status) {
  switch (status.code()) {
    case StatusCode::kResourceExhausted:
      return Busy();
    case StatusCode::kUnavailable:
      if (IsCommitUnknown(status)) {
        return ErrorPage(503, T("error_commit_unknown_title"),
                         T("error_commit_unknown"));
      }
      return Unavailable();
    default:
      return ErrorPage(500, T("error_internal_title"), T("error_internal"));
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
  return ctx.ErrorPage(405, ctx.T("error_method_title"), ctx.T("error_method"));
}

Response Screen::Post(Context& ctx) { return Screen::Get(ctx); }

Response Screen::ShowForm(Context& ctx, int status,
                          const std::string& message) {
  return ctx.ErrorPage(status, ctx.T("error_refused_title"), message);
}

}  // namespace sesame
