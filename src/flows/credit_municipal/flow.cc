#include "flows/credit_municipal/flow.h"

#include "flows/credit_municipal/forgot_screen.h"
#include "flows/credit_municipal/intake.h"
#include "flows/credit_municipal/reset_screen.h"
#include "flows/credit_municipal/settings.h"

namespace sesame {

const RecoveryFlow& CreditMunicipalFlow() {
  static const RecoveryFlow flow = {
      .name = kCreditMunicipalFlow,
      .offered_by_default = true,
      .config_section = "recovery",
      .parse_settings = ParseCreditMunicipalSettings,
      .captcha_forms = {kForgotCaptchaForm},
      .routes =
          {
              {"/forgot", [] { return std::make_unique<ForgotScreen>(); }},
              {"/forgot/sent",
               [] { return std::make_unique<ForgotSentScreen>(); }},
              {"/reset", [] { return std::make_unique<ResetScreen>(); }},
              {"/reset/done",
               [] { return std::make_unique<ResetDoneScreen>(); }},
          },
      .templates = {"credit_municipal/forgot.tpl",
                    "credit_municipal/forgot_sent.tpl",
                    "credit_municipal/reset.tpl",
                    "credit_municipal/reset_done.tpl",
                    "credit_municipal/mail/reset_link.txt.tpl",
                    "credit_municipal/mail/reset_link.html.tpl",
                    "credit_municipal/mail/reset_no_phone.txt.tpl",
                    "credit_municipal/mail/reset_no_phone.html.tpl",
                    "credit_municipal/mail/reset_refused.txt.tpl",
                    "credit_municipal/mail/reset_refused.html.tpl"},
      .login_links = {{kCreditMunicipalFlow, LoginLink::Place::kBelowForm,
                       "cm_login_link", "/forgot"}},
      .mark_rules = {},
      .make_intake =
          [](const FlowDeps& deps) {
            return std::vector<FlowIntake>{
                {kCreditMunicipalFlow,
                 std::make_shared<CreditMunicipalIntake>(deps)}};
          },
      .account_options = {},
      .apply_account_options = {},
  };
  return flow;
}

}  // namespace sesame
