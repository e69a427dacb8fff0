#include "flows/interior/desk_slip_screen.h"

#include <iostream>

#include "core/log.h"
#include "crypto/crypto.h"
#include "flows/interior/desk_rules.h"
#include "flows/interior/desk_session.h"
#include "flows/interior/settings.h"

namespace sesame {

Response DeskSlipScreen::Get(Context& ctx) {
  StatusOr<std::optional<DeskOfficer>> officer = FindDeskOfficer(ctx);
  if (!officer.ok()) return ctx.FromStatus(officer.status());
  if (!*officer) return ToDeskSignIn(ctx);
  Page page{"interior/desk_slip.tpl", ctx.T("in_desk_slip_title"), {}};
  page.data.Set("SEARCH_URL", ctx.Path("/guichet"));
  page.data.Set("LOGOUT_URL", ctx.Path("/guichet/deconnexion"));
  // HEAD takes nothing: only a GET shows (and spends) the slip.
  if (ctx.request().method != "GET") {
    return Response::FromPage(200, std::move(page));
  }
  StatusOr<std::optional<std::string>> sealed =
      ctx.stores().desk->TakeSlip((*officer)->session_hash);
  if (!sealed.ok()) return ctx.FromStatus(sealed.status());
  std::optional<DeskSlip> slip;
  if (*sealed) {
    StatusOr<std::string> opened = crypto::Open(
        crypto::DeriveKey(ctx.config().security.secret_key, "desk-slip"),
        **sealed);
    if (opened.ok()) slip = DecodeDeskSlip(*opened);
    if (!slip) {
      Log("error", "desk.slip_unreadable",
          {{"detail", "sealed under another server key?"}});
    }
  }
  if (!slip) {
    page.data.ShowSection("GONE");
    return Response::FromPage(200, std::move(page));
  }
  PageData& shown = page.data.AddSection("SLIP");
  shown.ShowSection(slip->hand_over == DeskHandOver::kPassword ? "PASSWORD"
                                                               : "KEY");
  shown.Set("AGENT_NAME", slip->agent_name);
  shown.Set("BUREAU", slip->bureau);
  shown.Set("OFFICER", slip->officer_name);
  shown.Set("AT", slip->at);
  shown.Set("SECRET", slip->secret);
  shown.Set("HOURS", std::to_string(slip->hours));
  shown.Set("LOGIN_URL", ctx.config().PublicUrl("/interieur/connexion"));
  // At the page's level too: the catalogue's {HOURS} and {LOGIN_URL} are
  // the page's values.
  page.data.Set("HOURS", std::to_string(slip->hours));
  page.data.Set("LOGIN_URL", ctx.config().PublicUrl("/interieur/connexion"));
  return Response::FromPage(200, std::move(page));
}

}  // namespace sesame
