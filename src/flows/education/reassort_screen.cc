#include "flows/education/reassort_screen.h"

#include "core/metrics.h"
#include "crypto/crypto.h"
#include "flows/education/facts.h"
#include "flows/education/franceconnect_screen.h"
#include "flows/education/rules.h"
#include "flows/education/settings.h"
#include "recovery/account_fields.h"
#include "screens/account_screen.h"
#include "screens/captcha_field.h"
#include "screens/request_form.h"

namespace sesame {
namespace {

constexpr char kQuestionTitle[] = "ed_question_title";  // its key

}  // namespace

StatusOr<Voter> SignedInVoter(Context& ctx, Account* account,
                              Response* instead) {
  StatusOr<Account> found = SignedInAccount(ctx, instead);
  if (!found.ok()) return found.status();
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

namespace {

// VoterIdMessage's text in the request's language.
std::string VoterIdText(Context& ctx, VoterIdProblem problem) {
  switch (problem) {
    case VoterIdProblem::kNone:
      return "";
    case VoterIdProblem::kEmpty:
      return ctx.T("ed_id_empty");
    case VoterIdProblem::kNumenFormat:
      return ctx.T("ed_id_numen");
    case VoterIdProblem::kNirLength:
      return ctx.T("ed_id_nir_length");
    case VoterIdProblem::kNirSex:
      return ctx.T("ed_id_nir_sex");
    case VoterIdProblem::kNirMonth:
      return ctx.T("ed_id_nir_month");
    case VoterIdProblem::kNirDepartment:
      return ctx.T("ed_id_nir_department");
    case VoterIdProblem::kFormat:
      break;
  }
  return ctx.T("ed_id_format");
}

Response Closed(Response r) {
  metrics::ProcessMetrics::Get().RateLimitRefused(
      metrics::RateLimitKind::kQuestion);
  r.AddHeader("Retry-After", "3600");
  return r;
}

}  // namespace

Response ReassortChoiceScreen::Get(Context& ctx) {
  Account account;
  Response instead;
  StatusOr<Voter> voter = SignedInVoter(ctx, &account, &instead);
  if (!voter.ok()) return instead;
  Page page{"education/reassort.tpl", ctx.T("ed_choice_title"), {}};
  page.data.Set("QUESTION_URL", ctx.Path("/education/reassort/question"));
  if (FranceConnectConfigured(ctx) && !voter->pivot_digest.empty()) {
    page.data.ShowSection("FRANCECONNECT");
    page.data.Set("URL", ctx.Path("/education/franceconnect"));
  }
  page.data.Set("BACK_URL", ctx.Path("/education/vote"));
  return Response::FromPage(200, std::move(page));
}

Response QuestionScreen::Form(Context& ctx, int status, const Voter* voter,
                              const std::vector<FieldError>& errors) {
  const Request& req = ctx.request();
  const ChallengeQuestion* question =
      voter != nullptr ? FindQuestion(voter->question_id) : nullptr;
  if (voter != nullptr && question == nullptr) {
    return ctx.ErrorPage(409, ctx.T(kQuestionTitle), ctx.T("ed_no_question"));
  }
  Page page{"education/question.tpl", ctx.T(kQuestionTitle), {}};
  page.data.Set("ACTION", ctx.Path("/education/reassort/question"));
  page.data.Set("BACK_URL", ctx.Path("/education/reassort"));
  PageData& form = page.data;
  if (question != nullptr)
    form.Set("QUESTION", ctx.T(std::string("ed_q_") + question->id));
  // What was typed, kept; never the answer nor the identifier.
  const std::string& canal = req.Field("canal");
  form.ShowSection(canal == "sms" ? "SMS_CHECKED" : "EMAIL_CHECKED");
  form.Set("MOBILE", req.Field("mobile"));
  form.Set("EMAIL", req.Field("email"));
  Context::AddErrors(errors, &page.data);
  Status captcha = AddCaptcha(ctx, &form, kQuestionCaptchaForm);
  if (!captcha.ok()) return ctx.FromStatus(captcha);
  return Response::FromPage(status, std::move(page));
}

Response QuestionScreen::ShowForm(Context& ctx, int status,
                                  const std::string& message) {
  Account account;
  Response instead;
  StatusOr<Voter> voter = SignedInVoter(ctx, &account, &instead);
  if (!voter.ok()) return instead;
  return Form(ctx, status, &*voter, {{"", message}});
}

Response QuestionScreen::Get(Context& ctx) {
  Account account;
  Response instead;
  StatusOr<Voter> voter = SignedInVoter(ctx, &account, &instead);
  if (!voter.ok()) return instead;
  StatusOr<int> attempts =
      ctx.stores().limits->Count(QuestionAttemptsKey(account.id), 3600);
  if (!attempts.ok()) return ctx.FromStatus(attempts.status());
  if (*attempts >= EducationSettings::Of(ctx.config()).question_attempts) {
    return Closed(Form(ctx, 429, &*voter, {{"", kQuestionClosed}}));
  }
  return Form(ctx, 200, &*voter, {});
}

Response QuestionScreen::Post(Context& ctx) {
  Account account;
  Response instead;
  StatusOr<Voter> voter = SignedInVoter(ctx, &account, &instead);
  if (!voter.ok()) return instead;
  if (FindQuestion(voter->question_id) == nullptr) {
    return Form(ctx, 400, &*voter, {});
  }
  const Config& config = ctx.config();
  const Request& req = ctx.request();
  std::vector<FieldError> errors;
  const std::string answer = NormaliseAnswer(req.Field("reponse"));
  if (answer.empty()) {
    errors.push_back({"reponse", ctx.T("ed_answer_missing")});
  }
  const VoterId id = ParseVoterId(req.Field("identifiant"));
  if (id.problem != VoterIdProblem::kNone) {
    errors.push_back({"identifiant", VoterIdText(ctx, id.problem)});
  }
  const std::string& canal = req.Field("canal");
  std::string destination;
  if (canal == "sms") {
    std::optional<std::string> phone = NormalisePhone(req.Field("mobile"));
    if (req.Field("mobile").empty()) {
      errors.push_back({"mobile", ctx.T("ed_mobile_missing")});
    } else if (!phone || !IsMobileNumber(*phone)) {
      errors.push_back({"mobile", ctx.T("ed_not_mobile")});
    } else {
      destination = *phone;
    }
  } else if (canal == "email") {
    const std::string email = NormaliseEmail(req.Field("email"));
    if (email.empty()) {
      errors.push_back({"email", ctx.T("ed_email_missing")});
    } else if (CheckEmail(email)) {
      errors.push_back({"email", ctx.T("ed_email_invalid")});
    } else if (SameMailbox(email, account.email)) {
      errors.push_back({"email", ctx.T("ed_same_as_work")});
    } else {
      destination = email;
    }
  } else {
    errors.push_back({"canal", ctx.T("ed_canal_missing")});
  }
  if (!errors.empty()) return Form(ctx, 400, &*voter, errors);

  // Counted before anything is compared, on the signed-in account only:
  // nobody else spends it, whatever they type.
  const EducationSettings& es = EducationSettings::Of(config);
  StatusOr<std::optional<size_t>> over = ctx.stores().limits->HitWithin(
      {{QuestionAttemptsKey(account.id), 3600, es.question_attempts}});
  if (!over.ok()) return ctx.FromStatus(over.status());
  if (*over) return Closed(Form(ctx, 429, &*voter, {{"", kQuestionClosed}}));

  std::vector<FieldError> captcha_errors;
  Status captcha = CheckCaptcha(ctx, kQuestionCaptchaForm, &captcha_errors);
  if (!captcha.ok()) return ctx.FromStatus(captcha);
  // Both digests, whatever the captcha said: the same work every time.
  crypto::PasswordHasher* hasher = ctx.services().hasher;
  StatusOr<std::string> answer_digest =
      AnswerDigest(config, hasher, account.login, voter->question_id, answer);
  if (!answer_digest.ok()) return ctx.FromStatus(answer_digest.status());
  StatusOr<std::string> id_digest =
      VoterIdDigest(config, hasher, account.login, id);
  if (!id_digest.ok()) return ctx.FromStatus(id_digest.status());
  const std::string& stored_id =
      id.kind == VoterIdKind::kNumen ? voter->numen_digest : voter->nir_digest;
  const bool answer_ok =
      crypto::ConstantTimeEquals(*answer_digest, voter->answer_digest);
  const bool id_ok =
      !stored_id.empty() && crypto::ConstantTimeEquals(*id_digest, stored_id);
  const std::string& ip = req.client_ip;
  if (!captcha_errors.empty() || !answer_ok || !id_ok) {
    Status st = ctx.stores().audit->Append(
        {account.id, "education.question.fail", ip, kEducationReassortFlow});
    if (!st.ok()) return ctx.FromStatus(st);
    return Form(ctx, 400, &*voter, {{"", kQuestionFailure}});
  }
  Status st =
      ctx.stores().audit->Append({account.id, "education.question.ok", ip,
                                  canal == "sms" ? "sms" : "email"});
  if (!st.ok()) return ctx.FromStatus(st);
  // The typed address travels sealed in the intent, then sealed in the
  // outbox; neither keeps it once used.
  Intent intent;
  intent.flow = kEducationReassortFlow;
  intent.fields = {{"account", std::to_string(account.id)},
                   {"canal", canal},
                   {"destination", destination}};
  intent.client_ip = ip;
  auto form = [&](int status, const std::vector<FieldError>& errors) {
    return Form(ctx, status, &*voter, errors);
  };
  if (auto refused = SubmitRequest(ctx, intent, "education", form)) {
    return *refused;
  }
  return Response::Redirect(ctx.Path("/education/reassort/envoye") +
                            "?canal=" + (canal == "sms" ? "sms" : "email"));
}

Response ReassortSentScreen::Get(Context& ctx) {
  Page page{"education/sent.tpl", ctx.T(kQuestionTitle), {}};
  page.data.ShowSection(ctx.request().Param("canal") == "sms" ? "SMS"
                                                              : "EMAIL");
  page.data.Set(
      "MINUTES",
      std::to_string(EducationSettings::Of(ctx.config()).link_ttl_minutes));
  page.data.Set("VOTE_URL", ctx.Path("/education/vote"));
  return Response::FromPage(200, std::move(page));
}

}  // namespace sesame
