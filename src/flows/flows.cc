#include "flows/flows.h"

#include "flows/consular/flow.h"
#include "flows/credit_municipal/flow.h"
#include "flows/education/flow.h"
#include "flows/interior/flow.h"
#include "oidc/oidc_settings.h"
#include "screens/routes.h"

namespace sesame {

const FlowList& CompiledFlows() {
  // The one table of compiled-in flows.
  static const FlowList flows = {
      &CreditMunicipalFlow(),
      &ConsularFlow(),
      &InteriorFlow(),
      &EducationFlow(),
  };
  return flows;
}

ConfigSchema FlowConfigSchema(const FlowList& flows) {
  ConfigSchema schema;
  for (const RecoveryFlow* f : flows) {
    schema.flows.push_back(f->name);
    if (f->offered_by_default) schema.default_flows.push_back(f->name);
    schema.captcha_forms.insert(schema.captcha_forms.end(),
                                f->captcha_forms.begin(),
                                f->captcha_forms.end());
    schema.sections.push_back({f->name, f->config_section, f->parse_settings});
  }
  // [education.oidc], FranceConnect's relying party (oidc/).
  schema.sections.push_back({kEducationOidc, "education", ParseEducationOidc});
  return schema;
}

std::vector<std::string> AllTemplates(const FlowList& flows) {
  std::vector<std::string> names = CommonTemplates();
  for (const RecoveryFlow* f : flows) {
    names.insert(names.end(), f->templates.begin(), f->templates.end());
  }
  return names;
}

std::vector<std::string> MailTemplates(const FlowList& flows) {
  std::vector<std::string> mails;
  for (const std::string& name : AllTemplates(flows)) {
    if (name.starts_with("mail/") || name.find("/mail/") != std::string::npos) {
      mails.push_back(name);
    }
  }
  return mails;
}

std::vector<LoginLink> FlowLoginLinks(const FlowList& flows) {
  std::vector<LoginLink> links;
  for (const RecoveryFlow* f : flows) {
    links.insert(links.end(), f->login_links.begin(), f->login_links.end());
  }
  return links;
}

void AddAllRoutes(App* app, const FlowList& flows) {
  AddRoutes(app);
  for (const RecoveryFlow* f : flows) {
    for (const FlowRoute& route : f->routes) {
      app->Route(route.path, route.make(), f->name);
    }
  }
}

StatusOr<std::unique_ptr<OidcClient>> NewConfiguredOidcClient(
    const Config& config) {
  const OidcSettings& settings = EducationOidc::Of(config).oidc;
  if (!settings.enabled()) return std::unique_ptr<OidcClient>();
  StatusOr<std::string> secret = ReadOidcClientSecret(settings);
  if (!secret.ok()) return secret.status();
  // PublicUrl("") ends with the mount; NewHttpOidcClient appends the path.
  return NewHttpOidcClient(settings, *secret, config.PublicUrl(""));
}

void AddDefaultFlowSettings(Config* config, const FlowList& flows) {
  for (const RecoveryFlow* f : flows) {
    if (config->flow_settings.Find(f->name) == nullptr) {
      config->flow_settings.Set(f->name,
                                DefaultFlowSettings(f->parse_settings));
    }
  }
}

std::vector<std::shared_ptr<IntentHandler>> AddIntakeHandlers(
    IntakeWorker* worker, const FlowDeps& deps, const FlowList& flows) {
  std::vector<std::shared_ptr<IntentHandler>> handlers;
  FlowDeps with_rules = deps;
  for (const RecoveryFlow* f : flows) {
    if (!f->mark_rules || !deps.config->recovery.Offers(f->name)) continue;
    for (MarkRule& rule : f->mark_rules(*deps.config)) {
      with_rules.mark_rules.push_back(std::move(rule));
    }
  }
  for (const RecoveryFlow* f : flows) {
    if (!f->make_intake) continue;
    for (FlowIntake& intake : f->make_intake(with_rules)) {
      worker->AddHandler(intake.intent_flow, intake.handler.get());
      handlers.push_back(std::move(intake.handler));
    }
  }
  return handlers;
}

std::vector<const AccountOption*> FlowAccountOptions(const FlowList& flows) {
  std::vector<const AccountOption*> options;
  for (const RecoveryFlow* f : flows) {
    for (const AccountOption& o : f->account_options) options.push_back(&o);
  }
  return options;
}

Status ApplyAccountOptions(const FlowDeps& deps,
                           const std::map<std::string, std::string>& given,
                           NewAccount* account, std::vector<std::string>* told,
                           const FlowList& flows) {
  size_t used = 0;
  for (const RecoveryFlow* f : flows) {
    std::map<std::string, std::string> own;
    for (const AccountOption& o : f->account_options) {
      auto it = given.find(o.name);
      if (it != given.end()) own.insert(*it);
    }
    if (own.empty() || !f->apply_account_options) continue;
    used += own.size();
    SESAME_RETURN_IF_ERROR(f->apply_account_options(deps, own, account, told));
  }
  if (used != given.size()) {
    return Status::InvalidArgument("unknown account option");
  }
  return Status::Ok();
}

}  // namespace sesame
