#include "flows/interior/desk_session.h"

#include "core/metrics.h"
#include "crypto/crypto.h"
#include "flows/interior/facts.h"
#include "flows/interior/rules.h"
#include "flows/interior/settings.h"
#include "screens/sign_in.h"
#include "web/app.h"

namespace sesame {

StatusOr<std::optional<DeskOfficer>> FindDeskOfficer(Context& ctx) {
  const std::string& cookie =
      ctx.request().Cookie(CookieName(ctx.config(), kDeskCookie));
  if (!crypto::LooksLikeToken(cookie)) return std::optional<DeskOfficer>();
  const std::string hash = SessionIdHash(kDeskCookie, cookie);
  StatusOr<Session> session = ctx.stores().sessions->Touch(
      hash, ctx.config().security.session_idle_minutes * 60);
  if (!session.ok()) {
    if (session.status().code() == StatusCode::kNotFound) {
      return std::optional<DeskOfficer>();
    }
    return session.status();
  }
  StatusOr<Account> account =
      ctx.stores().accounts->FindById(session->account_id);
  if (!account.ok()) {
    if (account.status().code() == StatusCode::kNotFound) {
      return std::optional<DeskOfficer>();
    }
    return account.status();
  }
  if (account->role != kRoleOfficer || account->disabled) {
    return std::optional<DeskOfficer>();
  }
  return std::optional<DeskOfficer>(DeskOfficer{*std::move(account), hash});
}

std::string NameOf(const Account& account) {
  return account.display_name.empty() ? account.login : account.display_name;
}

std::string DeskLookupsSpent(const Context& ctx) {
  return ctx.T(
      "in_desk_lookups_spent",
      {{"n", std::to_string(
                 InteriorSettings::Of(ctx.config()).desk_lookups_per_hour)}});
}

Response ToDeskSignIn(Context& ctx) {
  return Response::Redirect(ctx.Path("/guichet/connexion"));
}

StatusOr<std::optional<Account>> FindBureauAgent(Context& ctx,
                                                 const Account& officer,
                                                 const std::string& matricule) {
  StatusOr<std::optional<size_t>> over = ctx.stores().limits->HitWithin(
      {{"desk:lookup:" + std::to_string(officer.id), 3600,
        InteriorSettings::Of(ctx.config()).desk_lookups_per_hour}});
  if (!over.ok()) return over.status();
  if (*over) {
    metrics::ProcessMetrics::Get().RateLimitRefused(
        metrics::RateLimitKind::kDeskLookup);
    return Status::ResourceExhausted("desk lookups spent");
  }
  StatusOr<Account> agent = ctx.stores().accounts->FindByIdentifier(
      kMatriculeKind,
      FactDigest(ctx.config(), kMatriculeKind, MatriculeFact(matricule)));
  if (!agent.ok()) {
    if (agent.status().code() == StatusCode::kNotFound) {
      return std::optional<Account>();
    }
    return agent.status();
  }
  if (agent->role != kRoleAgent || officer.bureau.empty() ||
      agent->bureau != officer.bureau) {
    return std::optional<Account>();
  }
  return std::optional<Account>(*std::move(agent));
}

}  // namespace sesame
