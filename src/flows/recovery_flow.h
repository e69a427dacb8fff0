// RecoveryFlow: everything one recovery flow adds to Sésame, filled in by
// the flow's own folder (src/flows/<name>/flow.cc) and listed once in
// src/flows/flows.cc. Routing, template preload, `sesame deliver`'s intake
// wiring, config validation, the captcha form list, the login page's links,
// `account add`/`import` options and the test harness all read it; nothing
// else names a flow.
#ifndef SESAME_FLOWS_RECOVERY_FLOW_H_
#define SESAME_FLOWS_RECOVERY_FLOW_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/config.h"
#include "crypto/password_hasher.h"
#include "intake/intake_worker.h"
#include "recovery/mark_rules.h"
#include "storage/stores.h"
#include "web/renderer.h"
#include "web/screen.h"

namespace sesame {

// What a flow's intake handlers and account options borrow (all outlive
// them).
struct FlowDeps {
  const Config* config = nullptr;
  Stores stores;
  Renderer* renderer = nullptr;
  crypto::PasswordHasher* hasher = nullptr;
  // The mark rules of every offered flow (RecoveryFlow::mark_rules): an
  // intake that writes a mark asks GuardsFor() it.
  std::vector<MarkRule> mark_rules;
};

// One public path of the flow and the screen that answers it (made once,
// at start).
struct FlowRoute {
  std::string path;  // relative to the mount: "/forgot"
  std::function<std::unique_ptr<Screen>()> make;
};

// The intents of `intent_flow` (Intent::flow, set by the flow's request
// forms) and the handler `sesame deliver` gives them.
struct FlowIntake {
  std::string intent_flow;
  std::shared_ptr<IntentHandler> handler;
};

// An option of `sesame account add` (--NAME VALUE) and a column of
// `sesame account import` (NAME): what the flow needs to know of an
// account, e.g. an identification number kept as a digest.
struct AccountOption {
  std::string name;  // the option's and the column's name
  std::string help;  // one line for `sesame account` usage
};

// Adds what a flow's options mean to `account`: `given` holds those of its
// options the operator gave (name -> value as typed; at least one), all
// at once, so that options that go together are checked together. Says why
// it cannot (InvalidArgument, naming the option). `told`: lines the
// operator is shown once the account is written (a generated security
// key), never stored nor logged.
using AccountOptionsFn = std::function<Status(
    const FlowDeps&, const std::map<std::string, std::string>& given,
    NewAccount* account, std::vector<std::string>* told)>;

struct RecoveryFlow {
  // Its name in [recovery] flows, recovery requests and the audit log:
  // 1 to 32 of [a-z0-9_].
  std::string name;
  // Offered when the config names no flows ([recovery] flows absent).
  bool offered_by_default = false;
  // Its config section (parsed by parse_settings; kept in
  // Config::flow_settings under `name`).
  std::string config_section;
  std::function<std::unique_ptr<FlowSettings>(ConfigSection&)> parse_settings;
  // Its forms that [captcha] forms may name.
  std::vector<std::string> captcha_forms;
  // Its pages, always routed: each answers « service non proposé » while
  // the flow is not in [recovery] flows.
  std::vector<FlowRoute> routes;
  // Its templates (pages and mails), relative to [server] templates_dir
  // ("<name>/link.tpl", "<name>/mail/link.txt.tpl"), loaded at start so
  // a broken one stops the server.
  std::vector<std::string> templates;
  // Links it adds to the login page while offered.
  std::vector<LoginLink> login_links;
  // The rules it sets between account marks while offered (see
  // recovery/mark_rules.h); they bind every flow's intake.
  std::function<std::vector<MarkRule>(const Config&)> mark_rules;
  // Its intake handlers, made once by `sesame deliver` (and the tests).
  std::function<std::vector<FlowIntake>(const FlowDeps&)> make_intake;
  // Its options of `sesame account add` and columns of `account import`,
  // and what they mean.
  std::vector<AccountOption> account_options;
  AccountOptionsFn apply_account_options;
};

}  // namespace sesame

#endif  // SESAME_FLOWS_RECOVERY_FLOW_H_
