#include <gtest/gtest.h>

#include <ctime>
#include <regex>
#include <string>

#include "cli/commands.h"
#include "crypto/totp.h"

namespace sesame {
namespace {

TEST(TotpCommand, PrintsTheCurrentCodeAndTheSecondsLeft) {
  const std::string secret = "12345678901234567890";
  const int64_t before = crypto::TotpStep(std::time(nullptr));
  testing::internal::CaptureStdout();
  const int rc = RunTotp({"gezd gnbv gy3t qojq gezd gnbv gy3t qojq"});
  const std::string out = testing::internal::GetCapturedStdout();
  const int64_t after = crypto::TotpStep(std::time(nullptr));
  EXPECT_EQ(rc, 0);
  std::smatch m;
  ASSERT_TRUE(
      std::regex_match(out, m, std::regex(R"((\d{6})  \((\d+) s left\)\n)")))
      << out;
  // The step of the moment it ran: the one before the call or after it.
  EXPECT_TRUE(m[1] == crypto::TotpCode(secret, before) ||
              m[1] == crypto::TotpCode(secret, after))
      << out;
  const int left = std::stoi(m[2]);
  EXPECT_GE(left, 1);
  EXPECT_LE(left, crypto::kTotpStepSeconds);
}

TEST(TotpCommand, RefusesWhatIsNotBase32) {
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  EXPECT_EQ(RunTotp({"GEZDGNBVGY3TQOJ0"}), 2);  // 0 is no base32 symbol
  EXPECT_EQ(RunTotp({""}), 2);
  EXPECT_EQ(RunTotp({}), 2);
  EXPECT_EQ(RunTotp({"JBSWY3DPEHPK3PXP", "extra"}), 2);
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "");
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("not base32"), std::string::npos) << err;
}

}  // namespace
}  // namespace sesame
