// What the recovery request forms of every flow share: the e-mail field's
// checks, the page of a flow that is not offered, and the request itself —
// count the client address's limit, store the intent — the same work for
// every input, so the answer says nothing about whether an account matched.
// Nothing typed is counted here: the account's own budget is counted by
// `sesame deliver` once a request matched it (AccountRequestLimit), so
// nobody blocks someone's recovery by typing their login.
#ifndef SESAME_SCREENS_REQUEST_FORM_H_
#define SESAME_SCREENS_REQUEST_FORM_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storage/intake_store.h"
#include "web/screen.h"

namespace sesame {

// Appends the error of the e-mail field, if any, for `email` (normalised).
void CheckRequestEmail(const Context& ctx, const std::string& email,
                       std::vector<FieldError>* errors);

using RequestFormFn =
    std::function<Response(int, const std::vector<FieldError>&)>;

// The captcha of `captcha_form` (when [captcha] forms names it), checked
// before the request is stored. A wrong one counts against the client's
// address (`prefix`:ip:…, the key SubmitRequest counts too), so a robot
// that cannot read it is slowed where it comes from; not against what was
// typed: a failed captcha sends nothing, and nobody (not even the person's
// own typos) spends someone's few requests without reading the captcha.
// nullopt when it passed or none is asked; otherwise the page to show:
// `form` with the captcha's error (400) or « trop de demandes » (429), or
// the 503 page.
std::optional<Response> CheckRequestCaptcha(Context& ctx,
                                            const std::string& captcha_form,
                                            const std::string& prefix,
                                            const RequestFormFn& form);

// Counts the client address's limit (`prefix`:ip:…), then stores `intent`.
// nullopt when it was stored (the caller redirects to its confirmation);
// otherwise the page to show: `form` with the « trop de demandes » error
// (429; that refusal counts nothing), or the 503 page.
std::optional<Response> SubmitRequest(Context& ctx, const Intent& intent,
                                      const std::string& prefix,
                                      const RequestFormFn& form);

// For a request a form handles at once rather than through an intent:
// counts the client address's limit as SubmitRequest does. nullopt when
// counted; otherwise the « trop de demandes » page (429, nothing counted)
// or the 503 page.
std::optional<Response> CountRequest(Context& ctx, const std::string& prefix,
                                     const RequestFormFn& form);

}  // namespace sesame

#endif  // SESAME_SCREENS_REQUEST_FORM_H_
