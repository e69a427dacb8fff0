#include "core/metrics.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace sesame::metrics {
namespace {

// Request durations: 5 ms to 10 s.
std::vector<double> LatencyBounds() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

// Waits for a hashing thread: 1 ms to 5 s (queue_timeout_ms is 2 s by
// default).
std::vector<double> QueueWaitBounds() {
  return {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5};
}

void AppendLabels(std::string* out, const Labels& labels) {
  if (labels.empty()) return;
  out->push_back('{');
  bool first = true;
  for (const auto& [name, value] : labels) {
    if (!first) out->push_back(',');
    first = false;
    out->append(name);
    out->append("=\"");
    out->append(EscapeLabelValue(value));
    out->push_back('"');
  }
  out->push_back('}');
}

}  // namespace

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string EscapeHelp(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buf[64];
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", value);
  } else {
    // The shortest form that reads back as the same double ("0.1", not
    // "0.10000000000000001").
    for (int precision = 1; precision <= 17; ++precision) {
      std::snprintf(buf, sizeof buf, "%.*g", precision, value);
      if (std::strtod(buf, nullptr) == value) break;
    }
  }
  return buf;
}

void Exposition::Family(std::string_view name, std::string_view type,
                        std::string_view help) {
  text_ += "# HELP ";
  text_ += name;
  text_ += ' ';
  text_ += EscapeHelp(help);
  text_ += "\n# TYPE ";
  text_ += name;
  text_ += ' ';
  text_ += type;
  text_ += '\n';
}

void Exposition::Sample(std::string_view name, const Labels& labels,
                        double value) {
  text_ += name;
  AppendLabels(&text_, labels);
  text_ += ' ';
  text_ += FormatValue(value);
  text_ += '\n';
}

void Exposition::Histogram(std::string_view name, const Labels& labels,
                           const HistogramSnapshot& h) {
  const std::string base(name);
  uint64_t cumulative = 0;
  for (size_t i = 0; i < h.counts.size(); ++i) {
    cumulative += h.counts[i];
    Labels with_le = labels;
    with_le.emplace_back(
        "le", i < h.bounds.size() ? FormatValue(h.bounds[i]) : "+Inf");
    Sample(base + "_bucket", with_le, static_cast<double>(cumulative));
  }
  Sample(base + "_sum", labels, h.sum);
  Sample(base + "_count", labels, static_cast<double>(cumulative));
}

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      buckets_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i] = 0;
}

