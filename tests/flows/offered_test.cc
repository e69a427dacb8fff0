// A flow's pages exist only while [recovery] flows offers it: every route
// of every compiled flow answers « service non proposé » otherwise, for a
// GET and for a POST, before its screen runs.
#include <gtest/gtest.h>

#include "flows/flows.h"
#include "screens/harness.h"

namespace sesame::testing {
namespace {

TEST(FlowOffered, EveryRouteOfAFlowNotOfferedIs404) {
  for (const RecoveryFlow* flow : CompiledFlows()) {
    Config config = TestConfig();
    std::erase(config.recovery.flows, flow->name);
    Harness h(config);
    ASSERT_FALSE(h.config().recovery.Offers(flow->name));
    for (const FlowRoute& route : flow->routes) {
      SCOPED_TRACE(flow->name + " " + route.path);
      Response get = h.Get(route.path);
      EXPECT_EQ(get.status, 404);
      EXPECT_NE(get.body.find("pas proposé par ce portail"), std::string::npos);
      Response post = h.Post(route.path, {{"login", "x"}});
      EXPECT_EQ(post.status, 404);
      EXPECT_EQ(h.stores.intents.size(), 0u) << "nothing stored";
    }
  }
}

TEST(FlowOffered, EveryRouteOfAnOfferedFlowIsNot404ForNotOffered) {
  for (const RecoveryFlow* flow : CompiledFlows()) {
    Config config = TestConfig();
    config.recovery.flows = {flow->name};
    Harness h(config);
    for (const FlowRoute& route : flow->routes) {
      SCOPED_TRACE(flow->name + " " + route.path);
      EXPECT_EQ(h.Get(route.path).body.find("pas proposé par ce portail"),
                std::string::npos);
    }
  }
}

}  // namespace
}  // namespace sesame::testing
