#include "captcha/captcha_image.h"

#include <gd.h>
#include <gdfontg.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <numbers>

#include "captcha/captcha_random.h"
#include "captcha/captcha_rules.h"

namespace sesame {
namespace {

constexpr int kW = kCaptchaImageWidth;
constexpr int kH = kCaptchaImageHeight;
constexpr double kTwoPi = 2 * std::numbers::pi;

struct ImageDeleter {
  void operator()(gdImagePtr im) const { gdImageDestroy(im); }
};
using Image = std::unique_ptr<gdImage, ImageDeleter>;

int Color(CaptchaRandom& rng, int lo, int hi) {
  return gdTrueColor(rng.Int(lo, hi), rng.Int(lo, hi), rng.Int(lo, hi));
}

// gd's FreeType cache must be set up once before threads share it.
bool FreeTypeReady() {
  static const bool ready = gdFontCacheSetup() == 0;
  return ready;
}

// Draws `digit` with the TrueType font, its bounding box centred on
// (cx, cy). False when the font cannot be used.
bool DrawGlyphTrueType(gdImagePtr im, const std::string& font, char digit,
                       double points, double angle, int cx, int cy, int color) {
  if (!FreeTypeReady()) return false;
  std::string fontlist = font;
  char text[2] = {digit, '\0'};
  int box[8];
  // A null image only measures.
  if (gdImageStringFT(nullptr, box, color, fontlist.data(), points, angle, 0, 0,
                      text) != nullptr) {
    return false;
  }
  int mid_x = (std::min({box[0], box[2], box[4], box[6]}) +
               std::max({box[0], box[2], box[4], box[6]})) /
              2;
  int mid_y = (std::min({box[1], box[3], box[5], box[7]}) +
               std::max({box[1], box[3], box[5], box[7]})) /
              2;
  return gdImageStringFT(im, box, color, fontlist.data(), points, angle,
                         cx - mid_x, cy - mid_y, text) == nullptr;
}

// Draws `digit` with gd's built-in 9x15 font, thickened, enlarged three
// times and turned by `angle` radians, centred on (cx, cy).
Status DrawGlyphBuiltin(gdImagePtr im, char digit, double angle, int cx, int cy,
                        int color) {
  gdFontPtr font = gdFontGetGiant();
  const int w = font->w + 1, h = font->h;
  const int scale = 3;
  Image small(gdImageCreateTrueColor(w, h));
  Image big(gdImageCreateTrueColor(w * scale, h * scale));
  if (!small || !big) return Status::Internal("gd: out of memory");
  for (gdImagePtr layer : {small.get(), big.get()}) {
    gdImageAlphaBlending(layer, 0);
    gdImageSaveAlpha(layer, 1);
    gdImageFilledRectangle(layer, 0, 0, gdImageSX(layer) - 1,
                           gdImageSY(layer) - 1,
                           gdTrueColorAlpha(0, 0, 0, 127));
  }
  gdImageChar(small.get(), font, 0, 0, digit, color);
  gdImageChar(small.get(), font, 1, 0, digit, color);
  gdImageCopyResampled(big.get(), small.get(), 0, 0, 0, 0, w * scale, h * scale,
                       w, h);
  gdImageAlphaBlending(im, 1);
  gdImageCopyRotated(
      im, big.get(), cx, cy, 0, 0, w * scale, h * scale,
      static_cast<int>(std::lround(angle * 180 / std::numbers::pi)));
  return Status::Ok();
}

// Light background: a vertical gradient between two pale colours.
void DrawBackground(gdImagePtr im, CaptchaRandom& rng) {
  int top = Color(rng, 225, 250), bottom = Color(rng, 225, 250);
  for (int y = 0; y < kH; ++y) {
    double t = static_cast<double>(y) / (kH - 1);
    auto mix = [t](int a, int b) {
      return static_cast<int>(std::lround(a + (b - a) * t));
    };
    gdImageLine(
        im, 0, y, kW - 1, y,
        gdTrueColor(mix(gdTrueColorGetRed(top), gdTrueColorGetRed(bottom)),
                    mix(gdTrueColorGetGreen(top), gdTrueColorGetGreen(bottom)),
                    mix(gdTrueColorGetBlue(top), gdTrueColorGetBlue(bottom))));
  }
}

// Noise under the digits: pale lines and arcs across the whole picture.
void DrawBackNoise(gdImagePtr im, CaptchaRandom& rng) {
  for (int i = 0; i < 8; ++i) {
    gdImageSetThickness(im, rng.Int(1, 2));
    gdImageLine(im, rng.Int(-20, kW + 20), rng.Int(-10, kH + 10),
                rng.Int(-20, kW + 20), rng.Int(-10, kH + 10),
                Color(rng, 150, 205));
  }
  gdImageSetThickness(im, 1);
  for (int i = 0; i < 5; ++i) {
    gdImageArc(im, rng.Int(0, kW), rng.Int(0, kH), rng.Int(40, 160),
               rng.Int(20, 90), rng.Int(0, 359), rng.Int(0, 359),
               Color(rng, 140, 200));
  }
}

// One glyph colour: dark, with a random hue.
int GlyphColor(CaptchaRandom& rng) { return Color(rng, 10, 100); }

Status DrawDigits(gdImagePtr im, const std::string& digits,
                  const std::string& font, CaptchaRandom& rng) {
  const int margin = 14;
  const double cell =
      static_cast<double>(kW - 2 * margin) / static_cast<double>(digits.size());
  gdImageAlphaBlending(im, 1);
  for (size_t i = 0; i < digits.size(); ++i) {
    double points = rng.Uniform(28, 33);
    double angle = rng.Uniform(-0.35, 0.35);  // radians, about 20 degrees
    int cx = static_cast<int>(margin + cell * (static_cast<double>(i) + 0.5) +
                              rng.Uniform(-4, 4));
    int cy = static_cast<int>(kH / 2 + rng.Uniform(-6, 6));
    int color = GlyphColor(rng);
    if (!DrawGlyphTrueType(im, font, digits[i], points, angle, cx, cy, color)) {
      SESAME_RETURN_IF_ERROR(
          DrawGlyphBuiltin(im, digits[i], angle, cx, cy, color));
    }
  }
  return Status::Ok();
}

int Lerp(int a, int b, double t) {
  return static_cast<int>(std::lround(a + (b - a) * t));
}

// Bilinear sample of `src` at (x, y), clamped to its edges.
int Sample(gdImagePtr src, double x, double y) {
  x = std::clamp(x, 0.0, static_cast<double>(kW - 1));
  y = std::clamp(y, 0.0, static_cast<double>(kH - 1));
  int x0 = static_cast<int>(x), y0 = static_cast<int>(y);
  int x1 = std::min(x0 + 1, kW - 1), y1 = std::min(y0 + 1, kH - 1);
  double fx = x - x0, fy = y - y0;
  int p00 = gdImageGetTrueColorPixel(src, x0, y0);
  int p10 = gdImageGetTrueColorPixel(src, x1, y0);
  int p01 = gdImageGetTrueColorPixel(src, x0, y1);
  int p11 = gdImageGetTrueColorPixel(src, x1, y1);
  auto channel = [&](int (*get)(int)) {
    return Lerp(Lerp(get(p00), get(p10), fx), Lerp(get(p01), get(p11), fx), fy);
  };
  return gdTrueColor(channel([](int p) { return gdTrueColorGetRed(p); }),
                     channel([](int p) { return gdTrueColorGetGreen(p); }),
                     channel([](int p) { return gdTrueColorGetBlue(p); }));
}

// The picture bent by two sine waves: rows slide sideways, columns up and
// down, so that no glyph keeps the font's straight strokes.
StatusOr<Image> Wave(gdImagePtr src, CaptchaRandom& rng) {
  Image dst(gdImageCreateTrueColor(kW, kH));
  if (!dst) return Status::Internal("gd: out of memory");
  double amp_y = rng.Uniform(3, 5), period_y = rng.Uniform(80, 130);
  double phase_y = rng.Uniform(0, kTwoPi);
  double amp_x = rng.Uniform(1.5, 2.5), period_x = rng.Uniform(35, 55);
  double phase_x = rng.Uniform(0, kTwoPi);
  for (int y = 0; y < kH; ++y) {
    for (int x = 0; x < kW; ++x) {
      double sx = x + amp_x * std::sin(kTwoPi * y / period_x + phase_x);
      double sy = y + amp_y * std::sin(kTwoPi * x / period_y + phase_y);
      gdImageSetPixel(dst.get(), x, y, Sample(src, sx, sy));
    }
  }
  return dst;
}

// Noise over the digits: a thin wavy thread through them, a few thin lines
// and scattered dots.
void DrawFrontNoise(gdImagePtr im, CaptchaRandom& rng) {
  gdImageSetThickness(im, 1);
  double base = kH / 2 + rng.Uniform(-8, 8), amp = rng.Uniform(6, 12);
  double period = rng.Uniform(60, 140), phase = rng.Uniform(0, kTwoPi);
  int thread = Color(rng, 60, 130);
  int prev_y = static_cast<int>(base + amp * std::sin(phase));
  for (int x = 1; x < kW; ++x) {
    int y =
        static_cast<int>(base + amp * std::sin(kTwoPi * x / period + phase));
    gdImageLine(im, x - 1, prev_y, x, y, thread);
    prev_y = y;
  }
  for (int i = 0; i < 3; ++i) {
    gdImageLine(im, rng.Int(0, kW / 3), rng.Int(0, kH), rng.Int(2 * kW / 3, kW),
                rng.Int(0, kH), Color(rng, 90, 170));
  }
  for (int i = 0; i < 350; ++i) {
    gdImageSetPixel(im, rng.Int(0, kW - 1), rng.Int(0, kH - 1),
                    Color(rng, 0, 255));
  }
  for (int i = 0; i < 40; ++i) {
    int x = rng.Int(0, kW - 2), y = rng.Int(0, kH - 2);
    gdImageFilledRectangle(im, x, y, x + 1, y + 1, Color(rng, 60, 200));
  }
}

}  // namespace

StatusOr<std::string> RenderCaptchaPng(const std::string& digits,
                                       uint64_t seed) {
  return RenderCaptchaPng(digits, seed, kCaptchaFont);
}

StatusOr<std::string> RenderCaptchaPng(const std::string& digits, uint64_t seed,
                                       const std::string& font_path) {
  if (!IsCaptchaAnswer(digits)) {
    return Status::InvalidArgument("captcha image: expected 4 ASCII digits");
  }
  CaptchaRandom rng(seed);
  Image canvas(gdImageCreateTrueColor(kW, kH));
  if (!canvas) return Status::Internal("gd: out of memory");
  DrawBackground(canvas.get(), rng);
  DrawBackNoise(canvas.get(), rng);
  SESAME_RETURN_IF_ERROR(DrawDigits(canvas.get(), digits, font_path, rng));
  StatusOr<Image> bent = Wave(canvas.get(), rng);
  if (!bent.ok()) return bent.status();
  DrawFrontNoise(bent->get(), rng);

  int size = 0;
  void* png = gdImagePngPtr(bent->get(), &size);
  if (png == nullptr || size <= 0) {
    if (png != nullptr) gdFree(png);
    return Status::Internal("gd: PNG encoding failed");
  }
  std::string out(static_cast<const char*>(png), static_cast<size_t>(size));
  gdFree(png);
  return out;
}

}  // namespace sesame
