#include "flows/example/example_flow.h"

#include "crypto/crypto.h"
#include "recovery/account_fields.h"
#include "screens/captcha_field.h"
#include "screens/link_page.h"
#include "screens/messages.h"
#include "screens/request_form.h"

namespace sesame::example {
namespace {

// Its templates live beside it (absolute names, which the renderer takes).
std::string Template(const std::string& name) {
  return std::string(SESAME_SOURCE_DIR) + "/tests/flows/example/html/" + name;
}

constexpr char kCaptchaForm[] = "example_request";

class RequestScreen : public Screen {
 public:
  Response Get(Context& ctx) override { return Form(ctx, 200, {}); }
  Response Post(Context& ctx) override {
    const std::string& login = ctx.request().Field("login");
    if (login.empty() || login.size() > 64) {
      return Form(ctx, 400, {{"login", "Saisissez votre identifiant."}});
    }
    auto form = [&](int status, const std::vector<FieldError>& errors) {
      return Form(ctx, status, errors);
    };
    if (auto refused = CheckRequestCaptcha(ctx, kCaptchaForm, kFlow, form)) {
      return *refused;
    }
    Intent intent;
    intent.flow = kFlow;
    intent.fields = {{"login", login}};
    intent.client_ip = ctx.request().client_ip;
    if (auto refused = SubmitRequest(ctx, intent, kFlow, form)) {
      return *refused;
    }
    return Response::Redirect(ctx.Path("/exemple/envoye"));
  }
  Response ShowForm(Context& ctx, int status,
                    const std::string& message) override {
    return Form(ctx, status, {{"", message}});
  }

 private:
  Response Form(Context& ctx, int status,
                const std::vector<FieldError>& errors) {
    Page page{Template("request.tpl"), "Compte bloqué", {}};
    page.data.Set("ACTION", ctx.Path("/exemple"));
    page.data.Set("LOGIN", ctx.request().Field("login"));
    Context::AddErrors(errors, &page.data);
    Status captcha = AddCaptcha(ctx, &page.data, kCaptchaForm);
    if (!captcha.ok()) return ctx.FromStatus(captcha);
    return Response::FromPage(status, std::move(page));
  }
};

LinkPage Link(const Config& config) {
  return {"example",
          "/exemple/lien",
          kFlow,
          "/exemple",
          "/exemple/fait",
          Settings::Of(config).link_ttl_hours * 3600,
          Settings::Of(config).attempts};
}

class LinkScreen : public Screen {
 public:
  Response Get(Context& ctx) override { return ShowForm(ctx, 200, ""); }
  Response ShowForm(Context& ctx, int status,
                    const std::string& message) override {
    return ShowLinkPage(ctx, Link(ctx.config()), status, message,
                        [&](int st, const RecoveryRequest&,
                            const std::vector<FieldError>& errors) {
                          return Form(ctx, st, errors);
                        });
  }
  Response Post(Context& ctx) override {
    const LinkPage link = Link(ctx.config());
    Response instead;
    StatusOr<RecoveryRequest> request = FindLiveLink(ctx, link, &instead);
    if (!request.ok()) return instead;
    StatusOr<Account> account =
        ctx.stores().accounts->FindById(request->account_id);
    if (!account.ok()) return ctx.FromStatus(account.status());
    const std::string typed = NormaliseEmail(ctx.request().Field("email"));
    LinkSubmission submission;
    submission.matches = [&] {
      return crypto::ConstantTimeEquals(typed, account->email);
    };
    submission.wrong = [&](int left) {
      return Form(
          ctx, 400,
          {{"email", "Adresse incorrecte. " + AttemptsLeftText(ctx, left)}});
    };
    submission.complete = [&]() -> std::variant<Response, Status> {
      PasswordChange change;
      change.account_id = account->id;
      change.new_hash = account->password_hash;
      change.audit = {account->id, "example.unblocked", ctx.request().client_ip,
                      kFlow};
      return ctx.stores().recovery->Complete(request->id, change);
    };
    return SubmitLink(ctx, link, &*request, submission);
  }

