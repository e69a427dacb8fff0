// The router table: every public path of the portal and its screen, in one
// place (the public contract of DESIGN.md).
#ifndef SESAME_SCREENS_ROUTES_H_
#define SESAME_SCREENS_ROUTES_H_

#include "web/app.h"

namespace sesame {

void AddRoutes(App* app);

// Every page template, loaded at start so a broken one stops the server.
std::vector<std::string> AllTemplates();

}  // namespace sesame

#endif  // SESAME_SCREENS_ROUTES_H_
