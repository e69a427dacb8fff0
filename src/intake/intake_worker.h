// IntakeWorker: turns the intents that request forms stored (see
// storage/intake_store.h) into their outcome, in `sesame deliver`.
//
// Each flow registers an IntentHandler that looks up what it needs and says
// what to write; the worker claims intents, asks the handler of each one's
// flow, and hands the outcome to IntakeStore::Finish, which writes it and
// deletes the intent in one transaction. A handler error leaves the intent
// claimed: it is tried again once the claim runs out. Logs one line per
// intent (id, flow, outcome kind), never what was typed.
#ifndef SESAME_INTAKE_INTAKE_WORKER_H_
#define SESAME_INTAKE_INTAKE_WORKER_H_

#include <map>
#include <string>

#include "core/status.h"
#include "storage/intake_store.h"

namespace sesame {

// The field `name` of `intent` as typed, or "" when absent.
std::string IntentField(const Intent& intent, const std::string& name);

class IntentHandler {
 public:
  virtual ~IntentHandler() = default;
  // What handling `intent` writes. Reads (account lookups, limits) may
  // happen here; writes happen only through the returned outcome.
  virtual StatusOr<IntentOutcome> Handle(const Intent& intent) = 0;
};

class IntakeWorker {
 public:
  // Borrows every pointer.
  IntakeWorker(IntakeStore* store, std::string worker_id, int batch,
               int claim_seconds);

  // `handler` handles the intents of `flow`. Intents of a flow nobody
  // handles are finished with an audit row and no other effect.
  void AddHandler(const std::string& flow, IntentHandler* handler);

  // Claims one batch and handles each intent; returns the number claimed
  // (0 when none was waiting or the claim failed).
  int RunOnce();

 private:
  IntakeStore* store_;
  std::string worker_id_;
  int batch_;
  int claim_seconds_;
  std::map<std::string, IntentHandler*> handlers_;
};

}  // namespace sesame

#endif  // SESAME_INTAKE_INTAKE_WORKER_H_
