#include "flows/education/code_screens.h"

#include <chrono>
#include <iostream>

#include "core/log.h"
#include "crypto/crypto.h"
#include "flows/education/grant.h"
#include "flows/education/rules.h"
#include "flows/education/settings.h"
#include "screens/messages.h"

namespace sesame {
namespace {

constexpr char kTitle[] = "ed_code_title";  // its key

std::string SlipKey(const Config& config) {
  return crypto::DeriveKey(config.security.secret_key, "education-code-slip");
}

Response NoGrant(Context& ctx) {
  Page page{"link_state.tpl", ctx.T("ed_no_grant_title"), {}};
  page.data.Set("MESSAGE", ctx.T("ed_no_grant"));
  page.data.Set("FORGOT_URL", ctx.Path("/education/reassort"));
  page.data.Set("LOGIN_URL", ctx.Path("/login"));
  Response r = Response::FromPage(410, std::move(page));
  r.AddHeader("Set-Cookie", ClearGrantCookie(ctx.config()));
  return r;
}

}  // namespace

int64_t SystemSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Response WarningScreen::Get(Context& ctx) {
  const std::string token = GrantToken(ctx);
  if (token.empty()) return NoGrant(ctx);
  StatusOr<std::optional<int64_t>> account =
      ctx.stores().education->FindGrant(GrantHash(token));
  if (!account.ok()) return ctx.FromStatus(account.status());
  if (!*account) return NoGrant(ctx);
  Page page{"education/warning.tpl", ctx.T(kTitle), {}};
  page.data.Set("ACTION", ctx.Path("/education/reassort/avertissement"));
  page.data.Set(
      "SECONDS",
      std::to_string(EducationSettings::Of(ctx.config()).code_display_seconds));
  return Response::FromPage(200, std::move(page));
}

Response WarningScreen::Post(Context& ctx) {
  const Config& config = ctx.config();
  const std::string token = GrantToken(ctx);
  if (token.empty()) return NoGrant(ctx);
  StatusOr<std::optional<int64_t>> account_id =
      ctx.stores().education->FindGrant(GrantHash(token));
  if (!account_id.ok()) return ctx.FromStatus(account_id.status());
  const Response to_code =
      Response::Redirect(ctx.Path("/education/reassort/code"));
  // Spent already (a replay, a double click): the code page shows what
  // is left of it — the code once, or « code masqué ».
  if (!*account_id) return to_code;
  StatusOr<Account> account = ctx.stores().accounts->FindById(**account_id);
  if (!account.ok()) return ctx.FromStatus(account.status());

  const EducationSettings& es = EducationSettings::Of(config);
  const std::string code = NewVoteCode();
  StatusOr<std::string> phc = ctx.services().hasher->Hash(code);
  if (!phc.ok()) return ctx.FromStatus(phc.status());
  StatusOr<OutboxMessage> mail = PasswordChangedMail(
      config, ctx.branding(), *ctx.services().renderer, *account);
  if (!mail.ok()) return ctx.FromStatus(mail.status());
  Regeneration r;
  r.grant_hash = GrantHash(token);
  r.vote_code_hash = *phc;
  r.slip_owner = SlipOwner(token);
  r.slip_sealed = crypto::Seal(
      SlipKey(config),
      EncodeCodeSlip({code, SystemSeconds() + es.code_display_seconds}));
  r.slip_ttl_seconds = es.code_display_seconds;
  r.audit = {account->id, "education.vote_code.regenerated",
             ctx.request().client_ip, kEducationFlow};
  r.notification = *std::move(mail);
  StatusOr<bool> won = ctx.stores().education->Regenerate(r);
  if (!won.ok()) return ctx.FromStatus(won.status());
  return to_code;
}

Response CodeScreen::Get(Context& ctx) {
  const int64_t now = clock_ ? clock_() : SystemSeconds();
  Page page{"education/code.tpl", ctx.T(kTitle), {}};
  page.data.Set("VOTE_URL", ctx.Path("/education/vote"));
  page.data.Set("REASSORT_URL", ctx.Path("/education/reassort"));
  // HEAD takes nothing: only a GET shows (and spends) the code.
  if (ctx.request().method != "GET") {
    return Response::FromPage(200, std::move(page));
  }
  const std::string token = GrantToken(ctx);
  std::optional<CodeSlip> slip;
  if (!token.empty()) {
    StatusOr<std::optional<std::string>> sealed =
        ctx.stores().education->TakeCodeSlip(SlipOwner(token));
    if (!sealed.ok()) return ctx.FromStatus(sealed.status());
    if (*sealed) {
      StatusOr<std::string> opened =
          crypto::Open(SlipKey(ctx.config()), **sealed);
      if (opened.ok()) slip = DecodeCodeSlip(*opened);
      if (!slip) {
        Log("error", "education.slip_unreadable",
            {{"detail", "sealed under another server key?"}});
      }
    }
  }
  if (!slip || slip->until <= now) {
    page.data.ShowSection("MASKED");
    Response r = Response::FromPage(200, std::move(page));
    if (!token.empty())
      r.AddHeader("Set-Cookie", ClearGrantCookie(ctx.config()));
    return r;
  }
  const int64_t left = slip->until - now;
  PageData& shown = page.data.AddSection("CODE");
  shown.Set("CODE", slip->code);
  // At the page's level too: the catalogue's {SECONDS} and {UNTIL} are
  // the page's values.
  page.data.Set("SECONDS", std::to_string(left));
  page.data.Set("UNTIL", ParisTime(slip->until));
  Response r = Response::FromPage(200, std::move(page));
  // Reloads itself when the display ends (no JavaScript needed): the
  // reload finds the code taken and shows « code masqué ».
  r.AddHeader("Refresh", std::to_string(left) +
                             "; url=" + ctx.Path("/education/reassort/code"));
  return r;
}

}  // namespace sesame
