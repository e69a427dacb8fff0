// What an Education account keeps of its voter's facts (rules.h says
// which): each a keyed Argon2id digest (PasswordHasher::KeyedDigest, salt
// derived from the server secret), bound to the login, so that a database
// dump without the key gives nothing away and each guess costs one
// Argon2id even with it. None is a lookup key: the account comes from the
// portal session, and the first 10 digits of a NIR are shared by many.
#ifndef SESAME_FLOWS_EDUCATION_FACTS_H_
#define SESAME_FLOWS_EDUCATION_FACTS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/config.h"
#include "crypto/password_hasher.h"
#include "flows/education/rules.h"

namespace sesame {

// The digest of the answer (NormaliseAnswer'd) to question `question_id`.
StatusOr<std::string> AnswerDigest(const Config& config,
                                   crypto::PasswordHasher* hasher,
                                   std::string_view login,
                                   std::string_view question_id,
                                   std::string_view normalised_answer);

// The digest of a NUMEN or a NIR-10 (ParseVoterId'd, no problem).
StatusOr<std::string> VoterIdDigest(const Config& config,
                                    crypto::PasswordHasher* hasher,
                                    std::string_view login, const VoterId& id);

// The digest of a FranceConnect identity pivot as the provider returns it
// (normalised here: NormalisePivot). InvalidArgument when it cannot be
// normalised. The FranceConnect callback compares it, in constant time,
// with Voter::pivot_digest.
StatusOr<std::string> PivotDigest(const Config& config,
                                  crypto::PasswordHasher* hasher,
                                  std::string_view login,
                                  const IdentityPivot& pivot);

// The rate-limit key of the question path's attempts of an account
// ([education] question_attempts an hour). Only the account's own signed-in
// session spends it: the account comes from the session, never from what
// is typed.
std::string QuestionAttemptsKey(int64_t account_id);

}  // namespace sesame

#endif  // SESAME_FLOWS_EDUCATION_FACTS_H_
