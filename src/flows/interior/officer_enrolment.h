// `sesame officer add --login L --bureau B [--email E] [--name N]`: an
// officer of the Interior flow's desk (« président du Bureau de Vote
// Electronique »). The account gets the role officer, the bureau, a
// generated password (16 characters; a real password, not a one-time one:
// officers never use the portal's password change) and a TOTP secret
// sealed under a key derived from the server secret. The operator is
// shown the password, the secret and its otpauth:// URI once.
#ifndef SESAME_FLOWS_INTERIOR_OFFICER_ENROLMENT_H_
#define SESAME_FLOWS_INTERIOR_OFFICER_ENROLMENT_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/config.h"
#include "crypto/password_hasher.h"
#include "storage/types.h"

namespace sesame {

inline constexpr size_t kOfficerPasswordLength = 16;

struct OfficerEnrolment {
  NewAccount account;       // ready for AccountStore::Add
  std::string password;     // to tell the operator once
  std::string totp_base32;  // the secret, as authenticator apps take it
  std::string otpauth_uri;  // the same, for the QR code
};

// InvalidArgument naming the option (login, bureau, email, name) when one
// is unusable; an empty `email` is allowed (the desk mails agents, never
// officers).
StatusOr<OfficerEnrolment> EnrolOfficer(const Config& config,
                                        crypto::PasswordHasher* hasher,
                                        const std::string& login,
                                        const std::string& bureau,
                                        const std::string& email,
                                        const std::string& name);

// An officer's TOTP secret sealed for Account::totp_sealed, and opened back
// (InvalidArgument when it was sealed under another server key).
std::string SealOfficerTotp(const Config& config, std::string_view secret);
StatusOr<std::string> OpenOfficerTotp(const Config& config,
                                      std::string_view sealed);

// A bureau's name as `--bureau` takes it: 1 to 64 characters of UTF-8
// without control characters. nullopt when valid, else why not.
std::optional<std::string> CheckBureau(const std::string& bureau);

}  // namespace sesame

#endif  // SESAME_FLOWS_INTERIOR_OFFICER_ENROLMENT_H_
