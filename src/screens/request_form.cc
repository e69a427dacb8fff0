#include "screens/request_form.h"

#include "core/metrics.h"
#include "recovery/account_fields.h"
#include "recovery/limits.h"
#include "screens/captcha_field.h"

namespace sesame {

void CheckRequestEmail(const Context& ctx, const std::string& email,
                       std::vector<FieldError>* errors) {
  if (email.empty()) {
    errors->push_back({"email", ctx.T("email_missing")});
  } else if (CheckEmail(email)) {
    errors->push_back({"email", ctx.T("email_invalid")});
  }
}

namespace {

std::string IpKey(const Config& config, const std::string& prefix,
                  const std::string& ip) {
  return prefix + ":ip:" + LimitDigest(config, ip);
}

Response TooManyRequests(const Context& ctx, const RequestFormFn& form) {
  metrics::ProcessMetrics::Get().RateLimitRefused(
      metrics::RateLimitKind::kRecoveryRequest);
  Response r = form(429, {{"", ctx.T("request_too_many")}});
  r.AddHeader("Retry-After", "3600");
  return r;
}

}  // namespace

std::optional<Response> CheckRequestCaptcha(Context& ctx,
                                            const std::string& captcha_form,
                                            const std::string& prefix,
                                            const RequestFormFn& form) {
  std::vector<FieldError> errors;
  Status captcha = CheckCaptcha(ctx, captcha_form, &errors);
  if (!captcha.ok()) return ctx.FromStatus(captcha);
  if (errors.empty()) return std::nullopt;
  StatusOr<int> hits = ctx.stores().limits->Hit(
      IpKey(ctx.config(), prefix, ctx.request().client_ip), 3600);
  if (!hits.ok()) return ctx.FromStatus(hits.status());
  if (*hits > ctx.config().security.limits.request_per_ip_hour) {
    return TooManyRequests(ctx, form);
  }
  return form(400, errors);
}

std::optional<Response> SubmitRequest(Context& ctx, const Intent& intent,
                                      const std::string& prefix,
                                      const RequestFormFn& form) {
  const Config& config = ctx.config();
  // The language the request was made in: its mails and SMS speak it.
  Intent with_language = intent;
  with_language.language = ctx.lang();
  StatusOr<bool> accepted = ctx.stores().intake->Submit(
      with_language, {{IpKey(config, prefix, ctx.request().client_ip), 3600,
                       config.security.limits.request_per_ip_hour}});
  if (!accepted.ok()) return ctx.FromStatus(accepted.status());
  if (*accepted) return std::nullopt;
  return TooManyRequests(ctx, form);
}

std::optional<Response> CountRequest(Context& ctx, const std::string& prefix,
                                     const RequestFormFn& form) {
  const Config& config = ctx.config();
  StatusOr<std::optional<size_t>> over = ctx.stores().limits->HitWithin(
      {{IpKey(config, prefix, ctx.request().client_ip), 3600,
        config.security.limits.request_per_ip_hour}});
  if (!over.ok()) return ctx.FromStatus(over.status());
  if (!*over) return std::nullopt;
  return TooManyRequests(ctx, form);
}

}  // namespace sesame
