#include "screens/password_form.h"

#include "recovery/password_policy.h"

namespace sesame {

void AddPasswordRules(const Context& ctx, PageData* data) {
  const SecurityConfig& s = ctx.config().security;
  const std::vector<std::pair<std::string, std::string>> lengths = {
      {"min", std::to_string(s.password_min_length)},
      {"max", std::to_string(s.password_max_length)}};
  for (const char* key : {"password_rule_length", "password_rule_any",
                          "password_rule_names", "password_rule_common"}) {
    data->AddSection("RULE").Set("TEXT", ctx.T(key, lengths));
  }
}

std::string PasswordProblemText(const Context& ctx, const PasswordProblem& p) {
  const SecurityConfig& s = ctx.config().security;
  const std::vector<std::pair<std::string, std::string>> values = {
      {"min", std::to_string(s.password_min_length)},
      {"max", std::to_string(s.password_max_length)},
      {"organisation", ctx.Wording(ctx.branding().organisation)}};
  using Code = PasswordProblem::Code;
  switch (p.code) {
    case Code::kTooShort:
      return ctx.T("password_too_short", values);
    case Code::kTooLong:
      return ctx.T("password_over_max", values);
    case Code::kInvalidText:
      return ctx.T(p.message.find("contrôle") != std::string::npos
                       ? "password_control"
                       : "password_unreadable");
    case Code::kMismatch:
      return ctx.T("password_mismatch");
    case Code::kTooGuessable:
      return ctx.T("password_guessable");
    case Code::kContainsLogin:
      return ctx.T("password_has_login");
    case Code::kContainsEmail:
      return ctx.T("password_has_email");
    case Code::kContainsOrganisation:
      return ctx.T("password_has_organisation", values);
    case Code::kBlocklisted:
      return ctx.T("password_blocklisted");
  }
  return p.message;
}

void CheckNewPassword(const Context& ctx, const Account& account,
                      std::vector<FieldError>* errors) {
  const Request& req = ctx.request();
  PasswordContext pc{account.login, account.email, ctx.branding().organisation,
                     account.display_name};
  for (const PasswordProblem& p : ctx.services().policy->Check(
           req.Field("password"), req.Field("password_confirm"), pc)) {
    errors->push_back({p.code == PasswordProblem::Code::kMismatch
                           ? "password_confirm"
                           : "password",
                       PasswordProblemText(ctx, p)});
  }
}

}  // namespace sesame
