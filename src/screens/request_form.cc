#include "screens/request_form.h"

#include "recovery/account_fields.h"
#include "screens/password_form.h"

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

Response FlowNotOffered(Context& ctx) {
  return ctx.ErrorPage(404, "Page introuvable",
                       "Ce service n'est pas proposé par ce portail.");
}

std::optional<Response> SubmitRequest(
    Context& ctx, const Intent& intent, const std::string& prefix,
    const std::string& typed_key,
    const std::function<Response(int, const std::vector<FieldError>&)>& form) {
  const Config& config = ctx.config();
  const LimitsConfig& limits = config.security.limits;
  const std::string& ip = ctx.request().client_ip;
  StatusOr<bool> accepted = ctx.stores().intake->Submit(
      intent, {{prefix + ":a:" + LimitDigest(config, typed_key), 3600,
                limits.request_per_account_hour},
               {prefix + ":ip:" + LimitDigest(config, ip), 3600,
                limits.request_per_ip_hour}});
  if (!accepted.ok()) return ctx.FromStatus(accepted.status());
  if (*accepted) return std::nullopt;
  Response r = form(429, {{"",
                           "Trop de demandes ont été faites. Pour votre "
                           "sécurité, réessayez dans une heure."}});
  r.AddHeader("Retry-After", "3600");
  return r;
}

}  // namespace sesame
