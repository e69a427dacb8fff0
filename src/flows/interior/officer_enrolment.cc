#include "flows/interior/officer_enrolment.h"

#include "core/utf8.h"
#include "crypto/crypto.h"
#include "crypto/totp.h"
#include "flows/interior/settings.h"
#include "recovery/account_fields.h"

namespace sesame {
namespace {

constexpr size_t kMaxBureauCharacters = 64;

std::string TotpKey(const Config& config) {
  return crypto::DeriveKey(config.security.secret_key, "totp");
}

}  // namespace

std::string SealOfficerTotp(const Config& config, std::string_view secret) {
  return crypto::Seal(TotpKey(config), secret);
}

StatusOr<std::string> OpenOfficerTotp(const Config& config,
                                      std::string_view sealed) {
  return crypto::Open(TotpKey(config), sealed);
}

std::optional<std::string> CheckBureau(const std::string& bureau) {
  if (bureau.empty()) return "empty (an officer acts only in its bureau)";
  if (!IsValidUtf8(bureau)) return "not valid UTF-8";
  size_t characters = 0;
  for (unsigned char c : bureau) {
    if (c < 0x20 || c == 0x7f) return "holds a control character";
    if ((c & 0xC0) != 0x80) ++characters;
  }
  if (characters > kMaxBureauCharacters) return "longer than 64 characters";
  return std::nullopt;
}

StatusOr<OfficerEnrolment> EnrolOfficer(const Config& config,
                                        crypto::PasswordHasher* hasher,
                                        const std::string& login,
                                        const std::string& bureau,
                                        const std::string& email,
                                        const std::string& name) {
  OfficerEnrolment e;
  NewAccount& a = e.account;
  if (auto problem = CheckLogin(login)) {
    return Status::InvalidArgument("login: " + *problem);
  }
  a.login = login;
  if (auto problem = CheckBureau(bureau)) {
    return Status::InvalidArgument("bureau: " + *problem);
  }
  a.bureau = bureau;
  a.email = NormaliseEmail(email);
  if (!a.email.empty()) {
    if (auto problem = CheckEmail(a.email)) {
      return Status::InvalidArgument("email: " + *problem);
    }
  }
  if (auto problem = CheckDisplayName(name)) {
    return Status::InvalidArgument("name: " + *problem);
  }
  a.display_name = name;
  a.role = kRoleOfficer;
  e.password = NewTemporaryPassword(kOfficerPasswordLength);
  StatusOr<std::string> phc = hasher->Hash(e.password);
  if (!phc.ok()) return phc.status();
  a.password_hash = *phc;
  const std::string secret = crypto::NewTotpSecret();
  a.totp_sealed = SealOfficerTotp(config, secret);
  e.totp_base32 = crypto::Base32Encode(secret);
  e.otpauth_uri = crypto::OtpauthUri(
      config.BrandingFor(kInteriorFlow).organisation, login, secret);
  return e;
}

}  // namespace sesame
