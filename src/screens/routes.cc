#include "screens/routes.h"

#include "screens/account_screen.h"
#include "screens/auth_screen.h"
#include "screens/captcha_screen.h"
#include "screens/change_password_screen.h"
#include "screens/health_screens.h"
#include "screens/login_screen.h"
#include "screens/logout_screen.h"
#include "screens/metrics_screen.h"

namespace sesame {

void AddRoutes(App* app) {
  app->Route("/", std::make_unique<HomeScreen>());
  app->Route("/login", std::make_unique<LoginScreen>());
  app->Route("/logout", std::make_unique<LogoutScreen>());
  app->Route("/account", std::make_unique<AccountScreen>());
  app->Route("/account/password", std::make_unique<ChangePasswordScreen>());
  app->Route("/livez", std::make_unique<LivezScreen>());
  app->Route("/healthz", std::make_unique<HealthzScreen>());
  app->Route("/metrics", std::make_unique<MetricsScreen>());
  app->Route("/auth", std::make_unique<AuthScreen>());
  app->Route("/captcha/image", std::make_unique<CaptchaImageScreen>());
  app->Route("/captcha/audio", std::make_unique<CaptchaAudioScreen>());
}

std::vector<std::string> CommonTemplates() {
  return {"layout.tpl",
          "error.tpl",
          "errors.tpl",
          "captcha.tpl",
          "link_state.tpl",
          "login.tpl",
          "account.tpl",
          "change_password.tpl",
          "mail/password_changed.txt.tpl",
          "mail/password_changed.html.tpl"};
}

}  // namespace sesame
