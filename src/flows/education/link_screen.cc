#include "flows/education/link_screen.h"

#include "flows/education/grant.h"
#include "flows/education/settings.h"
#include "screens/link_page.h"

namespace sesame {
namespace {

// Submissions of the page (each counted) before the link dies.
constexpr int kLinkAttempts = 5;

LinkPage Link(const Config& config) {
  return {"reassort",
          "/education/reassort/lien",
          kEducationFlow,
          "/education/reassort",
          "/education/reassort/avertissement",
          EducationSettings::Of(config).link_ttl_minutes * 60,
          kLinkAttempts};
}

}  // namespace

Response EducationLinkScreen::Form(Context& ctx, int status,
                                   const std::vector<FieldError>& errors) {
  Page page{"education/link.tpl", ctx.T("ed_code_title"), {}};
  page.data.Set("ACTION", ctx.Path("/education/reassort/lien"));
  Context::AddErrors(errors, &page.data);
  return Response::FromPage(status, std::move(page));
}

Response EducationLinkScreen::ShowForm(Context& ctx, int status,
                                       const std::string& message) {
  return ShowLinkPage(ctx, Link(ctx.config()), status, message,
                      [&](int st, const RecoveryRequest&,
                          const std::vector<FieldError>& errors) {
                        return Form(ctx, st, errors);
                      });
}

Response EducationLinkScreen::Get(Context& ctx) {
  return ShowForm(ctx, 200, "");
}

Response EducationLinkScreen::Post(Context& ctx) {
  const Config& config = ctx.config();
  const LinkPage link = Link(config);
  Response instead;
  StatusOr<RecoveryRequest> request = FindLiveLink(ctx, link, &instead);
  if (!request.ok()) return instead;
  // The link itself is the proof (it reached the personal channel after
  // the answer and the NUMEN or NIR matched): nothing else to compare.
  LinkSubmission submission;
  submission.matches = [] { return true; };
  submission.wrong = [&](int) { return Form(ctx, 400, {}); };
  submission.complete = [&]() -> std::variant<Response, Status> {
    StatusOr<std::string> cookie =
        GrantFromLink(ctx.stores(), config, request->account_id, request->id,
                      ctx.request().client_ip);
    if (!cookie.ok()) return cookie.status();
    Response r = Response::Redirect(ctx.Path(link.done));
    ClearLinkCookie(ctx, link, &r);
    r.AddHeader("Set-Cookie", *cookie);
    return r;
  };
  return SubmitLink(ctx, link, &*request, submission);
}

}  // namespace sesame
