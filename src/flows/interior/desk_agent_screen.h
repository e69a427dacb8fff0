// The agent's page at the desk (/guichet/agent): the agent found by
// matricule (name, bureau), the identity document the officer checked
// (type from a fixed list, last 4 characters of its number), and the
// action: « Remettre un nouveau mot de passe » (a one-time password, to be
// changed at the next sign-in, dead after security.temporary_password_hours)
// or « Remettre un nouveau code de sécurité ». The POST carries the
// matricule again, never an account id, and everything is checked again
// (the officer's session, the agent's bureau). One DeskStore::Act: the
// officer's limit ([interior] desk_actions_per_hour), the change, the
// audit rows (the agent's and the officer's: officer, bureau, document;
// never the secret), the agent's mail (no secret either) and the sealed
// slip, shown once on /guichet/fiche.
#ifndef SESAME_FLOWS_INTERIOR_DESK_AGENT_SCREEN_H_
#define SESAME_FLOWS_INTERIOR_DESK_AGENT_SCREEN_H_

#include <string>
#include <vector>

#include "flows/interior/desk_session.h"
#include "web/screen.h"

namespace sesame {

class DeskAgentScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
  Response Post(Context& ctx) override;
  Response ShowForm(Context& ctx, int status,
                    const std::string& message) override;
};

// The agent's page for `matricule` (normalised), with `errors` and what
// the officer typed kept.
Response DeskAgentPage(Context& ctx, const DeskOfficer& officer,
                       const Account& agent, const std::string& matricule,
                       int status, const std::vector<FieldError>& errors);

// The rate-limit key of an officer's desk actions.
std::string DeskOfficerLimitKey(int64_t officer_id);

}  // namespace sesame

#endif  // SESAME_FLOWS_INTERIOR_DESK_AGENT_SCREEN_H_
