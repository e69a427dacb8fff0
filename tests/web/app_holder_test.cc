// The configuration swap of `sesame serve` on SIGHUP: new requests get the
// new App, a request under way keeps the one it started with, and the old
// App goes away with its last request.
#include "web/app_holder.h"

#include <gtest/gtest.h>

#include "screens/harness.h"

namespace sesame::testing {
namespace {

// An App (with everything it uses) branded `organisation`.
std::shared_ptr<App> BrandedApp(const std::string& organisation,
                                std::weak_ptr<Harness>* owner = nullptr) {
  Config c = TestConfig();
  c.branding.organisation = organisation;
  auto h = std::make_shared<Harness>(c);
  if (owner != nullptr) *owner = h;
  return std::shared_ptr<App>(h, &h->app());
}

std::string LoginPage(App& app) {
  Request r;
  r.method = "GET";
  r.path = "/login";
  return app.Handle(r).body;
}

TEST(AppHolder, NewRequestsGetTheNewConfiguration) {
  AppHolder apps(BrandedApp("Ancienne Enseigne"));
  EXPECT_NE(LoginPage(*apps.Current()).find("Ancienne Enseigne"),
            std::string::npos);
  apps.Replace(BrandedApp("Nouvelle Enseigne"));
  const std::string page = LoginPage(*apps.Current());
  EXPECT_NE(page.find("Nouvelle Enseigne"), std::string::npos);
  EXPECT_EQ(page.find("Ancienne Enseigne"), std::string::npos);
  EXPECT_EQ(apps.Current()->config().branding.organisation,
            "Nouvelle Enseigne");
}

TEST(AppHolder, RequestUnderWayFinishesOnTheOldOneWhichThenGoes) {
  std::weak_ptr<Harness> old_owner;
  AppHolder apps(BrandedApp("Ancienne Enseigne", &old_owner));
  std::shared_ptr<App> in_flight = apps.Current();  // accepted before SIGHUP
  apps.Replace(BrandedApp("Nouvelle Enseigne"));
  EXPECT_FALSE(old_owner.expired());
  EXPECT_NE(LoginPage(*in_flight).find("Ancienne Enseigne"), std::string::npos);
  EXPECT_NE(LoginPage(*apps.Current()).find("Nouvelle Enseigne"),
            std::string::npos);
  in_flight.reset();  // answered
  EXPECT_TRUE(old_owner.expired());
}

TEST(AppHolder, ReplacedAppWithoutRequestsGoesAtOnce) {
  std::weak_ptr<Harness> old_owner;
  AppHolder apps(BrandedApp("Ancienne Enseigne", &old_owner));
  apps.Replace(BrandedApp("Nouvelle Enseigne"));
  EXPECT_TRUE(old_owner.expired());
}

}  // namespace
}  // namespace sesame::testing
