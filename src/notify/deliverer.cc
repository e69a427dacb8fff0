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
  StatusOr<std::vector<OutboxRow>> claimed = outbox_->Claim(
      worker_id_, std::max(1, config_.batch_size), config_.claim_seconds);
  if (!claimed.ok()) {
    Log("error", "deliver.claim_failed",
        {{"error", OneLine(claimed.status().ToString())}});
    return 0;
  }
  const std::vector<OutboxRow>& rows = *claimed;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (Stopping()) {
      Status st = outbox_->MarkRetry(rows[i].id, worker_id_, 0,
                                     "not attempted: worker stopping");
      if (!st.ok()) {
        Log("error", "deliver.release_failed",
            {{"outbox", rows[i].id}, {"error", OneLine(st.ToString())}});
      }
      continue;
    }
    Deliver(rows[i]);
  }
  return static_cast<int>(rows.size());
}

void Deliverer::Deliver(const OutboxRow& row) {
  const OutboxMessage& m = row.message;
  Status sent;
  if (m.kind == OutboxMessage::Kind::kMail) {
    if (mail_ == nullptr) {
      sent = Status::InvalidArgument("mail is not configured");
    } else {
      Mail mail{m.recipient,    m.subject, m.text,     m.html,
                row.message_id, m.from,    m.from_name};
      sent = mail_->Send(mail);
    }
  } else {
    if (sms_ == nullptr) {
      sent = Status::InvalidArgument("sms is not configured");
    } else {
      sent = sms_->Send(Sms{m.recipient, m.text});
    }
  }

  const int attempt = row.attempts + 1;
  Status recorded;
  std::string outcome;
  if (sent.ok()) {
    recorded = outbox_->MarkSent(row.id, worker_id_);
    outcome = "sent";
  } else if (sent.code() == StatusCode::kInvalidArgument) {
    recorded = outbox_->MarkRetry(
        row.id, worker_id_, kPermanentFailureDelaySeconds, sent.ToString());
    outcome = "failed permanently: " + sent.ToString();
  } else {
    std::uniform_real_distribution<double> jitter(0.0, 1.0);
    int delay = BackoffSeconds(config_, row.attempts, jitter(rng_));
    recorded = outbox_->MarkRetry(row.id, worker_id_, delay, sent.ToString());
    outcome = "retry in " + std::to_string(delay) + "s: " + sent.ToString();
  }
  if (!sent.ok()) {
    Status counted =
        outbox_->CountSendFailure(KindName(m.kind), SendFailureCause(sent));
    if (!counted.ok()) {
      Log("warning", "deliver.count_failed",
          {{"outbox", row.id}, {"error", OneLine(counted.ToString())}});
    }
  }
  if (CurrentLogFormat() == LogFormat::kJson) {
    // No part of the recipient in JSON lines.
    Log(sent.ok() ? "info" : "warning", "deliver.attempt",
        {{"outbox", row.id},
         {"channel", KindName(m.kind)},
         {"attempt", attempt},
         {"outcome", OneLine(outcome)}});
  } else {
    Log(sent.ok() ? "info" : "warning", "deliver.attempt",
        {{"outbox", row.id},
         {"channel", KindName(m.kind)},
         {"to", OneLine(LoggableRecipient(m))},
         {"attempt", attempt},
         {"outcome", OneLine(outcome)}});
  }
  if (!recorded.ok()) {
    Log("error", "deliver.record_failed",
        {{"outbox", row.id}, {"error", OneLine(recorded.ToString())}});
  }
}

void PollUntilStopped(const std::atomic<bool>& stop, int idle_ms,
                      const std::function<bool()>& step) {
  while (!stop.load()) {
    if (step()) continue;
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::milliseconds(std::max(0, idle_ms));
    while (!stop.load()) {
      auto now = std::chrono::steady_clock::now();
      if (now >= deadline) break;
      std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
          deadline - now, std::chrono::milliseconds(50)));
    }
  }
}

void Deliverer::Run(const std::atomic<bool>& stop) {
  stop_ = &stop;
  const int batch = std::max(1, config_.batch_size);
  PollUntilStopped(stop, config_.poll_interval_ms,
                   [&] { return RunOnce() >= batch; });
  stop_ = nullptr;
}

}  // namespace sesame
