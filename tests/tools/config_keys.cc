// Prints every config key the parser knows, one per line (KnownConfigKeys
// with the compiled-in flows): tests/man_pages_check.py compares them with
// sesame.toml(5).
#include <iostream>

#include "core/config.h"
#include "flows/flows.h"

int main() {
  for (const std::string& key :
       sesame::KnownConfigKeys(sesame::FlowConfigSchema())) {
    std::cout << key << "\n";
  }
  return 0;
}
