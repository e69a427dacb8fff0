#include "recovery/password_policy.h"

#include <fcntl.h>
#include <unistd.h>
#include <zxcvbn.h>

#include <cmath>
#include <fstream>

#include "crypto/crypto.h"
#include "web/request.h"

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

bool IsHexSha1Line(const std::string& line) {
  if (line.size() < 41 || line[40] != ':') return false;
  for (int i = 0; i < 40; ++i) {
    if (!isxdigit(static_cast<unsigned char>(line[i]))) return false;
  }
  return true;
}

// Reads the line that contains byte `pos` (or starts right after it).
std::string LineAt(int fd, long long size, long long pos, long long* start) {
  // Back up to the start of the line.
  long long s = pos;
  char c;
  while (s > 0 && pread(fd, &c, 1, s - 1) == 1 && c != '\n') --s;
  *start = s;
  std::string line;
  char buf[128];
  ssize_t n = pread(fd, buf, sizeof buf, s);
  for (ssize_t i = 0; i < n && s + i < size; ++i) {
    if (buf[i] == '\n' || buf[i] == '\r') break;
    line.push_back(buf[i]);
  }
  return line;
}

}  // namespace

PasswordPolicy::PasswordPolicy(const SecurityConfig& config)
    : min_length_(config.password_min_length),
      max_length_(config.password_max_length),
      min_score_(config.password_min_score),
      blocklist_path_(config.password_blocklist_file) {}

PasswordPolicy::~PasswordPolicy() {
  if (pwned_fd_ >= 0) close(pwned_fd_);
}

Status PasswordPolicy::Load() {
  if (blocklist_path_.empty()) return Status::Ok();
  std::ifstream in(blocklist_path_);
  if (!in) {
    return Status::InvalidArgument("cannot read the password blocklist " +
                                   blocklist_path_);
  }
  std::string first;
  std::getline(in, first);
  if (!first.empty() && first.back() == '\r') first.pop_back();
  if (IsHexSha1Line(first)) {
    pwned_fd_ = open(blocklist_path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (pwned_fd_ < 0) {
      return Status::InvalidArgument("cannot open " + blocklist_path_);
    }
    pwned_size_ = lseek(pwned_fd_, 0, SEEK_END);
    return Status::Ok();
  }
  std::string line = first;
  do {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) blocklist_.insert(crypto::Sha1Hex(line));
  } while (std::getline(in, line));
  return Status::Ok();
}

bool PasswordPolicy::InBlocklist(std::string_view password) const {
  if (blocklist_.empty() && pwned_fd_ < 0) return false;
  std::string digest = crypto::Sha1Hex(password);
  if (!blocklist_.empty()) return blocklist_.count(digest) != 0;
  // Binary search over byte offsets of the sorted "SHA1:count" file.
  long long lo = 0, hi = pwned_size_;
  while (lo < hi) {
    long long mid = lo + (hi - lo) / 2;
    long long start = 0;
    std::string line = LineAt(pwned_fd_, pwned_size_, mid, &start);
    if (line.size() < 40) {
      hi = start;  // trailing empty line
      continue;
    }
    std::string hash = line.substr(0, 40);
    for (char& c : hash) c = static_cast<char>(toupper(c));
    int cmp = hash.compare(digest);
    if (cmp == 0) return true;
    if (cmp < 0) {
      lo = start + static_cast<long long>(line.size()) + 1;
    } else {
      hi = start;
    }
  }
  return false;
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
      Score(password, {context.login, local, context.organisation,
                       context.display_name}) < min_score_) {
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
