// `sesame check-config --nginx`: deploy/nginx-sesame.conf (compiled in, the
// one source) rewritten for a configuration: its socket ([server] listen),
// its static files (templates_dir/static/) and its mount, as a sysadmin
// would edit the file by hand.
#ifndef SESAME_CLI_NGINX_SNIPPET_H_
#define SESAME_CLI_NGINX_SNIPPET_H_

#include <string>
#include <string_view>

#include "core/config.h"
#include "core/status.h"

namespace sesame {

// The text of deploy/nginx-sesame.conf as built.
std::string_view NginxSnippetTemplate();

// `snippet` (the template by default) for `config`: its leading comment
// replaced by one naming the config, every path rewritten. Internal when a
// path to rewrite is missing from the template (it changed: fix both).
StatusOr<std::string> NginxSnippetFor(
    const Config& config, std::string_view snippet = NginxSnippetTemplate());

}  // namespace sesame

#endif  // SESAME_CLI_NGINX_SNIPPET_H_
