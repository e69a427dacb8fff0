// « Guichet » of the Interior flow (/guichet): the signed-in officer finds
// an agent of their bureau by matricule — typed in a POST form, so that it
// stays out of addresses and logs; never by a name search. Anything but an
// agent of the officer's bureau gets one message (kNoAgentMessage); a
// match shows the agent's page (desk_agent_screen.h).
#ifndef SESAME_FLOWS_INTERIOR_DESK_SEARCH_SCREEN_H_
#define SESAME_FLOWS_INTERIOR_DESK_SEARCH_SCREEN_H_

#include <vector>

#include "flows/interior/desk_session.h"
#include "web/screen.h"

namespace sesame {

class DeskSearchScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
  Response Post(Context& ctx) override;
  Response ShowForm(Context& ctx, int status,
                    const std::string& message) override;
};

// The search form, with `errors` and the matricule typed (if any).
Response DeskSearchPage(Context& ctx, const DeskOfficer& officer, int status,
                        const std::vector<FieldError>& errors);

}  // namespace sesame

#endif  // SESAME_FLOWS_INTERIOR_DESK_SEARCH_SCREEN_H_
