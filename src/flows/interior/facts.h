// What an Interior account keeps of its agent's facts (rules.h says which),
// each as an AccountIdentifier: a digest under a key derived from the
// server secret, so that a database dump without the key gives nothing
// away.
//
// - kMatriculeKind, kIdentityKind, kSecurityKeyKind: HMAC-SHA256 (the
//   sign-in checks them on every attempt, which then costs one Argon2id,
//   the password's, and no more);
// - kReassortKind: a keyed Argon2id (PasswordHasher::KeyedDigest) of the
//   matricule, the birth date and the réassort secret: the knowledge
//   factors of the online regeneration, each guess one Argon2id even with
//   the key.
#ifndef SESAME_FLOWS_INTERIOR_FACTS_H_
#define SESAME_FLOWS_INTERIOR_FACTS_H_

#include <string>
#include <string_view>

#include "core/config.h"
#include "crypto/password_hasher.h"

namespace sesame {

inline constexpr char kMatriculeKind[] = "interior.matricule";
inline constexpr char kIdentityKind[] = "interior.identity";
inline constexpr char kSecurityKeyKind[] = "interior.key";
inline constexpr char kReassortKind[] = "interior.reassort";

// The HMAC digest of `fact` (rules.h's *Fact) as an identifier of `kind`.
std::string FactDigest(const Config& config, std::string_view kind,
                       std::string_view fact);

// The keyed Argon2id digest of ReassortFact(...).
StatusOr<std::string> ReassortDigest(const Config& config,
                                     crypto::PasswordHasher* hasher,
                                     std::string_view reassort_fact);

// The rate-limit key counting, per matricule, the regeneration requests
// whose facts matched no agent (whether an agent has that matricule or
// not): past [interior] regeneration_failures in an hour, the online
// regeneration of that matricule stops for the hour.
std::string RegenerationFailuresKey(const Config& config,
                                    std::string_view matricule);

}  // namespace sesame

#endif  // SESAME_FLOWS_INTERIOR_FACTS_H_
