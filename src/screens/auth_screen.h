// GET /auth: the answer to nginx's auth_request for another location of
// the same host. 204 with X-Sesame-User: LOGIN when the browser's session
// cookie is a live sign-in at /login (or an Interior agent's): not revoked,
// not idle or past its absolute lifetime, account enabled — the lookup
// extends its idle time, as any page would. 401 otherwise, and for a
// session opened with a one-time password whose owner has not yet chosen a
// password (it only leads to « Choisissez votre mot de passe »). Officers'
// desk sessions have their own cookie and never count. 503 when the
// database does not answer. No body, Cache-Control: no-store; one lookup
// and no rate limit (nginx asks on every protected request; its location
// is internal, see deploy/nginx-sesame.conf).
#ifndef SESAME_SCREENS_AUTH_SCREEN_H_
#define SESAME_SCREENS_AUTH_SCREEN_H_

#include "web/screen.h"

namespace sesame {

class AuthScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
  // nginx keeps the protected request's method in the subrequest.
  Response Post(Context& ctx) override { return Get(ctx); }
  Response ShowForm(Context& ctx, int, const std::string&) override {
    return Get(ctx);
  }
  bool NeedsCsrf() const override { return false; }
};

}  // namespace sesame

#endif  // SESAME_SCREENS_AUTH_SCREEN_H_
