// Renderer: turns a Page into HTML with ctemplate. The only code that
// includes ctemplate. Templates live in [server] templates_dir, start with
// {{%AUTOESCAPE context="HTML"}}, and are cached after the first load.
#ifndef SESAME_WEB_RENDERER_H_
#define SESAME_WEB_RENDERER_H_

#include <string>

#include "core/status.h"
#include "web/response.h"

namespace sesame {

class Renderer {
 public:
  virtual ~Renderer() = default;
  // Renders `page` inside `layout` ("layout.tpl"); `common` holds values
  // every page sees (organisation, CSRF token, static URL ...).
  virtual StatusOr<std::string> Render(const std::string& layout,
                                       const Page& page,
                                       const PageData& common) = 0;
  // Renders one template on its own (mail bodies).
  virtual StatusOr<std::string> RenderOne(const std::string& template_name,
                                          const PageData& data) = 0;
};

class CtemplateRenderer : public Renderer {
 public:
  explicit CtemplateRenderer(const std::string& templates_dir);
  // Loads every template once so a broken one fails at start.
  Status Preload(const std::vector<std::string>& names);
  StatusOr<std::string> Render(const std::string& layout, const Page& page,
                               const PageData& common) override;
  StatusOr<std::string> RenderOne(const std::string& template_name,
                                  const PageData& data) override;
};

}  // namespace sesame

#endif  // SESAME_WEB_RENDERER_H_
