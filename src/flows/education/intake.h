// The Education flow's intent handler: the « Demande de réassort » whose
// facts matched (the question screen checked them against the signed-in
// account). It sends the single-use link (/education/reassort/lien,
// [education] link_ttl_minutes) to the personal channel typed on the
// form — a mail to the personal address, or an SMS to the personal mobile
// (counted against the SMS budgets) — within the account's request budget
// (AccountRequestLimit). The typed address is only in the sealed intent
// (deleted as it is handled) and the sealed outbox row (erased once sent):
// neither the recovery request nor the audit row holds it.
#ifndef SESAME_FLOWS_EDUCATION_INTAKE_H_
#define SESAME_FLOWS_EDUCATION_INTAKE_H_

#include "flows/recovery_flow.h"
#include "intake/intake_worker.h"

namespace sesame {

class EducationIntake : public IntentHandler {
 public:
  // Borrows what `deps` points to.
  explicit EducationIntake(const FlowDeps& deps);

  StatusOr<IntentOutcome> Handle(const Intent& intent) override;

 private:
  const Config& config_;
  const BrandingConfig branding_;
  Stores stores_;
  Renderer* renderer_;
};

}  // namespace sesame

#endif  // SESAME_FLOWS_EDUCATION_INTAKE_H_
