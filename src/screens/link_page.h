// What every page opened from a mailed recovery link shares: the token
// leaves the address bar (GET ?t=TOKEN sets a cookie and redirects, spending
// nothing), the request behind the cookie is looked up and classified, and
// a link that is no longer usable gets its own page with a way to start
// again. Used by the Crédit Municipal /reset and the consular
// /consulaire/lien screens.
#ifndef SESAME_SCREENS_LINK_PAGE_H_
#define SESAME_SCREENS_LINK_PAGE_H_

#include <functional>
#include <string>
#include <vector>

#include "recovery/link_rules.h"
#include "web/screen.h"

namespace sesame {

struct LinkPage {
  const char* cookie;      // cookie name, e.g. "reset"
  const char* path;        // the page, e.g. "/reset"
  const char* flow;        // the recovery requests' flow
  const char* restart;     // where to ask again, e.g. "/forgot"
  const char* credential;  // « code d'accès », « mot de passe »
  int ttl_seconds = 0;     // the cookie's lifetime (the link's)
  int max_attempts = 0;    // attempts before the request is cancelled
};

// A token-shaped value: 43 base64url characters.
bool LooksLikeLinkToken(const std::string& value);

// GET path?t=TOKEN: a 303 to `path` that moves the token into the cookie.
Response MoveTokenToCookie(Context& ctx, const LinkPage& link);

// The live request behind the cookie, or (in *instead) the page to show: the
// invalid-link page (404), a state page, or the 503 page.
StatusOr<RecoveryRequest> FindLiveLink(Context& ctx, const LinkPage& link,
                                       Response* instead);

// A link page's GET (`message` empty) or the form shown again after an
// error (`status`, `message`): with ?t=, the token moves into the cookie
// and nothing else happens; otherwise `form` draws the page of the live
// request, or the page of what the link has become is shown instead.
Response ShowLinkPage(
    Context& ctx, const LinkPage& link, int status, const std::string& message,
    const std::function<Response(int, const RecoveryRequest&,
                                 const std::vector<FieldError>&)>& form);

// The page of a link that can no longer be used (it also clears the cookie).
Response LinkStatePage(Context& ctx, const LinkPage& link, LinkState state);

// The token in the cookie (empty when none).
const std::string& LinkToken(Context& ctx, const LinkPage& link);

// « Il vous reste N essais. »
std::string AttemptsLeftText(int left);

// Clears the cookie on `r` (after the link was spent).
void ClearLinkCookie(Context& ctx, const LinkPage& link, Response* r);

}  // namespace sesame

#endif  // SESAME_SCREENS_LINK_PAGE_H_
