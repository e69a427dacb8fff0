// The consular flow's link page (« Ecrans 5 et 6 »): the single-use link
// from the mail leads here (its token moved into a cookie, GET spending
// nothing). The voter types the identifier received at enrolment; when it
// is the account's (attempts counted before the comparison), a one-time
// password is generated and sent by SMS, replacing the password in the
// transaction that spends the link. Signing in with it leads straight to
// « Choisissez votre mot de passe »; it works once, and not after
// [security] temporary_password_hours. An account without a phone is told
// to contact its consulate; nothing changes then.
#ifndef SESAME_FLOWS_CONSULAR_LINK_SCREEN_H_
#define SESAME_FLOWS_CONSULAR_LINK_SCREEN_H_

#include <variant>

#include "recovery/link_rules.h"
#include "screens/link_page.h"
#include "web/screen.h"

namespace sesame {

class ConsularLinkScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
  Response Post(Context& ctx) override;
  Response ShowForm(Context& ctx, int status,
                    const std::string& message) override;

 private:
  Response Form(Context& ctx, int status, const RecoveryRequest& request,
                const std::vector<FieldError>& errors);
  // The page of an account without a phone: nothing changes.
  Response NoPhone(Context& ctx, const LinkPage& link);
  // Counts the SMS budget, then spends the link with a one-time password
  // sent by SMS (RecoveryStore::Complete's status), or the form again.
  std::variant<Response, Status> SendPassword(Context& ctx,
                                              const RecoveryRequest& request,
                                              const Account& account);
};

// « Confirmation »: the password is on its way by SMS.
class ConsularLinkDoneScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
};

}  // namespace sesame

#endif  // SESAME_FLOWS_CONSULAR_LINK_SCREEN_H_
