// A test-only recovery flow, defined entirely in this folder: one request
// form (identifier), one mail with a link, one link page that asks for the
// account's e-mail address and then clears the forced password change.
// It proves that a flow needs nothing outside its own folder and one line
// in a FlowList (here the test's, not flows.cc).
#ifndef SESAME_TESTS_FLOWS_EXAMPLE_EXAMPLE_FLOW_H_
#define SESAME_TESTS_FLOWS_EXAMPLE_EXAMPLE_FLOW_H_

#include <memory>

#include "core/config.h"
#include "flows/recovery_flow.h"

namespace sesame::example {

inline constexpr char kFlow[] = "example";

struct Settings : public FlowSettingsOf<Settings> {
  int link_ttl_hours = 2;  // [example] link_ttl_hours
  int attempts = 3;        // [example] attempts

  static const Settings& Of(const Config& config) {
    return config.Flow<Settings>(kFlow);
  }
};

const RecoveryFlow& Flow();

}  // namespace sesame::example

#endif  // SESAME_TESTS_FLOWS_EXAMPLE_EXAMPLE_FLOW_H_
