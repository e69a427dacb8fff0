#include "flows/education/vote_screen.h"

#include "flows/education/rules.h"
#include "flows/education/settings.h"
#include "screens/account_screen.h"
#include "screens/captcha_field.h"

namespace sesame {
namespace {

constexpr char kTitle[] = "ed_vote_title";  // its key

// The signed-in voter, or the page to show instead (sign-in, password to
// change, no vote space, 503).
StatusOr<Voter> SignedInVoter(Context& ctx, Account* account,
                              Response* instead) {
  StatusOr<Account> found = SignedInAccount(ctx, instead);
  if (!found.ok()) return found.status();
  if (found->must_change_password) {
    *instead = Response::Redirect(ctx.Path("/account/password"));
    return Status::FailedPrecondition("password to change");
  }
  *account = *found;
  StatusOr<Voter> voter = ctx.stores().education->FindVoter(found->id);
  if (!voter.ok()) {
    *instead =
        voter.status().code() == StatusCode::kNotFound
            ? ctx.ErrorPage(403, ctx.T("ed_space_title"), ctx.T("ed_no_space"))
            : ctx.FromStatus(voter.status());
  }
  return voter;
}

}  // namespace

Response VoteScreen::Form(Context& ctx, int status, const Voter* voter,
                          const std::vector<FieldError>& errors) {
  Page page{"education/vote.tpl", ctx.T(kTitle), {}};
  page.data.Set("ACTION", ctx.Path("/education/vote"));
  page.data.Set("REASSORT_URL", ctx.Path("/education/reassort"));
  page.data.Set("BACK_URL", ctx.Path("/account"));
  if (voter != nullptr && voter->vote_code_invalidated) {
    page.data.ShowSection("INVALIDATED");
  } else if (voter != nullptr && voter->vote_code_hash.empty()) {
    page.data.ShowSection("NO_CODE");
  }
  Context::AddErrors(errors, &page.data);
  Status captcha = AddCaptcha(ctx, &page.data, kVoteCaptchaForm);
  if (!captcha.ok()) return ctx.FromStatus(captcha);
  return Response::FromPage(status, std::move(page));
}

Response VoteScreen::ShowForm(Context& ctx, int status,
                              const std::string& message) {
  return Form(ctx, status, nullptr, {{"", message}});
}

Response VoteScreen::Get(Context& ctx) {
  Account account;
  Response instead;
  StatusOr<Voter> voter = SignedInVoter(ctx, &account, &instead);
  if (!voter.ok()) return instead;
  return Form(ctx, 200, &*voter, {});
}

Response VoteScreen::Post(Context& ctx) {
  Account account;
  Response instead;
  StatusOr<Voter> voter = SignedInVoter(ctx, &account, &instead);
  if (!voter.ok()) return instead;
  const Request& req = ctx.request();
  const std::string& ip = req.client_ip;
  std::vector<FieldError> errors;
  const std::string code = NormaliseVoteCode(req.Field("code"));
  if (code.empty()) errors.push_back({"code", ctx.T("ed_code_missing")});
  Status captcha = CheckCaptcha(ctx, kVoteCaptchaForm, &errors);
  if (!captcha.ok()) return ctx.FromStatus(captcha);
  if (!errors.empty()) return Form(ctx, 400, &*voter, errors);
  auto invalidated = [&] {
    voter->vote_code_invalidated = true;
    return Form(ctx, 403, &*voter, {{"code", kInvalidatedMessage}});
  };
  if (voter->vote_code_invalidated) return invalidated();

  // Counted before it is compared: concurrent guesses get no more than
  // the budget between them.
  const int max = EducationSettings::Of(ctx.config()).vote_code_failures;
  StatusOr<VoteAttempt> attempt =
      ctx.stores().education->CountVoteAttempt(account.id);
  if (!attempt.ok()) return ctx.FromStatus(attempt.status());
  if (attempt->invalidated) return invalidated();
  const std::string reason =
      std::to_string(max) + " codes de vote erronés saisis";
  if (attempt->count > max) {
    StatusOr<bool> done = ctx.stores().education->InvalidateVoteCode(
        account.id, reason,
        {account.id, "education.vote_code.invalidated", ip,
         "too many wrong codes"});
    if (!done.ok()) return ctx.FromStatus(done.status());
    return invalidated();
  }
  StatusOr<bool> right =
      ctx.services().hasher->Verify(voter->vote_code_hash, code);
  if (!right.ok()) return ctx.FromStatus(right.status());
  if (*right && !voter->vote_code_hash.empty()) {
    Status st = ctx.stores().education->ResetVoteAttempts(account.id);
    if (st.ok()) {
      st = ctx.stores().audit->Append(
          {account.id, "education.vote_code.ok", ip, kEducationFlow});
    }
    if (!st.ok()) return ctx.FromStatus(st);
    Page page{"education/vote_ok.tpl", ctx.T("ed_vote_ok_title"), {}};
    page.data.Set("BACK_URL", ctx.Path("/account"));
    return Response::FromPage(200, std::move(page));
  }
  Status st = ctx.stores().audit->Append(
      {account.id, "education.vote_code.fail", ip, kEducationFlow});
  if (!st.ok()) return ctx.FromStatus(st);
  if (attempt->count >= max) {
    StatusOr<bool> done = ctx.stores().education->InvalidateVoteCode(
        account.id, reason,
        {account.id, "education.vote_code.invalidated", ip,
         "too many wrong codes"});
    if (!done.ok()) return ctx.FromStatus(done.status());
    return invalidated();
  }
  const int left = max - attempt->count;
  return Form(ctx, 400, &*voter,
              {{"code", "Code de vote incorrect. " +
                            std::string(left == 1 ? "Il vous reste 1 essai"
                                                  : "Il vous reste " +
                                                        std::to_string(left) +
                                                        " essais") +
                            " avant que votre code de vote soit invalidé."}});
}

}  // namespace sesame
