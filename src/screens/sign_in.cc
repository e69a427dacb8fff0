#include "screens/sign_in.h"

#include "crypto/crypto.h"
#include "screens/login_limits.h"
#include "web/app.h"

namespace sesame {

namespace {

constexpr size_t kMaxLoginBytes = 64;
constexpr size_t kMaxPasswordBytes = 1024;

}  // namespace

void CheckLoginField(const Context& ctx, std::vector<FieldError>* errors) {
  const std::string& login = ctx.request().Field("login");
  if (login.empty()) {
    errors->push_back({"login", ctx.T("login_missing")});
  } else if (login.size() > kMaxLoginBytes) {
    errors->push_back({"login", ctx.T("login_too_long")});
  }
}

void CheckPasswordField(const Context& ctx, std::vector<FieldError>* errors) {
  const std::string& password = ctx.request().Field("password");
  if (password.empty()) {
    errors->push_back({"password", ctx.T("password_missing")});
  } else if (password.size() > kMaxPasswordBytes) {
    errors->push_back({"password", ctx.T("password_too_long")});
  }
}

std::string SessionIdHash(const std::string& cookie, const std::string& value) {
  return crypto::Sha256(cookie == "session" ? value : cookie + "|" + value);
}

StatusOr<SignInVerdict> SignInWithPassword(Context& ctx,
                                           const SignInAttempt& attempt,
                                           Response* signed_in) {
  const Config& config = ctx.config();
  const std::string& ip = ctx.request().client_ip;
  const std::optional<Account>& account = attempt.account;
  const std::string phc = account ? account->password_hash : "";
  StatusOr<bool> match = ctx.services().hasher->Verify(phc, attempt.password);
  if (!match.ok()) return match.status();
  bool ok = *match && !account->disabled && account->role == attempt.role;
  if (ok && attempt.second_factor) {
    StatusOr<bool> second = attempt.second_factor(*account);
    if (!second.ok()) return second.status();
    ok = *second;
  }
  if (!ok) {
    SESAME_RETURN_IF_ERROR(ctx.stores().audit->Append(
        {account ? std::optional<int64_t>(account->id) : std::nullopt,
         "login.fail", ip, ""}));
    return SignInVerdict::kWrong;
  }
  if (account->password_expired) return SignInVerdict::kExpired;

  const std::string token = crypto::NewToken();
  // A one-time password works once: spent with the session, in one
  // transaction, and this sign-in leads to the forced change. A concurrent
  // sign-in that spent it first wins; this one is told what a later one
  // would be.
  NewSession session{
      SessionIdHash(attempt.cookie, token),
      account->id,
      ip,
      config.security.session_absolute_hours * 3600,
      account->must_change_password ? account->password_hash : "",
      LoginFailureKeys(ctx, attempt.limits_login)};
  Status st =
      ctx.stores().sessions->Create(session, {account->id, "login.ok", ip, ""});
  if (st.code() == StatusCode::kFailedPrecondition) {
    SESAME_RETURN_IF_ERROR(ctx.stores().audit->Append(
        {account->id, "login.fail", ip, "one-time password spent"}));
    return SignInVerdict::kExpired;
  }
  SESAME_RETURN_IF_ERROR(st);
  // The language this person uses the site in: later mails speak it.
  if (account->language != ctx.lang() && !ctx.lang().empty()) {
    SESAME_RETURN_IF_ERROR(
        ctx.stores().accounts->SetLanguage(account->id, ctx.lang()));
  }
  if (ctx.services().hasher->NeedsRehash(account->password_hash)) {
    StatusOr<std::string> rehash =
        ctx.services().hasher->Hash(attempt.password);
    if (rehash.ok()) {
      (void)ctx.stores().accounts->UpdatePasswordHash(account->id, *rehash);
    }
  }
  *signed_in = Response::Redirect(
      account->must_change_password    ? ctx.Path("/account/password")
      : !attempt.next_absolute.empty() ? attempt.next_absolute
                                       : ctx.Path(attempt.next));
  signed_in->AddHeader(
      "Set-Cookie",
      SetCookieValue(config, attempt.cookie, token, -1, attempt.same_site));
  // This browser signed in to this account: the account's limit no longer
  // applies to it (recovery/login_rules.h).
  signed_in->AddHeader("Set-Cookie",
                       DeviceCookieHeader(ctx, attempt.limits_login));
  return SignInVerdict::kSignedIn;
}

}  // namespace sesame
