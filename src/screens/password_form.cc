#include "screens/password_form.h"

#include "recovery/password_policy.h"

namespace sesame {

void AddPasswordRules(const Context& ctx, PageData* data) {
  for (const std::string& rule : ctx.services().policy->Rules()) {
    data->AddSection("RULE").Set("TEXT", rule);
  }
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
                       p.message});
  }
}

}  // namespace sesame
