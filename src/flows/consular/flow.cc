#include "flows/consular/flow.h"

#include "flows/consular/intake.h"
#include "flows/consular/link_screen.h"
#include "flows/consular/request_screen.h"
#include "flows/consular/rules.h"
#include "flows/consular/settings.h"

namespace sesame {
namespace {

// `account add --numic N` / the `numic` column: the NUMIC's keyed digest.
Status AddNumic(const FlowDeps& deps,
                const std::map<std::string, std::string>& given,
                NewAccount* account, std::vector<std::string>*) {
  std::optional<std::string> numic = NormaliseNumic(given.at("numic"));
  if (!numic) {
    return Status::InvalidArgument(
        "numic: 1 to 8 digits (the consular identification number)");
  }
  StatusOr<std::string> digest = deps.hasher->KeyedDigest(
      NumicSalt(deps.config->security.secret_key), *numic);
  if (!digest.ok()) return digest.status();
  account->identifiers.push_back({kNumicIdentifierKind, *digest});
  return Status::Ok();
}

}  // namespace

const RecoveryFlow& ConsularFlow() {
  using Kind = ConsularRequestScreen::Kind;
  static const RecoveryFlow flow = {
      .name = kConsularFlow,
      .config_section = "consular",
      .parse_settings = ParseConsularSettings,
      .captcha_forms = {kPasswordCaptchaForm, kIdentifierCaptchaForm,
                        kLinkCaptchaForm},
      .routes =
          {
              {"/consulaire/motdepasse",
               [] {
                 return std::make_unique<ConsularRequestScreen>(
                     Kind::kPassword);
               }},
              {"/consulaire/envoye",
               [] {
                 return std::make_unique<ConsularSentScreen>(Kind::kPassword);
               }},
              {"/consulaire/identifiant",
               [] {
                 return std::make_unique<ConsularRequestScreen>(
                     Kind::kIdentifier);
               }},
              {"/consulaire/identifiant/envoye",
               [] {
                 return std::make_unique<ConsularSentScreen>(Kind::kIdentifier);
               }},
              {"/consulaire/lien",
               [] { return std::make_unique<ConsularLinkScreen>(); }},
              {"/consulaire/lien/fait",
               [] { return std::make_unique<ConsularLinkDoneScreen>(); }},
          },
      .templates = {"consular/request.tpl", "consular/sent.tpl",
                    "consular/link.tpl", "consular/done.tpl",
                    "consular/mail/link.txt.tpl", "consular/mail/link.html.tpl",
                    "consular/mail/identifier.txt.tpl",
                    "consular/mail/identifier.html.tpl",
                    "consular/mail/refused.txt.tpl",
                    "consular/mail/refused.html.tpl"},
      .login_links = {{kConsularFlow, LoginLink::Place::kUnderLogin,
                       "consular_login_identifier", "/consulaire/identifiant"},
                      {kConsularFlow, LoginLink::Place::kUnderPassword,
                       "consular_login_password", "/consulaire/motdepasse"}},
      .mark_rules =
          [](const Config& config) {
            return NotBothRules(ConsularSettings::Of(config).not_both_hours);
          },
      .make_intake =
          [](const FlowDeps& deps) {
            auto handler = std::make_shared<ConsularIntake>(deps);
            return std::vector<FlowIntake>{{kConsularPasswordFlow, handler},
                                           {kConsularIdentifierFlow, handler}};
          },
      .account_options = {{"numic",
                           "the consular identification number (NUMIC), 1 "
                           "to 8 digits; kept as a keyed digest"}},
      .apply_account_options = AddNumic,
  };
  return flow;
}

}  // namespace sesame
