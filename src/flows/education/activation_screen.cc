#include "flows/education/activation_screen.h"

#include "crypto/crypto.h"
#include "flows/education/facts.h"
#include "flows/education/rules.h"
#include "flows/education/settings.h"
#include "recovery/link_rules.h"
#include "web/app.h"

namespace sesame {
namespace {

constexpr char kCookie[] = "activation";
constexpr char kTitle[] = "ed_activation_title";  // its key

// The cookie's token, empty when the server did not sign it (refused
// without a lookup).
std::string Token(Context& ctx) {
  const std::string& token =
      ctx.request().Cookie(CookieName(ctx.config(), kCookie));
  return LinkTokenGenuine(ctx.config().security.secret_key, token) ? token : "";
}

Response Dead(Context& ctx) {
  Page page{"link_state.tpl", ctx.T("ed_activation_dead_title"), {}};
  page.data.Set("MESSAGE", ctx.T("ed_activation_dead"));
  page.data.Set("FORGOT_URL", ctx.Path("/login"));
  page.data.Set("LOGIN_URL", ctx.Path("/login"));
  Response r = Response::FromPage(410, std::move(page));
  r.AddHeader("Set-Cookie", SetCookieValue(ctx.config(), kCookie, "", 0));
  return r;
}

}  // namespace

Response ActivationScreen::Form(Context& ctx, int status,
                                const std::vector<FieldError>& errors) {
  Page page{"education/activation.tpl", ctx.T(kTitle), {}};
  page.data.Set("ACTION", ctx.Path("/education/activation"));
  const std::string& chosen = ctx.request().Field("question");
  for (const ChallengeQuestion& q : ChallengeQuestions()) {
    PageData& option = page.data.AddSection("QUESTION");
    option.Set("ID", q.id);
    option.Set("TEXT", ctx.T(std::string("ed_q_") + q.id));
    if (chosen == q.id) option.ShowSection("SELECTED");
  }
  Context::AddErrors(errors, &page.data);
  return Response::FromPage(status, std::move(page));
}

Response ActivationScreen::ShowForm(Context& ctx, int status,
                                    const std::string& message) {
  return Form(ctx, status, {{"", message}});
}

Response ActivationScreen::Get(Context& ctx) {
  const Request& req = ctx.request();
  if (!req.query.empty()) {
    // Out of the address bar; nothing looked up nor spent.
    Response r = Response::Redirect(ctx.Path("/education/activation"));
    const std::string& token = req.Param("t");
    if (crypto::LooksLikeToken(token)) {
      r.AddHeader(
          "Set-Cookie",
          SetCookieValue(
              ctx.config(), kCookie, token,
              EducationSettings::Of(ctx.config()).activation_ttl_hours * 3600));
    }
    return r;
  }
  const std::string token = Token(ctx);
  if (token.empty()) return Dead(ctx);
  StatusOr<std::optional<int64_t>> account =
      ctx.stores().education->FindActivation(crypto::Sha256(token));
  if (!account.ok()) return ctx.FromStatus(account.status());
  if (!*account) return Dead(ctx);
  return Form(ctx, 200, {});
}

Response ActivationScreen::Post(Context& ctx) {
  const std::string token = Token(ctx);
  if (token.empty()) return Dead(ctx);
  const std::string hash = crypto::Sha256(token);
  StatusOr<std::optional<int64_t>> account_id =
      ctx.stores().education->FindActivation(hash);
  if (!account_id.ok()) return ctx.FromStatus(account_id.status());
  if (!*account_id) return Dead(ctx);
  StatusOr<Account> account = ctx.stores().accounts->FindById(**account_id);
  if (!account.ok()) return ctx.FromStatus(account.status());
  const Request& req = ctx.request();
  std::vector<FieldError> errors;
  const ChallengeQuestion* question = FindQuestion(req.Field("question"));
  if (question == nullptr) {
    errors.push_back({"question", ctx.T("ed_question_missing")});
  }
  const std::string answer = NormaliseAnswer(req.Field("reponse"));
  if (answer.size() < kMinAnswerLength) {
    errors.push_back({"reponse", ctx.T("ed_answer_short")});
  } else if (NormaliseAnswer(req.Field("reponse_confirm")) != answer) {
    errors.push_back({"reponse_confirm", ctx.T("ed_answer_mismatch")});
  }
  if (!errors.empty()) return Form(ctx, 400, errors);
  StatusOr<std::string> digest =
      AnswerDigest(ctx.config(), ctx.services().hasher, account->login,
                   question->id, answer);
  if (!digest.ok()) return ctx.FromStatus(digest.status());
  StatusOr<bool> won = ctx.stores().education->Activate(
      hash, question->id, *digest,
      {account->id, "education.activation", req.client_ip, question->id});
  if (!won.ok()) return ctx.FromStatus(won.status());
  if (!*won) return Dead(ctx);
  Response r = Response::Redirect(ctx.Path("/education/activation/fait"));
  r.AddHeader("Set-Cookie", SetCookieValue(ctx.config(), kCookie, "", 0));
  return r;
}

Response ActivationDoneScreen::Get(Context& ctx) {
  Page page{"education/activation_done.tpl", ctx.T(kTitle), {}};
  page.data.Set("VOTE_URL", ctx.Path("/education/vote"));
  return Response::FromPage(200, std::move(page));
}

}  // namespace sesame
