#include "core/i18n.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace sesame {
namespace {

bool IsKeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

StatusOr<Catalogue> ParseCatalogue(std::string_view text) {
  Catalogue out;
  int number = 0;
  while (!text.empty()) {
    ++number;
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    line = Trim(line);
    if (line.empty() || line.front() == '#') continue;
    const std::string where = "line " + std::to_string(number) + ": ";
    size_t eq = line.find(" = ");
    if (eq == std::string_view::npos) {
      return Status::InvalidArgument(where + "expected `key = text`");
    }
    std::string_view key = Trim(line.substr(0, eq));
    // The text starts right after " = ": a French " :" keeps its space.
    std::string_view value = line.substr(eq + 3);
    if (key.empty() || !std::all_of(key.begin(), key.end(), IsKeyChar)) {
      return Status::InvalidArgument(where + "a key is made of a-z, 0-9, _");
    }
    if (Trim(value).empty()) {
      return Status::InvalidArgument(where + "empty text for " +
                                     std::string(key));
    }
    if (!out.emplace(std::string(key), std::string(value)).second) {
      return Status::InvalidArgument(where +
                                     "key given twice: " + std::string(key));
    }
  }
  return out;
}

std::set<std::string> Placeholders(std::string_view text) {
  std::set<std::string> names;
  size_t at = 0;
  while ((at = text.find('{', at)) != std::string_view::npos) {
    size_t close = text.find('}', at + 1);
    if (close == std::string_view::npos) break;
    std::string_view name = text.substr(at + 1, close - at - 1);
    if (!name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
          return IsKeyChar(c) || (c >= 'A' && c <= 'Z');
        })) {
      names.emplace(name);
    }
    at = close + 1;
  }
  return names;
}

std::string FormatText(
    std::string_view text,
    const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  while (at < text.size()) {
    size_t open = text.find('{', at);
    if (open == std::string_view::npos) break;
    size_t close = text.find('}', open + 1);
    if (close == std::string_view::npos) break;
    std::string_view name = text.substr(open + 1, close - open - 1);
    out.append(text.substr(at, open - at));
    const std::string* value = nullptr;
    for (const auto& [n, v] : values) {
      if (n == name) {
        value = &v;
        break;
      }
    }
    if (value != nullptr) {
      out += *value;
    } else {
      out.append(text.substr(open, close - open + 1));
    }
    at = close + 1;
  }
  out.append(text.substr(std::min(at, text.size())));
  return out;
}

std::vector<std::string> CompareCatalogues(const std::string& reference_name,
                                           const Catalogue& reference,
                                           const std::string& other_name,
                                           const Catalogue& other) {
  std::vector<std::string> problems;
  for (const auto& [key, text] : reference) {
    auto it = other.find(key);
    if (it == other.end()) {
      problems.push_back(key + ": missing in " + other_name);
    } else if (Placeholders(text) != Placeholders(it->second)) {
      problems.push_back(key + ": not the same placeholders in " +
                         reference_name + " and " + other_name);
    }
  }
  for (const auto& [key, text] : other) {
    if (reference.count(key) == 0) {
      problems.push_back(key + ": missing in " + reference_name);
    }
  }
  return problems;
}

std::string ChooseLanguage(const std::vector<std::string>& languages,
                           std::string_view cookie,
                           std::string_view accept_language) {
  if (languages.empty()) return "fr";
  for (const std::string& l : languages) {
    if (l == cookie) return l;
  }
  // Accept-Language: "en-GB,en;q=0.9,fr;q=0.8". The highest q wins; among
  // equals, the first listed.
  std::string best;
  double best_q = 0;
  std::string_view rest =
      accept_language.substr(0, std::min<size_t>(accept_language.size(), 1024));
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view item = Trim(rest.substr(0, comma));
    rest.remove_prefix(comma == std::string_view::npos ? rest.size()
                                                       : comma + 1);
    std::string_view tag = Trim(item.substr(0, item.find(';')));
    double q = 1;
    size_t semi = item.find(';');
    if (semi != std::string_view::npos) {
      std::string_view param = Trim(item.substr(semi + 1));
      if (param.size() < 3 || (param[0] != 'q' && param[0] != 'Q') ||
          param[1] != '=') {
        continue;
      }
      std::string_view number = param.substr(2);
      // 0, 0.x, 1, 1.0 with at most three decimals.
      if (number.empty() || number.size() > 5 ||
          (number[0] != '0' && number[0] != '1') ||
          (number.size() > 1 && number[1] != '.') ||
          !std::all_of(number.begin() + std::min<size_t>(2, number.size()),
                       number.end(),
                       [](char c) { return c >= '0' && c <= '9'; })) {
        continue;
      }
      q = std::stod(std::string(number));
      if (q > 1) continue;
    }
    if (q <= 0) continue;
    std::string primary = Lower(tag.substr(0, tag.find('-')));
    for (const std::string& l : languages) {
      if (l == primary && q > best_q) {
        best = l;
        best_q = q;
      }
    }
  }
  return best.empty() ? languages.front() : best;
}

