#include "notify/deliverer.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "fakes/fake_outbox.h"
#include "fakes/recording_senders.h"

namespace sesame {
namespace {

// An outcome of row `id` under claim `token`.
OutboxOutcome MakeOutcome(
    int64_t id, const std::string& token,
    OutboxOutcome::Kind kind = OutboxOutcome::Kind::kSent) {
  OutboxOutcome o;
  o.id = id;
  o.claim_token = token;
  o.kind = kind;
  return o;
}

DeliverConfig TestConfig() {
  DeliverConfig config;
  config.outbox_batch_size = 10;
  config.claim_seconds = 120;
  config.backoff_initial_seconds = 5;
  config.backoff_max_seconds = 600;
  config.poll_interval_ms = 10;
  return config;
}

OutboxMessage AMail(const std::string& to = "jean@example.org") {
  OutboxMessage m;
  m.kind = OutboxMessage::Kind::kMail;
  m.recipient = to;
  m.subject = "Réinitialisation";
  m.text = "secret link";
  m.html = "<p>secret link</p>";
  return m;
}

OutboxMessage AnSms() {
  OutboxMessage m;
  m.kind = OutboxMessage::Kind::kSms;
  m.recipient = "+33612345678";
  m.text = "Code: AB12C";
  return m;
}

TEST(BackoffSecondsTest, DoublesFromInitialUpToMax) {
  DeliverConfig config = TestConfig();
  EXPECT_EQ(BackoffSeconds(config, 0, 0.5), 5);
  EXPECT_EQ(BackoffSeconds(config, 1, 0.5), 10);
  EXPECT_EQ(BackoffSeconds(config, 3, 0.5), 40);
  EXPECT_EQ(BackoffSeconds(config, 7, 0.5), 600);  // 640 capped
  EXPECT_EQ(BackoffSeconds(config, 1000, 0.5), 600);
}

TEST(BackoffSecondsTest, JitterStaysWithinTwentyPercent) {
  DeliverConfig config = TestConfig();
  EXPECT_EQ(BackoffSeconds(config, 2, 0.0), 16);  // 20 * 0.8
  EXPECT_EQ(BackoffSeconds(config, 2, 1.0), 24);  // 20 * 1.2
  for (int attempts = 0; attempts < 12; ++attempts) {
    for (double j : {0.0, 0.1, 0.37, 0.5, 0.99, 1.0}) {
      int d = BackoffSeconds(config, attempts, j);
      EXPECT_GE(d, 1);
      EXPECT_LE(d, config.backoff_max_seconds);
    }
  }
  EXPECT_EQ(BackoffSeconds(config, 20, 0.0), 480);  // 600 * 0.8
}

TEST(BackoffSecondsTest, OutOfRangeInputsAreClamped) {
  DeliverConfig config = TestConfig();
  EXPECT_EQ(BackoffSeconds(config, -3, 0.5), 5);
  EXPECT_EQ(BackoffSeconds(config, 0, 7.0), 6);
  EXPECT_EQ(BackoffSeconds(config, 0, -1.0), 4);
}

TEST(MakeWorkerIdTest, DiffersBetweenCalls) {
  std::string a = MakeWorkerId(), b = MakeWorkerId();
  EXPECT_NE(a, b);
  EXPECT_NE(a.find(':'), std::string::npos);
}

TEST(DelivererTest, SendsMailAndSmsOnceEach) {
  FakeOutbox outbox;
  RecordingMailSender mail;
  RecordingSmsSender sms;
  int64_t m = outbox.Add(AMail());
  int64_t s = outbox.Add(AnSms());
  Deliverer d(TestConfig(), &outbox, &mail, &sms, "w1");
  EXPECT_EQ(d.RunOnce(), 2);
  ASSERT_EQ(mail.sent().size(), 1u);
  EXPECT_EQ(mail.sent()[0].to, "jean@example.org");
  EXPECT_EQ(mail.sent()[0].subject, "Réinitialisation");
  EXPECT_EQ(mail.sent()[0].html, "<p>secret link</p>");
  EXPECT_EQ(mail.sent()[0].message_id, outbox.row(m).message_id);
  ASSERT_EQ(sms.sent().size(), 1u);
  EXPECT_EQ(sms.sent()[0].to, "+33612345678");
  EXPECT_EQ(sms.sent()[0].text, "Code: AB12C");
  EXPECT_EQ(outbox.row(m).state, FakeOutbox::State::kSent);
  EXPECT_EQ(outbox.row(s).state, FakeOutbox::State::kSent);
}

TEST(DelivererTest, NothingIsSentTwiceAfterSuccess) {
  FakeOutbox outbox;
  RecordingMailSender mail;
  RecordingSmsSender sms;
  int64_t id = outbox.Add(AMail());
  Deliverer d(TestConfig(), &outbox, &mail, &sms, "w1");
  EXPECT_EQ(d.RunOnce(), 1);
  for (int i = 0; i < 5; ++i) {
    outbox.Advance(3600);
    EXPECT_EQ(d.RunOnce(), 0);
  }
  EXPECT_EQ(mail.calls(), 1);
  EXPECT_EQ(outbox.row(id).sent_marks, 1);
}

TEST(DelivererTest, TransientFailureIsRetriedAfterBackoffThenSentOnce) {
  FakeOutbox outbox;
  RecordingMailSender mail;
  RecordingSmsSender sms;
  int64_t id = outbox.Add(AMail());
  mail.FailNext(2);
  DeliverConfig config = TestConfig();
  Deliverer d(config, &outbox, &mail, &sms, "w1");

  EXPECT_EQ(d.RunOnce(), 1);  // attempt 1 fails
  FakeOutbox::Row row = outbox.row(id);
  EXPECT_EQ(row.state, FakeOutbox::State::kPending);
  EXPECT_EQ(row.attempts, 1);
  EXPECT_GE(row.due - outbox.now(), 4);  // 5 s +-20%
  EXPECT_LE(row.due - outbox.now(), 6);
  EXPECT_EQ(row.last_error.find("secret"), std::string::npos);
  EXPECT_EQ(d.RunOnce(), 0);  // not due yet

  outbox.Advance(6);
  EXPECT_EQ(d.RunOnce(), 1);  // attempt 2 fails
  row = outbox.row(id);
  EXPECT_EQ(row.attempts, 2);
  EXPECT_GE(row.due - outbox.now(), 8);  // 10 s +-20%
  EXPECT_LE(row.due - outbox.now(), 12);

  outbox.Advance(12);
  EXPECT_EQ(d.RunOnce(), 1);  // attempt 3 succeeds
  EXPECT_EQ(outbox.row(id).state, FakeOutbox::State::kSent);
  outbox.Advance(3600);
  EXPECT_EQ(d.RunOnce(), 0);
  EXPECT_EQ(mail.calls(), 3);
  EXPECT_EQ(mail.sent().size(), 1u);
}

TEST(DelivererTest, PermanentFailureMarksTheRowFailedAtOnce) {
  FakeOutbox outbox;
  RecordingMailSender mail;
  RecordingSmsSender sms;
  int64_t id = outbox.Add(AMail());
  mail.FailNext(1, Status::InvalidArgument("smtp to @example.org: 550"));
  Deliverer d(TestConfig(), &outbox, &mail, &sms, "w1");
  EXPECT_EQ(d.RunOnce(), 1);
  EXPECT_EQ(outbox.row(id).state, FakeOutbox::State::kFailed);
  EXPECT_NE(outbox.row(id).last_error.find("550"), std::string::npos);
  outbox.Advance(10 * 86400);
  EXPECT_EQ(d.RunOnce(), 0);
  EXPECT_EQ(mail.calls(), 1);
  EXPECT_TRUE(mail.sent().empty());
}

TEST(DelivererTest, RetriesStopAtExpiry) {
  FakeOutbox outbox;
  RecordingMailSender mail;
  RecordingSmsSender sms;
  OutboxMessage m = AnSms();
  m.ttl_seconds = 600;  // an SMS code lives 10 minutes
  int64_t id = outbox.Add(m);
  sms.FailNext(1000);
  Deliverer d(TestConfig(), &outbox, &mail, &sms, "w1");
  for (int i = 0;
       i < 100 && outbox.row(id).state == FakeOutbox::State::kPending; ++i) {
    d.RunOnce();
    outbox.Advance(30);
  }
  EXPECT_EQ(outbox.row(id).state, FakeOutbox::State::kFailed);
  int calls = sms.calls();
  EXPECT_GE(calls, 3);
  outbox.Advance(3600);
  EXPECT_EQ(d.RunOnce(), 0);
  EXPECT_EQ(sms.calls(), calls);
}

TEST(DelivererTest, MissingSmsSenderFailsSmsRowsPermanently) {
  FakeOutbox outbox;
  RecordingMailSender mail;
  int64_t id = outbox.Add(AnSms());
  Deliverer d(TestConfig(), &outbox, &mail, nullptr, "w1");
  EXPECT_EQ(d.RunOnce(), 1);
  EXPECT_EQ(outbox.row(id).state, FakeOutbox::State::kFailed);
}

TEST(DelivererTest, ClaimFailureIsSurvived) {
  FakeOutbox outbox;
  RecordingMailSender mail;
  RecordingSmsSender sms;
  outbox.Add(AMail());
  outbox.FailNextClaims(1);
  Deliverer d(TestConfig(), &outbox, &mail, &sms, "w1");
  EXPECT_EQ(d.RunOnce(), 0);
  EXPECT_EQ(d.RunOnce(), 1);
  EXPECT_EQ(mail.sent().size(), 1u);
}

TEST(DelivererTest, TwoWorkersNeverSendTheSameRow) {
  FakeOutbox outbox;
  RecordingMailSender mail;
  RecordingSmsSender sms;
  for (int i = 0; i < 30; ++i) outbox.Add(AMail());
  DeliverConfig config = TestConfig();
  config.outbox_batch_size = 7;
  Deliverer a(config, &outbox, &mail, &sms, "a");
  Deliverer b(config, &outbox, &mail, &sms, "b");
  int total = 0;
  for (int i = 0; i < 10; ++i) total += a.RunOnce() + b.RunOnce();
  EXPECT_EQ(total, 30);
  EXPECT_EQ(mail.calls(), 30);
  EXPECT_EQ(outbox.Count(FakeOutbox::State::kSent), 30);
}

TEST(DelivererTest, BatchIsBoundedByBatchSize) {
  FakeOutbox outbox;
  RecordingMailSender mail;
  RecordingSmsSender sms;
  for (int i = 0; i < 25; ++i) outbox.Add(AMail());
  Deliverer d(TestConfig(), &outbox, &mail, &sms, "w1");
  EXPECT_EQ(d.RunOnce(), 10);
  EXPECT_EQ(mail.calls(), 10);
}

TEST(DelivererTest, RunDeliversThenStops) {
  FakeOutbox outbox;
  RecordingMailSender mail;
  RecordingSmsSender sms;
  for (int i = 0; i < 25; ++i) outbox.Add(AMail());
  Deliverer d(TestConfig(), &outbox, &mail, &sms, "w1");
  std::atomic<bool> stop{false};
  std::thread worker([&] { d.Run(stop); });
  // Waits for the work itself, not for a duration.
  while (outbox.Count(FakeOutbox::State::kSent) < 25) std::this_thread::yield();
  stop = true;
  worker.join();
  EXPECT_EQ(mail.calls(), 25);
}

// A sender that asks the worker to stop while it sends.
class StoppingMailSender : public MailSender {
 public:
  explicit StoppingMailSender(std::atomic<bool>* stop) : stop_(stop) {}
  Status Send(const Mail&) override {
    ++calls;
    *stop_ = true;
    return Status::Ok();
  }
  int calls = 0;

