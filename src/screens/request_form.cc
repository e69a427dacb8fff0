#include "screens/request_form.h"

#include "core/metrics.h"
#include "recovery/account_fields.h"
#include "recovery/limits.h"
#include "screens/captcha_field.h"

namespace sesame {

void CheckRequestEmail(const std::string& email,
                       std::vector<FieldError>* errors) {
  if (email.empty()) {
    errors->push_back({"email", "Saisissez votre adresse électronique."});
  } else if (CheckEmail(email)) {
    errors->push_back(
        {"email",
         "L'adresse électronique saisie n'est pas valide (exemple : "
         "prenom.nom@exemple.fr)."});
  }
}

namespace {

std::string IpKey(const Config& config, const std::string& prefix,
                  const std::string& ip) {
  return prefix + ":ip:" + LimitDigest(config, ip);
}

Response TooManyRequests(const RequestFormFn& form) {
  metrics::ProcessMetrics::Get().RateLimitRefused(
      metrics::RateLimitKind::kRecoveryRequest);
  Response r = form(429, {{"",
                           "Trop de demandes ont été faites. Pour votre "
                           "sécurité, réessayez dans une heure."}});
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
    return TooManyRequests(form);
  }
  return form(400, errors);
}

std::optional<Response> SubmitRequest(Context& ctx, const Intent& intent,
                                      const std::string& prefix,
                                      const RequestFormFn& form) {
  const Config& config = ctx.config();
  StatusOr<bool> accepted = ctx.stores().intake->Submit(
      intent, {{IpKey(config, prefix, ctx.request().client_ip), 3600,
                config.security.limits.request_per_ip_hour}});
  if (!accepted.ok()) return ctx.FromStatus(accepted.status());
  if (*accepted) return std::nullopt;
  return TooManyRequests(form);
}

std::optional<Response> CountRequest(Context& ctx, const std::string& prefix,
                                     const RequestFormFn& form) {
  const Config& config = ctx.config();
  StatusOr<std::optional<size_t>> over = ctx.stores().limits->HitWithin(
      {{IpKey(config, prefix, ctx.request().client_ip), 3600,
        config.security.limits.request_per_ip_hour}});
  if (!over.ok()) return ctx.FromStatus(over.status());
  if (!*over) return std::nullopt;
  return TooManyRequests(form);
}

}  // namespace sesame
