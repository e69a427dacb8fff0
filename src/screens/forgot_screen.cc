#include "screens/forgot_screen.h"

#include "intake/credit_municipal_intake.h"
#include "recovery/account_fields.h"
#include "screens/captcha_field.h"
#include "screens/password_form.h"

namespace sesame {
namespace {

constexpr const char* kFlow = kCreditMunicipalFlow;

std::string LimitKey(const Config& config, const std::string& kind,
                     const std::string& value) {
  return "forgot:" + kind + ":" + LimitDigest(config, value);
}

}  // namespace

Response ForgotScreen::Form(Context& ctx, int status,
                            const std::vector<FieldError>& errors) {
  Page page{"forgot.tpl", "Code d'accès oublié", {}};
  page.data.Set("ACTION", ctx.Path("/forgot"));
  page.data.Set("LOGIN_URL", ctx.Path("/login"));
  page.data.Set("LOGIN", ctx.request().Field("login"));
  page.data.Set("EMAIL", ctx.request().Field("email"));
  Context::AddErrors(errors, &page.data);
  Status captcha = AddCaptcha(ctx, &page.data, kCaptchaForgotForm);
  if (!captcha.ok()) return ctx.FromStatus(captcha);
  return Response::FromPage(status, std::move(page));
}

Response ForgotScreen::ShowForm(Context& ctx, int status,
                                const std::string& message) {
  return Form(ctx, status, {{"", message}});
}

Response ForgotScreen::Get(Context& ctx) {
  if (!ctx.config().recovery.Offers(kFlow)) {
    return ctx.ErrorPage(404, "Page introuvable",
                         "Ce service n'est pas proposé par ce portail.");
  }
  return Form(ctx, 200, {});
}

Response ForgotScreen::Post(Context& ctx) {
  if (!ctx.config().recovery.Offers(kFlow)) return Get(ctx);
  const Config& config = ctx.config();
  const Request& req = ctx.request();
  const std::string& login = req.Field("login");
  std::string email = NormaliseEmail(req.Field("email"));
  std::vector<FieldError> errors;
  if (login.empty()) {
    errors.push_back({"login", "Saisissez votre identifiant."});
  } else if (login.size() > 64) {
    errors.push_back({"login", "L'identifiant saisi est trop long."});
  }
  if (email.empty()) {
    errors.push_back({"email", "Saisissez votre adresse électronique."});
  } else if (CheckEmail(email)) {
    errors.push_back(
        {"email",
         "L'adresse électronique saisie n'est pas valide (exemple : "
         "prenom.nom@exemple.fr)."});
  }
  if (!errors.empty()) return Form(ctx, 400, errors);

  const LimitsConfig& limits = config.security.limits;
  auto too_many = [&] {
    Response r = Form(ctx, 429,
                      {{"",
                        "Trop de demandes ont été faites. Pour votre "
                        "sécurité, réessayez dans une heure."}});
    r.AddHeader("Retry-After", "3600");
    return r;
  };
  // The captcha (when configured) before the request is stored. A wrong one
  // counts against the client's address, like a request, so a robot that
  // cannot read it is slowed where it comes from; not against the
  // identifier typed: a failed captcha sends nothing, and nobody (not even
  // the person's own typos) spends someone's few requests without reading
  // the captcha.
  Status captcha = CheckCaptcha(ctx, kCaptchaForgotForm, &errors);
  if (!captcha.ok()) return ctx.FromStatus(captcha);
  if (!errors.empty()) {
    StatusOr<int> ip_hits =
        ctx.stores().limits->Hit(LimitKey(config, "ip", req.client_ip), 3600);
    if (!ip_hits.ok()) return ctx.FromStatus(ip_hits.status());
    if (*ip_hits > limits.request_per_ip_hour) return too_many();
    return Form(ctx, 400, errors);
  }

  // The same work whatever was typed (A2): count the limits on the typed
  // identifier and the client address, store what was typed. The intake
  // worker looks it up later (intake/credit_municipal_intake.h).
  Intent intent;
  intent.flow = kFlow;
  intent.fields = {{"login", login}, {"email", email}};
  intent.client_ip = req.client_ip;
  StatusOr<bool> accepted = ctx.stores().intake->Submit(
      intent,
      {{LimitKey(config, "a", login), 3600, limits.request_per_account_hour},
       {LimitKey(config, "ip", req.client_ip), 3600,
        limits.request_per_ip_hour}});
  if (!accepted.ok()) return ctx.FromStatus(accepted.status());
  if (!*accepted) return too_many();
  return Response::Redirect(ctx.Path("/forgot/sent"));
}

Response ForgotSentScreen::Get(Context& ctx) {
  Page page{"forgot_sent.tpl", "Demande enregistrée", {}};
  page.data.Set("LOGIN_URL", ctx.Path("/login"));
  page.data.Set("TTL_HOURS",
                std::to_string(ctx.config().recovery.link_ttl_hours));
  return Response::FromPage(200, std::move(page));
}

}  // namespace sesame
