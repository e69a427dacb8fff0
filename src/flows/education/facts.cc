#include "flows/education/facts.h"

#include "crypto/crypto.h"

namespace sesame {
namespace {

StatusOr<std::string> Digest(const Config& config,
                             crypto::PasswordHasher* hasher,
                             std::string_view fact) {
  const std::string salt =
      crypto::DeriveKey(config.security.secret_key, "education-facts")
          .substr(0, 16);
  return hasher->KeyedDigest(salt, fact);
}

}  // namespace

StatusOr<std::string> AnswerDigest(const Config& config,
                                   crypto::PasswordHasher* hasher,
                                   std::string_view login,
                                   std::string_view question_id,
                                   std::string_view normalised_answer) {
  return Digest(config, hasher,
                AnswerFact(login, question_id, normalised_answer));
}

StatusOr<std::string> VoterIdDigest(const Config& config,
                                    crypto::PasswordHasher* hasher,
                                    std::string_view login, const VoterId& id) {
  return Digest(config, hasher, VoterIdFact(login, id.kind, id.canonical));
}

StatusOr<std::string> PivotDigest(const Config& config,
                                  crypto::PasswordHasher* hasher,
                                  std::string_view login,
                                  const IdentityPivot& pivot) {
  std::optional<IdentityPivot> normalised = NormalisePivot(pivot);
  if (!normalised) {
    return Status::InvalidArgument(
        "identity pivot: family_name, given_name, birthdate (AAAA-MM-JJ) "
        "and gender (male or female) are needed");
  }
  return Digest(config, hasher, PivotFact(login, *normalised));
}

std::string QuestionAttemptsKey(int64_t account_id) {
  return "education:question:account:" + std::to_string(account_id);
}

}  // namespace sesame
