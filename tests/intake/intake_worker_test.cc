// IntakeWorker: every claimed intent is looked up first, the batch's
// outcomes are written with one FinishBatch, and each intent is finished on
// its own when the batch fails whole.
#include "intake/intake_worker.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace sesame {
namespace {

// Records what the worker asks of the store.
class RecordingIntakeStore : public IntakeStore {
 public:
  std::vector<Intent> waiting;
  std::optional<Status> batch_fails;          // FinishBatch fails whole with it
  std::vector<std::vector<int64_t>> batches;  // ids, per FinishBatch call
  std::vector<int64_t> finished_alone;        // ids, per Finish call
  std::vector<std::string> audit_events;      // of the outcomes written

  StatusOr<bool> Submit(const Intent&,
                        const std::vector<LimitCheck>&) override {
    return Status::Internal("not used");
  }
  StatusOr<std::vector<Intent>> ClaimIntents(const std::string&, int,
                                             int) override {
    return waiting;
  }
  StatusOr<IntentResult> Finish(int64_t id, const std::string&,
                                const IntentOutcome& outcome) override {
    finished_alone.push_back(id);
    Written(outcome);
    return IntentResult::kWritten;
  }
  StatusOr<std::vector<StatusOr<IntentResult>>> FinishBatch(
      const std::string&, const std::vector<FinishItem>& intents) override {
    std::vector<int64_t> ids;
    for (const auto& [id, outcome] : intents) ids.push_back(id);
    batches.push_back(ids);
    if (batch_fails) return *batch_fails;
    std::vector<StatusOr<IntentResult>> results;
    for (const auto& [id, outcome] : intents) {
      Written(*outcome);
      results.push_back(IntentResult::kWritten);
    }
    return results;
  }

 private:
  void Written(const IntentOutcome& outcome) {
    for (const AuditEvent& e : outcome.audit) audit_events.push_back(e.event);
  }
};

// Audits "seen.<login>"; fails for the login "broken". Counts its calls and
// what the store had written when each was made.
class AuditingHandler : public IntentHandler {
 public:
  explicit AuditingHandler(const RecordingIntakeStore* store) : store_(store) {}
  std::vector<size_t> written_before;  // store's batches at each call
  StatusOr<IntentOutcome> Handle(const Intent& intent) override {
    written_before.push_back(store_->batches.size());
    const std::string login = IntentField(intent, "login");
    if (login == "broken") return Status::Unavailable("lookup failed");
    IntentOutcome outcome;
    outcome.audit.push_back({std::nullopt, "seen." + login, "", intent.flow});
    return outcome;
  }

 private:
  const RecordingIntakeStore* store_;
};

Intent Waiting(int64_t id, const std::string& login) {
  Intent intent;
  intent.id = id;
  intent.flow = "demo";
  intent.fields["login"] = login;
  return intent;
}

TEST(IntakeWorkerTest, LooksEveryIntentUpThenWritesTheBatchOnce) {
  RecordingIntakeStore store;
  store.waiting = {Waiting(1, "a"), Waiting(2, "b"), Waiting(3, "c")};
  AuditingHandler handler(&store);
  IntakeWorker worker(&store, "w", 10, 60);
  worker.AddHandler("demo", &handler);
  EXPECT_EQ(worker.RunOnce(), 3);
  EXPECT_EQ(handler.written_before, (std::vector<size_t>{0, 0, 0}));
  EXPECT_EQ(store.batches, (std::vector<std::vector<int64_t>>{{1, 2, 3}}));
  EXPECT_TRUE(store.finished_alone.empty());
  EXPECT_EQ(store.audit_events,
            (std::vector<std::string>{"seen.a", "seen.b", "seen.c"}));
}

TEST(IntakeWorkerTest, AHandlerErrorLeavesOnlyItsIntentClaimed) {
  RecordingIntakeStore store;
  store.waiting = {Waiting(1, "a"), Waiting(2, "broken"), Waiting(3, "c"),
                   Intent{4, "nobody-handles-this", {}, "", ""}};
  AuditingHandler handler(&store);
  IntakeWorker worker(&store, "w", 10, 60);
  worker.AddHandler("demo", &handler);
  EXPECT_EQ(worker.RunOnce(), 4);
  // Intent 2 is not written (its claim runs out, it is tried again); an
  // intent of an unknown flow is written with its audit row only.
  EXPECT_EQ(store.batches, (std::vector<std::vector<int64_t>>{{1, 3, 4}}));
  EXPECT_EQ(store.audit_events,
            (std::vector<std::string>{"seen.a", "seen.c",
                                      "recovery.intent.unhandled"}));
}

TEST(IntakeWorkerTest, ABatchFailingWholeIsFinishedIntentByIntent) {
  RecordingIntakeStore store;
  store.waiting = {Waiting(1, "a"), Waiting(2, "b")};
  store.batch_fails = Status::Unavailable("deadlock, then gave up");
  AuditingHandler handler(&store);
  IntakeWorker worker(&store, "w", 10, 60);
  worker.AddHandler("demo", &handler);
  EXPECT_EQ(worker.RunOnce(), 2);
  EXPECT_EQ(store.batches, (std::vector<std::vector<int64_t>>{{1, 2}}));
  EXPECT_EQ(store.finished_alone, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(store.audit_events, (std::vector<std::string>{"seen.a", "seen.b"}));
}

TEST(IntakeWorkerTest, NothingClaimedWritesNothing) {
  RecordingIntakeStore store;
  AuditingHandler handler(&store);
  IntakeWorker worker(&store, "w", 10, 60);
  worker.AddHandler("demo", &handler);
  EXPECT_EQ(worker.RunOnce(), 0);
  EXPECT_TRUE(store.batches.empty());
  EXPECT_TRUE(store.finished_alone.empty());
}

}  // namespace
}  // namespace sesame
