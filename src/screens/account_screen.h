// « Espace personnel »: who is signed in, a way to change the password and
// to sign out. Without a live session it sends the visitor to /login.
#ifndef SESAME_SCREENS_ACCOUNT_SCREEN_H_
#define SESAME_SCREENS_ACCOUNT_SCREEN_H_

#include "web/screen.h"

namespace sesame {

class AccountScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
};

// The signed-in account, or the response to give instead (redirect to
// /login, 503 ...). Shared by the screens that need a session.
StatusOr<Account> SignedInAccount(Context& ctx, Response* instead);

// "+33612345678" -> "+33 6•• •• •• 78" (enough to recognise, not to copy).
std::string MaskPhone(const std::string& phone);

}  // namespace sesame

#endif  // SESAME_SCREENS_ACCOUNT_SCREEN_H_
