// /livez (the process answers; no database) and /healthz (the database
// answers). Plain text, for load balancers and monitoring.
#ifndef SESAME_SCREENS_HEALTH_SCREENS_H_
#define SESAME_SCREENS_HEALTH_SCREENS_H_

#include "web/screen.h"

namespace sesame {

class LivezScreen : public Screen {
 public:
  Response Get(Context&) override { return Response::Text(200, "ok\n"); }
  bool NeedsCsrf() const override { return false; }
};

class HealthzScreen : public Screen {
 public:
  Response Get(Context& ctx) override {
    Status st = ctx.stores().health->Ping();
    return st.ok() ? Response::Text(200, "ok\n")
                   : Response::Text(503, "database unavailable\n");
  }
  bool NeedsCsrf() const override { return false; }
};

// "/" sends visitors to the login page.
class HomeScreen : public Screen {
 public:
  Response Get(Context& ctx) override {
    return Response::Redirect(ctx.Path("/login"));
  }
};

}  // namespace sesame

#endif  // SESAME_SCREENS_HEALTH_SCREENS_H_
