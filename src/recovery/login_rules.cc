#include "recovery/login_rules.h"

#include <charconv>
#include <limits>

#include "crypto/crypto.h"

namespace sesame {
namespace {

constexpr int kNoLimit = std::numeric_limits<int>::max();

std::string DeviceMac(std::string_view key, std::string_view issued,
                      std::string_view nonce_text, const std::string& login) {
  std::string data = "device|1|";
  data.append(issued);
  data += '|';
  data.append(nonce_text);
  data += '|';
  data += login;
  return crypto::Base64UrlEncode(crypto::HmacSha256(key, data));
}

}  // namespace

std::vector<LoginLimit> LoginAddressLimits(const std::string& ip,
                                           const LimitsConfig& limits) {
  return {{{LoginIpKey(ip), limits.login_window_seconds, limits.login_per_ip},
           LoginVerdict::kRefuse}};
}

std::vector<LoginLimit> LoginAccountLimits(const LoginAttempt& attempt,
                                           const LimitsConfig& limits,
                                           bool captcha_solved) {
  const int window = limits.login_window_seconds;
  std::vector<LoginLimit> out;
  if (!captcha_solved) out = LoginAddressLimits(attempt.ip, limits);
  out.push_back({{LoginAccountIpKey(attempt.login_mac, attempt.ip), window,
                  limits.login_per_account_ip},
                 LoginVerdict::kRefuse});
  if (!attempt.device.empty()) {
    // A browser that signed in before: not counted against the account,
    // but against its own cookie, so that a stolen cookie is no way around
    // the account's limit either.
    out.push_back(
        {{LoginDeviceKey(attempt.device), window, limits.login_per_account_ip},
         LoginVerdict::kRefuse});
  } else {
    out.push_back({{LoginAccountKey(attempt.login_mac), window,
                    captcha_solved ? kNoLimit : limits.login_per_account},
                   LoginVerdict::kSlowDown});
  }
  return out;
}

std::vector<LoginLimit> LoginSlowLimits(const LoginAttempt& attempt,
                                        const LimitsConfig& limits) {
  std::vector<LoginLimit> out = LoginAddressLimits(attempt.ip, limits);
  out.push_back({{LoginAccountIpKey(attempt.login_mac, attempt.ip),
                  limits.login_window_seconds, limits.login_per_account_ip},
                 LoginVerdict::kRefuse});
  out.push_back(
      {{LoginSlowKey(attempt.login_mac), limits.login_slowdown_seconds, 1},
       LoginVerdict::kSlowDown});
  return out;
}

std::vector<LimitCheck> LimitChecks(const std::vector<LoginLimit>& limits) {
  std::vector<LimitCheck> checks;
  for (const LoginLimit& limit : limits) checks.push_back(limit.check);
  return checks;
}

LoginVerdict LoginVerdictFor(const std::vector<LoginLimit>& limits,
                             std::optional<size_t> over) {
  if (!over) return LoginVerdict::kGo;
  if (*over >= limits.size()) return LoginVerdict::kRefuse;
  return limits[*over].when_over;
}

std::string LoginAccountIpKey(const std::string& login_mac,
                              const std::string& ip) {
  return "login:ai:" + login_mac + ":" + ip;
}

std::string LoginAccountKey(const std::string& login_mac) {
  return "login:a:" + login_mac;
}

std::string LoginIpKey(const std::string& ip) { return "login:ip:" + ip; }

std::string LoginDeviceKey(const std::string& device) {
  return "login:d:" + device;
}

std::string LoginSlowKey(const std::string& login_mac) {
  return "login:slow:" + login_mac;
}

std::string DeviceCookieKey(const Config& config) {
  return crypto::DeriveKey(config.security.secret_key, "device-cookie");
}

std::string DeviceCookieValue(std::string_view key, const std::string& login,
                              std::string_view nonce, int64_t issued) {
  const std::string issued_text = std::to_string(issued);
  const std::string nonce_text = crypto::Base64UrlEncode(nonce);
  return "1." + issued_text + "." + nonce_text + "." +
         DeviceMac(key, issued_text, nonce_text, login);
}

std::string DeviceCookieNonce(std::string_view key, const std::string& login,
                              std::string_view value, int64_t now) {
  // "1." issued "." nonce "." mac, each part non-empty.
  if (value.size() > 200 || value.substr(0, 2) != "1.") return "";
  std::string_view rest = value.substr(2);
  const size_t dot1 = rest.find('.');
  if (dot1 == std::string_view::npos) return "";
  const size_t dot2 = rest.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos) return "";
  const std::string_view issued_text = rest.substr(0, dot1);
  const std::string_view nonce_text = rest.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string_view mac = rest.substr(dot2 + 1);
  int64_t issued = 0;
  auto [end, ec] = std::from_chars(
      issued_text.data(), issued_text.data() + issued_text.size(), issued);
  if (issued_text.empty() || ec != std::errc() ||
      end != issued_text.data() + issued_text.size()) {
    return "";
  }
  std::string nonce;
  if (!crypto::Base64UrlDecode(nonce_text, &nonce) ||
      nonce.size() != kDeviceNonceBytes) {
    return "";
  }
  if (!crypto::ConstantTimeEquals(
          mac, DeviceMac(key, issued_text, nonce_text, login))) {
    return "";
  }
  if (issued > now || now - issued > int64_t{kDeviceCookieDays} * 86400) {
    return "";
  }
  return std::string(nonce_text);
}

std::string PasswordChangeFailuresKey(const std::string& session_hash) {
  return "pwchange:s:" + crypto::HexEncode(session_hash);
}

bool PasswordChangeEndsSession(int failures, const LimitsConfig& limits) {
  return failures >= limits.password_change_failures;
}

}  // namespace sesame
