#include "recovery/password_policy.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zxcvbn.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <unordered_set>

#include "core/utf8.h"
#include "crypto/crypto.h"

namespace sesame {
namespace {

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool ContainsFolded(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return false;
  return AsciiLower(haystack).find(AsciiLower(needle)) != std::string::npos;
}

std::string EmailLocalPart(const std::string& email) {
  size_t at = email.find('@');
  return at == std::string::npos ? email : email.substr(0, at);
}

// "SHA1HEX" or "SHA1HEX:count": the first line of a Pwned Passwords file.
bool IsHexSha1Line(std::string_view line) {
  if (line.size() < 40 || (line.size() > 40 && line[40] != ':')) return false;
  for (int i = 0; i < 40; ++i) {
    if (!isxdigit(static_cast<unsigned char>(line[i]))) return false;
  }
  return true;
}

// Common French passwords and words, missing from zxcvbn's English
// dictionaries; given to it as user words so that they count as guessable.
const char* const kFrenchWords[] = {
    "azerty",         "azertyuiop",  "motdepasse", "mot2passe", "bonjour",
    "soleil",         "doudou",      "chouchou",   "loulou",    "coucou",
    "jetaime",        "amour",       "chocolat",   "marseille", "paris",
    "france",         "bienvenue",   "secret",     "sesame",    "princesse",
    "nicolas",        "julien",      "camille",    "vacances",  "famille",
    "printemps",      "automne",     "papillon",   "tresor",    "poulette",
    "administrateur", "utilisateur", "connexion",  "accueil",   "bisous",
};

// Above this many lines a plain list must be converted to the sorted SHA-1
// format, which is searched on disk instead of held in memory.
constexpr size_t kMaxPlainLines = 1000000;

// The words zxcvbn should treat as known: the user's own and French ones.
std::vector<std::string> GuessableWords(const PasswordContext& context,
                                        const std::string& local) {
  std::vector<std::string> words = {context.login, local, context.email,
                                    context.organisation, context.display_name};
  // Each word of the names too ("Jean Dupont" -> "jean", "dupont").
  for (const std::string* name :
       {&context.organisation, &context.display_name, &local}) {
    std::string word;
    for (char c : *name + " ") {
      if (c == ' ' || c == '.' || c == '-' || c == '_' || c == '\'') {
        if (word.size() >= 3) words.push_back(AsciiLower(word));
        word.clear();
      } else {
        word.push_back(c);
      }
    }
  }
  for (const char* w : kFrenchWords) words.emplace_back(w);
  return words;
}

}  // namespace

// The operator's list of refused passwords.
class PasswordBlocklist {
 public:
  ~PasswordBlocklist() {
    if (fd_ >= 0) close(fd_);
  }

  Status Open(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return Status::InvalidArgument("cannot read the password blocklist " +
                                     path + ": " + std::strerror(errno));
    }
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (IsHexSha1Line(line)) {
      fd_ = open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd_ < 0) {
        return Status::InvalidArgument("cannot open " + path + ": " +
                                       std::strerror(errno));
      }
      struct stat st;
      if (fstat(fd_, &st) != 0) {
        return Status::InvalidArgument("cannot stat " + path);
      }
      size_ = st.st_size;
      return Status::Ok();
    }
    size_t lines = 0;
    do {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      if (++lines > kMaxPlainLines) {
        return Status::InvalidArgument(
            path +
            " has more than a million lines: use the sorted "
            "\"SHA1HEX:count\" format, searched on disk");
      }
      digests_.insert(crypto::Sha1Hex(line));
    } while (std::getline(in, line));
    return Status::Ok();
  }

  bool Contains(std::string_view password) const {
    std::string digest = crypto::Sha1Hex(password);
    if (fd_ < 0) return digests_.count(digest) != 0;
    return SearchFile(digest);
  }

 private:
  // Binary search over byte offsets of the sorted file. Invariant: `lo` is
  // the start of a line and the wanted line, if any, starts in [lo, hi).
  bool SearchFile(const std::string& digest) const {
    off_t lo = 0, hi = size_;
    while (hi - lo > 4096) {
      off_t mid = lo + (hi - lo) / 2;
      off_t start = NextLineStart(mid);
      if (start >= hi) {
        hi = mid;  // no line starts in [mid, hi)
        continue;
      }
      off_t next = 0;
      std::string line = ReadLine(start, &next);
      int cmp = CompareHash(line, digest);
      if (cmp == 0) return true;
      if (cmp < 0) {
        lo = next;
      } else {
        hi = mid;  // no line starts in [mid, start)
      }
    }
    // A few kilobytes left: scan the lines that start in [lo, hi).
    while (lo < hi && lo < size_) {
      off_t next = 0;
      std::string line = ReadLine(lo, &next);
      if (CompareHash(line, digest) == 0) return true;
      if (next <= lo) break;
      lo = next;
    }
    return false;
  }

  // <0, 0, >0 as the line's hash sorts before, equals or after `digest`.
  static int CompareHash(const std::string& line, const std::string& digest) {
    std::string hash = line.substr(0, 40);
    for (char& c : hash) c = static_cast<char>(toupper(c));
    return hash.compare(digest);
  }

  // The first line start at or after `pos`.
  off_t NextLineStart(off_t pos) const {
    if (pos <= 0) return 0;
    char buf[256];
    off_t at = pos - 1;
    while (at < size_) {
      ssize_t n = pread(fd_, buf, sizeof buf, at);
      if (n <= 0) return size_;
      for (ssize_t i = 0; i < n; ++i) {
        if (buf[i] == '\n') return at + i + 1;
      }
      at += n;
    }
    return size_;
  }

  // The line starting at `start` without its CR/LF; *next is the start of
  // the following line.
  std::string ReadLine(off_t start, off_t* next) const {
    std::string line;
    char buf[256];
    off_t at = start;
    while (at < size_) {
      ssize_t n = pread(fd_, buf, sizeof buf, at);
      if (n <= 0) break;
      for (ssize_t i = 0; i < n; ++i) {
        if (buf[i] == '\n') {
          *next = at + i + 1;
          if (!line.empty() && line.back() == '\r') line.pop_back();
          return line;
        }
        line.push_back(buf[i]);
      }
      at += n;
      if (line.size() > 4096) break;  // not a hash line
    }
    *next = std::max<off_t>(at, start + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }

  int fd_ = -1;
  off_t size_ = 0;
  std::unordered_set<std::string> digests_;
};

