// The login throttling rules and device cookies (recovery/login_rules.h).
#include "recovery/login_rules.h"

#include <gtest/gtest.h>

#include <limits>

#include "crypto/crypto.h"

namespace sesame {
namespace {

constexpr int64_t kNow = 1'800'000'000;
const std::string kNonce(kDeviceNonceBytes, '\x07');

Config KeyedConfig(char fill) {
  Config c;
  c.security.secret_key = std::string(32, fill);
  return c;
}

// The keys of `limits`, in order.
std::vector<std::string> Keys(const std::vector<LoginLimit>& limits) {
  std::vector<std::string> keys;
  for (const LimitCheck& c : LimitChecks(limits)) keys.push_back(c.key);
  return keys;
}

TEST(LoginRules, R3_DeviceCookieIsValidOnlyForItsLoginAndKey) {
  const std::string key = DeviceCookieKey(KeyedConfig('a'));
  const std::string value = DeviceCookieValue(key, "camille", kNonce, kNow);
  EXPECT_EQ(value.find("camille"), std::string::npos) << value;
  const std::string nonce = DeviceCookieNonce(key, "camille", value, kNow);
  EXPECT_EQ(nonce, crypto::Base64UrlEncode(kNonce));
  // Another login, another server key: not this browser's account.
  EXPECT_EQ(DeviceCookieNonce(key, "camilla", value, kNow), "");
  EXPECT_EQ(DeviceCookieNonce(DeviceCookieKey(KeyedConfig('b')), "camille",
                              value, kNow),
            "");
  // The key is not the server secret itself.
  EXPECT_NE(key, KeyedConfig('a').security.secret_key);
}

TEST(LoginRules, R3_DeviceCookieRefusesTamperingAndAge) {
  const std::string key = DeviceCookieKey(KeyedConfig('a'));
  const std::string value = DeviceCookieValue(key, "camille", kNonce, kNow);
  // Every single character changed breaks it.
  for (size_t i = 0; i < value.size(); ++i) {
    std::string bad = value;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    EXPECT_EQ(DeviceCookieNonce(key, "camille", bad, kNow), "") << bad;
  }
  // An older issue date with the same MAC.
  std::string older = value;
  older.replace(2, 10, std::to_string(kNow - 1));
  EXPECT_EQ(DeviceCookieNonce(key, "camille", older, kNow), "");
  // Valid for kDeviceCookieDays, not after, not before it was issued.
  const int64_t life = int64_t{kDeviceCookieDays} * 86400;
  EXPECT_NE(DeviceCookieNonce(key, "camille", value, kNow + life), "");
  EXPECT_EQ(DeviceCookieNonce(key, "camille", value, kNow + life + 1), "");
  EXPECT_EQ(DeviceCookieNonce(key, "camille", value, kNow - 1), "");
  for (const char* junk : {"", "1.", "1...", "1.x.y.z", "2.1.AAAA.BBBB",
                           "1.-5.BwcHBwcHBwcHBwcHBwcHBw.x"}) {
    EXPECT_EQ(DeviceCookieNonce(key, "camille", junk, kNow), "") << junk;
  }
  // A nonce of the wrong size, even correctly signed, is refused.
  EXPECT_EQ(
      DeviceCookieNonce(
          key, "camille",
          DeviceCookieValue(key, "camille", std::string(4, 'n'), kNow), kNow),
      "");
}

TEST(LoginRules, R3_AccountLimitSlowsDownAndOnlyAddressesRefuse) {
  LimitsConfig limits;
  const LoginAttempt attempt{"mac", "192.0.2.1", ""};
  const std::vector<LoginLimit> plan =
      LoginAccountLimits(attempt, limits, /*captcha_solved=*/false);
  ASSERT_EQ(Keys(plan),
            (std::vector<std::string>{LoginIpKey("192.0.2.1"),
                                      LoginAccountIpKey("mac", "192.0.2.1"),
                                      LoginAccountKey("mac")}));
  EXPECT_EQ(plan[0].check.limit, limits.login_per_ip);
  EXPECT_EQ(plan[1].check.limit, limits.login_per_account_ip);
  EXPECT_EQ(plan[2].check.limit, limits.login_per_account);
  EXPECT_EQ(LoginVerdictFor(plan, std::nullopt), LoginVerdict::kGo);
  EXPECT_EQ(LoginVerdictFor(plan, 0), LoginVerdict::kRefuse);
  EXPECT_EQ(LoginVerdictFor(plan, 1), LoginVerdict::kRefuse);
  EXPECT_EQ(LoginVerdictFor(plan, 2), LoginVerdict::kSlowDown);

  // Slowed: one attempt per login_slowdown_seconds for the account, and
  // the address's own buckets still refuse.
  const std::vector<LoginLimit> slow = LoginSlowLimits(attempt, limits);
  ASSERT_EQ(Keys(slow),
            (std::vector<std::string>{LoginIpKey("192.0.2.1"),
                                      LoginAccountIpKey("mac", "192.0.2.1"),
                                      LoginSlowKey("mac")}));
  EXPECT_EQ(slow[2].check.limit, 1);
  EXPECT_EQ(slow[2].check.window_seconds, limits.login_slowdown_seconds);
  EXPECT_EQ(LoginVerdictFor(slow, 1), LoginVerdict::kRefuse);
  EXPECT_EQ(LoginVerdictFor(slow, 2), LoginVerdict::kSlowDown);
}

TEST(LoginRules, R3_SolvedCaptchaIsTheSlowDown) {
  LimitsConfig limits;
  const std::vector<LoginLimit> plan = LoginAccountLimits(
      {"mac", "192.0.2.1", ""}, limits, /*captcha_solved=*/true);
  // The address was counted before the captcha; the account's bucket
  // counts but never stops an attempt that solved it.
  ASSERT_EQ(Keys(plan),
            (std::vector<std::string>{LoginAccountIpKey("mac", "192.0.2.1"),
                                      LoginAccountKey("mac")}));
  EXPECT_EQ(plan[1].check.limit, std::numeric_limits<int>::max());
}

TEST(LoginRules, R3_DeviceCookieReplacesTheAccountBucket) {
  LimitsConfig limits;
  const std::vector<LoginLimit> plan = LoginAccountLimits(
      {"mac", "192.0.2.1", "nonce"}, limits, /*captcha_solved=*/false);
  ASSERT_EQ(Keys(plan),
            (std::vector<std::string>{LoginIpKey("192.0.2.1"),
                                      LoginAccountIpKey("mac", "192.0.2.1"),
                                      LoginDeviceKey("nonce")}));
  // The device's own bucket refuses like an address's.
  EXPECT_EQ(plan[2].check.limit, limits.login_per_account_ip);
  EXPECT_EQ(LoginVerdictFor(plan, 2), LoginVerdict::kRefuse);
}

TEST(LoginRules, R7_SessionEndsAfterTheConfiguredFailures) {
  LimitsConfig limits;
  limits.password_change_failures = 3;
  EXPECT_FALSE(PasswordChangeEndsSession(1, limits));
  EXPECT_FALSE(PasswordChangeEndsSession(2, limits));
  EXPECT_TRUE(PasswordChangeEndsSession(3, limits));
  const std::string key = PasswordChangeFailuresKey(crypto::Sha256("s"));
  EXPECT_NE(key, PasswordChangeFailuresKey(crypto::Sha256("t")));
  EXPECT_EQ(key.find('\0'), std::string::npos);
}

}  // namespace
}  // namespace sesame
