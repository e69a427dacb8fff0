#include "flows/interior/desk_search_screen.h"

#include "flows/interior/desk_agent_screen.h"
#include "flows/interior/rules.h"
#include "flows/interior/settings.h"

namespace sesame {

Response DeskSearchPage(Context& ctx, const DeskOfficer& officer, int status,
                        const std::vector<FieldError>& errors) {
  Page page{"interior/desk_search.tpl", ctx.T("in_desk_search_title"), {}};
  page.data.Set("ACTION", ctx.Path("/guichet"));
  page.data.Set("LOGOUT_URL", ctx.Path("/guichet/deconnexion"));
  page.data.Set("OFFICER", NameOf(officer.account));
  page.data.Set("BUREAU", officer.account.bureau);
  page.data.Set("MATRICULE", ctx.request().Field("matricule"));
  Context::AddErrors(errors, &page.data);
  return Response::FromPage(status, std::move(page));
}

Response DeskSearchScreen::ShowForm(Context& ctx, int status,
                                    const std::string& message) {
  StatusOr<std::optional<DeskOfficer>> officer = FindDeskOfficer(ctx);
  if (!officer.ok()) return ctx.FromStatus(officer.status());
  if (!*officer) return ToDeskSignIn(ctx);
  return DeskSearchPage(ctx, **officer, status, {{"", message}});
}

Response DeskSearchScreen::Get(Context& ctx) {
  StatusOr<std::optional<DeskOfficer>> officer = FindDeskOfficer(ctx);
  if (!officer.ok()) return ctx.FromStatus(officer.status());
  if (!*officer) return ToDeskSignIn(ctx);
  return DeskSearchPage(ctx, **officer, 200, {});
}

Response DeskSearchScreen::Post(Context& ctx) {
  StatusOr<std::optional<DeskOfficer>> officer = FindDeskOfficer(ctx);
  if (!officer.ok()) return ctx.FromStatus(officer.status());
  if (!*officer) return ToDeskSignIn(ctx);
  const std::string& typed = ctx.request().Field("matricule");
  std::optional<std::string> matricule = NormaliseMatricule(typed);
  if (typed.empty()) {
    return DeskSearchPage(ctx, **officer, 400,
                          {{"matricule", ctx.T("in_desk_matricule_missing")}});
  }
  if (!matricule) {
    return DeskSearchPage(ctx, **officer, 400,
                          {{"matricule", ctx.T("in_desk_matricule_invalid")}});
  }
  StatusOr<std::optional<Account>> agent =
      FindBureauAgent(ctx, (*officer)->account, *matricule);
  if (agent.status().code() == StatusCode::kResourceExhausted) {
    Response r =
        DeskSearchPage(ctx, **officer, 429, {{"", DeskLookupsSpent(ctx)}});
    r.AddHeader("Retry-After", "3600");
    return r;
  }
  if (!agent.ok()) return ctx.FromStatus(agent.status());
  // Who looked whom up, found or not (`sesame audit show --officer`).
  Status audited = ctx.stores().audit->Append(
      {(*officer)->account.id, "desk.lookup", ctx.request().client_ip,
       *agent ? "agent " + (*agent)->login : "aucun agent de ce matricule"});
  if (!audited.ok()) return ctx.FromStatus(audited);
  if (!*agent) {
    return DeskSearchPage(ctx, **officer, 200,
                          {{"matricule", ctx.T(kNoAgentMessage)}});
  }
  return DeskAgentPage(ctx, **officer, **agent, *matricule, 200, {});
}

}  // namespace sesame
