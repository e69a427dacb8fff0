// The registry of recovery flows: flows.cc lists the compiled-in ones, and
// everything that wires flows in (serve's routes and templates, deliver's
// intake handlers, the config schema, the login page's links, the account
// commands' options, the test harness) reads a FlowList through the
// functions below. A new flow is one line in flows.cc (see docs/flows.md).
#ifndef SESAME_FLOWS_FLOWS_H_
#define SESAME_FLOWS_FLOWS_H_

#include <memory>
#include <string>
#include <vector>

#include "flows/recovery_flow.h"
#include "oidc/oidc_client.h"
#include "web/app.h"

namespace sesame {

using FlowList = std::vector<const RecoveryFlow*>;

// The flows compiled into this binary, in the order of the table.
const FlowList& CompiledFlows();

// What the flows add to the config file: their names, sections and forms.
ConfigSchema FlowConfigSchema(const FlowList& flows = CompiledFlows());

// Every page and mail template: the common ones and each flow's.
std::vector<std::string> AllTemplates(const FlowList& flows = CompiledFlows());

// The mail templates among them (under mail/ or a flow's mail/ folder):
// what `sesame deliver` renders.
std::vector<std::string> MailTemplates(const FlowList& flows = CompiledFlows());

// Each flow's links on the login page (Services::login_links).
std::vector<LoginLink> FlowLoginLinks(const FlowList& flows = CompiledFlows());

// The OpenID Connect relying party of [education.oidc] for
// Services::oidc: null when no issuer is configured; InvalidArgument when
// the client secret file cannot be read. Its redirect URI is the public
// URL (mount included) of redirect_path.
StatusOr<std::unique_ptr<OidcClient>> NewConfiguredOidcClient(
    const Config& config);

// Routes the common screens and each flow's screens.
void AddAllRoutes(App* app, const FlowList& flows = CompiledFlows());

// Gives each flow missing from config->flow_settings its defaults (a Config
// built by hand; LoadConfig gives every flow its settings).
void AddDefaultFlowSettings(Config* config,
                            const FlowList& flows = CompiledFlows());

// Makes each flow's intake handlers and registers them on `worker`; the
// returned handlers must outlive it.
std::vector<std::shared_ptr<IntentHandler>> AddIntakeHandlers(
    IntakeWorker* worker, const FlowDeps& deps,
    const FlowList& flows = CompiledFlows());

// Every flow's account options (`account add --NAME`, import column NAME).
std::vector<const AccountOption*> FlowAccountOptions(
    const FlowList& flows = CompiledFlows());

// Applies the flow account options of `given` (name -> value as typed) to
// `account`: each flow with options in `given` once, with its own
// (RecoveryFlow::apply_account_options). InvalidArgument for a name no
// flow has; `told` gathers what the operator must be shown.
Status ApplyAccountOptions(const FlowDeps& deps,
                           const std::map<std::string, std::string>& given,
                           NewAccount* account, std::vector<std::string>* told,
                           const FlowList& flows = CompiledFlows());

}  // namespace sesame

#endif  // SESAME_FLOWS_FLOWS_H_
