#include "flows/interior/flow.h"

#include "flows/interior/enrolment.h"
#include "flows/interior/settings.h"

namespace sesame {

const RecoveryFlow& InteriorFlow() {
  static const RecoveryFlow flow = {
      .name = kInteriorFlow,
      .config_section = "interior",
      .parse_settings = ParseInteriorSettings,
      .captcha_forms = {kRegenerationCaptchaForm},
      .routes = {},
      .templates = {},
      .login_links = {},
      .mark_rules = {},
      .make_intake = {},
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
