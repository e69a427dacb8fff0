#include "recovery/login_rules.h"

namespace sesame {

bool LoginAllowed(const LoginCounts& counts, const LimitsConfig& limits) {
  return counts.account_ip <= limits.login_per_account_ip &&
         counts.account <= limits.login_per_account &&
         counts.ip <= limits.login_per_ip;
}

std::string LoginAccountIpKey(const std::string& login_mac,
                              const std::string& ip) {
  return "login:ai:" + login_mac + ":" + ip;
}

std::string LoginAccountKey(const std::string& login_mac) {
  return "login:a:" + login_mac;
}

std::string LoginIpKey(const std::string& ip) { return "login:ip:" + ip; }

}  // namespace sesame
