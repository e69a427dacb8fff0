// PasswordPolicy: what a new password must be, without I/O except the
// optional blocklist file opened once by Load().
//
// Rules (ASVS 2.1, NIST 800-63B): a length in characters between the
// configured bounds (12 to 128 by default), any Unicode, spaces and emoji
// included, no composition rules and no truncation; refused when zxcvbn
// scores it under the configured minimum, when it contains the identifier,
// the e-mail's local part or the organisation name, or when it is in the
// operator's blocklist. Every refusal says why, in French.
#ifndef SESAME_RECOVERY_PASSWORD_POLICY_H_
#define SESAME_RECOVERY_PASSWORD_POLICY_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/status.h"

namespace sesame {

// Words the password must not contain.
struct PasswordContext {
  std::string login;
  std::string email;
  std::string organisation;
  std::string display_name;
};

struct PasswordProblem {
  enum class Code {
    kTooShort,
    kTooLong,
    kInvalidText,
    kMismatch,
    kTooGuessable,
    kContainsLogin,
    kContainsEmail,
    kContainsOrganisation,
    kBlocklisted,
  };
  Code code;
  std::string message;  // French, for the screen
};

class PasswordBlocklist;  // password_policy.cc

class PasswordPolicy {
 public:
  explicit PasswordPolicy(const SecurityConfig& config);
  ~PasswordPolicy();

  // Opens the blocklist when one is configured: plain lines (one password a
  // line, under a million) are loaded as SHA-1 digests; a sorted Pwned
  // Passwords file ("SHA1HEX:count" lines) stays on disk and is searched by
  // bisection. InvalidArgument naming the file when it cannot be used.
  Status Load();

  // Every problem of `password` (empty when it is acceptable). The length is
  // checked first, so an over-long input costs nothing more. Thread-safe.
  std::vector<PasswordProblem> Check(std::string_view password,
                                     std::string_view confirmation,
                                     const PasswordContext& context) const;

  // The rules, in French, to show next to the form before any attempt.
  std::vector<std::string> Rules() const;

  // zxcvbn's 0-4 score of `password` (exposed for tests).
  static int Score(std::string_view password,
                   const std::vector<std::string>& user_words);

 private:
  bool InBlocklist(std::string_view password) const;

  int min_length_;
  int max_length_;
  int min_score_;
  std::string blocklist_path_;
  // Shared, immutable once loaded: copies of the policy share one open file.
  std::shared_ptr<const PasswordBlocklist> blocklist_;
};

}  // namespace sesame

#endif  // SESAME_RECOVERY_PASSWORD_POLICY_H_
