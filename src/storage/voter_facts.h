// What the Education flow keeps of a voter, written with the account
// (NewAccount::voter) in the education_voters table (sql/010): every fact
// only as a digest. The flow's rules and facts (src/flows/education/) say
// how each is made.
#ifndef SESAME_STORAGE_VOTER_FACTS_H_
#define SESAME_STORAGE_VOTER_FACTS_H_

#include <string>

namespace sesame {

struct VoterFacts {
  // The vote code's Argon2id PHC string; empty: none yet.
  std::string vote_code_hash;
  // The challenge question (« question Défi ») chosen, by its id in the
  // flow's list, and its answer's keyed Argon2id digest; both empty until
  // chosen (at enrolment or on the activation page).
  std::string question_id;
  std::string answer_digest;
  // Keyed digests of the NUMEN, the first 10 digits of the NIR, and the
  // FranceConnect identity pivot; each may be empty.
  std::string numen_digest;
  std::string nir_digest;
  std::string pivot_digest;
  // The account-opening link (/education/activation): SHA-256 of its token
  // and its lifetime; empty when none is sent.
  std::string activation_token_hash;
  int activation_ttl_seconds = 0;
};

}  // namespace sesame

#endif  // SESAME_STORAGE_VOTER_FACTS_H_
