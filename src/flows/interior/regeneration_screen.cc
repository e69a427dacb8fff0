#include "flows/interior/regeneration_screen.h"

#include "core/metrics.h"
#include "flows/interior/agent_fields.h"
#include "flows/interior/facts.h"
#include "flows/interior/rules.h"
#include "flows/interior/settings.h"
#include "recovery/account_fields.h"
#include "recovery/limits.h"
#include "screens/captcha_field.h"
#include "screens/messages.h"
#include "screens/request_form.h"

namespace sesame {
namespace {

void ShowDelivery(const Config& config, PageData* data) {
  data->ShowSection(InteriorSettings::Of(config).delivery ==
                            InteriorSettings::Delivery::kSms
                        ? "SMS"
                        : "MAIL");
}

}  // namespace

Response RegenerationScreen::Form(Context& ctx, int status,
                                  const std::vector<FieldError>& errors) {
  const Request& req = ctx.request();
  Page page{"interior/regeneration.tpl", ctx.T("in_regen_title"), {}};
  page.data.Set("ACTION", ctx.Path("/interieur/regeneration"));
  page.data.Set("SUPPORT_URL", ctx.Path("/interieur/support"));
  page.data.Set("MATRICULE", req.Field("matricule"));
  page.data.Set("NAISSANCE", req.Field("naissance"));
  ShowDelivery(ctx.config(), &page.data);
  Context::AddErrors(errors, &page.data);
  Status captcha = AddCaptcha(ctx, &page.data, kRegenerationCaptchaForm);
  if (!captcha.ok()) return ctx.FromStatus(captcha);
  return Response::FromPage(status, std::move(page));
}

Response RegenerationScreen::ShowForm(Context& ctx, int status,
                                      const std::string& message) {
  return Form(ctx, status, {{"", message}});
}

Response RegenerationScreen::Get(Context& ctx) { return Form(ctx, 200, {}); }

Response RegenerationScreen::Post(Context& ctx) {
  const Request& req = ctx.request();
  const Config& config = ctx.config();
  std::vector<FieldError> errors;
  const AgentIdentity identity = CheckAgentIdentity(ctx, &errors);
  const std::optional<std::string>& matricule = identity.matricule;
  const BirthDate& birth = identity.birth;
  std::optional<std::string> secret =
      NormaliseReassortSecret(req.Field("secret"));
  if (req.Field("secret").empty()) {
    errors.push_back({"secret", ctx.T("in_secret_missing")});
  } else if (!secret) {
    errors.push_back({"secret", ctx.T("in_secret_invalid")});
  }
  if (!errors.empty()) return Form(ctx, 400, errors);
  auto form = [&](int status, const std::vector<FieldError>& errors) {
    return Form(ctx, status, errors);
  };
  if (auto refused = CheckRequestCaptcha(ctx, kRegenerationCaptchaForm,
                                         "interior", form)) {
    return *refused;
  }
  const InteriorSettings& ic = InteriorSettings::Of(config);
  StatusOr<int> failures = ctx.stores().limits->Count(
      RegenerationFailuresKey(config, *matricule), 3600);
  if (!failures.ok()) return ctx.FromStatus(failures.status());
  if (*failures >= ic.regeneration_failures) {
    metrics::ProcessMetrics::Get().RateLimitRefused(
        metrics::RateLimitKind::kRegeneration);
    Response r = Form(ctx, 429, {{"", ctx.T("in_regen_suspended")}});
    r.AddHeader("Retry-After", "3600");
    return r;
  }

  if (ic.delivery == InteriorSettings::Delivery::kScreen) {
    return OnScreen(ctx, *matricule, birth.canonical, *secret);
  }
  // The same work whatever was typed; the intake worker looks it up.
  Intent intent;
  intent.flow = kInteriorRegenerationFlow;
  intent.fields = {{"matricule", *matricule},
                   {"naissance", birth.canonical},
                   {"secret", *secret}};
  intent.client_ip = req.client_ip;
  if (auto refused = SubmitRequest(ctx, intent, "interior", form)) {
    return *refused;
  }
  return Response::Redirect(ctx.Path("/interieur/regeneration/envoye"));
}

Response RegenerationScreen::OnScreen(Context& ctx,
                                      const std::string& matricule,
                                      const std::string& birth,
                                      const std::string& secret) {
  const Config& config = ctx.config();
  const std::string& ip = ctx.request().client_ip;
  auto form = [&](int status, const std::vector<FieldError>& errors) {
    return Form(ctx, status, errors);
  };
  if (auto refused = CountRequest(ctx, "interior", form)) return *refused;
  StatusOr<std::string> digest = ReassortDigest(
      config, ctx.services().hasher, ReassortFact(matricule, birth, secret));
  if (!digest.ok()) return ctx.FromStatus(digest.status());
  StatusOr<Account> account =
      ctx.stores().accounts->FindByIdentifier(kReassortKind, *digest);
  if (!account.ok() && account.status().code() != StatusCode::kNotFound) {
    return ctx.FromStatus(account.status());
  }
  if (!account.ok() || account->disabled || account->role != kRoleAgent) {
    StatusOr<int> counted = ctx.stores().limits->Hit(
        RegenerationFailuresKey(config, matricule), 3600);
    if (!counted.ok()) return ctx.FromStatus(counted.status());
    Status st = ctx.stores().audit->Append(
        {account.ok() ? std::optional<int64_t>(account->id) : std::nullopt,
         "recovery.request.nomatch", ip, kInteriorRegenerationFlow});
    if (!st.ok()) return ctx.FromStatus(st);
    return Form(ctx, 200, {{"", ctx.T("in_regen_nomatch")}});
  }
  StatusOr<std::optional<size_t>> over = ctx.stores().limits->HitWithin(
      {AccountRequestLimit(config.security.limits, account->id)});
  if (!over.ok()) return ctx.FromStatus(over.status());
  if (*over) {
    metrics::ProcessMetrics::Get().RateLimitRefused(
        metrics::RateLimitKind::kRegeneration);
    return Form(ctx, 429, {{"", ctx.T("in_regen_too_many")}});
  }
  const int hours = config.security.temporary_password_hours;
  const std::string password = NewTemporaryPassword(
      static_cast<size_t>(InteriorSettings::Of(config).password_length));
  StatusOr<PasswordChange> change = ChangeWithMail(
      config, ctx.branding(), *ctx.services().renderer, *ctx.services().hasher,
      *account, password,
      {account->id, "password.renewal.screen", ip, kInteriorRegenerationFlow},
      hours);
  if (!change.ok()) return ctx.FromStatus(change.status());
  Status st = ctx.stores().accounts->ChangePassword(*change);
  if (!st.ok()) return ctx.FromStatus(st);
  // Shown once: this answer is not stored anywhere (every response is
  // no-store), and a second request makes another password.
  Page page{"interior/screen_password.tpl", ctx.T("in_screen_title"), {}};
  page.data.Set("PASSWORD", password);
  page.data.Set("HOURS", std::to_string(hours));
  page.data.Set("LOGIN_URL", ctx.Path("/interieur/connexion"));
  return Response::FromPage(200, std::move(page));
}

Response RegenerationSentScreen::Get(Context& ctx) {
  const Config& config = ctx.config();
  Page page{"interior/sent.tpl", ctx.T("in_regen_title"), {}};
  ShowDelivery(config, &page.data);
  const bool sms =
      InteriorSettings::Of(config).delivery == InteriorSettings::Delivery::kSms;
  page.data.Set(
      "HOURS",
      std::to_string(sms ? config.security.temporary_password_hours
                         : InteriorSettings::Of(config).link_ttl_hours));
  page.data.Set("LOGIN_URL", ctx.Path("/interieur/connexion"));
  return Response::FromPage(200, std::move(page));
}

Response SupportScreen::Get(Context& ctx) {
  Page page{"interior/support.tpl", ctx.T("in_support_title"), {}};
  page.data.Set("REGENERATION_URL", ctx.Path("/interieur/regeneration"));
  page.data.Set("LOGIN_URL", ctx.Path("/interieur/connexion"));
  return Response::FromPage(200, std::move(page));
}

}  // namespace sesame