 private:
  std::atomic<bool>* stop_;
};

TEST(DelivererTest, StopFinishesTheCurrentMessageAndHandsBackTheRest) {
  FakeOutbox outbox;
  for (int i = 0; i < 5; ++i) outbox.Add(AMail());
  std::atomic<bool> stop{false};
  StoppingMailSender mail(&stop);
  Deliverer d(TestConfig(), &outbox, &mail, nullptr, "w1");
  d.Run(stop);  // returns after the first message
  EXPECT_EQ(mail.calls, 1);
  EXPECT_EQ(outbox.Count(FakeOutbox::State::kSent), 1);
  EXPECT_EQ(outbox.Count(FakeOutbox::State::kPending), 4);
  EXPECT_EQ(outbox.records(), 1);
  EXPECT_EQ(outbox.row(2).attempts, 0);  // handed back, not attempted
  // The others are due again at once, for another worker.
  RecordingMailSender other;
  Deliverer d2(TestConfig(), &outbox, &other, nullptr, "w2");
  EXPECT_EQ(d2.RunOnce(), 4);
  EXPECT_EQ(other.sent().size(), 4u);
}

}  // namespace
}  // namespace sesame

namespace sesame {
namespace {

// Send failures reach /metrics through the database, by channel and cause.
TEST(DelivererTest, FailedAttemptsAreCountedByChannelAndCause) {
  FakeOutbox outbox;
  RecordingMailSender mail;
  RecordingSmsSender sms;
  outbox.Add(AMail());
  outbox.Add(AnSms());
  mail.FailNext(1);                                     // Unavailable: retried
  sms.FailNext(1, Status::InvalidArgument("refused"));  // given up
  Deliverer d(TestConfig(), &outbox, &mail, &sms, "w1");
  EXPECT_EQ(d.RunOnce(), 2);
  EXPECT_EQ(outbox.send_failures("mail/unavailable"), 1);
  EXPECT_EQ(outbox.send_failures("sms/rejected"), 1);
  EXPECT_EQ(outbox.send_failures("mail/rejected"), 0);
}

TEST(DelivererTest, SentMessagesCountNoFailure) {
  FakeOutbox outbox;
  RecordingMailSender mail;
  RecordingSmsSender sms;
  outbox.Add(AMail());
  Deliverer d(TestConfig(), &outbox, &mail, &sms, "w1");
  EXPECT_EQ(d.RunOnce(), 1);
  EXPECT_EQ(outbox.send_failures("mail/unavailable"), 0);
}

// The outcomes of a batch are written at once, whatever their mix.
TEST(DelivererTest, OneRecordPerBatchNotPerRow) {
  FakeOutbox outbox;
  RecordingMailSender mail;
  RecordingSmsSender sms;
  for (int i = 0; i < 25; ++i) outbox.Add(i % 5 == 4 ? AnSms() : AMail());
  Deliverer d(TestConfig(), &outbox, &mail, &sms, "w1");
  EXPECT_EQ(d.RunOnce(), 10);
  EXPECT_EQ(outbox.claims(), 1);
  EXPECT_EQ(outbox.records(), 1);
  EXPECT_EQ(outbox.row_marks(), 0);
  EXPECT_EQ(outbox.Count(FakeOutbox::State::kSent), 10);
  EXPECT_EQ(d.RunOnce(), 10);
  EXPECT_EQ(d.RunOnce(), 5);
  EXPECT_EQ(outbox.records(), 3);
  EXPECT_EQ(outbox.Count(FakeOutbox::State::kSent), 25);
  EXPECT_EQ(mail.calls() + sms.calls(), 25);
}

TEST(DelivererTest, MixedOutcomesOfOneBatchAreRecordedTogether) {
  FakeOutbox outbox;
  RecordingMailSender mail;
  RecordingSmsSender sms;
  const int64_t retried = outbox.Add(AMail("a@example.org"));
  const int64_t sent = outbox.Add(AMail("b@example.org"));
  const int64_t refused = outbox.Add(AnSms());
  mail.FailNext(1);  // the first mail: Unavailable, retried
  sms.FailNext(1, Status::InvalidArgument("refused"));
  Deliverer d(TestConfig(), &outbox, &mail, &sms, "w1");
  EXPECT_EQ(d.RunOnce(), 3);
  EXPECT_EQ(outbox.records(), 1);
  EXPECT_EQ(outbox.row(retried).state, FakeOutbox::State::kPending);
  EXPECT_EQ(outbox.row(retried).attempts, 1);
  EXPECT_GT(outbox.row(retried).due, outbox.now());
  EXPECT_EQ(outbox.row(sent).state, FakeOutbox::State::kSent);
  EXPECT_EQ(outbox.row(refused).state, FakeOutbox::State::kFailed);
  EXPECT_EQ(outbox.send_failures("mail/unavailable"), 1);
  EXPECT_EQ(outbox.send_failures("sms/rejected"), 1);
}

// An SmsSender whose Send waits (up to 10 s, so a fault cannot hang the
// test) until `together` sends are under way at once; keeps the most seen.
class GatheringSmsSender : public SmsSender {
 public:
  explicit GatheringSmsSender(int together) : together_(together) {}
  Status Send(const Sms& sms) override {
    std::unique_lock<std::mutex> lock(mu_);
    sent_.push_back(sms.to);
    ++in_flight_;
    most_ = std::max(most_, in_flight_);
    cv_.notify_all();
    cv_.wait_for(lock, std::chrono::seconds(10),
                 [&] { return most_ >= together_; });
    --in_flight_;
    return Status::Ok();
  }
  int most() {
    std::lock_guard<std::mutex> lock(mu_);
    return most_;
  }
  std::vector<std::string> sent() {
    std::lock_guard<std::mutex> lock(mu_);
    return sent_;
  }

