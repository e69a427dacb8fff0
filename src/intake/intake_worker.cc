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
             std::string(outcome.messages_if_marked.empty() ? "no message"
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
  for (const Intent& intent : *claimed) {
    auto it = handlers_.find(intent.flow);
    StatusOr<IntentOutcome> outcome = IntentOutcome{};
    if (it == handlers_.end()) {
      outcome->audit.push_back({std::nullopt, "recovery.intent.unhandled",
                                intent.client_ip, intent.flow});
    } else {
      outcome = it->second->Handle(intent);
    }
    StatusOr<IntentResult> result =
        outcome.ok() ? store_->Finish(intent.id, worker_id_, *outcome)
                     : StatusOr<IntentResult>(outcome.status());
    std::string what = !result.ok()
                           ? "retry later: " + result.status().ToString()
                           : Described(*outcome, *result);
    Log(result.ok() ? "info" : "warning", "intake.intent",
        {{"intent", intent.id}, {"flow", intent.flow}, {"outcome", what}});
  }
  return static_cast<int>(claimed->size());
}

}  // namespace sesame
