// Renderer: turns a Page into HTML with ctemplate. The only code that
// includes ctemplate. Templates live in [server] templates_dir, start with
// {{%AUTOESCAPE context="HTML"}}, and are cached after the first load.
#ifndef SESAME_WEB_RENDERER_H_
#define SESAME_WEB_RENDERER_H_

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/i18n.h"
#include "core/status.h"
#include "web/response.h"

namespace sesame {

class Renderer {
 public:
  virtual ~Renderer() = default;
  // Renders `page` inside `layout` ("layout.tpl") in `lang` (""; the
  // default language); `common` holds values every page sees
  // (organisation, CSRF token, static URL ...). Every text of the
  // language's catalogue is {{T_<key>:none}} in every template, its
  // {PLACEHOLDERS} replaced by the page's values of those names, escaped
  // by the renderer for HTML (not for the .txt.tpl of mails).
  virtual StatusOr<std::string> Render(const std::string& layout,
                                       const Page& page, const PageData& common,
                                       const std::string& lang = "") = 0;
  // Renders one template on its own (mail bodies).
  virtual StatusOr<std::string> RenderOne(const std::string& template_name,
                                          const PageData& data,
                                          const std::string& lang = "") = 0;
  // Whether Render(layout, a page of `template_name`) shows the value
  // `name` (a page that shows no CSRF token needs none computed).
  virtual bool Shows(const std::string& layout,
                     const std::string& template_name,
                     const std::string& name) = 0;
  // The catalogues and the configured wording's translations.
  virtual const I18n& i18n() const = 0;
};

class CtemplateRenderer : public Renderer {
 public:
  // Reads the French and English catalogues of <templates_dir>/i18n; a
  // problem there is Preload's answer.
  explicit CtemplateRenderer(const std::string& templates_dir);
  // The catalogues of `languages` ([branding] languages) and the
  // deployment's translations ([translations.<lang>]). Called before
  // serving: Render hands out what it drops.
  Status LoadLanguages(
      const std::vector<std::string>& languages,
      const std::map<std::string, std::map<std::string, std::string>>&
          translations);
  // Loads every template once so a broken one fails at start (and says
  // whether the catalogues loaded).
  Status Preload(const std::vector<std::string>& names);
  StatusOr<std::string> Render(const std::string& layout, const Page& page,
                               const PageData& common,
                               const std::string& lang = "") override;
  StatusOr<std::string> RenderOne(const std::string& template_name,
                                  const PageData& data,
                                  const std::string& lang = "") override;
  bool Shows(const std::string& layout, const std::string& template_name,
             const std::string& name) override;
  const I18n& i18n() const override { return i18n_; }
  // How many pages are kept drawn (tests).
  size_t KeptPages();

  // One catalogue text as a template sees it: {{T_<key>:none}}.
  struct Text {
    std::string name;                    // "T_<key>"
    std::string text;                    // as in the catalogue
    std::set<std::string> placeholders;  // its {NAMES}
    std::string html;                    // escaped (no placeholders)
  };
  // What a set of templates (a layout and what it includes) shows in one
  // language.
  struct TemplateSet {
    std::vector<const Text*> texts;  // the catalogue texts they show
    std::set<std::string> names;     // every {{NAME}} and {{#NAME}} in them
  };

 private:
  // The templates `names` in the catalogue `lang` resolves to, worked out
  // once per language and set of templates: a page sets the few dozen
  // texts it shows, not the whole catalogue.
  const TemplateSet& SetOf(const std::string& lang,
                           const std::vector<std::string>& names);
  // The marker names of the template file `name` (mu_ held).
  const std::set<std::string>& MarkersOf(const std::string& name);

  std::string templates_dir_;
  std::string i18n_dir_;
  I18n i18n_;
  Status loaded_;
  std::mutex mu_;
  // By catalogue (one per language), then key.
  std::map<const Catalogue*, std::map<std::string, Text>> texts_;
  std::map<std::string, std::set<std::string>> markers_;  // by template
  std::map<std::pair<const Catalogue*, std::string>, TemplateSet> sets_;
  // A page kept drawn: its HTML, with csrf_stand_in_ where the visitor's
  // CSRF token goes.
  struct Drawn {
    std::string html;
    std::vector<size_t> csrf_at;  // offsets of csrf_stand_in_ in html
  };
  // Pages drawn at least twice, by everything their templates show (the
  // CSRF token replaced by csrf_stand_in_): the sign-in form, a live link's
  // form, the page of a link that no longer works. The same page again
  // costs a copy with the visitor's token put in. A page drawn once (one
  // visitor's typed values, a one-time code) is not kept: only its key's
  // hash is, in seen_. Both are emptied when full.
  std::map<std::string, Drawn> drawn_;
  std::set<size_t> seen_;
  // What stands for the CSRF token in kept pages: random, of a token's
  // shape, so it is in no page otherwise.
  const std::string csrf_stand_in_;
};

}  // namespace sesame

#endif  // SESAME_WEB_RENDERER_H_
