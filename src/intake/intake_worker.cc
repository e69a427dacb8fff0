#include "intake/intake_worker.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "core/log.h"

namespace sesame {

std::string IntentField(const Intent& intent, const std::string& name) {
  auto it = intent.fields.find(name);
  return it == intent.fields.end() ? std::string() : it->second;
}

namespace {

// What Finish wrote, for the log: never what was typed.
std::string Described(const IntentOutcome& outcome, IntentResult result) {
  switch (result) {
    case IntentResult::kLimited:
      return "limited: nothing sent";
    case IntentResult::kMarked:
      return "refused by a mark rule: " +
             std::string(outcome.messages_if_marked.empty() &&
                                 !outcome.render_if_marked
                             ? "no message"
                             : "refusal queued");
    case IntentResult::kWritten:
      break;
  }
  return outcome.request             ? "request created"
         : !outcome.messages.empty() ? "mail queued"
                                     : "no message";
}

}  // namespace

IntakeWorker::IntakeWorker(IntakeStore* store, std::string worker_id, int batch,
                           int claim_seconds)
    : store_(store),
      worker_id_(std::move(worker_id)),
      batch_(std::max(1, batch)),
      claim_seconds_(std::max(1, claim_seconds)) {}

void IntakeWorker::AddHandler(const std::string& flow, IntentHandler* handler) {
  handlers_[flow] = handler;
}

int IntakeWorker::RunOnce() {
  StatusOr<std::vector<Intent>> claimed =
      store_->ClaimIntents(worker_id_, batch_, claim_seconds_);
  if (!claimed.ok()) {
    Log("error", "intake.claim_failed",
        {{"error", claimed.status().ToString()}});
    return 0;
  }
  // Every intent is looked up first, then the batch's outcomes are written
  // together (IntakeStore::FinishBatch): what a handler decides from its
  // reads, the write checks again under its locks (limits, mark guards).
  std::vector<StatusOr<IntentOutcome>> outcomes;
  std::vector<IntakeStore::FinishItem> items;
  for (const Intent& intent : *claimed) {
    auto it = handlers_.find(intent.flow);
    StatusOr<IntentOutcome> outcome = IntentOutcome{};
    if (it == handlers_.end()) {
      outcome->audit.push_back({std::nullopt, "recovery.intent.unhandled",
                                intent.client_ip, intent.flow});
    } else {
      outcome = it->second->Handle(intent);
    }
    outcomes.push_back(std::move(outcome));
  }
  for (size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i].ok()) items.push_back({(*claimed)[i].id, &*outcomes[i]});
  }
  StatusOr<std::vector<StatusOr<IntentResult>>> batch =
      items.empty() ? std::vector<StatusOr<IntentResult>>()
                    : store_->FinishBatch(worker_id_, items);
  if (!batch.ok() || batch->size() != items.size()) {
    // The batch's transaction failed whole: each intent on its own, so one
    // intent's fault does not hold back the others.
    Log("warning", "intake.batch_failed",
        {{"intents", std::to_string(items.size())},
         {"error",
          batch.ok() ? "wrong result count" : batch.status().ToString()}});
    std::vector<StatusOr<IntentResult>> one_by_one;
    for (const auto& [id, outcome] : items) {
      one_by_one.push_back(store_->Finish(id, worker_id_, *outcome));
    }
    batch = std::move(one_by_one);
  }
  size_t next = 0;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const Intent& intent = (*claimed)[i];
    StatusOr<IntentResult> result =
        outcomes[i].ok() ? (*batch)[next++]
                         : StatusOr<IntentResult>(outcomes[i].status());
    std::string what = !result.ok()
                           ? "retry later: " + result.status().ToString()
                           : Described(*outcomes[i], *result);
    Log(result.ok() ? "info" : "warning", "intake.intent",
        {{"intent", intent.id}, {"flow", intent.flow}, {"outcome", what}});
  }
  return static_cast<int>(claimed->size());
}

}  // namespace sesame
