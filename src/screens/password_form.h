// What the two screens that set a password share (« Changer mon mot de
// passe » and the reset page): the rules shown up front, and the policy's
// refusals turned into field errors.
#ifndef SESAME_SCREENS_PASSWORD_FORM_H_
#define SESAME_SCREENS_PASSWORD_FORM_H_

#include <string>
#include <vector>

#include "web/screen.h"

namespace sesame {

// Adds one {{#RULE}} per password rule.
void AddPasswordRules(const Context& ctx, PageData* data);

// Checks the `password` and `password_confirm` fields of the request for
// `account`; appends a FieldError per refusal (the mismatch on
// password_confirm, the rest on password).
void CheckNewPassword(const Context& ctx, const Account& account,
                      std::vector<FieldError>* errors);

}  // namespace sesame

#endif  // SESAME_SCREENS_PASSWORD_FORM_H_
