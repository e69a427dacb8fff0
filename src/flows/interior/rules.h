// Rules of the Interior-ministry flow (seed 002, elections of the ministry's
// agents), no I/O: what an agent types, normalised as a person types it, and
// the facts Sésame derives from it.
//
// An agent is known by a matricule (on the back of the agent card), a birth
// date, a security key handed over with the account (the « code de
// sécurité » of the sign-in page) and a password. The « donnée secrète de
// réassort » of the online regeneration is the 6 first characters of the
// agent card number followed by the 6 last characters of the IBAN: Sésame
// derives it at enrolment and keeps only a keyed Argon2id digest of
// (matricule, birth date, secret) — never the card number nor the IBAN.
#ifndef SESAME_FLOWS_INTERIOR_RULES_H_
#define SESAME_FLOWS_INTERIOR_RULES_H_

#include <optional>
#include <string>
#include <string_view>

namespace sesame {

// A calendar date (proleptic Gregorian).
struct CivilDate {
  int year = 0;
  int month = 0;  // 1-12
  int day = 0;    // 1-31
};

// Why a typed birth date is refused.
enum class BirthDateProblem {
  kNone,
  kEmpty,       // nothing typed
  kFormat,      // not JJ/MM/AAAA (nor one of the accepted variants)
  kImpossible,  // 31/02/1980, 00/01/1980, 12/13/1980
  kTooOld,      // before 01/01/1900
  kFuture,      // after `today`
};

struct BirthDate {
  BirthDateProblem problem = BirthDateProblem::kNone;
  CivilDate date;         // when problem == kNone
  std::string canonical;  // "JJ/MM/AAAA" (zero-padded), when kNone
};

// A birth date as a person types it: day, month and year separated by "/",
// "-", "." or " " (surrounding spaces trimmed; day and month of 1 or 2
// digits, year of 4: "1/2/1980", "01-02-1980", "01.02.1980"), or 8 digits
// run together ("01021980"). Refused when impossible, before 1900 or after
// `today`.
BirthDate ParseBirthDate(std::string_view typed, const CivilDate& today);

// The French message of a problem (« Saisissez votre date de naissance. »,
// « ... au format JJ/MM/AAAA ... », « Cette date n'existe pas. », ...);
// empty for kNone.
std::string BirthDateMessage(BirthDateProblem problem);

// The matricule: 1 to 12 ASCII digits once the surrounding spaces are
// trimmed (kept as typed, leading zeros included). nullopt for anything
// else: letters, inner spaces, dashes, more than 12 digits, empty.
inline constexpr size_t kMaxMatriculeDigits = 12;
std::optional<std::string> NormaliseMatricule(std::string_view typed);

// The agent card number: spaces and dashes removed, letters upper-cased;
// 6 to 32 characters of [A-Z0-9]. nullopt otherwise.
std::optional<std::string> NormaliseCardNumber(std::string_view typed);

// Why an IBAN is refused at enrolment.
enum class IbanProblem {
  kNone,
  kFormat,       // not 2 letters, 2 digits, then 11 to 30 of [A-Z0-9]
  kCheckDigits,  // ISO 13616 mod-97 check fails
};

struct Iban {
  IbanProblem problem = IbanProblem::kNone;
  std::string normalised;  // "FR7630006000011234567890189", when kNone
};

// An IBAN as typed: spaces and dashes removed, letters upper-cased, then
// its shape and its check digits (mod 97 == 1) verified.
Iban NormaliseIban(std::string_view typed);

// « Donnée secrète de réassort »: the 6 first characters of the normalised
// card number followed by the 6 last of the normalised IBAN
// ("A1B2C3" + "A01201"). Both arguments already normalised.
inline constexpr size_t kReassortSecretLength = 12;
std::string DeriveReassortSecret(std::string_view card_number,
                                 std::string_view iban);

// The secret as an agent types it on the regeneration form: spaces and
// dashes removed, letters upper-cased; exactly 12 of [A-Z0-9]. nullopt
// otherwise (11 or 13 characters, other symbols).
std::optional<std::string> NormaliseReassortSecret(std::string_view typed);

// The security key (« code de sécurité »): 12 symbols of an alphabet
// without look-alikes (no 0/O, 1/I/L), shown in groups of 4
// ("K7QX-M3TD-9WRA"), from the OS CSPRNG.
inline constexpr size_t kSecurityKeyLength = 12;
std::string NewSecurityKey();
// A typed key: spaces and dashes removed, letters upper-cased; exactly
// kSecurityKeyLength symbols of NewSecurityKey()'s alphabet, else nullopt.
std::optional<std::string> NormaliseSecurityKey(std::string_view typed);
// "K7QXM3TD9WRA" -> "K7QX-M3TD-9WRA".
std::string GroupSecurityKey(std::string_view key);

// The values whose keyed digests the account keeps (each input already
// normalised; the separator cannot occur in them):
// - the matricule alone, to find an agent at the desk;
std::string MatriculeFact(std::string_view matricule);
// - matricule and birth date, to find the agent signing in;
std::string IdentityFact(std::string_view matricule,
                         std::string_view birth_canonical);
// - matricule and security key, checked after the identity;
std::string SecurityKeyFact(std::string_view matricule, std::string_view key);
// - matricule, birth date and the réassort secret (Argon2id, keyed).
std::string ReassortFact(std::string_view matricule,
                         std::string_view birth_canonical,
                         std::string_view secret);

}  // namespace sesame

#endif  // SESAME_FLOWS_INTERIOR_RULES_H_
