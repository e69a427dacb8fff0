// Small helpers for integration tests: where the source tree is and what the
// environment (set by deploy/test) says about the services under test.
#ifndef SESAME_TESTS_INTEGRATION_TEST_ENV_H_
#define SESAME_TESTS_INTEGRATION_TEST_ENV_H_

#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace sesame::testing {

// The value of environment variable `name`, or nullopt when unset or empty.
inline std::optional<std::string> EnvVar(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

// The source tree the binary was built from (SESAME_SOURCE_DIR).
inline std::string SourceDir() { return SESAME_SOURCE_DIR; }

// A name unique to this test process, e.g. "sesame_test_storage_12345".
inline std::string PerProcessName(const std::string& prefix) {
  return prefix + "_" + std::to_string(::getpid());
}

}  // namespace sesame::testing

#endif  // SESAME_TESTS_INTEGRATION_TEST_ENV_H_
