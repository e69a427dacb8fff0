// The captcha's picture: the digits drawn server-side as a PNG with libgd,
// each glyph turned and shifted on its own, the whole picture bent by a
// wave, over and under noise (lines, arcs, dots), yet readable by a person.
//
// The drawing depends only on the digits and `seed`: the same pair always
// gives the same bytes. Derive the seed from the captcha's id (for instance
// the first 8 bytes of its digest), not from the clock: reloading the image
// of one captcha then shows the same picture, so variants cannot be
// averaged to strip the noise.
#ifndef SESAME_CAPTCHA_CAPTCHA_IMAGE_H_
#define SESAME_CAPTCHA_CAPTCHA_IMAGE_H_

#include <cstdint>
#include <string>

#include "core/status.h"

namespace sesame {

inline constexpr int kCaptchaImageWidth = 200;
inline constexpr int kCaptchaImageHeight = 70;

// The TrueType font of the digits (Debian package fonts-dejavu-core).
inline constexpr char kCaptchaFont[] =
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

// A kCaptchaImageWidth x kCaptchaImageHeight PNG of `digits`, which must be
// kCaptchaLength ASCII digits (InvalidArgument otherwise).
StatusOr<std::string> RenderCaptchaPng(const std::string& digits,
                                       uint64_t seed);

// The same with another TrueType font. When the font cannot be used (missing
// file, no FreeType), the digits are drawn with gd's built-in giant font,
// enlarged: plainer, still legible.
StatusOr<std::string> RenderCaptchaPng(const std::string& digits, uint64_t seed,
                                       const std::string& font_path);

}  // namespace sesame

#endif  // SESAME_CAPTCHA_CAPTCHA_IMAGE_H_
