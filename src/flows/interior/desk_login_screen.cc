#include "flows/interior/desk_login_screen.h"

#include <ctime>

#include "crypto/totp.h"
#include "flows/interior/desk_session.h"
#include "flows/interior/officer_enrolment.h"
#include "flows/interior/settings.h"
#include "screens/login_limits.h"
#include "screens/sign_in.h"
#include "web/app.h"

namespace sesame {
namespace {

// The officer's code: 6 digits (surrounding spaces allowed), checked once
// the password matched.
StatusOr<bool> CheckTotp(Context& ctx, const Account& account,
                         const std::string& typed) {
  if (account.totp_sealed.empty()) return false;
  StatusOr<std::string> secret =
      OpenOfficerTotp(ctx.config(), account.totp_sealed);
  // Sealed under another server key: no code can match.
  if (!secret.ok()) return false;
  std::optional<int64_t> step = crypto::MatchTotp(
      *secret, typed, static_cast<int64_t>(std::time(nullptr)),
      account.totp_last_step);
  if (!step) return false;
  // A code works once, even for two sign-ins sent at the same moment.
  return ctx.stores().accounts->SpendTotpStep(account.id, *step);
}

}  // namespace

Response DeskLoginScreen::Form(Context& ctx, int status,
                               const std::vector<FieldError>& errors) {
  Page page{"interior/desk_login.tpl", ctx.T("in_desk_login_title"), {}};
  page.data.Set("ACTION", ctx.Path("/guichet/connexion"));
  page.data.Set("LOGIN", ctx.request().Field("login"));
  if (ctx.request().Param("m") == "bye") {
    page.data.AddSection("NOTICE").Set("TEXT", ctx.T("login_bye"));
  }
  Context::AddErrors(errors, &page.data);
  return Response::FromPage(status, std::move(page));
}

Response DeskLoginScreen::ShowForm(Context& ctx, int status,
                                   const std::string& message) {
  return Form(ctx, status, {{"", message}});
}

Response DeskLoginScreen::Get(Context& ctx) {
  StatusOr<std::optional<DeskOfficer>> officer = FindDeskOfficer(ctx);
  if (!officer.ok()) return ctx.FromStatus(officer.status());
  if (*officer) return Response::Redirect(ctx.Path("/guichet"));
  return Form(ctx, 200, {});
}

Response DeskLoginScreen::Post(Context& ctx) {
  const Request& req = ctx.request();
  const std::string& login = req.Field("login");
  const std::string& password = req.Field("password");
  const std::string& totp = req.Field("totp");
  std::vector<FieldError> errors;
  CheckLoginField(ctx, &errors);
  CheckPasswordField(ctx, &errors);
  if (totp.empty()) {
    errors.push_back({"totp", ctx.T("in_desk_totp_missing")});
  }
  if (!errors.empty()) return Form(ctx, 400, errors);

  // The limits count per identifier (whether an officer has it or not)
  // and per address; a refused attempt counts nothing.
  const std::string limits_login = "guichet:" + login;
  StatusOr<LoginGate> gate =
      CountLoginAccount(ctx, limits_login, /*captcha_solved=*/false);
  if (!gate.ok()) return ctx.FromStatus(gate.status());
  if (gate->verdict != LoginVerdict::kGo) {
    Response r = Form(ctx, 429, {{"", LoginGateMessage(ctx, *gate)}});
    r.AddHeader("Retry-After", std::to_string(gate->retry_after));
    return r;
  }

  StatusOr<Account> found = ctx.stores().accounts->FindByLogin(login);
  if (!found.ok() && found.status().code() != StatusCode::kNotFound) {
    return ctx.FromStatus(found.status());
  }
  SignInAttempt attempt;
  if (found.ok()) attempt.account = *found;
  attempt.password = password;
  attempt.role = kRoleOfficer;
  attempt.limits_login = limits_login;
  attempt.second_factor = [&](const Account& account) {
    return CheckTotp(ctx, account, totp);
  };
  attempt.cookie = kDeskCookie;
  // The desk is reached from its own pages and bookmarks only: a link from
  // elsewhere finds no desk session.
  attempt.same_site = "Strict";
  attempt.next = "/guichet";
  Response signed_in;
  StatusOr<SignInVerdict> verdict =
      SignInWithPassword(ctx, attempt, &signed_in);
  if (!verdict.ok()) return ctx.FromStatus(verdict.status());
  if (*verdict != SignInVerdict::kSignedIn) {
    // An officer's password is never a one-time one: kExpired is the
    // same refusal.
    return Form(ctx, 200, {{"", ctx.T("in_desk_login_wrong")}});
  }
  return signed_in;
}

Response DeskLogoutScreen::Get(Context& ctx) {
  return Response::Redirect(ctx.Path("/guichet"));
}

Response DeskLogoutScreen::ShowForm(Context& ctx, int, const std::string&) {
  // A stale form: back to the desk, which has a fresh one.
  return Response::Redirect(ctx.Path("/guichet"));
}

Response DeskLogoutScreen::Post(Context& ctx) {
  StatusOr<std::optional<DeskOfficer>> officer = FindDeskOfficer(ctx);
  if (!officer.ok()) return ctx.FromStatus(officer.status());
  if (*officer) {
    Status st = ctx.stores().sessions->Revoke(
        (*officer)->session_hash,
        {(*officer)->account.id, "desk.logout", ctx.request().client_ip, ""});
    if (!st.ok()) return ctx.FromStatus(st);
  }
  Response r = Response::Redirect(ctx.Path("/guichet/connexion") + "?m=bye");
  r.AddHeader("Set-Cookie", SetCookieValue(ctx.config(), kDeskCookie, "", 0));
  return r;
}

}  // namespace sesame