 private:
  Response Form(Context& ctx, int status,
                const std::vector<FieldError>& errors) {
    Page page{Template("link.tpl"), "Débloquer le compte", {}};
    page.data.Set("ACTION", ctx.Path("/exemple/lien"));
    Context::AddErrors(errors, &page.data);
    return Response::FromPage(status, std::move(page));
  }
};

class DoneScreen : public Screen {
 public:
  explicit DoneScreen(std::string title) : title_(std::move(title)) {}
  Response Get(Context& ctx) override {
    return ctx.ErrorPage(200, title_, title_);
  }

 private:
  std::string title_;
};

class Intake : public IntentHandler {
 public:
  explicit Intake(const FlowDeps& deps) : deps_(deps) {}
  StatusOr<IntentOutcome> Handle(const Intent& intent) override {
    StatusOr<Account> account =
        deps_.stores.accounts->FindByLogin(IntentField(intent, "login"));
    IntentOutcome outcome;
    if (!account.ok() || account->disabled) {
      if (!account.ok() && account.status().code() != StatusCode::kNotFound) {
        return account.status();
      }
      outcome.audit.push_back(
          {std::nullopt, "recovery.request.nomatch", intent.client_ip, kFlow});
      return outcome;
    }
    const Config& config = *deps_.config;
    const std::string token = NewLinkToken(config.security.secret_key);
    PageData data;
    AddGreeting(*account, &data);
    data.Set("LINK", config.PublicUrl("/exemple/lien") + "?t=" + token);
    StatusOr<OutboxMessage> mail =
        BuildMail(config, config.BrandingFor(kFlow), *deps_.renderer,
                  Template("mail/link"), account->email,
                  "Débloquer votre compte", std::move(data));
    if (!mail.ok()) return mail.status();
    NewRecoveryRequest request;
    request.account_id = account->id;
    request.flow = kFlow;
    request.token_hash = crypto::Sha256(token);
    request.ttl_seconds = Settings::Of(config).link_ttl_hours * 3600;
    request.client_ip = intent.client_ip;
    request.messages = {*std::move(mail)};
    request.audit = {account->id, "recovery.request", intent.client_ip, kFlow};
    outcome.request = std::move(request);
    return outcome;
  }

 private:
  FlowDeps deps_;
};

std::unique_ptr<FlowSettings> ParseSettings(ConfigSection& s) {
  auto c = std::make_unique<Settings>();
  s.Int("link_ttl_hours", &c->link_ttl_hours, 1, 24);
  s.Int("attempts", &c->attempts, 1, 10);
  return c;
}

}  // namespace

const RecoveryFlow& Flow() {
  static const RecoveryFlow flow = {
      .name = kFlow,
      .config_section = "example",
      .parse_settings = ParseSettings,
      .captcha_forms = {kCaptchaForm},
      .routes =
          {
              {"/exemple", [] { return std::make_unique<RequestScreen>(); }},
              {"/exemple/envoye",
               [] { return std::make_unique<DoneScreen>("Demande envoyée"); }},
              {"/exemple/lien", [] { return std::make_unique<LinkScreen>(); }},
              {"/exemple/fait",
               [] { return std::make_unique<DoneScreen>("Compte débloqué"); }},
          },
      .templates = {Template("request.tpl"), Template("link.tpl"),
                    Template("mail/link.txt.tpl"),
                    Template("mail/link.html.tpl")},
      .login_links = {{kFlow, LoginLink::Place::kBelowForm, "Compte bloqué ?",
                       "/exemple"}},
      .mark_rules = {},
      .make_intake =
          [](const FlowDeps& deps) {
            return std::vector<FlowIntake>{
                {kFlow, std::make_shared<Intake>(deps)}};
          },
      .account_options = {},
      .apply_account_options = {},
  };
  return flow;
}

}  // namespace sesame::example
