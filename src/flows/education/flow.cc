#include "flows/education/flow.h"

#include "flows/education/activation_screen.h"
#include "flows/education/code_screens.h"
#include "flows/education/enrolment.h"
#include "flows/education/franceconnect_screen.h"
#include "flows/education/intake.h"
#include "flows/education/link_screen.h"
#include "flows/education/reassort_screen.h"
#include "flows/education/settings.h"
#include "flows/education/vote_screen.h"

namespace sesame {

const RecoveryFlow& EducationFlow() {
  static const RecoveryFlow flow = {
      .name = kEducationFlow,
      .config_section = "education",
      .parse_settings = ParseEducationSettings,
      .captcha_forms = {kVoteCaptchaForm, kQuestionCaptchaForm},
      .routes =
          {
              {"/education/vote",
               [] { return std::make_unique<VoteScreen>(); }},
              {"/education/reassort",
               [] { return std::make_unique<ReassortChoiceScreen>(); }},
              {"/education/reassort/question",
               [] { return std::make_unique<QuestionScreen>(); }},
              {"/education/reassort/envoye",
               [] { return std::make_unique<ReassortSentScreen>(); }},
              {"/education/reassort/lien",
               [] { return std::make_unique<EducationLinkScreen>(); }},
              {"/education/reassort/avertissement",
               [] { return std::make_unique<WarningScreen>(); }},
              {"/education/reassort/code",
               [] { return std::make_unique<CodeScreen>(); }},
              {"/education/franceconnect",
               [] { return std::make_unique<FranceConnectStartScreen>(); }},
              {kFranceConnectCallback,
               [] { return std::make_unique<FranceConnectCallbackScreen>(); }},
              {"/education/activation",
               [] { return std::make_unique<ActivationScreen>(); }},
              {"/education/activation/fait",
               [] { return std::make_unique<ActivationDoneScreen>(); }},
          },
      .templates = {"education/vote.tpl", "education/vote_ok.tpl",
                    "education/reassort.tpl", "education/question.tpl",
                    "education/sent.tpl", "education/link.tpl",
                    "education/warning.tpl", "education/code.tpl",
                    "education/franceconnect.tpl", "education/activation.tpl",
                    "education/activation_done.tpl",
                    "education/mail/link.txt.tpl",
                    "education/mail/link.html.tpl",
                    "education/mail/activation.txt.tpl",
                    "education/mail/activation.html.tpl"},
      .login_links = {},
      .mark_rules = {},
      .make_intake =
          [](const FlowDeps& deps) {
            return std::vector<FlowIntake>{
                {kEducationReassortFlow,
                 std::make_shared<EducationIntake>(deps)}};
          },
      .account_options = VoterOptions(),
      .apply_account_options = EnrolVoter,
  };
  return flow;
}

}  // namespace sesame
