// The screens every deployment has (sign-in, espace personnel, password
// change, health, captcha) and their templates; each recovery flow adds
// its own (flows/flows.h).
#ifndef SESAME_SCREENS_ROUTES_H_
#define SESAME_SCREENS_ROUTES_H_

#include "web/app.h"

namespace sesame {

void AddRoutes(App* app);

// The templates of the common screens, layout and mails.
std::vector<std::string> CommonTemplates();

}  // namespace sesame

#endif  // SESAME_SCREENS_ROUTES_H_
