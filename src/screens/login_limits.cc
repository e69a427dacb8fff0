#include "screens/login_limits.h"

#include <ctime>

#include "core/metrics.h"
#include "crypto/crypto.h"
#include "recovery/limits.h"
#include "web/app.h"

namespace sesame {
namespace {

constexpr char kDeviceCookie[] = "device";

// The nonce of the request's device cookie when it is `login`'s, or "".
std::string DeviceOf(const Context& ctx, const std::string& login) {
  const std::string& value =
      ctx.request().Cookie(CookieName(ctx.config(), kDeviceCookie));
  if (value.empty()) return "";
  return DeviceCookieNonce(DeviceCookieKey(ctx.config()), login, value,
                           static_cast<int64_t>(std::time(nullptr)));
}

LoginAttempt AttemptOf(const Context& ctx, const std::string& login) {
  return {LimitDigest(ctx.config(), login), ctx.request().client_ip,
          DeviceOf(ctx, login)};
}

// Counts against `limits` (nothing when one is over) and says what follows.
StatusOr<LoginGate> Count(Context& ctx, const std::vector<LoginLimit>& limits) {
  StatusOr<std::optional<size_t>> over =
      ctx.stores().limits->HitWithin(LimitChecks(limits));
  if (!over.ok()) return over.status();
  LoginGate gate;
  gate.verdict = LoginVerdictFor(limits, *over);
  // kSlowDown is not a refusal yet: CountLoginAccount counts again.
  if (gate.verdict == LoginVerdict::kRefuse) {
    metrics::ProcessMetrics::Get().RateLimitRefused(
        metrics::RateLimitKind::kLogin);
  }
  if (gate.verdict != LoginVerdict::kGo) {
    gate.retry_after = limits[**over].check.window_seconds;
  }
  return gate;
}

}  // namespace

StatusOr<LoginGate> CountLoginAddress(Context& ctx) {
  return Count(ctx, LoginAddressLimits(ctx.request().client_ip,
                                       ctx.config().security.limits));
}

StatusOr<LoginGate> CountLoginAccount(Context& ctx, const std::string& login,
                                      bool captcha_solved) {
  const LimitsConfig& limits = ctx.config().security.limits;
  const LoginAttempt attempt = AttemptOf(ctx, login);
  StatusOr<LoginGate> gate =
      Count(ctx, LoginAccountLimits(attempt, limits, captcha_solved));
  if (!gate.ok() || gate->verdict != LoginVerdict::kSlowDown) return gate;
  // Over the account's limit: one attempt per login_slowdown_seconds.
  return Count(ctx, LoginSlowLimits(attempt, limits));
}

std::vector<std::string> LoginFailureKeys(const Context& ctx,
                                          const std::string& login) {
  const LoginAttempt attempt = AttemptOf(ctx, login);
  std::vector<std::string> keys = {
      LoginAccountIpKey(attempt.login_mac, attempt.ip)};
  if (!attempt.device.empty()) keys.push_back(LoginDeviceKey(attempt.device));
  return keys;
}

void ForgetLoginFailures(Context& ctx, const std::string& login) {
  for (const std::string& key : LoginFailureKeys(ctx, login)) {
    (void)ctx.stores().limits->Reset(key);
  }
}

std::string LoginGateMessage(const Context& ctx, const LoginGate& gate) {
  const int s = gate.retry_after;
  const std::string wait =
      s >= 120 ? ctx.T("time_minutes", {{"n", std::to_string((s + 59) / 60)}})
               : ctx.T(s > 1 ? "time_seconds" : "time_second",
                       {{"n", std::to_string(s)}});
  return ctx.T(gate.verdict == LoginVerdict::kSlowDown ? "login_slow_account"
                                                       : "login_slow",
               {{"wait", wait}});
}

std::string DeviceCookieHeader(const Context& ctx, const std::string& login) {
  const std::string value =
      DeviceCookieValue(DeviceCookieKey(ctx.config()), login,
                        crypto::RandomBytes(kDeviceNonceBytes),
                        static_cast<int64_t>(std::time(nullptr)));
  return SetCookieValue(ctx.config(), kDeviceCookie, value,
                        kDeviceCookieDays * 86400, "Strict");
}

}  // namespace sesame
