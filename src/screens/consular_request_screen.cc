#include "screens/consular_request_screen.h"

#include "recovery/account_fields.h"
#include "recovery/consular_rules.h"
#include "screens/password_form.h"

namespace sesame {
namespace {

constexpr char kConsular[] = "consular";

std::string LimitKey(const Config& config, const std::string& kind,
                     const std::string& value) {
  return "consular:" + kind + ":" + LimitDigest(config, value);
}

}  // namespace

Response ConsularRequestScreen::Form(Context& ctx, int status,
                                     const std::vector<FieldError>& errors) {
  const bool password = kind_ == Kind::kPassword;
  Page page{"consular_request.tpl",
            password ? "Renouvellement de votre mot de passe"
                     : "Renvoi de votre identifiant",
            {}};
  page.data.ShowSection(password ? "PASSWORD" : "IDENTIFIER");
  page.data.Set("ACTION", ctx.Path(password ? "/consulaire/motdepasse"
                                            : "/consulaire/identifiant"));
  page.data.Set("LOGIN_URL", ctx.Path("/login"));
  page.data.Set("NUMIC", ctx.request().Field("numic"));
  page.data.Set("EMAIL", ctx.request().Field("email"));
  Context::AddErrors(errors, &page.data);
  return Response::FromPage(status, std::move(page));
}

Response ConsularRequestScreen::ShowForm(Context& ctx, int status,
                                         const std::string& message) {
  return Form(ctx, status, {{"", message}});
}

Response ConsularRequestScreen::Get(Context& ctx) {
  if (!ctx.config().recovery.Offers(kConsular)) {
    return ctx.ErrorPage(404, "Page introuvable",
                         "Ce service n'est pas proposé par ce portail.");
  }
  return Form(ctx, 200, {});
}

Response ConsularRequestScreen::Post(Context& ctx) {
  if (!ctx.config().recovery.Offers(kConsular)) return Get(ctx);
  const Config& config = ctx.config();
  const Request& req = ctx.request();
  std::optional<std::string> numic = NormaliseNumic(req.Field("numic"));
  std::string email = NormaliseEmail(req.Field("email"));
  std::vector<FieldError> errors;
  if (req.Field("numic").empty()) {
    errors.push_back({"numic", "Saisissez votre NUMIC."});
  } else if (!numic) {
    errors.push_back(
        {"numic",
         "Le NUMIC se compose de 8 chiffres (de 0 à 9) : saisissez-le sans "
         "espace ni lettre, en ajoutant des « 0 » devant si nécessaire."});
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

  // The same work whatever was typed: count the limits on the typed NUMIC
  // and the client address, store what was typed.
  const LimitsConfig& limits = config.security.limits;
  Intent intent;
  intent.flow = kind_ == Kind::kPassword ? kConsularPasswordFlow
                                         : kConsularIdentifierFlow;
  intent.fields = {{"numic", *numic}, {"email", email}};
  intent.client_ip = req.client_ip;
  StatusOr<bool> accepted = ctx.stores().intake->Submit(
      intent, {{LimitKey(config, "numic", *numic), 3600,
                limits.request_per_account_hour},
               {LimitKey(config, "ip", req.client_ip), 3600,
                limits.request_per_ip_hour}});
  if (!accepted.ok()) return ctx.FromStatus(accepted.status());
  if (!*accepted) {
    Response r = Form(ctx, 429,
                      {{"",
                        "Trop de demandes ont été faites. Pour votre "
                        "sécurité, réessayez dans une heure."}});
    r.AddHeader("Retry-After", "3600");
    return r;
  }
  return Response::Redirect(ctx.Path(kind_ == Kind::kPassword
                                         ? "/consulaire/envoye"
                                         : "/consulaire/identifiant/envoye"));
}

Response ConsularSentScreen::Get(Context& ctx) {
  const bool password = kind_ == ConsularRequestScreen::Kind::kPassword;
  Page page{"consular_sent.tpl",
            password ? "Confirmation du renouvellement de votre mot de passe"
                     : "Confirmation du renvoi de votre identifiant",
            {}};
  page.data.ShowSection(password ? "PASSWORD" : "IDENTIFIER");
  page.data.Set("LOGIN_URL", ctx.Path("/login"));
  return Response::FromPage(200, std::move(page));
}

}  // namespace sesame
