#include "cli/nginx_snippet.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace sesame {
namespace {

std::string ReadRepoFile(const std::string& path) {
  std::ifstream in(std::string(SESAME_SOURCE_DIR) + "/" + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Text after the leading comment (up to the first line that is not one).
std::string Body(const std::string& text) {
  size_t at = 0;
  while (at < text.size() && text[at] == '#') {
    at = text.find('\n', at);
    at = at == std::string::npos ? text.size() : at + 1;
  }
  return text.substr(at);
}

Config Installed() {
  Config c;
  c.path = "/etc/sesame/sesame.toml";
  return c;  // listen, templates_dir and mount: the installed defaults
}

TEST(NginxSnippet, TheBuiltInTextIsTheFileOfTheRepository) {
  EXPECT_EQ(std::string(NginxSnippetTemplate()),
            ReadRepoFile("deploy/nginx-sesame.conf"));
}

TEST(NginxSnippet, InstalledDefaultsGiveTheFileAsItIs) {
  StatusOr<std::string> out = NginxSnippetFor(Installed());
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_EQ(Body(*out), Body(ReadRepoFile("deploy/nginx-sesame.conf")));
  EXPECT_NE(out->find("# Sésame's nginx locations for /etc/sesame/sesame.toml"),
            std::string::npos);
}

TEST(NginxSnippet, SocketAndStaticFilesOfTheConfig) {
  Config c = Installed();
  c.server.listen = "/run/sesame/site.sock";
  c.server.templates_dir = "/opt/sesame/html/";
  StatusOr<std::string> out = NginxSnippetFor(c);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->find("/run/sesame/sesame.sock"), std::string::npos);
  EXPECT_NE(out->find("fastcgi_pass unix:/run/sesame/site.sock;"),
            std::string::npos);
  EXPECT_NE(out->find("alias /opt/sesame/html/static/;"), std::string::npos);
  EXPECT_NE(out->find("alias /opt/sesame/html/static/errors/;"),
            std::string::npos);
  c.server.listen = "127.0.0.1:9000";
  out = NginxSnippetFor(c);
  ASSERT_TRUE(out.ok());
  EXPECT_NE(out->find("fastcgi_pass 127.0.0.1:9000;"), std::string::npos);
  EXPECT_EQ(out->find("unix:"), std::string::npos);
}

TEST(NginxSnippet, MountPrefixesEveryLocationAndErrorPage) {
  Config c = Installed();
  c.server.mount = "/sesame";
  StatusOr<std::string> out = NginxSnippetFor(c);
  ASSERT_TRUE(out.ok());
  for (const char* expected :
       {"location ^~ /sesame/static/ {", "location ^~ /sesame/static/errors/ {",
        "error_page 413 /sesame/static/errors/413.html;",
        "error_page 502 503 504 /sesame/static/errors/503.html;",
        "location ~ ^/sesame/(livez|healthz)$ {", "location = /sesame/auth {",
        "location /sesame/ {"}) {
    EXPECT_NE(out->find(expected), std::string::npos) << expected;
  }
  for (const char* gone : {"location / {", "location ^~ /static/",
                           " /static/errors/", "location = /auth {"}) {
    EXPECT_EQ(out->find(gone), std::string::npos) << gone;
  }
}

TEST(NginxSnippet, ATemplateWithoutAPathToRewriteIsAnError) {
  StatusOr<std::string> out =
      NginxSnippetFor(Installed(), "location / {\n  fastcgi_pass x;\n}\n");
  EXPECT_EQ(out.status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace sesame
