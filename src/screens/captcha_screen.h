// GET /captcha/image?id=ID and /captcha/audio?id=ID: the picture (PNG) and
// the spoken digits (WAV) of a live captcha, drawn from its id (the answer
// is derived from it, captcha/captcha_rules.h). Viewing or listening spends
// nothing; an unknown, used or expired id gets a 404. Never cached.
#ifndef SESAME_SCREENS_CAPTCHA_SCREEN_H_
#define SESAME_SCREENS_CAPTCHA_SCREEN_H_

#include "web/screen.h"

namespace sesame {

class CaptchaImageScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
};

class CaptchaAudioScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
};

}  // namespace sesame

#endif  // SESAME_SCREENS_CAPTCHA_SCREEN_H_