PasswordPolicy::PasswordPolicy(const SecurityConfig& config)
    : min_length_(config.password_min_length),
      max_length_(config.password_max_length),
      min_score_(config.password_min_score),
      blocklist_path_(config.password_blocklist_file) {}

PasswordPolicy::~PasswordPolicy() = default;

Status PasswordPolicy::Load() {
  if (blocklist_path_.empty()) return Status::Ok();
  auto list = std::make_shared<PasswordBlocklist>();
  SESAME_RETURN_IF_ERROR(list->Open(blocklist_path_));
  blocklist_ = std::move(list);
  return Status::Ok();
}

bool PasswordPolicy::InBlocklist(std::string_view password) const {
  return blocklist_ != nullptr && blocklist_->Contains(password);
}

int PasswordPolicy::Score(std::string_view password,
                          const std::vector<std::string>& user_words) {
  std::string pw(password);
  std::vector<const char*> dict;
  for (const std::string& w : user_words) {
    if (!w.empty()) dict.push_back(w.c_str());
  }
  dict.push_back(nullptr);
  double bits = ZxcvbnMatch(pw.c_str(), dict.data(), nullptr);
  // zxcvbn's score thresholds on the number of guesses (2^bits).
  double log10_guesses = bits * std::log10(2.0);
  if (log10_guesses < 3) return 0;
  if (log10_guesses < 6) return 1;
  if (log10_guesses < 8) return 2;
  if (log10_guesses < 10) return 3;
  return 4;
}

std::vector<PasswordProblem> PasswordPolicy::Check(
    std::string_view password, std::string_view confirmation,
    const PasswordContext& context) const {
  using Code = PasswordProblem::Code;
  std::vector<PasswordProblem> problems;
  // Length first, on bytes then characters: a huge input costs nothing.
  if (password.size() > static_cast<size_t>(max_length_) * 4) {
    problems.push_back(
        {Code::kTooLong, "Le mot de passe ne doit pas dépasser " +
                             std::to_string(max_length_) + " caractères."});
    return problems;
  }
  if (!IsValidUtf8(password)) {
    problems.push_back({Code::kInvalidText,
                        "Le mot de passe contient des caractères illisibles."});
    return problems;
  }
  for (unsigned char c : password) {
    if (c < 0x20 || c == 0x7f) {
      problems.push_back(
          {Code::kInvalidText,
           "Le mot de passe ne doit pas contenir de caractère de contrôle."});
      return problems;
    }
  }
  size_t length = Utf8Length(password);
  if (length < static_cast<size_t>(min_length_)) {
    problems.push_back(
        {Code::kTooShort, "Le mot de passe doit contenir au moins " +
                              std::to_string(min_length_) + " caractères."});
  } else if (length > static_cast<size_t>(max_length_)) {
    problems.push_back(
        {Code::kTooLong, "Le mot de passe ne doit pas dépasser " +
                             std::to_string(max_length_) + " caractères."});
  }
  if (password != confirmation) {
    problems.push_back(
        {Code::kMismatch, "Les deux mots de passe ne sont pas identiques."});
  }
  if (!problems.empty()) return problems;

  std::string local = EmailLocalPart(context.email);
  if (context.login.size() >= 3 && ContainsFolded(password, context.login)) {
    problems.push_back({Code::kContainsLogin,
                        "Le mot de passe ne doit pas contenir votre "
                        "identifiant."});
  }
  if (local.size() >= 3 && ContainsFolded(password, local)) {
    problems.push_back({Code::kContainsEmail,
                        "Le mot de passe ne doit pas contenir votre adresse "
                        "électronique."});
  }
  if (context.organisation.size() >= 3 &&
      ContainsFolded(password, context.organisation)) {
    problems.push_back({Code::kContainsOrganisation,
                        "Le mot de passe ne doit pas contenir le nom « " +
                            context.organisation + " »."});
  }
  if (InBlocklist(password)) {
    problems.push_back({Code::kBlocklisted,
                        "Ce mot de passe figure dans une liste de mots de "
                        "passe connus ou divulgués : choisissez-en un autre."});
  }
  if (problems.empty() &&
      Score(password, GuessableWords(context, local)) < min_score_) {
    problems.push_back({Code::kTooGuessable,
                        "Ce mot de passe est trop facile à deviner. Allongez-"
                        "le, par exemple avec plusieurs mots sans lien entre "
                        "eux."});
  }
  return problems;
}

std::vector<std::string> PasswordPolicy::Rules() const {
  return {
      "contient au moins " + std::to_string(min_length_) +
          " caractères (et au plus " + std::to_string(max_length_) + ") ;",
      "peut contenir tous les caractères, espaces compris : une phrase de "
      "plusieurs mots est plus sûre et plus facile à retenir ;",
      "ne doit contenir ni votre identifiant, ni votre adresse "
      "électronique, ni le nom de l'organisme ;",
      "ne doit pas être un mot de passe courant ou déjà divulgué.",
  };
}

}  // namespace sesame
