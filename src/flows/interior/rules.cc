#include "flows/interior/rules.h"

#include <tuple>

#include "crypto/crypto.h"

namespace sesame {
namespace {

// The security key's symbols: digits and upper-case letters without the
// look-alikes 0/O and 1/I/L (31 symbols, 12 of them: 59 bits).
constexpr std::string_view kSecurityKeyAlphabet =
    "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

// Separates the parts of a fact: no normalised input holds it (digits,
// [A-Z0-9], "JJ/MM/AAAA").
constexpr char kFactSeparator = '|';

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

// Spaces and dashes removed, ASCII letters upper-cased; every other byte
// kept for the caller's check to refuse.
std::string Compact(std::string_view typed) {
  std::string out;
  out.reserve(typed.size());
  for (char c : typed) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    out.push_back(c);
  }
  return out;
}

bool AllUpperAlnum(std::string_view s) {
  for (char c : s) {
    if (!IsDigit(c) && !IsUpper(c)) return false;
  }
  return true;
}

bool IsLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

// The value of a run of 1 to 8 ASCII digits.
int DigitsValue(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

// Reads `count_min` to `count_max` digits at the front of `s`, removing
// them; false when there are fewer than `count_min` or more than
// `count_max` digits in a row.
bool TakeDigits(std::string_view* s, size_t count_min, size_t count_max,
                int* value) {
  size_t n = 0;
  while (n < s->size() && IsDigit((*s)[n])) ++n;
  if (n < count_min || n > count_max) return false;
  *value = DigitsValue(s->substr(0, n));
  s->remove_prefix(n);
  return true;
}

bool TakeSeparator(std::string_view* s) {
  if (s->empty()) return false;
  char c = s->front();
  if (c != '/' && c != '-' && c != '.' && c != ' ') return false;
  s->remove_prefix(1);
  return true;
}

std::string TwoDigits(int n) {
  return std::string(1, static_cast<char>('0' + n / 10)) +
         static_cast<char>('0' + n % 10);
}

}  // namespace

BirthDate ParseBirthDate(std::string_view typed, const CivilDate& today) {
  BirthDate out;
  std::string_view s = TrimSpaces(typed);
  if (s.empty()) {
    out.problem = BirthDateProblem::kEmpty;
    return out;
  }
  int day = 0, month = 0, year = 0;
  bool shaped = false;
  if (s.size() == 8 && TakeDigits(&s, 8, 8, &year)) {
    // "01021980": the digits were read as one number; split them again.
    day = year / 1000000;
    month = year / 10000 % 100;
    year = year % 10000;
    shaped = true;
  } else {
    shaped = TakeDigits(&s, 1, 2, &day) && TakeSeparator(&s) &&
             TakeDigits(&s, 1, 2, &month) && TakeSeparator(&s) &&
             TakeDigits(&s, 4, 4, &year) && s.empty();
  }
  if (!shaped) {
    out.problem = BirthDateProblem::kFormat;
    return out;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) {
    out.problem = BirthDateProblem::kImpossible;
    return out;
  }
  if (year < 1900) {
    out.problem = BirthDateProblem::kTooOld;
    return out;
  }
  if (std::tie(year, month, day) >
      std::tie(today.year, today.month, today.day)) {
    out.problem = BirthDateProblem::kFuture;
    return out;
  }
  out.date = {year, month, day};
  out.canonical =
      TwoDigits(day) + "/" + TwoDigits(month) + "/" + std::to_string(year);
  return out;
}

std::string BirthDateMessage(BirthDateProblem problem) {
  switch (problem) {
    case BirthDateProblem::kNone:
      return "";
    case BirthDateProblem::kEmpty:
      return "Saisissez votre date de naissance.";
    case BirthDateProblem::kFormat:
      return "Saisissez votre date de naissance au format JJ/MM/AAAA "
             "(exemple : 01/02/1980).";
    case BirthDateProblem::kImpossible:
      return "Cette date n'existe pas : vérifiez le jour et le mois.";
    case BirthDateProblem::kTooOld:
      return "La date de naissance ne peut pas être antérieure au "
             "1er janvier 1900.";
    case BirthDateProblem::kFuture:
      return "La date de naissance ne peut pas être dans le futur.";
  }
  return "";
}

std::optional<std::string> NormaliseMatricule(std::string_view typed) {
  std::string_view s = TrimSpaces(typed);
  if (s.empty() || s.size() > kMaxMatriculeDigits) return std::nullopt;
  for (char c : s) {
    if (!IsDigit(c)) return std::nullopt;
  }
  return std::string(s);
}

std::optional<std::string> NormaliseCardNumber(std::string_view typed) {
  std::string card = Compact(typed);
  if (card.size() < 6 || card.size() > 32 || !AllUpperAlnum(card)) {
    return std::nullopt;
  }
  return card;
}

Iban NormaliseIban(std::string_view typed) {
  Iban out;
  std::string iban = Compact(typed);
  if (iban.size() < 15 || iban.size() > 34 || !IsUpper(iban[0]) ||
      !IsUpper(iban[1]) || !IsDigit(iban[2]) || !IsDigit(iban[3]) ||
      !AllUpperAlnum(iban)) {
    out.problem = IbanProblem::kFormat;
    return out;
  }
  // ISO 13616: the country and check digits moved to the end, each letter
  // read as 10..35, the number mod 97 is 1. Check digits 00, 01 and 99 are
  // never issued (00 and 01 would pass as 97 and 98 do).
  const int check = (iban[2] - '0') * 10 + (iban[3] - '0');
  int rest = 0;
  const std::string rotated = iban.substr(4) + iban.substr(0, 4);
  for (char c : rotated) {
    if (IsDigit(c)) {
      rest = (rest * 10 + (c - '0')) % 97;
    } else {
      rest = (rest * 100 + (c - 'A' + 10)) % 97;
    }
  }
  if (rest != 1 || check < 2 || check > 98) {
    out.problem = IbanProblem::kCheckDigits;
    return out;
  }
  out.normalised = std::move(iban);
  return out;
}

std::string DeriveReassortSecret(std::string_view card_number,
                                 std::string_view iban) {
  constexpr size_t kHalf = kReassortSecretLength / 2;
  if (card_number.size() < kHalf || iban.size() < kHalf) return "";
  return std::string(card_number.substr(0, kHalf)) +
         std::string(iban.substr(iban.size() - kHalf));
}

std::optional<std::string> NormaliseReassortSecret(std::string_view typed) {
  std::string secret = Compact(typed);
  if (secret.size() != kReassortSecretLength || !AllUpperAlnum(secret)) {
    return std::nullopt;
  }
  return secret;
}

std::string NewSecurityKey() {
  return crypto::RandomString(kSecurityKeyLength, kSecurityKeyAlphabet);
}

std::optional<std::string> NormaliseSecurityKey(std::string_view typed) {
  std::string key = Compact(typed);
  if (key.size() != kSecurityKeyLength) return std::nullopt;
  for (char c : key) {
    if (kSecurityKeyAlphabet.find(c) == std::string_view::npos) {
      return std::nullopt;
    }
  }
  return key;
}

std::string GroupSecurityKey(std::string_view key) {
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back('-');
    out.push_back(key[i]);
  }
  return out;
}

// Each fact starts with its kind, so that facts of two kinds never meet.
std::string MatriculeFact(std::string_view matricule) {
  return "matricule" + std::string(1, kFactSeparator) + std::string(matricule);
}

std::string IdentityFact(std::string_view matricule,
                         std::string_view birth_canonical) {
  return "identity" + std::string(1, kFactSeparator) + std::string(matricule) +
         kFactSeparator + std::string(birth_canonical);
}

std::string SecurityKeyFact(std::string_view matricule, std::string_view key) {
  return "security-key" + std::string(1, kFactSeparator) +
         std::string(matricule) + kFactSeparator + std::string(key);
}

std::string ReassortFact(std::string_view matricule,
                         std::string_view birth_canonical,
                         std::string_view secret) {
  return "reassort" + std::string(1, kFactSeparator) + std::string(matricule) +
         kFactSeparator + std::string(birth_canonical) + kFactSeparator +
         std::string(secret);
}

}  // namespace sesame
