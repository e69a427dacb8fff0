#include "screens/account_screen.h"

namespace sesame {

StatusOr<Account> SignedInAccount(Context& ctx, Response* instead) {
  const StatusOr<Session>& session = ctx.session();
  if (!session.ok()) {
    *instead = session.status().code() == StatusCode::kNotFound
                   ? Response::Redirect(ctx.Path("/login"))
                   : ctx.FromStatus(session.status());
    return session.status();
  }
  StatusOr<Account> account =
      ctx.stores().accounts->FindById(session->account_id);
  if (!account.ok()) {
    *instead = account.status().code() == StatusCode::kNotFound
                   ? Response::Redirect(ctx.Path("/login"))
                   : ctx.FromStatus(account.status());
  }
  return account;
}

std::string MaskPhone(const std::string& phone) {
  if (phone.size() < 6) return phone.empty() ? "" : "••";
  return phone.substr(0, 4) + " ••• " + phone.substr(phone.size() - 2);
}

Response AccountScreen::Get(Context& ctx) {
  Response instead;
  StatusOr<Account> account = SignedInAccount(ctx, &instead);
  if (!account.ok()) return instead;
  if (account->must_change_password) {
    return Response::Redirect(ctx.Path("/account/password"));
  }
  Page page{"account.tpl", ctx.T("account_title"), {}};
  page.data.Set("DISPLAY_NAME", account->display_name.empty()
                                    ? account->login
                                    : account->display_name);
  page.data.Set("LOGIN", account->login);
  page.data.Set("EMAIL", account->email);
  page.data.Set("PHONE", account->phone.empty() ? ctx.T("account_no_phone")
                                                : MaskPhone(account->phone));
  page.data.Set("PASSWORD_URL", ctx.Path("/account/password"));
  page.data.Set("LOGOUT_URL", ctx.Path("/logout"));
  if (ctx.request().Param("m") == "changed") {
    page.data.AddSection("NOTICE").Set("TEXT", ctx.T("account_changed"));
  }
  return Response::FromPage(200, std::move(page));
}

}  // namespace sesame
