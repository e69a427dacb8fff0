#include "oidc/oidc_login.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/crypto.h"
#include "fakes/fake_oidc_state_store.h"

namespace sesame {
namespace {

// A client that hands out fixed secrets and records what Finish was given.
class FakeClient : public OidcClient {
 public:
  OidcError begin_error = OidcError::kNone;
  OidcError finish_error = OidcError::kNone;
  int finishes = 0;
  OidcRequest finished_with;
  std::string code;

  OidcStart Begin() override {
    OidcStart s;
    s.error = begin_error;
    if (s.ok()) {
      s.kept = {crypto::NewToken(), "nonce-1", "verifier-1"};
      s.authorization_url =
          "https://fc.example/authorize?state=" + s.kept.state;
      last_state = s.kept.state;
    }
    return s;
  }
  OidcFinish Finish(const std::string& c, const OidcRequest& kept) override {
    ++finishes;
    code = c;
    finished_with = kept;
    OidcFinish f;
    f.error = finish_error;
    if (f.ok()) f.identity.family_name = "DUBOIS";
    return f;
  }
  std::string last_state;
};

class OidcLoginTest : public ::testing::Test {
 protected:
  OidcLoginTest() : login_(&client_, &store_, 600) {}

  std::string Binding(const char* cookie = "browser-a") {
    return crypto::Sha256(cookie);
  }
  // Starts a login from browser-a; returns its state.
  std::string Started() {
    OidcStart s = login_.Start(Binding(), "account:42");
    EXPECT_TRUE(s.ok());
    return client_.last_state;
  }

  FakeClient client_;
  FakeOidcStateStore store_;
  OidcLogin login_;
};

TEST_F(OidcLoginTest, StartKeepsOnlyADigestOfTheState) {
  OidcStart s = login_.Start(Binding(), "account:42");
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s.authorization_url.empty());
  EXPECT_TRUE(s.kept.state.empty());  // the secrets stay in the store
  ASSERT_EQ(store_.rows.size(), 1u);
  const auto& [key, row] = *store_.rows.begin();
  EXPECT_EQ(key, crypto::Sha256(client_.last_state));
  EXPECT_EQ(row.login.nonce, "nonce-1");
  EXPECT_EQ(row.login.code_verifier, "verifier-1");
  EXPECT_EQ(row.login.context, "account:42");
  EXPECT_EQ(row.expires, store_.now + 600);
}

TEST_F(OidcLoginTest, CallbackGivesTheIdentityAndContext) {
  std::string state = Started();
  OidcCompleted done = login_.Complete({state, "code-1", ""}, Binding());
  ASSERT_TRUE(done.ok()) << done.detail;
  EXPECT_EQ(done.identity.family_name, "DUBOIS");
  EXPECT_EQ(done.context, "account:42");
  EXPECT_EQ(client_.code, "code-1");
  EXPECT_EQ(client_.finished_with.nonce, "nonce-1");
  EXPECT_EQ(client_.finished_with.code_verifier, "verifier-1");
  EXPECT_TRUE(store_.rows.empty());
}

TEST_F(OidcLoginTest, ReplayedStateIsRefused) {
  std::string state = Started();
  ASSERT_TRUE(login_.Complete({state, "code-1", ""}, Binding()).ok());
  OidcCompleted again = login_.Complete({state, "code-1", ""}, Binding());
  EXPECT_EQ(again.error, OidcError::kBadState);
  EXPECT_EQ(client_.finishes, 1);
}

TEST_F(OidcLoginTest, SixCopiesOfOneCallbackSpendItOnce) {
  std::string state = Started();
  int ok = 0, bad_state = 0;
  for (int i = 0; i < 6; ++i) {
    OidcCompleted d = login_.Complete({state, "code-1", ""}, Binding());
    ok += d.ok();
    bad_state += d.error == OidcError::kBadState;
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(bad_state, 5);
  EXPECT_EQ(client_.finishes, 1);
}

TEST_F(OidcLoginTest, ForgedStateIsRefused) {
  Started();
  EXPECT_EQ(login_.Complete({crypto::NewToken(), "c", ""}, Binding()).error,
            OidcError::kBadState);
  EXPECT_EQ(login_.Complete({"", "c", ""}, Binding()).error,
            OidcError::kBadState);
  EXPECT_EQ(login_.Complete({"' OR 1=1 --", "c", ""}, Binding()).error,
            OidcError::kBadState);
  EXPECT_EQ(client_.finishes, 0);
  EXPECT_EQ(store_.rows.size(), 1u);  // the real one is still there
}

TEST_F(OidcLoginTest, StateFromAnotherBrowserIsRefused) {
  std::string state = Started();
  EXPECT_EQ(login_.Complete({state, "c", ""}, Binding("browser-b")).error,
            OidcError::kBadState);
  EXPECT_EQ(client_.finishes, 0);
  // The owner can still finish.
  EXPECT_TRUE(login_.Complete({state, "c", ""}, Binding()).ok());
}

TEST_F(OidcLoginTest, ExpiredStateIsRefused) {
  std::string state = Started();
  store_.now += 600;
  EXPECT_EQ(login_.Complete({state, "c", ""}, Binding()).error,
            OidcError::kBadState);
}

TEST_F(OidcLoginTest, ProviderErrorSpendsTheStateAndIsRefused) {
  std::string state = Started();
  OidcCompleted d = login_.Complete({state, "", "access_denied"}, Binding());
  EXPECT_EQ(d.error, OidcError::kRefused);
  EXPECT_EQ(client_.finishes, 0);
  EXPECT_TRUE(store_.rows.empty());
}

TEST_F(OidcLoginTest, ProviderDownAtStartStoresNothing) {
  client_.begin_error = OidcError::kUnavailable;
  OidcStart s = login_.Start(Binding(), "account:42");
  EXPECT_EQ(s.error, OidcError::kUnavailable);
  EXPECT_TRUE(s.authorization_url.empty());
  EXPECT_TRUE(store_.rows.empty());
}

TEST_F(OidcLoginTest, ProviderDownAtTheCallbackIsUnavailable) {
  std::string state = Started();
  client_.finish_error = OidcError::kUnavailable;
  OidcCompleted d = login_.Complete({state, "c", ""}, Binding());
  EXPECT_EQ(d.error, OidcError::kUnavailable);
  EXPECT_TRUE(d.identity.family_name.empty());
}

TEST_F(OidcLoginTest, DatabaseDownIsStoreUnavailable) {
  store_.fail_with = Status::Unavailable("db down");
  OidcStart s = login_.Start(Binding(), "x");
  EXPECT_EQ(s.error, OidcError::kStoreUnavailable);
  EXPECT_TRUE(s.authorization_url.empty());
  EXPECT_EQ(login_.Complete({crypto::NewToken(), "c", ""}, Binding()).error,
            OidcError::kStoreUnavailable);
}

}  // namespace
}  // namespace sesame
