// What every page opened from a mailed recovery link shares: the token
// leaves the address bar (GET ?t=TOKEN sets a cookie and redirects, spending
// nothing), the request behind the cookie is looked up and classified, a
// link that is no longer usable gets its own page with a way to start
// again, and the POST runs the link step (recovery/link_step.h). Used by
// every flow's link page.
#ifndef SESAME_SCREENS_LINK_PAGE_H_
#define SESAME_SCREENS_LINK_PAGE_H_

#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "recovery/link_rules.h"
#include "web/screen.h"

namespace sesame {

struct LinkPage {
  const char* cookie;            // cookie name, e.g. "reset"
  const char* path;              // the page, e.g. "/reset"
  const char* flow;              // the recovery requests' flow
  const char* restart;           // where to ask again, e.g. "/forgot"
  const char* done;              // where a spent link leads, e.g. "/reset/done"
  int ttl_seconds = 0;           // the cookie's lifetime (the link's)
  int max_attempts = 0;          // attempts before the request is cancelled
  const char* login = "/login";  // where its account holders sign in
};

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
std::string AttemptsLeftText(const Context& ctx, int left);

// Clears the cookie on `r` (after the link was spent).
void ClearLinkCookie(Context& ctx, const LinkPage& link, Response* r);

// What a link page's POST hands SubmitLink once its own fields are checked
// (and its captcha, which costs no attempt).
struct LinkSubmission {
  // Whether what was typed is the request's secret (constant time).
  std::function<bool()> matches;
  // The form again, saying the secret was wrong and `left` (> 0) are left.
  std::function<Response(int left)> wrong;
  // After a right secret: the flow's own checks, then its
  // RecoveryStore::Complete. A Response is shown instead (no phone, an
  // expired code, the SMS budget); a Status is Complete's.
  std::function<std::variant<Response, Status>()> complete;
};

// The link step on `request` (its code_attempts updated once counted):
// counts the attempt, compares, completes, and answers each outcome —
// the wrong-secret form, the state pages (« déjà utilisé » for a race
// lost, « demande annulée »), the 503 page, or a 303 to link.done with the
// cookie cleared.
Response SubmitLink(Context& ctx, const LinkPage& link,
                    RecoveryRequest* request, const LinkSubmission& submission);

}  // namespace sesame

#endif  // SESAME_SCREENS_LINK_PAGE_H_
