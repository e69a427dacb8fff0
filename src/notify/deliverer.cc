#include "notify/deliverer.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>
#include <utility>
#include <vector>

#include "core/log.h"
#include "crypto/crypto.h"

namespace sesame {
namespace {

const char* KindName(OutboxMessage::Kind kind) {
  return kind == OutboxMessage::Kind::kMail ? "mail" : "sms";
}

// What may be logged of a recipient: the mail domain, or the first three
// characters of a phone number (the country code, roughly).
std::string LoggableRecipient(const OutboxMessage& m) {
  if (m.kind == OutboxMessage::Kind::kMail) {
    size_t at = m.recipient.rfind('@');
    return at == std::string::npos ? std::string("?")
                                   : "@" + m.recipient.substr(at + 1);
  }
  return m.recipient.substr(0, 3) + "...";
}

// Keeps a log field on one line.
std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

}  // namespace

const char* SendFailureCause(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
      return "rejected";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kFailedPrecondition:
      return "configuration";
    default:
      return "internal";
  }
}

int BackoffSeconds(const DeliverConfig& config, int attempts, double jitter01) {
  const int max = std::max(1, config.backoff_max_seconds);
  const int initial = std::max(1, config.backoff_initial_seconds);
  const int exponent = std::clamp(attempts, 0, 40);
  double base =
      std::min(static_cast<double>(initial) * std::ldexp(1.0, exponent),
               static_cast<double>(max));
  double scaled = base * (0.8 + 0.4 * std::clamp(jitter01, 0.0, 1.0));
  return std::clamp(static_cast<int>(std::lround(scaled)), 1, max);
}

std::string MakeWorkerId() {
  char host[256] = {0};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  std::string name = host[0] != '\0' ? host : "unknown";
  return name + ":" + std::to_string(getpid()) + ":" +
         crypto::HexEncode(crypto::RandomBytes(4));
}

Deliverer::Deliverer(const DeliverConfig& config, Outbox* outbox,
                     MailSender* mail, SmsSender* sms, std::string worker_id)
    : config_(config),
      outbox_(outbox),
      mail_(mail),
      sms_(sms),
      worker_id_(std::move(worker_id)),
      rng_(std::random_device{}()) {}

int Deliverer::RunOnce() {
  StatusOr<std::vector<OutboxRow>> claimed =
      outbox_->Claim(worker_id_, std::max(1, config_.outbox_batch_size),
                     config_.claim_seconds);
  if (!claimed.ok()) {
    Log("error", "deliver.claim_failed",
        {{"error", OneLine(claimed.status().ToString())}});
    return 0;
  }
  const std::vector<OutboxRow>& rows = *claimed;
  if (rows.empty()) return 0;

  // The batch's mails go to the sender at once (it spreads them over its
  // connections) while the SMS go out on sms_connections threads of their
  // own. nullopt: not attempted (the worker is stopping), handed back.
  std::vector<std::optional<Status>> results(rows.size());
  std::vector<size_t> mail_rows;
  std::vector<size_t> other_rows;
  std::vector<Mail> mails;
  for (size_t i = 0; i < rows.size(); ++i) {
    const OutboxMessage& m = rows[i].message;
    if (m.kind != OutboxMessage::Kind::kMail || mail_ == nullptr) {
      other_rows.push_back(i);
      continue;
    }
    mail_rows.push_back(i);
    mails.push_back(Mail{m.recipient, m.subject, m.text, m.html,
                         rows[i].message_id, m.from, m.from_name});
  }
  // Each thread takes the next row not yet taken; each writes only the
  // results of the rows it took.
  std::atomic<size_t> next_other{0};
  auto send_others = [&] {
    for (size_t k = next_other++; k < other_rows.size(); k = next_other++) {
      const size_t i = other_rows[k];
      const OutboxMessage& m = rows[i].message;
      if (Stopping()) continue;
      if (m.kind == OutboxMessage::Kind::kMail) {
        results[i] = Status::InvalidArgument("mail is not configured");
      } else if (sms_ == nullptr) {
        results[i] = Status::InvalidArgument("sms is not configured");
      } else {
        results[i] = sms_->Send(Sms{m.recipient, m.text});
      }
    }
  };
  std::vector<std::thread> sms_threads;
  if (!mails.empty() || other_rows.size() > 1) {
    const size_t extra = std::min<size_t>(
        other_rows.size(),
        static_cast<size_t>(std::max(1, config_.sms_connections)) -
            (mails.empty() ? 1 : 0));
    for (size_t t = 0; t < extra; ++t) sms_threads.emplace_back(send_others);
  }
  if (!mails.empty()) {
    std::vector<std::optional<Status>> sent =
        mail_->SendAll(mails, [this] { return Stopping(); });
    for (size_t k = 0; k < mail_rows.size() && k < sent.size(); ++k) {
      results[mail_rows[k]] = std::move(sent[k]);
    }
  } else {
    send_others();  // this thread is one of the SMS senders
  }
  for (std::thread& t : sms_threads) t.join();

  std::vector<OutboxOutcome> outcomes;
  outcomes.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    outcomes.push_back(Outcome(rows[i], results[i]));
  }
  // The messages are sent: their outcome must be written, or they would be
  // sent again once the claim expires. A busy database (a deadlock, a lock
  // wait) is tried again a few times.
  StatusOr<int> recorded = outbox_->Record(worker_id_, outcomes);
  for (int retry = 1; retry <= 4 && !recorded.ok() &&
                      recorded.status().code() == StatusCode::kUnavailable;
       ++retry) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25 * retry));
    recorded = outbox_->Record(worker_id_, outcomes);
  }
  if (!recorded.ok()) {
    Log("error", "deliver.record_failed",
        {{"messages", static_cast<int64_t>(outcomes.size())},
         {"error", OneLine(recorded.status().ToString())}});
  } else if (*recorded < static_cast<int>(outcomes.size())) {
    // A claim was lost (it expired and another worker took the row).
    Log("error", "deliver.record_failed",
        {{"messages", static_cast<int64_t>(outcomes.size())},
         {"recorded", *recorded},
         {"error", "claim lost: outcome not recorded"}});
  }
  return static_cast<int>(rows.size());
}

