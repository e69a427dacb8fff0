#include "flows/interior/desk_agent_screen.h"

#include <ctime>

#include "core/metrics.h"
#include "crypto/crypto.h"
#include "flows/interior/desk_rules.h"
#include "flows/interior/desk_search_screen.h"
#include "flows/interior/facts.h"
#include "flows/interior/rules.h"
#include "flows/interior/settings.h"
#include "recovery/account_fields.h"
#include "recovery/link_rules.h"
#include "screens/messages.h"

namespace sesame {
namespace {

// "JJ/MM/AAAA à HH:MM (UTC)", now.
std::string NowText() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[64];
  std::strftime(text, sizeof text, "%d/%m/%Y à %H:%M (UTC)", &tm);
  return text;
}

// The agent's mail: what was handed over, where and when; never the
// secret.
StatusOr<OutboxMessage> DeskMail(Context& ctx, const Account& agent,
                                 DeskHandOver hand_over,
                                 const std::string& at) {
  const Config& config = ctx.config();
  const InteriorSettings& ic = InteriorSettings::Of(config);
  PageData data;
  AddGreeting(agent, &data);
  data.ShowSection(hand_over == DeskHandOver::kPassword ? "PASSWORD" : "KEY");
  data.Set("BUREAU", agent.bureau);
  data.Set("AT", at);
  data.Set("HOURS", std::to_string(config.security.temporary_password_hours));
  data.Set("INTERIOR_LOGIN_URL", config.PublicUrl("/interieur/connexion"));
  const std::string& subject = hand_over == DeskHandOver::kPassword
                                   ? ic.desk_mail_subject
                                   : ic.desk_key_mail_subject;
  // The agent's language, not the officer's.
  const std::string lang = MessageLanguage(agent);
  const I18n& i18n = ctx.services().renderer->i18n();
  return BuildMail(
      config, ctx.branding(), *ctx.services().renderer, "interior/mail/desk",
      agent.email,
      FillPlaceholders(
          i18n.Wording(lang, subject),
          {{"organisation", i18n.Wording(lang, ctx.branding().organisation)}}),
      std::move(data), lang);
}

}  // namespace

std::string DeskOfficerLimitKey(int64_t officer_id) {
  return "desk:officer:" + std::to_string(officer_id);
}

Response DeskAgentPage(Context& ctx, const DeskOfficer& officer,
                       const Account& agent, const std::string& matricule,
                       int status, const std::vector<FieldError>& errors) {
  const Request& req = ctx.request();
  Page page{"interior/desk_agent.tpl", ctx.T("in_desk_agent_title"), {}};
  page.data.Set("ACTION", ctx.Path("/guichet/agent"));
  page.data.Set("SEARCH_URL", ctx.Path("/guichet"));
  page.data.Set("LOGOUT_URL", ctx.Path("/guichet/deconnexion"));
  page.data.Set("OFFICER", NameOf(officer.account));
  page.data.Set("AGENT_NAME", NameOf(agent));
  page.data.Set("AGENT_BUREAU", agent.bureau);
  page.data.Set("MATRICULE", matricule);
  page.data.Set("HOURS",
                std::to_string(ctx.config().security.temporary_password_hours));
  if (agent.disabled) {
    page.data.ShowSection("DISABLED");
    page.data.Set("DISABLED_TEXT", ctx.T("in_desk_disabled"));
  } else {
    PageData& form = page.data.AddSection("FORM");
    for (const DeskDocument& d : DeskDocuments()) {
      PageData& option = form.AddSection("DOCUMENT");
      option.Set("CODE", d.code);
      option.Set("LABEL", ctx.T(std::string("in_document_") + d.code));
      if (req.Field("document") == d.code) option.ShowSection("SELECTED");
    }
    form.Set("DOCUMENT_END", req.Field("document_fin"));
    if (req.Field("remise") == "password") form.ShowSection("PASSWORD_CHECKED");
    if (req.Field("remise") == "key") form.ShowSection("KEY_CHECKED");
    // The fields' own messages, inside the form's section.
    Context::AddErrors(errors, &form);
  }
  Context::AddErrors(errors, &page.data);
  return Response::FromPage(status, std::move(page));
}

Response DeskAgentScreen::Get(Context& ctx) {
  return Response::Redirect(ctx.Path("/guichet"));
}

Response DeskAgentScreen::ShowForm(Context& ctx, int status,
                                   const std::string& message) {
  StatusOr<std::optional<DeskOfficer>> officer = FindDeskOfficer(ctx);
  if (!officer.ok()) return ctx.FromStatus(officer.status());
  if (!*officer) return ToDeskSignIn(ctx);
  return DeskSearchPage(ctx, **officer, status, {{"", message}});
}

