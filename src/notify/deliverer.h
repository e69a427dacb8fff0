// Deliverer: the outbox worker behind `sesame deliver`.
//
// It claims a batch of due outbox rows, hands the mails to the MailSender at
// once (SendAll: the SMTP sender spreads them over its kept connections)
// while the SMS go to the SmsSender on [deliver] sms_connections threads at
// once (the sender must allow concurrent Sends), then records the batch's
// outcomes in one Outbox::Record: sent, or retry with exponential backoff
// and jitter (the store marks the row failed once the retry would pass its
// expiry). A permanent refusal (InvalidArgument) is retried with a delay
// beyond any expiry, so it fails at once. One Deliverer is used by one
// thread; several processes may run side by side (claims never overlap).
// Logs one line per attempt (core/log.h): row id, channel, recipient domain
// (text format only), attempt, outcome; never the text, the subject or a
// full address. Counts each failed attempt by cause in the database.
#ifndef SESAME_NOTIFY_DELIVERER_H_
#define SESAME_NOTIFY_DELIVERER_H_

#include <atomic>
#include <functional>
#include <optional>
#include <random>
#include <string>

#include "core/config.h"
#include "core/status.h"
#include "core/wake.h"
#include "notify/senders.h"
#include "storage/stores.h"
#include "storage/types.h"

namespace sesame {

// The delay before attempt `attempts` + 1, after `attempts` + 1 failures:
// min(initial * 2^attempts, max), scaled by 0.8 + 0.4 * jitter01 (jitter01
// in [0, 1]), then kept within [1, max].
int BackoffSeconds(const DeliverConfig& config, int attempts, double jitter01);

// "hostname:pid:random-hex", unique per process start.
std::string MakeWorkerId();

// The cause a failed send is counted under (Outbox::CountSendFailure, the
// metric sesame_send_failures_total): "rejected" (the server or gateway
// refused it, or the channel is not configured: given up), "unavailable"
// (could not connect, timed out, or a temporary refusal: retried),
// "configuration" (a setting the sender cannot use), "internal".
const char* SendFailureCause(const Status& status);

// The delay used for permanent failures: larger than any outbox lifetime.
inline constexpr int kPermanentFailureDelaySeconds = 10 * 365 * 86400;

// Calls `step` (it returns the rows it claimed) until `stop` is true: again
// at once after a full batch (`batch` rows or more); otherwise it waits for
// a wake of `queue` on `board` (may be null: no wakes) or `idle_ms`,
// whichever comes first, seeing a stop request within about 50 ms. A wake
// whose claim found nothing holds the next wake back by a gap doubling from
// 1 ms up to kMaxWakeGapMs (back to none once a claim finds work): a flood
// of wakes costs about one claim per kMaxWakeGapMs, never a spin.
void RunUntilStopped(const std::atomic<bool>& stop, int idle_ms, int batch,
                     WakeBoard* board, unsigned queue,
                     const std::function<int()>& step);
inline constexpr int kMaxWakeGapMs = 1000;

class Deliverer {
 public:
  // Borrows every pointer (none owned). `sms` may be null when SMS is not
  // configured: SMS rows then fail permanently. `mail` likewise.
  Deliverer(const DeliverConfig& config, Outbox* outbox, MailSender* mail,
            SmsSender* sms, std::string worker_id);

  // Claims one batch, sends each row and records the outcomes; returns the
  // number of rows claimed (0 when none was due or the claim failed). When
  // Run's stop flag is set mid-batch, the messages under way are finished
  // and the rows not yet attempted are handed back (due at once, no
  // attempt counted).
  int RunOnce();

  // Loops RunOnce until `stop` is true (RunUntilStopped): a full batch is
  // followed at once by the next, otherwise it waits up to poll_interval_ms
  // for a kWakeOutbox wake on `board` (may be null), so a stop request is
  // seen within about 50 ms of idling.
  void Run(const std::atomic<bool>& stop, WakeBoard* board = nullptr);

  // For a caller that runs its own loop around RunOnce: a batch in progress
  // is handed back once `stop` (may be null) becomes true.
  void WatchStop(const std::atomic<bool>* stop) { stop_ = stop; }

  const std::string& worker_id() const { return worker_id_; }

 private:
  // The outcome to record for `row` given what sending it gave (nullopt:
  // not attempted); logs the attempt.
  OutboxOutcome Outcome(const OutboxRow& row,
                        const std::optional<Status>& sent);
  bool Stopping() const { return stop_ != nullptr && stop_->load(); }

  DeliverConfig config_;
  Outbox* outbox_;
  MailSender* mail_;
  SmsSender* sms_;
  std::string worker_id_;
  const std::atomic<bool>* stop_ = nullptr;
  std::mt19937_64 rng_;
};

}  // namespace sesame

#endif  // SESAME_NOTIFY_DELIVERER_H_
