// POST /logout: ends the session (in the database) and clears the cookie.
#ifndef SESAME_SCREENS_LOGOUT_SCREEN_H_
#define SESAME_SCREENS_LOGOUT_SCREEN_H_

#include "web/screen.h"

namespace sesame {

class LogoutScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
  Response Post(Context& ctx) override;
  Response ShowForm(Context& ctx, int status,
                    const std::string& message) override;
};

}  // namespace sesame

#endif  // SESAME_SCREENS_LOGOUT_SCREEN_H_