void Histogram::Observe(double value) {
  size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

HistogramSnapshot Histogram::Snapshot() const {
  HistogramSnapshot s;
  s.bounds = bounds_;
  s.counts.resize(bounds_.size() + 1);
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    s.counts[i] = buckets_[i].load(std::memory_order_relaxed);
  }
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

const char* RateLimitKindName(RateLimitKind kind) {
  switch (kind) {
    case RateLimitKind::kLogin:
      return "login";
    case RateLimitKind::kPasswordChange:
      return "password_change";
    case RateLimitKind::kRecoveryRequest:
      return "recovery_request";
    case RateLimitKind::kCode:
      return "code";
    case RateLimitKind::kSmsBudget:
      return "sms_budget";
    case RateLimitKind::kRegeneration:
      return "regeneration";
    case RateLimitKind::kQuestion:
      return "question";
    case RateLimitKind::kFranceConnect:
      return "franceconnect";
    case RateLimitKind::kDeskLookup:
      return "desk_lookup";
    case RateLimitKind::kDeskAction:
      return "desk_action";
  }
  return "other";
}

const char* DbRetryCauseName(DbRetryCause cause) {
  switch (cause) {
    case DbRetryCause::kDeadlock:
      return "deadlock";
    case DbRetryCause::kLockWait:
      return "lock_wait";
    case DbRetryCause::kWsrep:
      return "wsrep";
    case DbRetryCause::kConnection:
      return "connection";
  }
  return "other";
}

ScreenMetrics::ScreenMetrics() : latency_(LatencyBounds()) {}

void ScreenMetrics::Record(int status, double seconds) {
  size_t i = 0;
  while (i < kStatuses.size() && kStatuses[i] != status) ++i;
  by_status_[i].Add();
  latency_.Observe(seconds);
}

uint64_t ScreenMetrics::Count(int status) const {
  size_t i = 0;
  while (i < kStatuses.size() && kStatuses[i] != status) ++i;
  return by_status_[i].Value();
}

ProcessMetrics& ProcessMetrics::Get() {
  static ProcessMetrics* metrics = new ProcessMetrics();
  return *metrics;
}

ProcessMetrics::ProcessMetrics() : argon2_queue_wait(QueueWaitBounds()) {}

ScreenMetrics* ProcessMetrics::Screen(const std::string& screen) {
  std::lock_guard<std::mutex> lock(mu_);
  std::unique_ptr<ScreenMetrics>& m = screens_[screen];
  if (!m) m = std::make_unique<ScreenMetrics>();
  return m.get();
}

void ProcessMetrics::Write(Exposition* out) const {
  std::lock_guard<std::mutex> lock(mu_);
  out->Family("sesame_http_requests_total", "counter",
              "Requests answered by sesame serve, by screen (route) and "
              "status.");
  for (const auto& [screen, m] : screens_) {
    for (size_t i = 0; i < m->by_status_.size(); ++i) {
      const uint64_t n = m->by_status_[i].Value();
      if (n == 0) continue;
      const std::string status =
          i < ScreenMetrics::kStatuses.size()
              ? std::to_string(ScreenMetrics::kStatuses[i])
              : "other";
      out->Sample("sesame_http_requests_total",
                  {{"screen", screen}, {"status", status}},
                  static_cast<double>(n));
    }
  }
  out->Family("sesame_http_request_duration_seconds", "histogram",
              "Time from the request read to the answer built, by screen.");
  for (const auto& [screen, m] : screens_) {
    HistogramSnapshot h = m->latency_.Snapshot();
    uint64_t count = 0;
    for (uint64_t c : h.counts) count += c;
    if (count == 0) continue;
    out->Histogram("sesame_http_request_duration_seconds", {{"screen", screen}},
                   h);
  }
  out->Family("sesame_argon2_queue_wait_seconds", "histogram",
              "Time a password hash waited for a free hashing thread "
              "([security.argon2] max_concurrent).");
  out->Histogram("sesame_argon2_queue_wait_seconds", {},
                 argon2_queue_wait.Snapshot());
  out->Family("sesame_argon2_hashes_in_flight", "gauge",
              "Password hashes running now.");
  out->Sample("sesame_argon2_hashes_in_flight", {},
              static_cast<double>(argon2_in_flight.Value()));
  out->Family("sesame_argon2_queue_timeouts_total", "counter",
              "Hashes refused after queue_timeout_ms (503 service "
              "surcharge).");
  out->Sample("sesame_argon2_queue_timeouts_total", {},
              static_cast<double>(argon2_queue_timeouts.Value()));
  out->Family("sesame_rate_limit_refusals_total", "counter",
              "Requests refused by one of Sésame's limits, by kind.");
  for (size_t i = 0; i < kRateLimitKinds; ++i) {
    out->Sample("sesame_rate_limit_refusals_total",
                {{"kind", RateLimitKindName(static_cast<RateLimitKind>(i))}},
                static_cast<double>(rate_limit_refusals_[i].Value()));
  }
  out->Family("sesame_captcha_failures_total", "counter",
              "Captcha answers wrong, expired or missing.");
  out->Sample("sesame_captcha_failures_total", {},
              static_cast<double>(captcha_failures.Value()));
  out->Family("sesame_db_retries_total", "counter",
              "Database transactions run again, by cause.");
  for (size_t i = 0; i < kDbRetryCauses; ++i) {
    out->Sample("sesame_db_retries_total",
                {{"cause", DbRetryCauseName(static_cast<DbRetryCause>(i))}},
                static_cast<double>(db_retries_[i].Value()));
  }
}

}  // namespace sesame::metrics
