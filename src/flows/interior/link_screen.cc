#include "flows/interior/link_screen.h"

#include "flows/interior/settings.h"
#include "screens/link_page.h"
#include "screens/messages.h"
#include "screens/password_form.h"

namespace sesame {
namespace {

// Submissions of the form (each counted) before the link dies.
constexpr int kLinkAttempts = 10;

LinkPage Link(const Config& config) {
  return {"interieur",
          "/interieur/lien",
          kInteriorFlow,
          "/interieur/regeneration",
          "/interieur/lien/fait",
          InteriorSettings::Of(config).link_ttl_hours * 3600,
          kLinkAttempts,
          "/interieur/connexion"};
}

}  // namespace

Response InteriorLinkScreen::Form(Context& ctx, int status,
                                  const std::vector<FieldError>& errors) {
  Page page{"interior/link.tpl", ctx.T("in_link_title"), {}};
  page.data.Set("ACTION", ctx.Path("/interieur/lien"));
  AddPasswordRules(ctx, &page.data);
  Context::AddErrors(errors, &page.data);
  return Response::FromPage(status, std::move(page));
}

Response InteriorLinkScreen::ShowForm(Context& ctx, int status,
                                      const std::string& message) {
  return ShowLinkPage(ctx, Link(ctx.config()), status, message,
                      [&](int st, const RecoveryRequest&,
                          const std::vector<FieldError>& errors) {
                        return Form(ctx, st, errors);
                      });
}

Response InteriorLinkScreen::Get(Context& ctx) {
  return ShowForm(ctx, 200, "");
}

Response InteriorLinkScreen::Post(Context& ctx) {
  const Config& config = ctx.config();
  const LinkPage link = Link(config);
  Response instead;
  StatusOr<RecoveryRequest> request = FindLiveLink(ctx, link, &instead);
  if (!request.ok()) return instead;
  StatusOr<Account> account =
      ctx.stores().accounts->FindById(request->account_id);
  if (!account.ok()) return ctx.FromStatus(account.status());
  std::vector<FieldError> errors;
  CheckNewPassword(ctx, *account, &errors);
  if (!errors.empty()) return Form(ctx, 400, errors);

  // The link itself is the proof (it reached the work mailbox after the
  // three facts matched): nothing else to compare.
  LinkSubmission submission;
  submission.matches = [] { return true; };
  submission.wrong = [&](int) { return Form(ctx, 400, {}); };
  submission.complete = [&]() -> std::variant<Response, Status> {
    StatusOr<PasswordChange> change = ChangeWithMail(
        config, ctx.branding(), *ctx.services().renderer,
        *ctx.services().hasher, *account, ctx.request().Field("password"),
        {account->id, "password.reset", ctx.request().client_ip,
         request->flow});
    if (!change.ok()) return ctx.FromStatus(change.status());
    return ctx.stores().recovery->Complete(request->id, *change);
  };
  return SubmitLink(ctx, link, &*request, submission);
}

Response InteriorLinkDoneScreen::Get(Context& ctx) {
  Page page{"interior/done.tpl", ctx.T("in_done_title"), {}};
  page.data.Set("LOGIN_URL", ctx.Path("/interieur/connexion"));
  return Response::FromPage(200, std::move(page));
}

}  // namespace sesame
