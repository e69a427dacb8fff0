#include "flows/interior/flow.h"

#include "flows/interior/desk_agent_screen.h"
#include "flows/interior/desk_login_screen.h"
#include "flows/interior/desk_search_screen.h"
#include "flows/interior/desk_slip_screen.h"
#include "flows/interior/enrolment.h"
#include "flows/interior/intake.h"
#include "flows/interior/link_screen.h"
#include "flows/interior/login_screen.h"
#include "flows/interior/regeneration_screen.h"
#include "flows/interior/settings.h"

namespace sesame {

const RecoveryFlow& InteriorFlow() {
  static const RecoveryFlow flow = {
      .name = kInteriorFlow,
      .config_section = "interior",
      .parse_settings = ParseInteriorSettings,
      .captcha_forms = {kRegenerationCaptchaForm},
      .routes =
          {
              {"/interieur/connexion",
               [] { return std::make_unique<InteriorLoginScreen>(); }},
              {"/interieur/support",
               [] { return std::make_unique<SupportScreen>(); }},
              {"/interieur/regeneration",
               [] { return std::make_unique<RegenerationScreen>(); }},
              {"/interieur/regeneration/envoye",
               [] { return std::make_unique<RegenerationSentScreen>(); }},
              {"/interieur/lien",
               [] { return std::make_unique<InteriorLinkScreen>(); }},
              {"/interieur/lien/fait",
               [] { return std::make_unique<InteriorLinkDoneScreen>(); }},
              {"/guichet/connexion",
               [] { return std::make_unique<DeskLoginScreen>(); }},
              {"/guichet/deconnexion",
               [] { return std::make_unique<DeskLogoutScreen>(); }},
              {"/guichet", [] { return std::make_unique<DeskSearchScreen>(); }},
              {"/guichet/agent",
               [] { return std::make_unique<DeskAgentScreen>(); }},
              {"/guichet/fiche",
               [] { return std::make_unique<DeskSlipScreen>(); }},
          },
      .templates = {"interior/login.tpl", "interior/support.tpl",
                    "interior/regeneration.tpl", "interior/sent.tpl",
                    "interior/link.tpl", "interior/done.tpl",
                    "interior/screen_password.tpl",
                    "interior/mail/link.txt.tpl", "interior/mail/link.html.tpl",
                    "interior/mail/no_phone.txt.tpl",
                    "interior/mail/no_phone.html.tpl",
                    "interior/desk_login.tpl", "interior/desk_search.tpl",
                    "interior/desk_agent.tpl", "interior/desk_slip.tpl",
                    "interior/mail/desk.txt.tpl",
                    "interior/mail/desk.html.tpl"},
      .login_links = {{kInteriorFlow, LoginLink::Place::kBelowForm,
                       "interior_login_link", "/interieur/connexion"}},
      .mark_rules = {},
      .make_intake =
          [](const FlowDeps& deps) {
            return std::vector<FlowIntake>{
                {kInteriorRegenerationFlow,
                 std::make_shared<InteriorIntake>(deps)}};
          },
      .account_options = AgentOptions(),
      .apply_account_options =
          [](const FlowDeps& deps,
             const std::map<std::string, std::string>& given,
             NewAccount* account, std::vector<std::string>* told) {
            return EnrolAgent(deps, given, Today(), account, told);
          },
  };
  return flow;
}

}  // namespace sesame
