#include "screens/forgot_screen.h"

#include "crypto/crypto.h"
#include "notify/messages.h"
#include "recovery/account_fields.h"
#include "recovery/reset_rules.h"
#include "screens/password_form.h"

namespace sesame {
namespace {

constexpr char kFlow[] = "credit_municipal";

std::string LimitKey(const Config& config, const std::string& kind,
                     const std::string& value) {
  return "forgot:" + kind + ":" + LimitDigest(config, value);
}

// Counts one event in `key` for an hour; true while under `limit`.
StatusOr<bool> UnderLimit(RateLimiter& limiter, const std::string& key,
                          int limit) {
  StatusOr<int> n = limiter.Hit(key, 3600);
  if (!n.ok()) return n.status();
  return *n <= limit;
}

// Queues the mail and SMS of a new request for `account` (which has a
// phone): one transaction in the recovery store.
Status StartRequest(Context& ctx, const Account& account) {
  const Config& config = ctx.config();
  const RecoveryConfig& rc = config.recovery;
  std::string token = crypto::NewToken();
  std::string token_hash = crypto::Sha256(token);
  std::string code = NewActivationCode(rc.code_length);

  PageData data;
  data.Set("DISPLAY_NAME",
           account.display_name.empty() ? account.login : account.display_name);
  data.Set("LINK", config.PublicUrl("/reset") + "?t=" + token);
  data.Set("TTL_HOURS", std::to_string(rc.link_ttl_hours));
  StatusOr<OutboxMessage> mail =
      BuildMail(config, *ctx.services().renderer, "reset_link", account.email,
                FillText(rc.mail_subject, config.branding.organisation, ""),
                std::move(data));
  if (!mail.ok()) return mail.status();
  mail->ttl_seconds = rc.link_ttl_hours * 3600;

  OutboxMessage sms;
  sms.kind = OutboxMessage::Kind::kSms;
  sms.recipient = account.phone;
  sms.text = FillText(rc.sms_text, config.branding.organisation, code);
  sms.ttl_seconds = rc.code_ttl_minutes * 60;

  NewRecoveryRequest request;
  request.account_id = account.id;
  request.flow = kFlow;
  request.token_hash = token_hash;
  request.code_hmac =
      CodeMac(crypto::DeriveKey(config.security.secret_key, "sms-code"),
              token_hash, code);
  request.ttl_seconds = rc.link_ttl_hours * 3600;
  request.code_ttl_seconds = rc.code_ttl_minutes * 60;
  request.client_ip = ctx.request().client_ip;
  request.messages = {*mail, sms};
  request.audit = {account.id, "recovery.request", ctx.request().client_ip,
                   kFlow};
  return ctx.stores().recovery->Create(request);
}

// An account with no phone cannot finish this flow: it gets a mail that
// says so (no link), to the address on record.
Status SendNoPhoneMail(Context& ctx, const Account& account) {
  PageData data;
  data.Set("DISPLAY_NAME",
           account.display_name.empty() ? account.login : account.display_name);
  const Config& config = ctx.config();
  StatusOr<OutboxMessage> mail = BuildMail(
      config, *ctx.services().renderer, "reset_no_phone", account.email,
      FillText(config.recovery.mail_subject, config.branding.organisation, ""),
      std::move(data));
  if (!mail.ok()) return mail.status();
  SESAME_RETURN_IF_ERROR(ctx.stores().outbox->Enqueue(*mail));
  return ctx.stores().audit->Append(
      {account.id, "recovery.no_phone", ctx.request().client_ip, kFlow});
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

  // Limits count the typed identifier whether or not it exists, so their
  // answer reveals nothing.
  const LimitsConfig& limits = config.security.limits;
  RateLimiter& limiter = *ctx.stores().limits;
  for (auto [key, limit] : {std::pair{LimitKey(config, "a", login),
                                      limits.request_per_account_hour},
                            std::pair{LimitKey(config, "ip", req.client_ip),
                                      limits.request_per_ip_hour}}) {
    StatusOr<bool> ok = UnderLimit(limiter, key, limit);
    if (!ok.ok()) return ctx.FromStatus(ok.status());
    if (!*ok) {
      Response r = Form(ctx, 429,
                        {{"",
                          "Trop de demandes ont été faites. Pour votre "
                          "sécurité, réessayez dans une heure."}});
      r.AddHeader("Retry-After", "3600");
      return r;
    }
  }

  StatusOr<Account> account = ctx.stores().accounts->FindByLogin(login);
  if (!account.ok() && account.status().code() != StatusCode::kNotFound) {
    return ctx.FromStatus(account.status());
  }
  bool match = account.ok() && !account->disabled && account->email == email;
  Status st;
  if (!match) {
    st = ctx.stores().audit->Append(
        {account.ok() ? std::optional<int64_t>(account->id) : std::nullopt,
         "recovery.request.nomatch", req.client_ip, kFlow});
  } else if (account->phone.empty()) {
    st = SendNoPhoneMail(ctx, *account);
  } else {
    StatusOr<bool> dest = UnderLimit(limiter, "sms:dest:" + account->phone,
                                     limits.sms_per_destination_hour);
    StatusOr<bool> global =
        dest.ok() && *dest
            ? UnderLimit(limiter, "sms:global", limits.sms_global_hour)
            : dest;
    if (!global.ok()) return ctx.FromStatus(global.status());
    st = *global
             ? StartRequest(ctx, *account)
             : ctx.stores().audit->Append(
                   {account->id, "recovery.sms_limit", req.client_ip, kFlow});
  }
  // A mail server or gateway problem cannot show here: messages are only
  // queued. A database problem can.
  if (!st.ok()) return ctx.FromStatus(st);
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
