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

}  // namespace

CtemplateRenderer::CtemplateRenderer(const std::string& templates_dir) {
  ctemplate::mutable_default_template_cache()->SetTemplateRootDirectory(
      templates_dir);
}

Status CtemplateRenderer::Preload(const std::vector<std::string>& names) {
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
                                                const PageData& common) {
  ctemplate::TemplateDictionary dict("page");
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
    const std::string& template_name, const PageData& data) {
  ctemplate::TemplateDictionary dict("one");
  Fill(data, &dict);
  std::string out;
  if (!ctemplate::ExpandTemplate(template_name, ctemplate::STRIP_BLANK_LINES,
                                 &dict, &out)) {
    return Status::Internal("template expansion failed: " + template_name);
  }
  return out;
}

}  // namespace sesame
