#include "flows/interior/login_screen.h"

#include "flows/interior/agent_fields.h"
#include "flows/interior/facts.h"
#include "flows/interior/rules.h"
#include "flows/interior/settings.h"
#include "screens/login_limits.h"
#include "screens/sign_in.h"

namespace sesame {
namespace {}  // namespace

Response InteriorLoginScreen::Form(Context& ctx, int status,
                                   const std::vector<FieldError>& errors) {
  const Request& req = ctx.request();
  Page page{"interior/login.tpl", ctx.T("login_submit"), {}};
  page.data.Set("ACTION", ctx.Path("/interieur/connexion"));
  page.data.Set("SUPPORT_URL", ctx.Path("/interieur/support"));
  page.data.Set("MATRICULE", req.Field("matricule"));
  page.data.Set("NAISSANCE", req.Field("naissance"));
  Context::AddErrors(errors, &page.data);
  return Response::FromPage(status, std::move(page));
}

Response InteriorLoginScreen::ShowForm(Context& ctx, int status,
                                       const std::string& message) {
  return Form(ctx, status, {{"", message}});
}

Response InteriorLoginScreen::Get(Context& ctx) {
  if (ctx.session().ok()) return Response::Redirect(ctx.Path("/account"));
  return Form(ctx, 200, {});
}

Response InteriorLoginScreen::Post(Context& ctx) {
  const Request& req = ctx.request();
  const Config& config = ctx.config();
  std::vector<FieldError> errors;
  const AgentIdentity identity = CheckAgentIdentity(ctx, &errors);
  const std::optional<std::string>& matricule = identity.matricule;
  const BirthDate& birth = identity.birth;
  std::optional<std::string> key = NormaliseSecurityKey(req.Field("cle"));
  if (req.Field("cle").empty()) {
    errors.push_back({"cle", ctx.T("in_key_missing")});
  } else if (!key) {
    errors.push_back(
        {"cle",
         ctx.T("in_key_invalid", {{"n", std::to_string(kSecurityKeyLength)}})});
  }
  const std::string& password = req.Field("password");
  CheckPasswordField(ctx, &errors);
  if (!errors.empty()) return Form(ctx, 400, errors);

  // The limits count per matricule (whether an agent has it or not) and
  // per address; a refused attempt counts nothing.
  const std::string limits_login = "interieur:" + *matricule;
  StatusOr<LoginGate> gate =
      CountLoginAccount(ctx, limits_login, /*captcha_solved=*/false);
  if (!gate.ok()) return ctx.FromStatus(gate.status());
  if (gate->verdict != LoginVerdict::kGo) {
    Response r = Form(ctx, 429, {{"", LoginGateMessage(ctx, *gate)}});
    r.AddHeader("Retry-After", std::to_string(gate->retry_after));
    return r;
  }

  // Both lookups run whatever was typed; the agent is found only when the
  // identity and the key are the same account's.
  StatusOr<Account> by_identity = ctx.stores().accounts->FindByIdentifier(
      kIdentityKind, FactDigest(config, kIdentityKind,
                                IdentityFact(*matricule, birth.canonical)));
  StatusOr<Account> by_key = ctx.stores().accounts->FindByIdentifier(
      kSecurityKeyKind,
      FactDigest(config, kSecurityKeyKind, SecurityKeyFact(*matricule, *key)));
  for (const StatusOr<Account>* found : {&by_identity, &by_key}) {
    if (!found->ok() && found->status().code() != StatusCode::kNotFound) {
      return ctx.FromStatus(found->status());
    }
  }
  SignInAttempt attempt;
  if (by_identity.ok() && by_key.ok() && by_identity->id == by_key->id) {
    attempt.account = *by_identity;
  }
  attempt.password = password;
  attempt.role = kRoleAgent;
  attempt.limits_login = limits_login;
  Response signed_in;
  StatusOr<SignInVerdict> verdict =
      SignInWithPassword(ctx, attempt, &signed_in);
  if (!verdict.ok()) return ctx.FromStatus(verdict.status());
  switch (*verdict) {
    case SignInVerdict::kWrong:
      return Form(ctx, 200, {{"", ctx.T("in_login_wrong")}});
    case SignInVerdict::kExpired:
      return Form(ctx, 200, {{"password", ctx.T("in_login_expired")}});
    case SignInVerdict::kSignedIn:
      break;
  }
  return signed_in;
}

}  // namespace sesame
