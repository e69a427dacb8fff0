// The regeneration grant: what a proof of the voter leaves in the browser
// before the warning page (« REGENERER MON CODE DE VOTE »). Both proofs
// lead there the same way: the link sent to the personal channel
// (link_screen.cc) and FranceConnect (its callback calls
// IssueRegenerationGrant once the identity pivot matched).
//
// The grant is a fresh token in a cookie (Path=/, HttpOnly, SameSite=Lax,
// __Host- over https) whose SHA-256 only is stored, alive [education]
// grant_ttl_minutes, spent once by the warning page's POST. The new code's
// slip belongs to the same token (SlipOwner), so only the browser that
// pressed the button reads it, once.
#ifndef SESAME_FLOWS_EDUCATION_GRANT_H_
#define SESAME_FLOWS_EDUCATION_GRANT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "core/config.h"
#include "storage/stores.h"
#include "web/screen.h"

namespace sesame {

// The grant's cookie (its base name; CookieName adds __Host-).
inline constexpr char kGrantCookie[] = "reassort_code";

// A new grant for `account_id`, proven by `proof` (audited, e.g.
// "franceconnect"): stored, and its Set-Cookie header value returned. The
// caller answers with a 303 to /education/reassort/avertissement carrying
// that header.
StatusOr<std::string> IssueRegenerationGrant(const Stores& stores,
                                             const Config& config,
                                             int64_t account_id,
                                             const std::string& client_ip,
                                             const std::string& proof);

// The same after the mailed or SMS'd link: the link (recovery request
// `request_id`) is spent and the grant stored in one transaction.
// FailedPrecondition when the link was spent meanwhile.
StatusOr<std::string> GrantFromLink(const Stores& stores, const Config& config,
                                    int64_t account_id, int64_t request_id,
                                    const std::string& client_ip);

// The grant token of this request's cookie ("" when none or malformed).
std::string GrantToken(Context& ctx);
// SHA-256 of the token (the grant's row) and the slip's owner (another
// digest of it).
std::string GrantHash(const std::string& token);
std::string SlipOwner(const std::string& token);
// The Set-Cookie value that clears the grant's cookie.
std::string ClearGrantCookie(const Config& config);

}  // namespace sesame

#endif  // SESAME_FLOWS_EDUCATION_GRANT_H_
