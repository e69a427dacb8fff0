// FakeOutbox: an in-memory Outbox with the claim/mark semantics of the
// MySQL one and an injectable clock (whole seconds, starts at 1,000,000).
//
// A row is due when pending, its next attempt time has come, it is not
// expired and no live claim holds it. MarkRetry counts an attempt and fails
// the row when the retry would reach its expiry; Claim fails rows whose
// expiry has passed. Record applies a batch's outcomes (sent, retry,
// released) under the same conditions plus the claim's token. Thread-safe.
#ifndef SESAME_TESTS_FAKES_FAKE_OUTBOX_H_
#define SESAME_TESTS_FAKES_FAKE_OUTBOX_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/stores.h"
#include "storage/types.h"

namespace sesame {

class FakeOutbox : public Outbox {
 public:
  enum class State { kPending, kSent, kFailed };

  struct Row {
    int64_t id = 0;
    OutboxMessage message;
    std::string message_id;
    State state = State::kPending;
    int attempts = 0;
    int64_t due = 0;      // next attempt, seconds
    int64_t expires = 0;  // seconds
    std::string claimed_by;
    std::string claim_token;
    int64_t claim_until = 0;
    std::string last_error;
    int sent_marks = 0;  // MarkSent calls that succeeded
  };

  // `default_ttl_seconds` stands for [deliver] default_ttl_hours.
  explicit FakeOutbox(int default_ttl_seconds = 24 * 3600)
      : default_ttl_(default_ttl_seconds) {}

