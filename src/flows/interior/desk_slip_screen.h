// The desk's printable slip (/guichet/fiche): the secret handed over at the
// last desk action of this desk session, with the agent's name, bureau,
// officer, date and what to do next. Shown once: the slip is deleted as it
// is read (DeskStore::TakeSlip), so a reload says it was shown already and
// never shows the secret twice. The secret is never in an address; the
// page is sent with Cache-Control: no-store (every page is) and only the
// slip prints (@media print in sesame.css).
#ifndef SESAME_FLOWS_INTERIOR_DESK_SLIP_SCREEN_H_
#define SESAME_FLOWS_INTERIOR_DESK_SLIP_SCREEN_H_

#include "web/screen.h"

namespace sesame {

class DeskSlipScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
};

}  // namespace sesame

#endif  // SESAME_FLOWS_INTERIOR_DESK_SLIP_SCREEN_H_
