#include "screens/routes.h"

#include "screens/account_screen.h"
#include "screens/captcha_screen.h"
#include "screens/change_password_screen.h"
#include "screens/consular_link_screen.h"
#include "screens/consular_request_screen.h"
#include "screens/forgot_screen.h"
#include "screens/health_screens.h"
#include "screens/login_screen.h"
#include "screens/logout_screen.h"
#include "screens/reset_screen.h"

namespace sesame {

void AddRoutes(App* app) {
  app->Route("/", std::make_unique<HomeScreen>());
  app->Route("/login", std::make_unique<LoginScreen>());
  app->Route("/logout", std::make_unique<LogoutScreen>());
  app->Route("/account", std::make_unique<AccountScreen>());
  app->Route("/account/password", std::make_unique<ChangePasswordScreen>());
  app->Route("/forgot", std::make_unique<ForgotScreen>());
  app->Route("/forgot/sent", std::make_unique<ForgotSentScreen>());
  app->Route("/reset", std::make_unique<ResetScreen>());
  app->Route("/reset/done", std::make_unique<ResetDoneScreen>());
  using Kind = ConsularRequestScreen::Kind;
  app->Route("/consulaire/motdepasse",
             std::make_unique<ConsularRequestScreen>(Kind::kPassword));
  app->Route("/consulaire/envoye",
             std::make_unique<ConsularSentScreen>(Kind::kPassword));
  app->Route("/consulaire/identifiant",
             std::make_unique<ConsularRequestScreen>(Kind::kIdentifier));
  app->Route("/consulaire/identifiant/envoye",
             std::make_unique<ConsularSentScreen>(Kind::kIdentifier));
  app->Route("/consulaire/lien", std::make_unique<ConsularLinkScreen>());
  app->Route("/consulaire/lien/fait",
             std::make_unique<ConsularLinkDoneScreen>());
  app->Route("/livez", std::make_unique<LivezScreen>());
  app->Route("/healthz", std::make_unique<HealthzScreen>());
  app->Route("/captcha/image", std::make_unique<CaptchaImageScreen>());
  app->Route("/captcha/audio", std::make_unique<CaptchaAudioScreen>());
}

std::vector<std::string> AllTemplates() {
  return {"layout.tpl",
          "error.tpl",
          "errors.tpl",
          "captcha.tpl",
          "login.tpl",
          "account.tpl",
          "change_password.tpl",
          "forgot.tpl",
          "forgot_sent.tpl",
          "reset.tpl",
          "reset_state.tpl",
          "reset_done.tpl",
          "consular_request.tpl",
          "consular_sent.tpl",
          "consular_link.tpl",
          "consular_done.tpl",
          "mail/reset_link.txt.tpl",
          "mail/reset_link.html.tpl",
          "mail/reset_no_phone.txt.tpl",
          "mail/reset_no_phone.html.tpl",
          "mail/password_changed.txt.tpl",
          "mail/password_changed.html.tpl",
          "mail/consular_link.txt.tpl",
          "mail/consular_link.html.tpl",
          "mail/consular_identifier.txt.tpl",
          "mail/consular_identifier.html.tpl",
          "mail/consular_refused.txt.tpl",
          "mail/consular_refused.html.tpl"};
}

}  // namespace sesame
