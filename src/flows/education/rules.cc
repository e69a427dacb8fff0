#include "flows/education/rules.h"

#include <cctype>
#include <ctime>

#include "crypto/crypto.h"
#include "recovery/account_fields.h"

namespace sesame {
namespace {

// Decodes the code point at s[*i] (valid or not: a bad byte is taken
// alone) and moves *i past it.
uint32_t NextCodePoint(std::string_view s, size_t* i) {
  const unsigned char c = static_cast<unsigned char>(s[*i]);
  const int extra = c < 0x80         ? 0
                    : (c >> 5) == 6  ? 1
                    : (c >> 4) == 14 ? 2
                    : (c >> 3) == 30 ? 3
                                     : -1;
  if (extra == 0) {
    ++*i;
    return c;
  }
  if (extra < 0 || *i + static_cast<size_t>(extra) >= s.size()) {
    ++*i;
    return 0xFFFD;
  }
  uint32_t cp = c & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    const unsigned char n = static_cast<unsigned char>(s[*i + k]);
    if ((n & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (n & 0x3F);
  }
  *i += static_cast<size_t>(extra) + 1;
  return cp;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsSpace(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 ||
         cp == 0x202F || cp == 0x2009;
}

// The lower-case, accent-free ASCII of a Latin letter (Latin-1 and the
// French œ, æ), "" for a combining accent, or nullopt for anything else.
std::optional<std::string> FoldLatin(uint32_t cp) {
  if (cp < 0x80) {
    return std::string(1,
                       static_cast<char>(std::tolower(static_cast<int>(cp))));
  }
  if (cp >= 0x300 && cp <= 0x36F) return std::string();
  switch (cp) {
    case 0xC0:
    case 0xC1:
    case 0xC2:
    case 0xC3:
    case 0xC4:
    case 0xC5:
    case 0xE0:
    case 0xE1:
    case 0xE2:
    case 0xE3:
    case 0xE4:
    case 0xE5:
      return "a";
    case 0xC7:
    case 0xE7:
      return "c";
    case 0xC8:
    case 0xC9:
    case 0xCA:
    case 0xCB:
    case 0xE8:
    case 0xE9:
    case 0xEA:
    case 0xEB:
      return "e";
    case 0xCC:
    case 0xCD:
    case 0xCE:
    case 0xCF:
    case 0xEC:
    case 0xED:
    case 0xEE:
    case 0xEF:
      return "i";
    case 0xD1:
    case 0xF1:
      return "n";
    case 0xD2:
    case 0xD3:
    case 0xD4:
    case 0xD5:
    case 0xD6:
    case 0xD8:
    case 0xF2:
    case 0xF3:
    case 0xF4:
    case 0xF5:
    case 0xF6:
    case 0xF8:
      return "o";
    case 0xD9:
    case 0xDA:
    case 0xDB:
    case 0xDC:
    case 0xF9:
    case 0xFA:
    case 0xFB:
    case 0xFC:
      return "u";
    case 0xDD:
    case 0xFD:
    case 0xFF:
    case 0x178:
      return "y";
    case 0xC6:
    case 0xE6:
      return "ae";
    case 0x152:
    case 0x153:
      return "oe";
    case 0xDF:
      return "ss";
    case 0x2019:
    case 0x2018:
    case 0x2BC:
      return "'";
    default:
      return std::nullopt;
  }
}

// Folds `typed` as NormaliseAnswer does; `upper` upper-cases the ASCII
// result, `punct_to_space` makes hyphens and apostrophes spaces (names).
std::string Fold(std::string_view typed, bool upper, bool punct_to_space) {
  std::string out;
  bool pending_space = false;
  size_t i = 0;
  while (i < typed.size()) {
    const uint32_t cp = NextCodePoint(typed, &i);
    std::string piece;
    if (IsSpace(cp)) {
      pending_space = true;
      continue;
    }
    if (std::optional<std::string> f = FoldLatin(cp)) {
      piece = *f;
    } else {
      AppendUtf8(cp, &piece);
    }
    if (punct_to_space && (piece == "-" || piece == "'")) {
      pending_space = true;
      continue;
    }
    if (piece.empty()) continue;
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    if (upper) {
      for (char& c : piece) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      }
    }
    out += piece;
  }
  return out;
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}
bool AllLetters(std::string_view s) {
  for (char c : s) {
    if (c < 'A' || c > 'Z') return false;
  }
  return !s.empty();
}

// Letters (no look-alike pairs removed: the code is copied from the screen
// within a minute or two), digits, the special characters of an AZERTY
// keyboard's own keys (no quotes, backslash, backtick or spaces, which
// people mistype or forms mangle) and its accented letters.
const char* const kSymbols[] = {
    "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "m", "n", "p",
    "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "A", "B", "C", "D",
    "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "Q", "R", "S", "T",
    "U", "V", "W", "X", "Y", "Z", "2", "3", "4", "5", "6", "7", "8", "9",
    "0", "!", "$", "%", "*", ":", ";", ",", "?", ".", "/", "+", "=", "-",
    "_", "(", ")", "@", "#", "&", "é", "è", "à", "ç", "ù"};

enum class SymbolClass { kLetter, kDigit, kSpecial };
SymbolClass ClassOf(const std::string& s) {
  const unsigned char c = static_cast<unsigned char>(s[0]);
  if (c >= '0' && c <= '9') return SymbolClass::kDigit;
  if (std::isalpha(c) || c >= 0x80) return SymbolClass::kLetter;
  return SymbolClass::kSpecial;
}

}  // namespace

const std::vector<ChallengeQuestion>& ChallengeQuestions() {
  static const std::vector<ChallengeQuestion> questions = {
      {"voiture", "Quelle était la marque de votre première voiture ?"},
      {"animal", "Quel était le nom de votre premier animal de compagnie ?"},
      {"ecole", "Quel était le nom de votre école primaire ?"},
      {"ville_parents",
       "Dans quelle ville vos parents se sont-ils rencontrés ?"},
      {"ami", "Quel est le prénom de votre meilleur ami d'enfance ?"},
      {"livre", "Quel est le titre du premier livre qui vous a marqué ?"},
  };
  return questions;
}

const ChallengeQuestion* FindQuestion(std::string_view id) {
  for (const ChallengeQuestion& q : ChallengeQuestions()) {
    if (id == q.id) return &q;
  }
  return nullptr;
}

std::string NormaliseAnswer(std::string_view typed) {
  return Fold(typed, false, false);
}

VoterId ParseVoterId(std::string_view typed) {
  VoterId id;
  std::string s;
  for (char c : typed) {
    if (c == ' ' || c == '.' || c == '-' || c == '\t') continue;
    s.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  if (s.empty()) {
    id.problem = VoterIdProblem::kEmpty;
    return id;
  }
  // A NUMEN has a letter in third place; a NIR never does.
  if (s.size() >= 3 && s[2] >= 'A' && s[2] <= 'Z') {
    if (s.size() == 13 && AllDigits(s.substr(0, 2)) &&
        AllDigits(s.substr(3, 7)) && AllLetters(s.substr(10, 3))) {
      id.kind = VoterIdKind::kNumen;
      id.canonical = s;
    } else {
      id.problem = VoterIdProblem::kNumenFormat;
    }
    return id;
  }
  id.kind = VoterIdKind::kNir10;
  // Digits, with 2A or 2B in the department's place.
  bool shape = true;
  for (size_t k = 0; k < s.size(); ++k) {
    const bool corsica =
        k == 6 && s.size() >= 7 && s[5] == '2' && (s[6] == 'A' || s[6] == 'B');
    if (!(s[k] >= '0' && s[k] <= '9') && !corsica) shape = false;
  }
  if (!shape) {
    id.problem = VoterIdProblem::kFormat;
    return id;
  }
  if (s.size() != 10) {
    id.problem = VoterIdProblem::kNirLength;
    return id;
  }
  if (s[0] != '1' && s[0] != '2' && s[0] != '7' && s[0] != '8') {
    id.problem = VoterIdProblem::kNirSex;
    return id;
  }
  const int month = (s[3] - '0') * 10 + (s[4] - '0');
  if (!((month >= 1 && month <= 12) || month >= 20)) {
    id.problem = VoterIdProblem::kNirMonth;
    return id;
  }
  const std::string dept = s.substr(5, 2);
  if (dept == "00") {
    id.problem = VoterIdProblem::kNirDepartment;
    return id;
  }
  id.canonical = s;
  return id;
}

std::string VoterIdMessage(VoterIdProblem problem) {
  switch (problem) {
    case VoterIdProblem::kNone:
      return "";
    case VoterIdProblem::kEmpty:
      return "Saisissez votre NUMEN ou les 10 premiers chiffres de votre "
             "numéro de sécurité sociale.";
    case VoterIdProblem::kNumenFormat:
      return "Le NUMEN compte 13 caractères : 2 chiffres, 1 lettre, 7 "
             "chiffres et 3 lettres (par exemple 07E0123456ABC).";
    case VoterIdProblem::kNirLength:
      return "Saisissez seulement les 10 premiers chiffres de votre numéro "
             "de sécurité sociale.";
    case VoterIdProblem::kNirSex:
      return "Le numéro de sécurité sociale commence par 1 ou 2 : vérifiez "
             "le premier chiffre.";
    case VoterIdProblem::kNirMonth:
      return "Les 4e et 5e chiffres du numéro de sécurité sociale sont le "
             "mois de naissance (01 à 12, ou 20 et plus) : vérifiez-les.";
    case VoterIdProblem::kNirDepartment:
      return "Les 6e et 7e caractères du numéro de sécurité sociale sont le "
             "département de naissance (01 à 99, 2A ou 2B) : vérifiez-les.";
    case VoterIdProblem::kFormat:
      break;
  }
  return "Saisissez votre NUMEN (13 caractères) ou les 10 premiers chiffres "
         "de votre numéro de sécurité sociale (2A ou 2B pour la Corse).";
}

bool IsMobileNumber(std::string_view e164) {
  if (e164.rfind("+33", 0) != 0) return e164.size() > 1 && e164[0] == '+';
  return e164.size() == 12 && (e164[3] == '6' || e164[3] == '7');
}

bool SameMailbox(const std::string& a, const std::string& b) {
  auto lower = [](std::string s) {
    for (char& c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
  };
  return lower(NormaliseEmail(a)) == lower(NormaliseEmail(b));
}

std::string AnswerFact(std::string_view login, std::string_view question_id,
                       std::string_view normalised_answer) {
  return "answer\n" + std::string(login) + "\n" + std::string(question_id) +
         "\n" + std::string(normalised_answer);
}

std::string VoterIdFact(std::string_view login, VoterIdKind kind,
                        std::string_view canonical) {
  return std::string(kind == VoterIdKind::kNumen ? "numen\n" : "nir10\n") +
         std::string(login) + "\n" + std::string(canonical);
}

std::optional<IdentityPivot> NormalisePivot(const IdentityPivot& p) {
  IdentityPivot n;
  n.family_name = Fold(p.family_name, true, true);
  n.given_name = Fold(p.given_name, true, true);
  n.birthdate = Fold(p.birthdate, false, false);
  n.birthplace = Fold(p.birthplace, true, false);
  n.gender = Fold(p.gender, false, false);
  if (n.family_name.empty() || n.given_name.empty()) return std::nullopt;
  const std::string& d = n.birthdate;
  if (d.size() != 10 || d[4] != '-' || d[7] != '-' ||
      !AllDigits(d.substr(0, 4)) || !AllDigits(d.substr(5, 2)) ||
      !AllDigits(d.substr(8, 2))) {
    return std::nullopt;
  }
  if (n.gender != "male" && n.gender != "female") return std::nullopt;
  return n;
}

std::optional<IdentityPivot> ParsePivotOption(std::string_view text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t bar = text.find('|', start);
    parts.emplace_back(text.substr(start, bar - start));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  if (parts.size() != 5) return std::nullopt;
  return IdentityPivot{parts[0], parts[1], parts[2], parts[3], parts[4]};
}

std::string PivotFact(std::string_view login, const IdentityPivot& n) {
  return "pivot\n" + std::string(login) + "\n" + n.family_name + "\n" +
         n.given_name + "\n" + n.birthdate + "\n" + n.birthplace + "\n" +
         n.gender;
}

const std::vector<std::string>& VoteCodeSymbols() {
  static const std::vector<std::string> symbols(std::begin(kSymbols),
                                                std::end(kSymbols));
  return symbols;
}

std::string NewVoteCode() {
  const std::vector<std::string>& symbols = VoteCodeSymbols();
  // One index character per symbol; RandomString draws them without bias.
  std::string index;
  for (size_t k = 0; k < symbols.size(); ++k) {
    index.push_back(static_cast<char>(0x21 + k));
  }
  while (true) {
    const std::string drawn = crypto::RandomString(kVoteCodeLength, index);
    std::string code;
    bool letter = false, digit = false, special = false;
    for (char c : drawn) {
      const std::string& s = symbols[static_cast<size_t>(c - 0x21)];
      switch (ClassOf(s)) {
        case SymbolClass::kLetter:
          letter = true;
          break;
        case SymbolClass::kDigit:
          digit = true;
          break;
        case SymbolClass::kSpecial:
          special = true;
          break;
      }
      code += s;
    }
    if (letter && digit && special) return code;
  }
}

std::string NormaliseVoteCode(std::string_view typed) {
  size_t b = typed.find_first_not_of(' ');
  size_t e = typed.find_last_not_of(' ');
  if (b == std::string_view::npos) return "";
  typed = typed.substr(b, e - b + 1);
  std::string out;
  size_t i = 0;
  while (i < typed.size()) {
    const uint32_t cp = NextCodePoint(typed, &i);
    uint32_t composed = cp;
    if (i < typed.size()) {
      size_t j = i;
      const uint32_t next = NextCodePoint(typed, &j);
      if (next == 0x301 && cp == 'e') composed = 0xE9;
      if (next == 0x300 && cp == 'e') composed = 0xE8;
      if (next == 0x300 && cp == 'a') composed = 0xE0;
      if (next == 0x300 && cp == 'u') composed = 0xF9;
      if (next == 0x327 && cp == 'c') composed = 0xE7;
      if (composed != cp) i = j;
    }
    AppendUtf8(composed, &out);
  }
  return out;
}

std::string EncodeCodeSlip(const CodeSlip& slip) {
  return std::to_string(slip.until) + "\n" + slip.code;
}

std::optional<CodeSlip> DecodeCodeSlip(std::string_view text) {
  size_t nl = text.find('\n');
  if (nl == std::string_view::npos || nl == 0 ||
      !AllDigits(text.substr(0, nl)) || nl + 1 >= text.size()) {
    return std::nullopt;
  }
  CodeSlip slip;
  slip.until = std::stoll(std::string(text.substr(0, nl)));
  slip.code = std::string(text.substr(nl + 1));
  return slip;
}

std::string ParisTime(int64_t t) {
  // CEST from the last Sunday of March, 01:00 UTC, to the last Sunday of
  // October, 01:00 UTC; CET otherwise.
  auto last_sunday = [](int year, int month) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month;  // the first day of the next month
    tm.tm_mday = 1;
    tm.tm_hour = 1;
    const time_t first = timegm(&tm);
    std::tm check{};
    gmtime_r(&first, &check);
    const int back = check.tm_wday == 0 ? 7 : check.tm_wday;
    return static_cast<int64_t>(first) - back * 86400;
  };
  const time_t tt = static_cast<time_t>(t);
  std::tm utc{};
  gmtime_r(&tt, &utc);
  const int year = utc.tm_year + 1900;
  const bool summer = t >= last_sunday(year, 3) && t < last_sunday(year, 10);
  const time_t local = tt + (summer ? 7200 : 3600);
  std::tm lt{};
  gmtime_r(&local, &lt);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d h %02d min %02d s", lt.tm_hour,
                lt.tm_min, lt.tm_sec);
  return buf;
}

}  // namespace sesame
