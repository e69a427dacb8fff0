// The OpenID Connect relying party (src/oidc/) against the real provider
// deploy/test starts (glewlwyd, the stand-in for FranceConnect; README):
// the whole code flow with the test identity, as RS256 and ES256 clients,
// then forged, replayed and concurrent callbacks, the provider stopped and
// a provider that never answers. The state rows live in a scratch database
// (sesame_test_oidc_<pid>). SESAME_TEST_OIDC_USER_FILE holds the test
// user's login, password and pivot claims; without it the tests skip.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "crypto/crypto.h"
#include "integration/scratch_database.h"
#include "integration/test_env.h"
#include "oidc/oidc_login.h"
#include "oidc/oidc_settings.h"

namespace sesame {
namespace {

using ::sesame::testing::EnvVar;

// KEY=VALUE lines, values possibly single-quoted (shlex.quote).
std::map<std::string, std::string> ReadEnvFile(const std::string& path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string v = line.substr(eq + 1);
    if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') {
      v = v.substr(1, v.size() - 2);
    }
    out[line.substr(0, eq)] = v;
  }
  return out;
}

size_t Collect(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

// What the provider's login page does, through glewlwyd's API, in one
// cookie session: sign the user in, grant the scopes to the client, then
// open the authorization URL (with g_continue, as the page does) and read
// the redirection to Sésame's callback.
class ProviderBrowser {
 public:
  explicit ProviderBrowser(std::string api) : api_(std::move(api)) {
    curl_ = curl_easy_init();
    curl_easy_setopt(curl_, CURLOPT_COOKIEFILE, "");
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(curl_, CURLOPT_PROXY, "");
  }
  ~ProviderBrowser() { curl_easy_cleanup(curl_); }

  long Call(const std::string& method, const std::string& url,  // NOLINT
            const std::string& json_body, std::string* location = nullptr) {
    std::string body;
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl_, CURLOPT_FOLLOWLOCATION, 0L);
    curl_slist* headers = nullptr;
    if (!json_body.empty()) {
      headers = curl_slist_append(headers, "Content-Type: application/json");
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, json_body.c_str());
    } else {
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, nullptr);
      curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
      curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, method.c_str());
    }
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
    long status = 0;  // NOLINT
    if (curl_easy_perform(curl_) == CURLE_OK) {
      curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
      char* redirect = nullptr;
      curl_easy_getinfo(curl_, CURLINFO_REDIRECT_URL, &redirect);
      if (location != nullptr) *location = redirect ? redirect : "";
    }
    curl_slist_free_all(headers);
    return status;
  }

  // The Location the provider sends the browser to after signing in.
  std::string SignInAndAuthorize(const std::string& user,
                                 const std::string& password,
                                 const std::string& client_id,
                                 const std::string& scopes,
                                 const std::string& authorization_url) {
    nlohmann::json login = {{"username", user}, {"password", password}};
    EXPECT_EQ(Call("POST", api_ + "/auth/", login.dump()), 200);
    nlohmann::json grant = {{"scope", scopes}};
    EXPECT_EQ(Call("PUT", api_ + "/auth/grant/" + client_id, grant.dump()),
              200);
    std::string location;
    EXPECT_EQ(Call("GET", authorization_url + "&g_continue", "", &location),
              302);
    return location;
  }

 private:
  std::string api_;
  CURL* curl_;
};

// The query parameter `name` of `url`, percent-decoded.
std::string QueryParam(const std::string& url, const std::string& name) {
  size_t at = url.find("?" + name + "=");
  if (at == std::string::npos) at = url.find("&" + name + "=");
  if (at == std::string::npos) return "";
  at += name.size() + 2;
  std::string raw = url.substr(at, url.find('&', at) - at);
  int len = 0;
  char* decoded = curl_easy_unescape(nullptr, raw.c_str(), raw.size(), &len);
  std::string out(decoded, len);
  curl_free(decoded);
  return out;
}

constexpr char kOidcPrefix[] = "sesame_test_oidc";

