#include "web/renderer.h"

#include <ctemplate/template.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <optional>
#include <string_view>
#include <vector>

#include "crypto/crypto.h"

namespace sesame {
namespace {

void Fill(const PageData& data, ctemplate::TemplateDictionary* dict) {
  for (const auto& [name, value] : data.values()) {
    dict->SetValue(name, value);
  }
  for (const auto& [name, entries] : data.sections()) {
    for (const PageData& entry : entries) {
      Fill(entry, dict->AddSectionDictionary(name));
    }
  }
}

// `text` for HTML text and double-quoted attributes: & < > " escaped, the
// apostrophe kept as the templates always wrote it.
std::string EscapeHtml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Sets `texts` as {{T_<key>:none}}, seen by the template and the ones it
// includes; {NAME} placeholders take the values of `values` (the page's
// own first). The texts (and what fills their placeholders) are escaped
// here for `html` templates, so that templates show them with :none; text
// templates (mail/*.txt.tpl) get them as they are. A text without
// placeholders is not copied: the renderer keeps it.
void SetTexts(const std::vector<const CtemplateRenderer::Text*>& texts,
              const std::vector<const PageData*>& values, bool html,
              ctemplate::TemplateDictionary* dict) {
  for (const CtemplateRenderer::Text* t : texts) {
    if (t->placeholders.empty()) {
      dict->SetTemplateGlobalValueWithoutCopy(t->name,
                                              html ? t->html : t->text);
      continue;
    }
    std::vector<std::pair<std::string, std::string>> fill;
    for (const std::string& p : t->placeholders) {
      for (const PageData* v : values) {
        if (v->values().count(p) != 0) {
          fill.emplace_back(p, v->Get(p));
          break;
        }
      }
    }
    const std::string filled = FormatText(t->text, fill);
    dict->SetTemplateGlobalValue(t->name, html ? EscapeHtml(filled) : filled);
  }
}

// The templates a page of `template_name` is drawn with: the layout, the
// page, and what every page includes (html/errors.tpl, html/captcha.tpl).
std::vector<std::string> PageTemplates(const std::string& layout,
                                       const std::string& template_name) {
  return {layout, template_name, "errors.tpl", "captcha.tpl"};
}

// How many pages Render keeps drawn (a few kilobytes each), and how many
// pages drawn once it remembers (a hash each).
constexpr size_t kMaxDrawn = 512;
constexpr size_t kMaxSeen = 4096;

// Whether `value` shows as it is in an HTML attribute (a CSRF token:
// base64url), so that it can be put where the stand-in was drawn.
bool ShowsAsItIs(const std::string& value) {
  return !value.empty() &&
         std::all_of(value.begin(), value.end(), [](unsigned char c) {
           return std::isalnum(c) || c == '-' || c == '_';
         });
}

// `drawn` with `csrf` in place of the stand-in of `stand_in_size` bytes.
std::string WithCsrf(const std::string& html, const std::vector<size_t>& at,
                     size_t stand_in_size, const std::string& csrf) {
  std::string out;
  out.reserve(html.size() + at.size() * csrf.size());
  size_t from = 0;
  for (size_t offset : at) {
    out.append(html, from, offset - from);
    out += csrf;
    from = offset + stand_in_size;
  }
  out.append(html, from, std::string::npos);
  return out;
}

// Appends `s` to `key`, length first (no two inputs give one key).
void AppendKey(const std::string& s, std::string* key) {
  *key += std::to_string(s.size());
  *key += ':';
  *key += s;
}

// Appends what of `data` the templates can show: the values and sections
// whose names appear in `names`.
void AppendKey(const PageData& data, const std::set<std::string>& names,
               std::string* key) {
  for (const auto& [name, value] : data.values()) {
    if (names.count(name) == 0) continue;
    AppendKey(name, key);
    AppendKey(value, key);
  }
  for (const auto& [name, entries] : data.sections()) {
    if (names.count(name) == 0) continue;
    AppendKey(name, key);
    *key += std::to_string(entries.size()) + '[';
    for (const PageData& entry : entries) {
      AppendKey(entry, names, key);
      *key += ']';
    }
  }
  *key += ';';
}

}  // namespace

CtemplateRenderer::CtemplateRenderer(const std::string& templates_dir)
    : templates_dir_(templates_dir),
      i18n_dir_(templates_dir + "/i18n"),
      csrf_stand_in_(crypto::NewToken()) {
  ctemplate::mutable_default_template_cache()->SetTemplateRootDirectory(
      templates_dir);
  loaded_ = i18n_.Load(i18n_dir_, {"fr", "en"});
}

Status CtemplateRenderer::LoadLanguages(
    const std::vector<std::string>& languages,
    const std::map<std::string, std::map<std::string, std::string>>&
        translations) {
  std::lock_guard<std::mutex> lock(mu_);
  drawn_.clear();
  seen_.clear();
  sets_.clear();
  texts_.clear();
  loaded_ = i18n_.Load(i18n_dir_, languages, translations);
  return loaded_;
}

const std::set<std::string>& CtemplateRenderer::MarkersOf(
    const std::string& name) {
  auto it = markers_.find(name);
  if (it != markers_.end()) return it->second;
  std::set<std::string>& markers = markers_[name];
  std::ifstream in(templates_dir_ + "/" + name, std::ios::binary);
  const std::string source((std::istreambuf_iterator<char>(in)),
                           std::istreambuf_iterator<char>());
  // {{NAME}}, {{#NAME}}, {{^NAME}}, {{/NAME}}, {{>NAME}}, {{NAME:mod}}.
  for (size_t at = source.find("{{"); at != std::string::npos;
       at = source.find("{{", at)) {
    at += 2;
    if (at < source.size() &&
        std::string_view("#^/>").find(source[at]) != std::string_view::npos) {
      ++at;
    }
    while (at < source.size() && source[at] == ' ') ++at;
    const size_t begin = at;
    while (at < source.size() &&
           (std::isalnum(static_cast<unsigned char>(source[at])) ||
            source[at] == '_')) {
      ++at;
    }
    if (at > begin) markers.insert(source.substr(begin, at - begin));
  }
  return markers;
}

const CtemplateRenderer::TemplateSet& CtemplateRenderer::SetOf(
    const std::string& lang, const std::vector<std::string>& names) {
  const Catalogue* catalogue = &i18n_.CatalogueOf(lang);
  std::string joined;
  for (const std::string& name : names) joined += name + "\n";
  // mu_ is held by the caller.
  auto found = sets_.find({catalogue, joined});
  if (found != sets_.end()) return found->second;
  std::map<std::string, Text>& texts = texts_[catalogue];
  if (texts.empty()) {
    for (const auto& [key, text] : *catalogue) {
      Text& t = texts[key];
      t.name = "T_" + key;
      t.text = text;
      t.placeholders = Placeholders(text);
      t.html = EscapeHtml(text);
    }
  }
  TemplateSet& set = sets_[{catalogue, joined}];
  for (const std::string& name : names) {
    for (const std::string& marker : MarkersOf(name)) {
      if (!set.names.insert(marker).second) continue;
      if (!marker.starts_with("T_")) continue;
      auto t = texts.find(marker.substr(2));
      if (t != texts.end()) set.texts.push_back(&t->second);
    }
  }
  // The values that fill the texts' {placeholders} show too.
  for (const Text* t : set.texts) {
    set.names.insert(t->placeholders.begin(), t->placeholders.end());
  }
  return set;
}

Status CtemplateRenderer::Preload(const std::vector<std::string>& names) {
  if (!loaded_.ok()) return loaded_;
  for (const std::string& name : names) {
    if (ctemplate::Template::GetTemplate(name, ctemplate::STRIP_BLANK_LINES) ==
        nullptr) {
      return Status::Internal("template does not load: " + name);
    }
  }
  return Status::Ok();
}

bool CtemplateRenderer::Shows(const std::string& layout,
                              const std::string& template_name,
                              const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  return SetOf("", PageTemplates(layout, template_name)).names.count(name) != 0;
}

StatusOr<std::string> CtemplateRenderer::Render(const std::string& layout,
                                                const Page& page,
                                                const PageData& common,
                                                const std::string& lang) {
  std::unique_lock<std::mutex> lock(mu_);
  const TemplateSet& set =
      SetOf(lang, PageTemplates(layout, page.template_name));
  // A page that shows a CSRF token is drawn, and kept, with the stand-in
  // in its place; the visitor's own token goes in last.
  const bool shows_csrf = set.names.count("CSRF") != 0;
  const std::string& csrf = common.Get("CSRF");
  const bool keepable = !shows_csrf || ShowsAsItIs(csrf);
  std::optional<PageData> drawn_common;
  if (shows_csrf && keepable) {
    drawn_common = common;
    drawn_common->Set("CSRF", csrf_stand_in_);
  }
  const PageData& shown = drawn_common ? *drawn_common : common;
  std::string key;
  if (keepable) {
    AppendKey(layout, &key);
    AppendKey(page.template_name, &key);
    AppendKey(i18n_.Resolve(lang), &key);
    AppendKey(page.title, &key);
    AppendKey(page.data, set.names, &key);
    AppendKey(shown, set.names, &key);
    auto drawn = drawn_.find(key);
    if (drawn != drawn_.end()) {
      return WithCsrf(drawn->second.html, drawn->second.csrf_at,
                      csrf_stand_in_.size(), csrf);
    }
  }
  lock.unlock();
  ctemplate::TemplateDictionary dict("page");
  SetTexts(set.texts, {&page.data, &shown}, /*html=*/true, &dict);
  Fill(shown, &dict);
  dict.SetValue("TITLE", page.title);
  ctemplate::TemplateDictionary* body = dict.AddIncludeDictionary("BODY");
  body->SetFilename(page.template_name);
  Fill(shown, body);
  body->SetValue("TITLE", page.title);
  Fill(page.data, body);
  // Every form page shows the shared error summary (html/errors.tpl).
  ctemplate::TemplateDictionary* errors = body->AddIncludeDictionary("ERRORS");
  errors->SetFilename("errors.tpl");
  Fill(page.data, errors);
  // Forms that may ask for a captcha include it (html/captcha.tpl); it shows
  // only when the screen added the CAPTCHA section.
  ctemplate::TemplateDictionary* captcha =
      body->AddIncludeDictionary("CAPTCHA");
  captcha->SetFilename("captcha.tpl");
  Fill(page.data, captcha);
  Drawn drawn;
  if (!ctemplate::ExpandTemplate(layout, ctemplate::STRIP_BLANK_LINES, &dict,
                                 &drawn.html)) {
    return Status::Internal("template expansion failed: " + page.template_name);
  }
  if (!keepable) return drawn.html;
  if (drawn_common) {
    for (size_t at = drawn.html.find(csrf_stand_in_); at != std::string::npos;
         at = drawn.html.find(csrf_stand_in_, at + csrf_stand_in_.size())) {
      drawn.csrf_at.push_back(at);
    }
  }
  std::string out =
      WithCsrf(drawn.html, drawn.csrf_at, csrf_stand_in_.size(), csrf);
  // Kept from its second drawing on.
  const size_t hash = std::hash<std::string>()(key);
  lock.lock();
  if (seen_.erase(hash) != 0) {
    if (drawn_.size() >= kMaxDrawn) drawn_.clear();
    drawn_.emplace(std::move(key), std::move(drawn));
  } else {
    if (seen_.size() >= kMaxSeen) seen_.clear();
    seen_.insert(hash);
  }
  return out;
}

size_t CtemplateRenderer::KeptPages() {
  std::lock_guard<std::mutex> lock(mu_);
  return drawn_.size();
}

StatusOr<std::string> CtemplateRenderer::RenderOne(
    const std::string& template_name, const PageData& data,
    const std::string& lang) {
  ctemplate::TemplateDictionary dict("one");
  std::unique_lock<std::mutex> lock(mu_);
  const TemplateSet& set = SetOf(lang, {template_name});
  lock.unlock();
  SetTexts(set.texts, {&data}, !template_name.ends_with(".txt.tpl"), &dict);
  Fill(data, &dict);
  std::string out;
  if (!ctemplate::ExpandTemplate(template_name, ctemplate::STRIP_BLANK_LINES,
                                 &dict, &out)) {
    return Status::Internal("template expansion failed: " + template_name);
  }
  return out;
}

}  // namespace sesame
