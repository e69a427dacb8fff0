#include "screens/logout_screen.h"

#include "crypto/crypto.h"
#include "web/app.h"

namespace sesame {

Response LogoutScreen::Get(Context& ctx) {
  return Response::Redirect(ctx.Path("/account"));
}

Response LogoutScreen::ShowForm(Context& ctx, int, const std::string&) {
  // A stale form: go back to the account page, which has a fresh one.
  return Response::Redirect(ctx.Path("/account"));
}

Response LogoutScreen::Post(Context& ctx) {
  const StatusOr<Session>& session = ctx.session();
  if (session.ok()) {
    Status st = ctx.stores().sessions->Revoke(
        session->id_hash,
        {session->account_id, "logout", ctx.request().client_ip, ""});
    if (!st.ok()) return ctx.FromStatus(st);
  }
  Response r = Response::Redirect(ctx.Path("/login") + "?m=bye");
  r.AddHeader("Set-Cookie", SetCookieValue(ctx.config(), "session", "", 0));
  return r;
}

}  // namespace sesame