Response DeskAgentScreen::Post(Context& ctx) {
  const Config& config = ctx.config();
  const Request& req = ctx.request();
  StatusOr<std::optional<DeskOfficer>> found_officer = FindDeskOfficer(ctx);
  if (!found_officer.ok()) return ctx.FromStatus(found_officer.status());
  if (!*found_officer) return ToDeskSignIn(ctx);
  const DeskOfficer& officer = **found_officer;

  // The agent again, from the matricule: the officer's bureau, now.
  std::optional<std::string> matricule =
      NormaliseMatricule(req.Field("matricule"));
  std::optional<Account> agent;
  if (matricule) {
    StatusOr<std::optional<Account>> found =
        FindBureauAgent(ctx, officer.account, *matricule);
    if (found.status().code() == StatusCode::kResourceExhausted) {
      Response r =
          DeskSearchPage(ctx, officer, 429, {{"", DeskLookupsSpent(ctx)}});
      r.AddHeader("Retry-After", "3600");
      return r;
    }
    if (!found.ok()) return ctx.FromStatus(found.status());
    agent = *std::move(found);
  }
  if (!agent) {
    return DeskSearchPage(ctx, officer, 200,
                          {{"matricule", ctx.T(kNoAgentMessage)}});
  }

  std::vector<FieldError> errors;
  const DeskDocument* document = FindDeskDocument(req.Field("document"));
  if (document == nullptr) {
    errors.push_back({"document", ctx.T("in_desk_document_missing")});
  }
  std::optional<std::string> document_end =
      NormaliseDocumentEnd(req.Field("document_fin"));
  if (req.Field("document_fin").empty()) {
    errors.push_back({"document_fin", ctx.T("in_desk_document_end_missing")});
  } else if (!document_end) {
    errors.push_back({"document_fin", ctx.T("in_desk_document_end_invalid")});
  }
  std::optional<DeskHandOver> hand_over =
      ParseDeskHandOver(req.Field("remise"));
  if (!hand_over) {
    errors.push_back({"remise", ctx.T("in_desk_remise_missing")});
  }
  if (agent->disabled) errors = {{"", ctx.T("in_desk_disabled")}};
  if (!errors.empty()) {
    return DeskAgentPage(ctx, officer, *agent, *matricule, 400, errors);
  }

  const InteriorSettings& ic = InteriorSettings::Of(config);
  const std::string& ip = req.client_ip;
  const bool password = *hand_over == DeskHandOver::kPassword;
  DeskSlip slip;
  slip.hand_over = *hand_over;
  slip.agent_name = NameOf(*agent);
  slip.bureau = agent->bureau;
  slip.officer_name = NameOf(officer.account);
  slip.at = NowText();

  DeskAction action;
  action.agent_id = agent->id;
  action.limits = {{DeskOfficerLimitKey(officer.account.id), 3600,
                    ic.desk_actions_per_hour}};
  if (password) {
    const std::string secret =
        NewTemporaryPassword(static_cast<size_t>(ic.password_length));
    StatusOr<std::string> phc = ctx.services().hasher->Hash(secret);
    if (!phc.ok()) return ctx.FromStatus(phc.status());
    action.password =
        DeskAction::NewPassword{*phc, config.security.temporary_password_hours};
    slip.secret = secret;
    slip.hours = config.security.temporary_password_hours;
  } else {
    const std::string key = NewSecurityKey();
    action.identifier = AccountIdentifier{
        kSecurityKeyKind,
        FactDigest(config, kSecurityKeyKind, SecurityKeyFact(*matricule, key))};
    slip.secret = GroupSecurityKey(key);
  }
  action.agent_audit = {
      agent->id, password ? "password.desk" : "security_key.desk", ip,
      DeskAuditDetail("officer", officer.account.login, agent->bureau,
                      *document, *document_end)};
  action.officer_audit = {officer.account.id,
                          password ? "desk.password" : "desk.security_key", ip,
                          DeskAuditDetail("agent", agent->login, agent->bureau,
                                          *document, *document_end)};
  if (!agent->email.empty()) {
    StatusOr<OutboxMessage> mail = DeskMail(ctx, *agent, *hand_over, slip.at);
    if (!mail.ok()) return ctx.FromStatus(mail.status());
    action.notification = *std::move(mail);
  }
  action.slip_owner = officer.session_hash;
  action.slip_sealed =
      crypto::Seal(crypto::DeriveKey(config.security.secret_key, "desk-slip"),
                   EncodeDeskSlip(slip));
  action.slip_ttl_seconds = ic.desk_slip_minutes * 60;

  StatusOr<bool> acted = ctx.stores().desk->Act(action);
  if (!acted.ok()) {
    if (acted.status().code() == StatusCode::kNotFound) {
      return DeskSearchPage(ctx, officer, 200,
                            {{"matricule", ctx.T(kNoAgentMessage)}});
    }
    return ctx.FromStatus(acted.status());
  }
  if (!*acted) {
    metrics::ProcessMetrics::Get().RateLimitRefused(
        metrics::RateLimitKind::kDeskAction);
    Response r = DeskAgentPage(
        ctx, officer, *agent, *matricule, 429,
        {{"", ctx.T("in_desk_actions_spent",
                    {{"n", std::to_string(ic.desk_actions_per_hour)}})}});
    r.AddHeader("Retry-After", "3600");
    return r;
  }
  return Response::Redirect(ctx.Path("/guichet/fiche"));
}

}  // namespace sesame
