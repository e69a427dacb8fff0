// The captcha's picture: the digits drawn server-side as a PNG with libgd,
// made for people to read and for stock OCR not to (issue 16,
// tests/captcha/ocr_rate). The background is cut by a wavy line across and
// two or three wavy lines down into light and dark patches; the ink is dark
// on the light ones and light on the dark ones, so every digit changes
// polarity on its way and no global threshold keeps it whole. The digits
// stand close (some touch), each turned, sheared, scaled and bent by its
// own smooth displacement.
//
// The drawing depends only on the digits and `seed`: the same pair always
// gives the same bytes. The server derives the seed from the captcha's id
// with a key derived from its secret (CaptchaSeed): reloading the image of
// one captcha shows the same picture, so variants cannot be averaged, and
// nobody without the key can draw the candidates of an id.
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