 private:
  const int together_;
  std::mutex mu_;
  std::condition_variable cv_;
  int in_flight_ = 0;
  int most_ = 0;
  std::vector<std::string> sent_;
};

OutboxMessage AnSmsTo(int i) {
  OutboxMessage m = AnSms();
  m.recipient = "+3361234560" + std::to_string(i);
  return m;
}

// A batch's SMS go out sms_connections at a time, beside its mails, each
// once, and the batch is recorded once.
TEST(DelivererTest, SmsOfABatchAreSentSideBySideEachOnce) {
  FakeOutbox outbox;
  RecordingMailSender mail;
  GatheringSmsSender sms(3);
  const int64_t m = outbox.Add(AMail());
  std::vector<int64_t> ids;
  for (int i = 0; i < 7; ++i) ids.push_back(outbox.Add(AnSmsTo(i)));
  DeliverConfig config = TestConfig();
  config.sms_connections = 3;
  Deliverer d(config, &outbox, &mail, &sms, "w1");
  EXPECT_EQ(d.RunOnce(), 8);
  EXPECT_EQ(sms.most(), 3);
  std::vector<std::string> sent = sms.sent();
  std::sort(sent.begin(), sent.end());
  ASSERT_EQ(sent.size(), 7u);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(sent[i], AnSmsTo(i).recipient);
  EXPECT_EQ(mail.sent().size(), 1u);
  EXPECT_EQ(outbox.records(), 1);
  EXPECT_EQ(outbox.row(m).state, FakeOutbox::State::kSent);
  for (int64_t id : ids) {
    EXPECT_EQ(outbox.row(id).state, FakeOutbox::State::kSent);
  }
}

// Without mails in the batch the worker's own thread is one of the SMS
// senders: never more than sms_connections at once.
TEST(DelivererTest, SmsOnlyBatchKeepsToSmsConnections) {
  FakeOutbox outbox;
  GatheringSmsSender sms(2);
  for (int i = 0; i < 5; ++i) outbox.Add(AnSmsTo(i));
  DeliverConfig config = TestConfig();
  config.sms_connections = 2;
  Deliverer d(config, &outbox, nullptr, &sms, "w1");
  EXPECT_EQ(d.RunOnce(), 5);
  EXPECT_EQ(sms.most(), 2);
  EXPECT_EQ(sms.sent().size(), 5u);
  EXPECT_EQ(outbox.Count(FakeOutbox::State::kSent), 5);
}

// A worker whose claim was lost (it expired and another took the row)
// cannot write its outcome over the new holder's.
TEST(FakeOutboxTest, RecordNeedsTheWorkerAndTheClaimToken) {
  FakeOutbox outbox;
  const int64_t id = outbox.Add(AMail());
  StatusOr<std::vector<OutboxRow>> first = outbox.Claim("a", 10, 60);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 1u);
  outbox.ExpireClaim(id);
  StatusOr<std::vector<OutboxRow>> second = outbox.Claim("a", 10, 60);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_NE((*first)[0].claim_token, (*second)[0].claim_token);
  OutboxOutcome stale = MakeOutcome(id, (*first)[0].claim_token);
  EXPECT_EQ(*outbox.Record("a", {stale}), 0);
  OutboxOutcome other_worker = MakeOutcome(id, (*second)[0].claim_token);
  EXPECT_EQ(*outbox.Record("b", {other_worker}), 0);
  EXPECT_EQ(outbox.row(id).state, FakeOutbox::State::kPending);
  OutboxOutcome current = MakeOutcome(id, (*second)[0].claim_token);
  EXPECT_EQ(*outbox.Record("a", {current}), 1);
  EXPECT_EQ(outbox.row(id).state, FakeOutbox::State::kSent);
  EXPECT_EQ(*outbox.Record("a", {current}), 0);  // once
}

TEST(FakeOutboxTest, ReleasedRowsAreDueAgainWithoutAnAttempt) {
  FakeOutbox outbox;
  const int64_t id = outbox.Add(AMail());
  StatusOr<std::vector<OutboxRow>> rows = outbox.Claim("a", 10, 60);
  ASSERT_EQ(rows->size(), 1u);
  OutboxOutcome released =
      MakeOutcome(id, (*rows)[0].claim_token, OutboxOutcome::Kind::kReleased);
  EXPECT_EQ(*outbox.Record("a", {released}), 1);
  EXPECT_EQ(outbox.row(id).attempts, 0);
  EXPECT_EQ(outbox.Claim("b", 10, 60)->size(), 1u);
}

// The default SendAll: one by one, stopping between two mails.
TEST(MailSenderTest, DefaultSendAllStopsBetweenMails) {
  RecordingMailSender mail;
  std::vector<Mail> mails(4, Mail{"a@example.org", "s", "t", "", ""});
  int asked = 0;
  std::vector<std::optional<Status>> results =
      mail.SendAll(mails, [&] { return ++asked > 2; });
  ASSERT_EQ(results.size(), 4u);
  EXPECT_TRUE(results[0] && results[0]->ok());
  EXPECT_TRUE(results[1] && results[1]->ok());
  EXPECT_FALSE(results[2]);
  EXPECT_FALSE(results[3]);
  EXPECT_EQ(mail.calls(), 2);
}

TEST(SendFailureCauseTest, OneWordPerStatusCode) {
  EXPECT_STREQ(SendFailureCause(Status::InvalidArgument("x")), "rejected");
  EXPECT_STREQ(SendFailureCause(Status::Unavailable("x")), "unavailable");
  EXPECT_STREQ(SendFailureCause(Status::FailedPrecondition("x")),
               "configuration");
  EXPECT_STREQ(SendFailureCause(Status::Internal("x")), "internal");
}

// Waits for `done` without a timed assertion: only a generous overall
// deadline, past which the test fails instead of hanging.
bool WaitFor(const std::function<bool()>& done) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

class WokenDelivererTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/sesame-deliver-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    path_ = dir_ + "/deliver.sock";
    auto bound = WakeListener::Bind(path_);
    ASSERT_TRUE(bound.ok()) << bound.status().ToString();
    listener_ = std::move(bound).value();
  }
  void TearDown() override {
    listener_.reset();
    rmdir(dir_.c_str());
  }
  // The poll alone would not find anything before the test's deadline.
  static DeliverConfig HourPoll() {
    DeliverConfig config = TestConfig();
    config.poll_interval_ms = 3600 * 1000;
    return config;
  }
  std::string dir_;
  std::string path_;
  std::unique_ptr<WakeListener> listener_;
};