class OidcProviderTest
    : public ::sesame::testing::ScratchDatabaseTest<kOidcPrefix> {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    std::optional<std::string> user_file = EnvVar("SESAME_TEST_OIDC_USER_FILE");
    if (!user_file) GTEST_SKIP() << "SESAME_TEST_OIDC_USER_FILE is not set";
    user_ = ReadEnvFile(*user_file);
    ASSERT_FALSE(user_["OIDC_USER"].empty()) << *user_file;
    // The stack's own [education.oidc], as serve reads it.
    settings_ = EducationOidc::Of(scratch_->config()).oidc;
    ASSERT_TRUE(settings_.enabled()) << "no [education.oidc] issuer";
    StatusOr<std::string> secret = ReadOidcClientSecret(settings_);
    ASSERT_TRUE(secret.ok()) << secret.status().ToString();
    secret_ = *secret;
    api_ = settings_.issuer.substr(0, settings_.issuer.rfind("/oidc"));
  }

  std::unique_ptr<OidcClient> Client(const OidcSettings& s) {
    return NewHttpOidcClient(s, secret_,
                             scratch_->config().server.public_base_url);
  }

  // Starts a login, signs the test user in at the provider; returns the
  // callback's query.
  OidcCallback LoginAtProvider(OidcLogin* login, const OidcSettings& s,
                               const std::string& binding) {
    OidcStart start = login->Start(binding, "account:7");
    EXPECT_TRUE(start.ok())
        << OidcErrorName(start.error) << " " << start.detail;
    ProviderBrowser browser(api_);
    std::string location = browser.SignInAndAuthorize(
        user_["OIDC_USER"], user_["OIDC_PASSWORD"], s.client_id, s.scopes,
        start.authorization_url);
    std::string callback_base =
        scratch_->config().server.public_base_url + s.redirect_path + "?";
    EXPECT_EQ(location.rfind(callback_base, 0), 0u) << location;
    return {QueryParam(location, "state"), QueryParam(location, "code"),
            QueryParam(location, "error")};
  }

  void ExpectTestIdentity(const OidcIdentity& id) {
    EXPECT_FALSE(id.subject.empty());
    EXPECT_EQ(id.given_name, user_["OIDC_GIVEN_NAME"]);
    EXPECT_EQ(id.family_name, user_["OIDC_FAMILY_NAME"]);
    EXPECT_EQ(id.birthdate, user_["OIDC_BIRTHDATE"]);
    EXPECT_EQ(id.birthplace, user_["OIDC_BIRTHPLACE"]);
    EXPECT_EQ(id.gender, user_["OIDC_GENDER"]);
  }

  std::map<std::string, std::string> user_;
  OidcSettings settings_;
  std::string secret_;
  std::string api_;
  const std::string binding_ = crypto::Sha256("browser-cookie-a");
};

TEST_F(OidcProviderTest, CodeFlowRs256GivesTheTestIdentity) {
  auto client = Client(settings_);
  OidcLogin login(client.get(), s_.oidc_states, settings_.state_ttl_seconds);
  OidcCallback cb = LoginAtProvider(&login, settings_, binding_);
  ASSERT_FALSE(cb.code.empty());
  auto t0 = std::chrono::steady_clock::now();
  OidcCompleted done = login.Complete(cb, binding_);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - t0)
                .count();
  ASSERT_TRUE(done.ok()) << OidcErrorName(done.error) << " " << done.detail;
  EXPECT_EQ(done.context, "account:7");
  ExpectTestIdentity(done.identity);
  std::cout << "callback checked (token + RS256 ID token) in " << ms << " ms\n";
}

TEST_F(OidcProviderTest, CodeFlowEs256GivesTheTestIdentity) {
  OidcSettings es = settings_;
  es.client_id = "sesame-es256";  // deploy/: the client whose key is EC
  auto client = Client(es);
  OidcLogin login(client.get(), s_.oidc_states, es.state_ttl_seconds);
  OidcCallback cb = LoginAtProvider(&login, es, binding_);
  OidcCompleted done = login.Complete(cb, binding_);
  ASSERT_TRUE(done.ok()) << OidcErrorName(done.error) << " " << done.detail;
  ExpectTestIdentity(done.identity);
}

