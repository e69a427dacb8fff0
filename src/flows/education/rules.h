// Rules of the Education flow (seed 003, the Education ministry's
// elections), no I/O: what a voter types, normalised as a person types it,
// the facts Sésame derives from it, and the new vote code.
//
// A voter signs in to the portal (/login), then opens the vote space with a
// second secret, the « code de vote ». When it was invalidated (too many
// wrong codes, or by an operator), the « réassort » asks for the answer to
// the challenge question (« question Défi ») chosen when the account was
// opened and the NUMEN or the first 10 digits of the NIR (n° de sécurité
// sociale), then sends a single-use link to a personal mobile or a personal
// e-mail address that was typed there and is never stored.
#ifndef SESAME_FLOWS_EDUCATION_RULES_H_
#define SESAME_FLOWS_EDUCATION_RULES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sesame {

// --- The challenge question (« question Défi ») ---

struct ChallengeQuestion {
  const char* id;    // kept in education_voters.question_id
  const char* text;  // shown to the voter
};

// The fixed list a voter chooses from when the account is opened.
const std::vector<ChallengeQuestion>& ChallengeQuestions();
// The question of `id`, or nullptr.
const ChallengeQuestion* FindQuestion(std::string_view id);

// An answer as compared: letters lower-cased and stripped of their accents
// (« Citroën » and « citroen » match), apostrophes made plain, runs of
// spaces (tabs, non-breaking spaces) one space, none at either end.
std::string NormaliseAnswer(std::string_view typed);
// Answers shorter than this (once normalised) are refused at enrolment.
inline constexpr size_t kMinAnswerLength = 2;

// --- NUMEN or the NIR's first 10 digits ---

enum class VoterIdKind { kNumen, kNir10 };

enum class VoterIdProblem {
  kNone,
  kEmpty,
  kNumenFormat,    // letters where a NUMEN has them, but not its shape
  kNirLength,      // digits, but not 10 of them (a full NIR, say)
  kNirSex,         // first digit not 1, 2, 7 or 8
  kNirMonth,       // not 01-12, nor 20-99 (unknown month, special codes)
  kNirDepartment,  // not 01-99, 2A or 2B
  kFormat,         // anything else
};

struct VoterId {
  VoterIdProblem problem = VoterIdProblem::kNone;
  VoterIdKind kind = VoterIdKind::kNumen;
  std::string canonical;  // upper case, no spaces, dots or dashes
};

// The NUMEN (13 characters: 2 digits, 1 letter, 7 digits, 3 letters,
// e.g. 07E0123456ABC) or the first 10 characters of the NIR (sex 1/2, or
// 7/8 for a temporary number; year; month 01-12, or 20-99 when unknown or
// special; department 01-99, 2A or 2B; the commune's 3 digits), told
// apart by their shape. Spaces, dots and dashes are ignored; letters may
// be typed in lower case.
VoterId ParseVoterId(std::string_view typed);
// The French message for a refused identifier.
std::string VoterIdMessage(VoterIdProblem problem);

// --- The personal channel ---

// True for a French mobile number once NormalisePhone'd (+336, +337), or a
// number of another country (whose plan Sésame does not know).
bool IsMobileNumber(std::string_view e164);
// Whether two addresses are the same mailbox: compared after NormaliseEmail
// and with the local part lower-cased too.
bool SameMailbox(const std::string& a, const std::string& b);

// --- Facts kept as keyed digests (facts.h) ---

// Each is bound to the account's login, so that equal values of two
// voters give different digests.
std::string AnswerFact(std::string_view login, std::string_view question_id,
                       std::string_view normalised_answer);
std::string VoterIdFact(std::string_view login, VoterIdKind kind,
                        std::string_view canonical);

// The FranceConnect identity pivot (OpenID Connect claims family_name,
// given_name, birthdate, birthplace, gender).
struct IdentityPivot {
  std::string family_name;
  std::string given_name;
  std::string birthdate;   // AAAA-MM-JJ
  std::string birthplace;  // INSEE code (5 characters) or empty (abroad)
  std::string gender;      // "male" or "female"
};
// Names upper-cased and stripped of accents, hyphens and apostrophes made
// spaces, spaces collapsed; the birth place upper-cased; the gender
// lower-cased. nullopt when a name is empty, the birth date is not
// AAAA-MM-JJ or the gender is neither "male" nor "female".
std::optional<IdentityPivot> NormalisePivot(const IdentityPivot& pivot);
// "NOM|Prénoms|AAAA-MM-JJ|lieu|male" (the --franceconnect-pivot option and
// import column) -> a pivot, not yet normalised; nullopt for another shape.
std::optional<IdentityPivot> ParsePivotOption(std::string_view text);
// The fact digested for a normalised pivot.
std::string PivotFact(std::string_view login, const IdentityPivot& normalised);

// --- The vote code ---

// A new vote code: 16 symbols drawn from the OS CSPRNG among the letters,
// digits, special characters and accented letters a French (AZERTY)
// keyboard types directly, with at least one letter, one digit and one
// special character (the seed's « 2Ly?TcP0:M$9hàUg »).
std::string NewVoteCode();
inline constexpr size_t kVoteCodeLength = 16;
// The symbols of a vote code (each one code point; UTF-8).
const std::vector<std::string>& VoteCodeSymbols();
// A typed vote code as compared: surrounding spaces removed, accented
// letters typed as a letter and a combining accent composed.
std::string NormaliseVoteCode(std::string_view typed);

// --- The code's display ---

// What the code slip holds: the code and when its display ends (Unix
// seconds).
struct CodeSlip {
  std::string code;
  int64_t until = 0;
};
std::string EncodeCodeSlip(const CodeSlip& slip);
std::optional<CodeSlip> DecodeCodeSlip(std::string_view text);

// "14 h 05 min 09 s": the Paris wall-clock time (CET/CEST) of Unix time `t`.
std::string ParisTime(int64_t t);

}  // namespace sesame

#endif  // SESAME_FLOWS_EDUCATION_RULES_H_
