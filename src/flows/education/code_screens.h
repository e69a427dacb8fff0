// The end of every « réassort »: the warning page and the code's display.
//
// /education/reassort/avertissement: « munissez-vous de tout moyen
// permettant de le conserver… visible à l'écran que durant N secondes »,
// shown while the browser holds a live regeneration grant (grant.h). Its
// POST « REGENERER MON CODE DE VOTE » makes a new vote code, spends the
// grant and replaces the code's digest in one transaction (of concurrent
// POSTs, one makes a code; the others find the grant spent), keeps the
// code sealed for one display, mails the work address, and leads to:
//
// /education/reassort/code: takes the sealed code once (deleted as it is
// read) and shows it with the time its display ends ([education]
// code_display_seconds) and a Refresh header that reloads the page then
// (no JavaScript needed); the page is no-store. A reload, Back, a later
// visit, or the refresh itself find « code masqué »: the code is never
// rendered twice.
#ifndef SESAME_FLOWS_EDUCATION_CODE_SCREENS_H_
#define SESAME_FLOWS_EDUCATION_CODE_SCREENS_H_

#include <cstdint>
#include <functional>

#include "web/screen.h"

namespace sesame {

class WarningScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
  Response Post(Context& ctx) override;
};

class CodeScreen : public Screen {
 public:
  // `clock`: Unix seconds now (the display's end is written with it);
  // the system clock when empty.
  explicit CodeScreen(std::function<int64_t()> clock = {})
      : clock_(std::move(clock)) {}
  Response Get(Context& ctx) override;

 private:
  std::function<int64_t()> clock_;
};

// Unix seconds by the system clock.
int64_t SystemSeconds();

}  // namespace sesame

#endif  // SESAME_FLOWS_EDUCATION_CODE_SCREENS_H_
