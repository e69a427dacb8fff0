#include "core/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>
#include <vector>

namespace sesame::metrics {
namespace {

TEST(MetricsExposition, LabelValuesEscapeBackslashQuoteAndNewline) {
  EXPECT_EQ(EscapeLabelValue("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
  Exposition out;
  out.Sample("x_total", {{"screen", "/a\"b\\\n"}}, 1);
  EXPECT_EQ(out.text(), "x_total{screen=\"/a\\\"b\\\\\\n\"} 1\n");
}

TEST(MetricsExposition, HelpEscapesBackslashAndNewlineNotQuotes) {
  Exposition out;
  out.Family("x_total", "counter", "a \"b\" c\\d\ne");
  EXPECT_EQ(out.text(),
            "# HELP x_total a \"b\" c\\\\d\\ne\n# TYPE x_total counter\n");
}

TEST(MetricsExposition, SampleWithoutLabelsHasNoBraces) {
  Exposition out;
  out.Sample("up", {}, 1);
  out.Sample("two", {{"a", "1"}, {"b", "2"}}, 0.5);
  EXPECT_EQ(out.text(), "up 1\ntwo{a=\"1\",b=\"2\"} 0.5\n");
}

TEST(MetricsExposition, ValuesIntegersInfinitiesAndNaN) {
  EXPECT_EQ(FormatValue(0), "0");
  EXPECT_EQ(FormatValue(123456789), "123456789");
  EXPECT_EQ(FormatValue(0.25), "0.25");
  EXPECT_EQ(FormatValue(0.1), "0.1");
  EXPECT_EQ(FormatValue(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(FormatValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatValue(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatValue(std::nan("")), "NaN");
}

TEST(MetricsHistogram, BucketsAreCumulativeWithSumAndCount) {
  Histogram h({0.25, 1});
  h.Observe(0.125);
  h.Observe(0.25);  // on the bound: le="0.25"
  h.Observe(0.5);
  h.Observe(3);
  Exposition out;
  out.Histogram("d_seconds", {{"screen", "/login"}}, h.Snapshot());
  EXPECT_EQ(out.text(),
            "d_seconds_bucket{screen=\"/login\",le=\"0.25\"} 2\n"
            "d_seconds_bucket{screen=\"/login\",le=\"1\"} 3\n"
            "d_seconds_bucket{screen=\"/login\",le=\"+Inf\"} 4\n"
            "d_seconds_sum{screen=\"/login\"} 3.875\n"
            "d_seconds_count{screen=\"/login\"} 4\n");
}

TEST(MetricsHistogram, EmptyHistogramHasZeroBucketsAndCount) {
  Histogram h({1});
  Exposition out;
  out.Histogram("h", {}, h.Snapshot());
  EXPECT_EQ(out.text(),
            "h_bucket{le=\"1\"} 0\nh_bucket{le=\"+Inf\"} 0\nh_sum 0\n"
            "h_count 0\n");
}

// Counters are atomics: concurrent threads lose no increment.
TEST(MetricsCounter, ConcurrentAddsAreAllCounted) {
  Counter c;
  Histogram h({1});
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        c.Add();
        h.Observe(0.5);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.Value(), 80000u);
  HistogramSnapshot s = h.Snapshot();
  EXPECT_EQ(s.counts[0], 80000u);
  EXPECT_EQ(s.sum, 40000);
}

TEST(ScreenMetrics, StatusesOutsideTheListCountAsOther) {
  ProcessMetrics& m = ProcessMetrics::Get();
  ScreenMetrics* s = m.Screen("/metrics-test-screen");
  s->Record(200, 0.01);
  s->Record(418, 0.01);
  EXPECT_EQ(s->Count(200), 1u);
  Exposition out;
  m.Write(&out);
  EXPECT_NE(out.text().find("sesame_http_requests_total{screen=\"/"
                            "metrics-test-screen\",status=\"other\"} 1\n"),
            std::string::npos);
  EXPECT_NE(out.text().find("sesame_http_request_duration_seconds_count{"
                            "screen=\"/metrics-test-screen\"} 2\n"),
            std::string::npos);
}

TEST(ProcessMetrics, EveryRateLimitKindIsWrittenWithItsName) {
  ProcessMetrics& m = ProcessMetrics::Get();
  const uint64_t before = m.RateLimitRefusals(RateLimitKind::kSmsBudget);
  m.RateLimitRefused(RateLimitKind::kSmsBudget);
  EXPECT_EQ(m.RateLimitRefusals(RateLimitKind::kSmsBudget), before + 1);
  Exposition out;
  m.Write(&out);
  for (const char* kind : {"login", "password_change", "recovery_request",
                           "code", "sms_budget", "regeneration", "question",
                           "franceconnect", "desk_lookup", "desk_action"}) {
    EXPECT_NE(out.text().find(std::string("sesame_rate_limit_refusals_total{"
                                          "kind=\"") +
                              kind + "\"}"),
              std::string::npos)
        << kind;
  }
}

}  // namespace
}  // namespace sesame::metrics
