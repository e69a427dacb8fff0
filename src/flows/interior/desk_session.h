// The officers' desk session (« guichet ») of the Interior flow: its own
// cookie, whose sessions-table id is domain-separated (SessionIdHash), so
// that a portal session's cookie presented here finds nothing; and only an
// enabled account of the role officer is let in. And the one way the desk
// finds an agent: by matricule, in the officer's bureau.
#ifndef SESAME_FLOWS_INTERIOR_DESK_SESSION_H_
#define SESAME_FLOWS_INTERIOR_DESK_SESSION_H_

#include <optional>
#include <string>

#include "web/screen.h"

namespace sesame {

// The desk's session cookie (and SessionIdHash domain).
inline constexpr char kDeskCookie[] = "guichet";

struct DeskOfficer {
  Account account;
  // The sessions table's id of the desk session (owner of its slips).
  std::string session_hash;
};

// The officer signed in at the desk of this request. nullopt when there is
// none (no cookie, a dead session, not an officer, disabled): the caller
// sends the browser to the desk's sign-in. A non-OK status when the
// database fails.
StatusOr<std::optional<DeskOfficer>> FindDeskOfficer(Context& ctx);

// How the desk names an account: its display name, or its login.
std::string NameOf(const Account& account);

// The 303 to the desk's sign-in page.
Response ToDeskSignIn(Context& ctx);

// The agent with the matricule typed (NormaliseMatricule'd) when it is an
// agent of `officer`'s bureau; nullopt for anything else (no such
// matricule, another role, another bureau, an officer without a bureau),
// which the desk tells with one message (kNoAgentMessage). Each call is
// one lookup against the officer's [interior] desk_lookups_per_hour: past
// it, ResourceExhausted and nothing looked up (a refusal counts nothing);
// the screens answer DeskLookupsSpent().
StatusOr<std::optional<Account>> FindBureauAgent(Context& ctx,
                                                 const Account& officer,
                                                 const std::string& matricule);
inline constexpr char kNoAgentMessage[] = "in_desk_no_agent";  // its key

// The 429 message of an officer past desk_lookups_per_hour.
std::string DeskLookupsSpent(const Context& ctx);

}  // namespace sesame

#endif  // SESAME_FLOWS_INTERIOR_DESK_SESSION_H_
