#include "screens/auth_screen.h"

namespace sesame {

Response AuthScreen::Get(Context& ctx) {
  Response r;
  r.content_type = "text/plain; charset=utf-8";
  const StatusOr<Session>& session = ctx.session();
  if (session.ok() && !session->must_change_password) {
    r.status = 204;
    r.AddHeader("X-Sesame-User", session->login);
  } else if (session.ok() || session.status().code() == StatusCode::kNotFound) {
    r.status = 401;
  } else {
    r.status = 503;
  }
  return r;
}

}  // namespace sesame