TEST_F(WokenDelivererTest, DatagramWakesDeliverBeforeThePollInterval) {
  FakeOutbox outbox;
  RecordingMailSender mail;
  Deliverer d(HourPoll(), &outbox, &mail, nullptr, "w1");
  WakeBoard board;
  std::atomic<bool> stop{false};
  std::thread wakes([&] { ForwardWakes(listener_.get(), &board, stop); });
  std::thread worker([&] { d.Run(stop, &board); });
  // The first claim (at start) found nothing: deliver now waits an hour.
  ASSERT_TRUE(WaitFor([&] { return outbox.claims() >= 1; }));
  outbox.Add(AMail());
  WakeSender(path_).Send(kWakeOutbox);
  EXPECT_TRUE(WaitFor([&] { return mail.calls() == 1; }));
  stop = true;
  worker.join();
  wakes.join();
  EXPECT_EQ(outbox.Count(FakeOutbox::State::kSent), 1);
}

TEST_F(WokenDelivererTest, WakeOfTheOtherQueueDoesNotClaim) {
  FakeOutbox outbox;
  RecordingMailSender mail;
  Deliverer d(HourPoll(), &outbox, &mail, nullptr, "w1");
  WakeBoard board;
  std::atomic<bool> stop{false};
  std::thread wakes([&] { ForwardWakes(listener_.get(), &board, stop); });
  std::thread worker([&] { d.Run(stop, &board); });
  ASSERT_TRUE(WaitFor([&] { return outbox.claims() >= 1; }));
  WakeSender sender(path_);
  sender.Send(kWakeIntents);
  ASSERT_TRUE(WaitFor([&] { return board.Count(kWakeIntents) >= 1; }));
  // Then one for the outbox: its claim is the second, not the third.
  outbox.Add(AMail());
  sender.Send(kWakeOutbox);
  ASSERT_TRUE(WaitFor([&] { return mail.calls() == 1; }));
  stop = true;
  worker.join();
  wakes.join();
  EXPECT_EQ(outbox.claims(), 2);
}

