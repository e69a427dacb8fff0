// Metrics: counters, gauges and histograms kept in this process with
// atomics only (no lock on the paths that count: request threads, hashing
// threads), and the Prometheus text exposition format (version 0.0.4) they
// are written in. ProcessMetrics is Sésame's own set, one per process;
// `/metrics` (screens/metrics_screen.h) writes it with what the database
// says on each scrape (queues, send failures).
#ifndef SESAME_CORE_METRICS_H_
#define SESAME_CORE_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sesame::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

// A label value as the text format writes it between quotes: backslash,
// double quote and line feed escaped.
std::string EscapeLabelValue(std::string_view value);
// A HELP text: backslash and line feed escaped.
std::string EscapeHelp(std::string_view help);
// A sample value: integers without exponent or decimals, "+Inf", "-Inf",
// "NaN", other numbers in the shortest form that reads back the same.
std::string FormatValue(double value);

struct HistogramSnapshot {
  std::vector<double> bounds;    // upper bounds, increasing, without +Inf
  std::vector<uint64_t> counts;  // per bucket (not cumulative); last: +Inf
  double sum = 0;
};

// Builds one exposition: a family header, then its samples.
class Exposition {
 public:
  // "# HELP name help" and "# TYPE name type" (counter, gauge, histogram).
  void Family(std::string_view name, std::string_view type,
              std::string_view help);
  void Sample(std::string_view name, const Labels& labels, double value);
  // name_bucket{...,le="B"} cumulative, one per bound and +Inf, then
  // name_sum and name_count (= the +Inf bucket).
  void Histogram(std::string_view name, const Labels& labels,
                 const HistogramSnapshot& histogram);
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

class Counter {
 public:
  void Add(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Gauge {
 public:
  void Add(int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  int64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void Observe(double value);
  HistogramSnapshot Snapshot() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // bounds_.size() + 1
  std::atomic<double> sum_{0};
};

// Why a request was refused by one of Sésame's own limits (not nginx's).
enum class RateLimitKind {
  kLogin,            // sign-in limits (/login, Interior, desk)
  kPasswordChange,   // wrong current passwords on the password change
  kRecoveryRequest,  // recovery requests per client address
  kCode,             // SMS code attempts or resends
  kSmsBudget,        // SMS per destination or in all (sms_*_hour)
  kRegeneration,     // Interior regeneration suspended for a matricule
  kQuestion,         // Education question attempts
  kFranceConnect,    // Education FranceConnect attempts
  kDeskLookup,       // desk lookups per officer
  kDeskAction,       // desk hand-overs per officer
};
inline constexpr size_t kRateLimitKinds = 10;
const char* RateLimitKindName(RateLimitKind kind);

// Why a database transaction was run again (storage/mysql/retry_policy.h).
enum class DbRetryCause {
  kDeadlock,    // 1213 (also a Galera certification failure)
  kLockWait,    // 1205
  kWsrep,       // 1047: a Galera node not ready
  kConnection,  // connection lost before COMMIT was sent
};
inline constexpr size_t kDbRetryCauses = 4;
const char* DbRetryCauseName(DbRetryCause cause);

// The requests of one screen (a route: its path in the route table, never
// the path a client typed).
class ScreenMetrics {
 public:
  ScreenMetrics();
  void Record(int status, double seconds);
  // The statuses counted apart; any other is counted as "other".
  static constexpr std::array<int, 14> kStatuses = {
      200, 204, 302, 303, 400, 401, 403, 404, 405, 410, 413, 429, 500, 503};
  uint64_t Count(int status) const;  // for tests

 private:
  friend class ProcessMetrics;
  std::array<Counter, kStatuses.size() + 1> by_status_;  // last: other
  Histogram latency_;
};

class ProcessMetrics {
 public:
  // The process's one set.
  static ProcessMetrics& Get();
  ProcessMetrics();

  // The metrics of `screen` (created on first call; the pointer stays
  // valid): take it once, when routes are set up.
  ScreenMetrics* Screen(const std::string& screen);

  // Password hashing (crypto::PasswordHasher): time waiting for a free
  // hashing thread, hashes running, waits that gave up.
  Histogram argon2_queue_wait;
  Gauge argon2_in_flight;
  Counter argon2_queue_timeouts;

  void RateLimitRefused(RateLimitKind kind) {
    rate_limit_refusals_[static_cast<size_t>(kind)].Add();
  }
  uint64_t RateLimitRefusals(RateLimitKind kind) const {
    return rate_limit_refusals_[static_cast<size_t>(kind)].Value();
  }
  Counter captcha_failures;  // captcha answers wrong, expired or missing

  void DbRetried(DbRetryCause cause) {
    db_retries_[static_cast<size_t>(cause)].Add();
  }
  uint64_t DbRetries(DbRetryCause cause) const {
    return db_retries_[static_cast<size_t>(cause)].Value();
  }

  // Every family above.
  void Write(Exposition* out) const;

 private:
  mutable std::mutex mu_;  // screens_ only (scrape and set-up)
  std::map<std::string, std::unique_ptr<ScreenMetrics>> screens_;
  std::array<Counter, kRateLimitKinds> rate_limit_refusals_;
  std::array<Counter, kDbRetryCauses> db_retries_;
};

}  // namespace sesame::metrics

#endif  // SESAME_CORE_METRICS_H_
