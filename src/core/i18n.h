// Languages: the message catalogues (html/i18n/<lang>.txt, one `key = text`
// a line) every page, mail and SMS takes its words from, the choice of a
// request's language, and the translations of configured wording.
#ifndef SESAME_CORE_I18N_H_
#define SESAME_CORE_I18N_H_

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace sesame {

// One language's texts, by key.
using Catalogue = std::map<std::string, std::string>;

// Parses a catalogue file's text: `key = text` lines (keys are [a-z0-9_];
// the text is everything after " = ", so "colon =  :" keeps a leading
// space), blank lines and `#` comments. A duplicated key, a line without ` = `,
// a bad key or an empty text is an error naming the line.
StatusOr<Catalogue> ParseCatalogue(std::string_view text);

// The placeholders of a text: "{hours}" -> {"hours"}.
std::set<std::string> Placeholders(std::string_view text);

// `text` with each {name} of `values` replaced (others left as they are).
std::string FormatText(
    std::string_view text,
    const std::vector<std::pair<std::string, std::string>>& values);

// What is wrong between `reference` (the first language's) and `other`:
// keys missing on either side, placeholders that differ. Empty when they
// agree.
std::vector<std::string> CompareCatalogues(const std::string& reference_name,
                                           const Catalogue& reference,
                                           const std::string& other_name,
                                           const Catalogue& other);

// The language of a request among `languages` (the first is the default):
// the `cookie` when it names one of them, else the best of Accept-Language
// (q-values honoured, "en-GB" matches "en", q=0 refuses), else the first.
std::string ChooseLanguage(const std::vector<std::string>& languages,
                           std::string_view cookie,
                           std::string_view accept_language);

// The catalogues of the configured languages and the deployment's
// translations of its own wording ([translations.<lang>]).
class I18n {
 public:
  // Reads <dir>/<lang>.txt for every language of `languages` (the first is
  // the default and the reference) and checks they agree.
  Status Load(const std::string& dir, const std::vector<std::string>& languages,
              std::map<std::string, std::map<std::string, std::string>>
                  translations = {});

  const std::vector<std::string>& languages() const { return languages_; }
  const std::string& default_language() const;
  // `lang` when configured, else the default language.
  const std::string& Resolve(std::string_view lang) const;
  // The text of `key` in `lang` (the key itself when unknown: a test checks
  // every key used exists).
  const std::string& Text(std::string_view lang, std::string_view key) const;
  std::string Text(
      std::string_view lang, std::string_view key,
      const std::vector<std::pair<std::string, std::string>>& values) const;
  bool Has(std::string_view key) const;
  const Catalogue& CatalogueOf(std::string_view lang) const;

  // Configured wording (an organisation's name, a flow's mail subject) in
  // `lang`: the deployment's translation of that exact text when it gives
  // one, else the built-in one when the text is a built-in default (a key
  // `wording_*` of the default language's catalogue), else as configured.
  const std::string& Wording(std::string_view lang,
                             const std::string& configured) const;

 private:
  std::vector<std::string> languages_;
  std::map<std::string, Catalogue, std::less<>> catalogues_;
  std::map<std::string, std::map<std::string, std::string>, std::less<>>
      translations_;
  std::map<std::string, std::string> default_wording_keys_;  // text -> key
};

}  // namespace sesame

#endif  // SESAME_CORE_I18N_H_
