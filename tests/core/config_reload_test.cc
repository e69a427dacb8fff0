#include "core/config_reload.h"

#include <gtest/gtest.h>

namespace sesame {
namespace {

Config Running() {
  Config c;
  c.path = "/etc/sesame/site.toml";
  c.server.listen = "/run/sesame/site.sock";
  c.server.threads = 8;
  c.database.socket = "/run/mysqld/mysqld.sock";
  c.database.password = "db secret";
  c.security.secret_key = std::string(32, 'k');
  c.branding.organisation = "Avant";
  return c;
}

TEST(ConfigReload, ReloadableSettingsPassThrough) {
  Config next = Running();
  next.branding.organisation = "Après";
  next.security.limits.login_per_ip = 7;
  next.server.mount = "/sesame";
  next.server.max_body_bytes = 4096;
  next.auth.next_allowed = {"/intranet/"};
  next.captcha.forms = {"login"};
  EXPECT_TRUE(KeepRestartOnlySettings(Running(), &next).empty());
  EXPECT_EQ(next.branding.organisation, "Après");
  EXPECT_EQ(next.security.limits.login_per_ip, 7);
  EXPECT_EQ(next.server.mount, "/sesame");
  EXPECT_EQ(next.server.max_body_bytes, 4096);
  EXPECT_EQ(next.auth.next_allowed, std::vector<std::string>{"/intranet/"});
}

TEST(ConfigReload, RestartOnlySettingsKeepTheirRunningValueAndAreNamed) {
  Config next = Running();
  next.branding.organisation = "Après";
  next.server.listen = "127.0.0.1:9000";
  next.server.threads = 2;
  next.server.templates_dir = "/elsewhere";
  next.branding.languages = {"fr"};
  next.translations["en"]["org_name"] = "City pawnshop";
  next.database.socket = "/tmp/other.sock";
  next.database.password = "another";
  next.security.secret_key = std::string(32, 'x');
  next.security.argon2.max_concurrent = 9;
  next.security.limits.sms_global_hour = 1;
  const std::vector<std::string> kept =
      KeepRestartOnlySettings(Running(), &next);
  EXPECT_EQ(kept, (std::vector<std::string>{
                      "server.listen", "server.threads", "server.templates_dir",
                      "branding.languages", "translations", "database.socket",
                      "database.password_file (content)",
                      "security.secret_key_file (content)",
                      "security.argon2.max_concurrent",
                      "security.limits.sms_global_hour"}));
  EXPECT_EQ(next.server.listen, "/run/sesame/site.sock");
  EXPECT_EQ(next.server.threads, 8);
  EXPECT_EQ(next.branding.languages, (std::vector<std::string>{"fr", "en"}));
  EXPECT_TRUE(next.translations.empty());
  EXPECT_EQ(next.database.socket, "/run/mysqld/mysqld.sock");
  EXPECT_EQ(next.database.password, "db secret");
  EXPECT_EQ(next.security.secret_key, std::string(32, 'k'));
  EXPECT_EQ(next.security.argon2.max_concurrent, 2);
  // The reloadable part of the same file still applies.
  EXPECT_EQ(next.branding.organisation, "Après");
}

}  // namespace
}  // namespace sesame