Status I18n::Load(
    const std::string& dir, const std::vector<std::string>& languages,
    std::map<std::string, std::map<std::string, std::string>> translations) {
  if (languages.empty()) {
    return Status::InvalidArgument("branding.languages: name a language");
  }
  std::map<std::string, Catalogue, std::less<>> catalogues;
  for (const std::string& lang : languages) {
    const std::string file = dir + "/" + lang + ".txt";
    std::ifstream in(file, std::ios::binary);
    if (!in) return Status::NotFound("no catalogue " + file);
    std::stringstream text;
    text << in.rdbuf();
    StatusOr<Catalogue> parsed = ParseCatalogue(text.str());
    if (!parsed.ok()) {
      return Status::InvalidArgument(file + ": " + parsed.status().message());
    }
    catalogues[lang] = *std::move(parsed);
  }
  const Catalogue& reference = catalogues[languages.front()];
  for (size_t i = 1; i < languages.size(); ++i) {
    std::vector<std::string> problems = CompareCatalogues(
        languages.front(), reference, languages[i], catalogues[languages[i]]);
    if (!problems.empty()) {
      std::string all = "catalogues in " + dir + " disagree:";
      for (const std::string& p : problems) all += "\n  " + p;
      return Status::InvalidArgument(all);
    }
  }
  languages_ = languages;
  catalogues_ = std::move(catalogues);
  translations_.clear();
  for (auto& [lang, table] : translations) {
    translations_[lang] = std::move(table);
  }
  default_wording_keys_.clear();
  // The built-in defaults of configured wording are the `wording_*` keys of
  // every catalogue (a French config may run an English default).
  for (const auto& [lang, catalogue] : catalogues_) {
    for (const auto& [key, text] : catalogue) {
      if (key.starts_with("wording_")) default_wording_keys_.emplace(text, key);
    }
  }
  return Status::Ok();
}

const std::string& I18n::default_language() const {
  static const std::string kFrench = "fr";
  return languages_.empty() ? kFrench : languages_.front();
}

const std::string& I18n::Resolve(std::string_view lang) const {
  for (const std::string& l : languages_) {
    if (l == lang) return l;
  }
  return default_language();
}

const Catalogue& I18n::CatalogueOf(std::string_view lang) const {
  static const Catalogue kEmpty;
  auto it = catalogues_.find(Resolve(lang));
  return it == catalogues_.end() ? kEmpty : it->second;
}

const std::string& I18n::Text(std::string_view lang,
                              std::string_view key) const {
  const Catalogue& c = CatalogueOf(lang);
  auto it = c.find(std::string(key));
  if (it != c.end()) return it->second;
  // Unknown: the key itself (kept alive for the caller).
  static thread_local std::string unknown;
  unknown = std::string(key);
  return unknown;
}

std::string I18n::Text(
    std::string_view lang, std::string_view key,
    const std::vector<std::pair<std::string, std::string>>& values) const {
  return FormatText(Text(lang, key), values);
}

bool I18n::Has(std::string_view key) const {
  return CatalogueOf(default_language()).count(std::string(key)) != 0;
}

const std::string& I18n::Wording(std::string_view lang,
                                 const std::string& configured) const {
  const std::string& l = Resolve(lang);
  auto t = translations_.find(l);
  if (t != translations_.end()) {
    auto it = t->second.find(configured);
    if (it != t->second.end()) return it->second;
  }
  auto d = default_wording_keys_.find(configured);
  if (d != default_wording_keys_.end()) {
    const Catalogue& c = CatalogueOf(l);
    auto it = c.find(d->second);
    if (it != c.end()) return it->second;
  }
  return configured;
}

}  // namespace sesame
