// `sesame totp SECRET_BASE32`: what an authenticator app would show now.
#include <ctime>
#include <iostream>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "crypto/totp.h"

namespace sesame {

int RunTotp(const Args& args) {
  if (args.size() != 1) {
    std::cerr << "usage: sesame totp SECRET_BASE32\n";
    return 2;
  }
  std::optional<std::string> secret = crypto::Base32Decode(args[0]);
  if (!secret.has_value() || secret->empty()) {
    std::cerr << "sesame totp: the secret is not base32 (RFC 4648: A-Z and "
                 "2-7, as `sesame officer add` prints it)\n";
    return 2;
  }
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  const int64_t left = crypto::kTotpStepSeconds -
                       (now - crypto::TotpStep(now) * crypto::kTotpStepSeconds);
  std::cout << crypto::TotpCode(*secret, crypto::TotpStep(now)) << "  (" << left
            << " s left)\n";
  return 0;
}

}  // namespace sesame
