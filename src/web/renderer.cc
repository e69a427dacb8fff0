#include "web/renderer.h"

#include <ctemplate/template.h>

#include <vector>

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

// Every text of `lang`'s catalogue as {{T_<key>:none}}, seen by the
// template and the ones it includes; {NAME} placeholders take the values
// of `values` (the page's own first). The texts (and what fills their
// placeholders) are escaped here for `html` templates, so that templates
// show them with :none; text templates (mail/*.txt.tpl) get them as they
// are.
void SetTexts(const I18n& i18n, const std::string& lang,
              const std::vector<const PageData*>& values, bool html,
              ctemplate::TemplateDictionary* dict) {
  for (const auto& [key, text] : i18n.CatalogueOf(lang)) {
    const std::string name = "T_" + key;
    if (text.find('{') == std::string::npos) {
      dict->SetTemplateGlobalValue(name, html ? EscapeHtml(text) : text);
      continue;
    }
    std::vector<std::pair<std::string, std::string>> fill;
    for (const std::string& p : Placeholders(text)) {
      for (const PageData* v : values) {
        if (v->values().count(p) != 0) {
          fill.emplace_back(p, v->Get(p));
          break;
        }
      }
    }
    const std::string filled = FormatText(text, fill);
    dict->SetTemplateGlobalValue(name, html ? EscapeHtml(filled) : filled);
  }
}

}  // namespace

CtemplateRenderer::CtemplateRenderer(const std::string& templates_dir)
    : i18n_dir_(templates_dir + "/i18n") {
  ctemplate::mutable_default_template_cache()->SetTemplateRootDirectory(
      templates_dir);
  loaded_ = i18n_.Load(i18n_dir_, {"fr", "en"});
}

Status CtemplateRenderer::LoadLanguages(
    const std::vector<std::string>& languages,
    const std::map<std::string, std::map<std::string, std::string>>&
        translations) {
  loaded_ = i18n_.Load(i18n_dir_, languages, translations);
  return loaded_;
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

StatusOr<std::string> CtemplateRenderer::Render(const std::string& layout,
                                                const Page& page,
                                                const PageData& common,
                                                const std::string& lang) {
  ctemplate::TemplateDictionary dict("page");
  SetTexts(i18n_, lang, {&page.data, &common}, /*html=*/true, &dict);
  Fill(common, &dict);
  dict.SetValue("TITLE", page.title);
  ctemplate::TemplateDictionary* body = dict.AddIncludeDictionary("BODY");
  body->SetFilename(page.template_name);
  Fill(common, body);
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
  std::string out;
  if (!ctemplate::ExpandTemplate(layout, ctemplate::STRIP_BLANK_LINES, &dict,
                                 &out)) {
    return Status::Internal("template expansion failed: " + page.template_name);
  }
  return out;
}

StatusOr<std::string> CtemplateRenderer::RenderOne(
    const std::string& template_name, const PageData& data,
    const std::string& lang) {
  ctemplate::TemplateDictionary dict("one");
  SetTexts(i18n_, lang, {&data}, !template_name.ends_with(".txt.tpl"), &dict);
  Fill(data, &dict);
  std::string out;
  if (!ctemplate::ExpandTemplate(template_name, ctemplate::STRIP_BLANK_LINES,
                                 &dict, &out)) {
    return Status::Internal("template expansion failed: " + template_name);
  }
  return out;
}

}  // namespace sesame
