#include "screens/change_password_screen.h"

#include "crypto/crypto.h"
#include "screens/account_screen.h"
#include "screens/messages.h"
#include "screens/password_form.h"

namespace sesame {

Response ChangePasswordScreen::Form(Context& ctx, int status,
                                    const Account& account,
                                    const std::vector<FieldError>& errors) {
  bool forced = account.must_change_password;
  Page page{
      "change_password.tpl",
      forced ? "Choisissez votre mot de passe" : "Changer mon mot de passe",
      {}};
  page.data.Set("ACTION", ctx.Path("/account/password"));
  page.data.Set("ACCOUNT_URL", ctx.Path("/account"));
  page.data.Set("LOGIN", account.login);
  if (forced) {
    page.data.ShowSection("FORCED");
  } else {
    page.data.ShowSection("ASK_CURRENT");
  }
  AddPasswordRules(ctx, &page.data);
  Context::AddErrors(errors, &page.data);
  return Response::FromPage(status, std::move(page));
}

Response ChangePasswordScreen::ShowForm(Context& ctx, int status,
                                        const std::string& message) {
  Response instead;
  StatusOr<Account> account = SignedInAccount(ctx, &instead);
  if (!account.ok()) return instead;
  return Form(ctx, status, *account, {{"", message}});
}

Response ChangePasswordScreen::Get(Context& ctx) {
  Response instead;
  StatusOr<Account> account = SignedInAccount(ctx, &instead);
  if (!account.ok()) return instead;
  return Form(ctx, 200, *account, {});
}

Response ChangePasswordScreen::Post(Context& ctx) {
  Response instead;
  StatusOr<Account> account = SignedInAccount(ctx, &instead);
  if (!account.ok()) return instead;
  const Request& req = ctx.request();
  std::vector<FieldError> errors;

  if (!account->must_change_password) {
    const std::string& current = req.Field("current_password");
    if (current.empty()) {
      return Form(
          ctx, 400, *account,
          {{"current_password", "Saisissez votre mot de passe actuel."}});
    }
    if (current.size() > 1024) {
      return Form(
          ctx, 400, *account,
          {{"current_password", "Le mot de passe actuel est incorrect."}});
    }
    StatusOr<bool> ok =
        ctx.services().hasher->Verify(account->password_hash, current);
    if (!ok.ok()) return ctx.FromStatus(ok.status());
    if (!*ok) {
      return Form(
          ctx, 400, *account,
          {{"current_password", "Le mot de passe actuel est incorrect."}});
    }
  }
  CheckNewPassword(ctx, *account, &errors);
  if (!errors.empty()) return Form(ctx, 400, *account, errors);

  StatusOr<std::string> phc =
      ctx.services().hasher->Hash(req.Field("password"));
  if (!phc.ok()) return ctx.FromStatus(phc.status());
  PasswordChange change;
  change.account_id = account->id;
  change.new_hash = *phc;
  change.keep_session_hash = crypto::Sha256(ctx.session_cookie());
  change.audit = {account->id, "password.change", req.client_ip,
                  account->must_change_password ? "forced" : "self"};
  StatusOr<OutboxMessage> mail = PasswordChangedMail(
      ctx.config(), ctx.branding(), *ctx.services().renderer, *account);
  if (!mail.ok()) return ctx.FromStatus(mail.status());
  change.notification = *mail;
  Status st = ctx.stores().accounts->ChangePassword(change);
  if (!st.ok()) return ctx.FromStatus(st);
  return Response::Redirect(ctx.Path("/account") + "?m=changed");
}

}  // namespace sesame
