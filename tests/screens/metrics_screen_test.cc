// /metrics: who may read it, what it says; the request line of the log.
#include "screens/metrics_screen.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/log.h"
#include "screens/harness.h"

namespace sesame::testing {
namespace {

TEST(MetricsScreen, LoopbackGetsTheTextExposition) {
  Harness h;
  h.client_ip = "127.0.0.1";
  h.Get("/login");
  Response r = h.Get("/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r.body.find("# TYPE sesame_http_requests_total counter\n"),
            std::string::npos);
  EXPECT_NE(r.body.find("sesame_http_requests_total{screen=\"/login\","
                        "status=\"200\"}"),
            std::string::npos);
  EXPECT_NE(r.body.find("# TYPE sesame_argon2_queue_wait_seconds histogram"),
            std::string::npos);
  EXPECT_NE(r.body.find("sesame_captcha_failures_total "), std::string::npos);
}

// Another address gets exactly the page of an address that does not exist.
TEST(MetricsScreen, OtherAddressGetsTheUnknownPage404) {
  Harness h;
  h.client_ip = "192.0.2.10";
  Response metrics = h.Get("/metrics");
  Response unknown = h.Get("/no-such-page");
  EXPECT_EQ(metrics.status, 404);
  // The same page: its language link names no path (it leads to the
  // sign-in page).
  EXPECT_NE(metrics.body.find("/login?lang=en"), std::string::npos);
  EXPECT_EQ(metrics.body.find("/metrics"), std::string::npos);
  EXPECT_EQ(metrics.body, unknown.body);
  EXPECT_EQ(metrics.content_type, unknown.content_type);
  EXPECT_EQ(metrics.body.find("sesame_"), std::string::npos);
}

TEST(MetricsScreen, PostIsTheUnknownPageEvenFromLoopback) {
  Harness h;
  h.client_ip = "127.0.0.1";
  Response r = h.Post("/metrics", {});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.find("sesame_"), std::string::npos);
}

TEST(MetricsScreen, AllowListTakesCidrBlocksAndDropsLoopback) {
  Config c = TestConfig();
  c.metrics.allow = {"10.0.0.0/8"};
  Harness h(c);
  h.client_ip = "10.1.2.3";
  EXPECT_EQ(h.Get("/metrics").status, 200);
  h.client_ip = "127.0.0.1";
  EXPECT_EQ(h.Get("/metrics").status, 404);
}

// Requests are counted by route, never by the path typed: no token or
// made-up path becomes a label.
TEST(MetricsScreen, UnroutedPathsCountAsUnknownNeverByPath) {
  Harness h;
  const uint64_t before =
      metrics::ProcessMetrics::Get().Screen("unknown")->Count(404);
  h.Get("/reset/x.php/AbCdEfToKeN");
  EXPECT_EQ(metrics::ProcessMetrics::Get().Screen("unknown")->Count(404),
            before + 1);
  h.client_ip = "127.0.0.1";
  Response r = h.Get("/metrics");
  EXPECT_EQ(r.body.find("AbCdEfToKeN"), std::string::npos);
  EXPECT_EQ(r.body.find("x.php"), std::string::npos);
}

TEST(MetricsScreen, WrongCaptchaIsCounted) {
  Config c = TestConfig();
  c.captcha.forms = {"login"};
  Harness h(c);
  const uint64_t before =
      metrics::ProcessMetrics::Get().captcha_failures.Value();
  h.Post("/login", {{"login", "nobody"},
                    {"password", "whatever it is"},
                    {"captcha_id", "x"},
                    {"captcha", "1234"}});
  EXPECT_EQ(metrics::ProcessMetrics::Get().captcha_failures.Value(),
            before + 1);
}

TEST(MetricsScreen, LoginLimitRefusalIsCountedAsLogin) {
  Config c = TestConfig();
  c.security.limits.login_per_ip = 2;
  Harness h(c);
  metrics::ProcessMetrics& m = metrics::ProcessMetrics::Get();
  const uint64_t before = m.RateLimitRefusals(metrics::RateLimitKind::kLogin);
  int refused = 0;
  for (int i = 0; i < 4; ++i) {
    Response r = h.Post("/login", {{"login", "nobody" + std::to_string(i)},
                                   {"password", "whatever it is"}});
    if (r.status == 429) ++refused;
  }
  EXPECT_GE(refused, 1);
  EXPECT_EQ(m.RateLimitRefusals(metrics::RateLimitKind::kLogin),
            before + static_cast<uint64_t>(refused));
}

TEST(MetricsScreen, QueueStatsWrittenOrDatabaseDown) {
  QueueStats stats;
  stats.intents_waiting = 3;
  stats.oldest_intent_age_seconds = 1.5;
  stats.outbox = {{"mail", 2, 10}, {"sms", 0, 0}};
  stats.send_failures = {{"sms", "unavailable", 7}};
  metrics::Exposition out;
  WriteQueueStats(stats, &out);
  EXPECT_NE(out.text().find("sesame_metrics_database_up 1\n"),
            std::string::npos);
  EXPECT_NE(out.text().find("sesame_recovery_intents_waiting 3\n"),
            std::string::npos);
  EXPECT_NE(out.text().find("sesame_recovery_intent_oldest_age_seconds 1.5\n"),
            std::string::npos);
  EXPECT_NE(out.text().find("sesame_outbox_depth{channel=\"mail\"} 2\n"),
            std::string::npos);
  EXPECT_NE(
      out.text().find("sesame_outbox_oldest_age_seconds{channel=\"sms\"} 0\n"),
      std::string::npos);
  EXPECT_NE(out.text().find("sesame_send_failures_total{channel=\"sms\","
                            "cause=\"unavailable\"} 7\n"),
            std::string::npos);
  metrics::Exposition down;
  WriteQueueStats(Status::Unavailable("db"), &down);
  EXPECT_EQ(down.text().find("sesame_outbox_depth"), std::string::npos);
  EXPECT_NE(down.text().find("sesame_metrics_database_up 0\n"),
            std::string::npos);
}

// One JSON line per request: nginx's id, the screen, the status, the time;
// never the address, the query string or what was typed.
TEST(RequestLog, JsonLineCarriesRequestIdScreenStatusAndNoSecret) {
  Harness h;
  h.client_ip = "198.51.100.77";
  SetLogFormat(LogFormat::kJson);
  ::testing::internal::CaptureStderr();
  Request r = h.Base("POST", "/login");
  r.request_id = "00112233445566778899aabbccddeeff";
  r.query = "t=SeCrEtToKeNvAlUe";
  r.form = {{"login", "someone"},
            {"password", "Mon mot de passe secret"},
            {"csrf", h.app().CsrfToken("")}};
  h.Send(r);
  const std::string out = ::testing::internal::GetCapturedStderr();
  SetLogFormat(LogFormat::kText);
  nlohmann::json line;
  for (size_t start = 0; start < out.size();) {
    size_t end = out.find('\n', start);
    nlohmann::json j = nlohmann::json::parse(out.substr(start, end - start));
    if (j["event"] == "request") line = j;
    start = end + 1;
  }
  ASSERT_FALSE(line.is_null()) << out;
  EXPECT_EQ(line["request_id"], "00112233445566778899aabbccddeeff");
  EXPECT_EQ(line["screen"], "/login");
  EXPECT_EQ(line["level"], "info");
  EXPECT_TRUE(line["status"].is_number_integer());
  EXPECT_TRUE(line["duration_ms"].is_number());
  EXPECT_NE(line["time"].get<std::string>().find('Z'), std::string::npos);
  for (const char* secret : {"198.51.100.77", "SeCrEtToKeNvAlUe",
                             "Mon mot de passe secret", "someone"}) {
    EXPECT_EQ(out.find(secret), std::string::npos) << secret;
  }
}

}  // namespace
}  // namespace sesame::testing