  int64_t now() const {
    std::lock_guard<std::mutex> lock(mu_);
    return now_;
  }
  void SetNow(int64_t seconds) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ = seconds;
  }
  void Advance(int64_t seconds) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += seconds;
  }
  // Claim calls so far.
  int claims() const {
    std::lock_guard<std::mutex> lock(mu_);
    return claims_;
  }
  // Record calls so far, and MarkSent + MarkRetry calls (one per row).
  int records() const {
    std::lock_guard<std::mutex> lock(mu_);
    return records_;
  }
  int row_marks() const {
    std::lock_guard<std::mutex> lock(mu_);
    return row_marks_;
  }
  // The claim of row `id` expires now (as if its worker had hung).
  void ExpireClaim(int64_t id) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = rows_.find(id);
    if (it != rows_.end()) it->second.claim_until = now_;
  }
  // The next `n` Claim calls return Unavailable.
  void FailNextClaims(int n) {
    std::lock_guard<std::mutex> lock(mu_);
    fail_claims_ = n;
  }

  // Enqueues and returns the new row's id.
  int64_t Add(const OutboxMessage& message) {
    std::lock_guard<std::mutex> lock(mu_);
    Row row;
    row.id = next_id_++;
    row.message = message;
    row.message_id = "<outbox-" + std::to_string(row.id) + "@sesame.test>";
    row.due = now_;
    row.expires =
        now_ + (message.ttl_seconds > 0 ? message.ttl_seconds : default_ttl_);
    rows_[row.id] = row;
    return row.id;
  }

  Row row(int64_t id) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = rows_.find(id);
    return it == rows_.end() ? Row{} : it->second;
  }

  int Count(State state) const {
    std::lock_guard<std::mutex> lock(mu_);
    int n = 0;
    for (const auto& [id, row] : rows_) n += row.state == state ? 1 : 0;
    return n;
  }

  Status Enqueue(const OutboxMessage& message) override {
    Add(message);
    return Status::Ok();
  }

  StatusOr<std::vector<OutboxRow>> Claim(const std::string& worker, int batch,
                                         int claim_seconds) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++claims_;
    if (fail_claims_ > 0) {
      --fail_claims_;
      return Status::Unavailable("fake outbox: claim failure injected");
    }
    std::vector<OutboxRow> out;
    const std::string token = "claim-" + std::to_string(claims_);
    for (auto& [id, row] : rows_) {
      if (row.state != State::kPending) continue;
      if (row.expires <= now_) {
        row.state = State::kFailed;
        row.last_error = "expired";
        row.claimed_by.clear();
        continue;
      }
      if (static_cast<int>(out.size()) >= batch) continue;
      if (row.due > now_) continue;
      if (!row.claimed_by.empty() && row.claim_until > now_) continue;
      row.claimed_by = worker;
      row.claim_token = token;
      row.claim_until = now_ + claim_seconds;
      OutboxRow claimed;
      claimed.id = row.id;
      claimed.message = row.message;
      claimed.attempts = row.attempts;
      claimed.message_id = row.message_id;
      claimed.claim_token = token;
      out.push_back(claimed);
    }
    return out;
  }

  StatusOr<int> Record(const std::string& worker,
                       const std::vector<OutboxOutcome>& outcomes) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++records_;
    int recorded = 0;
    for (const OutboxOutcome& o : outcomes) {
      if (o.kind == OutboxOutcome::Kind::kRetry && !o.channel.empty() &&
          !o.cause.empty()) {
        ++send_failures_[o.channel + "/" + o.cause];
      }
      Row* row = Held(o.id, worker);
      if (row == nullptr || row->claim_token != o.claim_token) continue;
      ++recorded;
      switch (o.kind) {
        case OutboxOutcome::Kind::kSent:
          SentLocked(row);
          break;
        case OutboxOutcome::Kind::kRetry:
          RetryLocked(row, o.delay_seconds, o.error);
          break;
        case OutboxOutcome::Kind::kReleased:
          row->claimed_by.clear();
          row->claim_token.clear();
          row->due = now_;
          break;
      }
    }
    return recorded;
  }

  Status MarkSent(int64_t id, const std::string& worker) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++row_marks_;
    Row* row = Held(id, worker);
    if (row == nullptr) return Status::FailedPrecondition("not claimed");
    SentLocked(row);
    return Status::Ok();
  }

  Status CountSendFailure(const std::string& channel,
                          const std::string& cause) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++send_failures_[channel + "/" + cause];
    return Status::Ok();
  }
  // Failed attempts counted for "channel/cause".
  int send_failures(const std::string& key) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = send_failures_.find(key);
    return it == send_failures_.end() ? 0 : it->second;
  }

  Status MarkRetry(int64_t id, const std::string& worker, int delay_seconds,
                   const std::string& error) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++row_marks_;
    Row* row = Held(id, worker);
    if (row == nullptr) return Status::FailedPrecondition("not claimed");
    RetryLocked(row, delay_seconds, error);
    return Status::Ok();
  }

 private:
  void SentLocked(Row* row) {
    row->state = State::kSent;
    row->attempts++;
    row->claimed_by.clear();
    row->claim_token.clear();
    row->message.text.clear();  // the payload is erased once sent
    row->message.html.clear();
    row->sent_marks++;
  }
  void RetryLocked(Row* row, int delay_seconds, const std::string& error) {
    row->attempts++;
    row->claimed_by.clear();
    row->claim_token.clear();
    row->last_error = error;
    row->due = now_ + delay_seconds;
    if (row->due >= row->expires) row->state = State::kFailed;
  }

  // The pending row `id` when `worker` holds a live claim on it.
  Row* Held(int64_t id, const std::string& worker) {
    auto it = rows_.find(id);
    if (it == rows_.end()) return nullptr;
    Row& row = it->second;
    if (row.state != State::kPending || row.claimed_by != worker ||
        row.claim_until <= now_) {
      return nullptr;
    }
    return &row;
  }

  mutable std::mutex mu_;
  int64_t now_ = 1000000;
  int64_t next_id_ = 1;
  int default_ttl_;
  int fail_claims_ = 0;
  int claims_ = 0;
  int records_ = 0;
  int row_marks_ = 0;
  std::map<int64_t, Row> rows_;
  std::map<std::string, int> send_failures_;
};

}  // namespace sesame

#endif  // SESAME_TESTS_FAKES_FAKE_OUTBOX_H_