TEST_F(WokenDelivererTest, FloodOfDatagramsDeliversOnceAndDoesNotSpin) {
  FakeOutbox outbox;
  RecordingMailSender mail;
  Deliverer d(HourPoll(), &outbox, &mail, nullptr, "w1");
  WakeBoard board;
  std::atomic<bool> stop{false};
  std::thread wakes([&] { ForwardWakes(listener_.get(), &board, stop); });
  std::thread worker([&] { d.Run(stop, &board); });
  ASSERT_TRUE(WaitFor([&] { return outbox.claims() >= 1; }));
  const int64_t id = outbox.Add(AMail());
  // Well-formed and oversize datagrams, as fast as they go, until well
  // after the mail is sent.
  WakeSender sender(path_);
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path_.c_str(), sizeof(addr.sun_path) - 1);
  const std::string oversize(2000, '\x02');
  uint64_t posted = 0;
  const auto flood_end =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  while (std::chrono::steady_clock::now() < flood_end || mail.calls() == 0) {
    sender.Send(kWakeOutbox);
    sendto(fd, oversize.data(), oversize.size(), MSG_DONTWAIT,
           reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    posted = board.Count(kWakeOutbox);
  }
  close(fd);
  stop = true;
  worker.join();
  wakes.join();
  EXPECT_EQ(mail.calls(), 1);
  EXPECT_EQ(outbox.row(id).sent_marks, 1);
  EXPECT_GT(listener_->ignored(), 0u);
  // Without the gap every wake would be a claim; with it, about ten claims
  // in the first half second (1, 2, 4 ... 512 ms), then one a second.
  EXPECT_GT(posted, 20u);
  EXPECT_LT(outbox.claims(), 20) << posted << " wakes posted";
}

}  // namespace
}  // namespace sesame