TEST_F(OidcProviderTest, ReplayedStateIsRefused) {
  auto client = Client(settings_);
  OidcLogin login(client.get(), s_.oidc_states, settings_.state_ttl_seconds);
  OidcCallback cb = LoginAtProvider(&login, settings_, binding_);
  ASSERT_TRUE(login.Complete(cb, binding_).ok());
  OidcCompleted again = login.Complete(cb, binding_);
  EXPECT_EQ(again.error, OidcError::kBadState);
  EXPECT_TRUE(again.identity.family_name.empty());
}

TEST_F(OidcProviderTest, ForgedStateIsRefused) {
  auto client = Client(settings_);
  OidcLogin login(client.get(), s_.oidc_states, settings_.state_ttl_seconds);
  OidcCallback cb = LoginAtProvider(&login, settings_, binding_);
  OidcCallback forged = cb;
  forged.state = crypto::NewToken();
  EXPECT_EQ(login.Complete(forged, binding_).error, OidcError::kBadState);
  // Another browser with the real state and code.
  EXPECT_EQ(login.Complete(cb, crypto::Sha256("browser-cookie-b")).error,
            OidcError::kBadState);
  // The real browser still finishes.
  EXPECT_TRUE(login.Complete(cb, binding_).ok());
}

TEST_F(OidcProviderTest, SixCopiesOfACallbackSpendTheStateOnce) {
  auto client = Client(settings_);
  OidcLogin login(client.get(), s_.oidc_states, settings_.state_ttl_seconds);
  OidcCallback cb = LoginAtProvider(&login, settings_, binding_);
  std::atomic<int> ok{0}, bad_state{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      OidcCompleted d = login.Complete(cb, binding_);
      if (d.ok()) ++ok;
      if (d.error == OidcError::kBadState) ++bad_state;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(bad_state.load(), 5);
}

TEST_F(OidcProviderTest, ProviderDownIsUnavailable) {
  std::optional<std::string> stackctl = EnvVar("SESAME_TEST_STACKCTL");
  std::optional<std::string> state = EnvVar("SESAME_TEST_STATE");
  if (!stackctl || !state) GTEST_SKIP() << "no SESAME_TEST_STACKCTL";
  auto client = Client(settings_);
  OidcLogin login(client.get(), s_.oidc_states, settings_.state_ttl_seconds);
  OidcCallback cb = LoginAtProvider(&login, settings_, binding_);
  const std::string ctl = *stackctl + " --state " + *state;
  ASSERT_EQ(std::system((ctl + " stop-oidc").c_str()), 0);
  // At the callback: the state is spent, no identity, a typed error.
  auto t0 = std::chrono::steady_clock::now();
  OidcCompleted done = login.Complete(cb, binding_);
  std::cout << "provider stopped: callback failed in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - t0)
                   .count()
            << " ms (" << done.detail << ")\n";
  EXPECT_EQ(done.error, OidcError::kUnavailable) << done.detail;
  EXPECT_TRUE(done.identity.subject.empty());
  // At the start (a new client: nothing cached): no URL, nothing stored.
  auto fresh = Client(settings_);
  OidcLogin login2(fresh.get(), s_.oidc_states, settings_.state_ttl_seconds);
  OidcStart start = login2.Start(binding_, "account:7");
  EXPECT_EQ(start.error, OidcError::kUnavailable) << start.detail;
  EXPECT_TRUE(start.authorization_url.empty());
  ASSERT_EQ(std::system((ctl + " start-oidc").c_str()), 0);
  EXPECT_TRUE(login2.Start(binding_, "account:7").ok());
}

TEST_F(OidcProviderTest, ProviderThatNeverAnswersIsUnavailableAfterTheTimeout) {
  // A listening socket that never accepts: connections hang.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(listen(fd, 8), 0);
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  OidcSettings slow = settings_;
  slow.issuer =
      "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/api/oidc";
  slow.timeout_seconds = 1;
  auto client = Client(slow);
  OidcLogin login(client.get(), s_.oidc_states, slow.state_ttl_seconds);
  auto t0 = std::chrono::steady_clock::now();
  OidcStart start = login.Start(binding_, "x");
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - t0)
                .count();
  close(fd);
  EXPECT_EQ(start.error, OidcError::kUnavailable) << start.detail;
  EXPECT_TRUE(start.authorization_url.empty());
  std::cout << "slow provider given up after " << ms << " ms (" << start.detail
            << ")\n";
}

}  // namespace
}  // namespace sesame