OutboxOutcome Deliverer::Outcome(const OutboxRow& row,
                                 const std::optional<Status>& sent) {
  const OutboxMessage& m = row.message;
  OutboxOutcome o;
  o.id = row.id;
  o.claim_token = row.claim_token;
  if (!sent) {
    o.kind = OutboxOutcome::Kind::kReleased;
    return o;
  }
  const int attempt = row.attempts + 1;
  std::string outcome;
  if (sent->ok()) {
    o.kind = OutboxOutcome::Kind::kSent;
    outcome = "sent";
  } else {
    o.kind = OutboxOutcome::Kind::kRetry;
    o.error = sent->ToString();
    o.channel = KindName(m.kind);
    o.cause = SendFailureCause(*sent);
    if (sent->code() == StatusCode::kInvalidArgument) {
      o.delay_seconds = kPermanentFailureDelaySeconds;
      outcome = "failed permanently: " + sent->ToString();
    } else {
      std::uniform_real_distribution<double> jitter(0.0, 1.0);
      o.delay_seconds = BackoffSeconds(config_, row.attempts, jitter(rng_));
      outcome = "retry in " + std::to_string(o.delay_seconds) +
                "s: " + sent->ToString();
    }
  }
  if (CurrentLogFormat() == LogFormat::kJson) {
    // No part of the recipient in JSON lines.
    Log(sent->ok() ? "info" : "warning", "deliver.attempt",
        {{"outbox", row.id},
         {"channel", KindName(m.kind)},
         {"attempt", attempt},
         {"outcome", OneLine(outcome)}});
  } else {
    Log(sent->ok() ? "info" : "warning", "deliver.attempt",
        {{"outbox", row.id},
         {"channel", KindName(m.kind)},
         {"to", OneLine(LoggableRecipient(m))},
         {"attempt", attempt},
         {"outcome", OneLine(outcome)}});
  }
  return o;
}

void RunUntilStopped(const std::atomic<bool>& stop, int idle_ms, int batch,
                     WakeBoard* board, unsigned queue,
                     const std::function<int()>& step) {
  using Clock = std::chrono::steady_clock;
  WakeBoard none;
  if (board == nullptr) board = &none;
  uint64_t seen = board->Count(queue);
  std::chrono::milliseconds gap(0);
  bool woken = false;
  while (!stop.load()) {
    const int claimed = step();
    if (claimed > 0) {
      gap = std::chrono::milliseconds(0);
      if (claimed >= std::max(1, batch)) continue;
    } else if (woken) {
      gap = std::min(std::max(gap * 2, std::chrono::milliseconds(1)),
                     std::chrono::milliseconds(kMaxWakeGapMs));
    }
    const auto now = Clock::now();
    woken = board->Wait(queue, &seen, now + gap,
                        now + std::chrono::milliseconds(std::max(0, idle_ms)),
                        stop);
  }
}

void Deliverer::Run(const std::atomic<bool>& stop, WakeBoard* board) {
  stop_ = &stop;
  RunUntilStopped(stop, config_.poll_interval_ms, config_.outbox_batch_size,
                  board, kWakeOutbox, [&] { return RunOnce(); });
  stop_ = nullptr;
}

}  // namespace sesame
