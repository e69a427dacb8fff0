#include "captcha/captcha_image.h"

#include <gd.h>
#include <gdfontg.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <numbers>
#include <vector>

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

// A kW x kH plane of values in [0, 1].
class Plane {
 public:
  Plane() : v_(static_cast<size_t>(kW * kH), 0.0) {}
  double& at(int x, int y) { return v_[static_cast<size_t>(y * kW + x)]; }
  double at(int x, int y) const { return v_[static_cast<size_t>(y * kW + x)]; }

 private:
  std::vector<double> v_;
};

// One glyph as the font draws it, upright: its coverage in [0, 1] on a
// square of kMask pixels, the glyph's bounding box centred on the middle.
constexpr int kMask = 96;

class Mask {
 public:
  Mask() : v_(static_cast<size_t>(kMask * kMask), 0.0) {}
  double& at(int x, int y) { return v_[static_cast<size_t>(y * kMask + x)]; }
  double at(int x, int y) const {
    if (x < 0 || y < 0 || x >= kMask || y >= kMask) return 0;
    return v_[static_cast<size_t>(y * kMask + x)];
  }
  // Bilinear sample, 0 outside.
  double Sample(double x, double y) const {
    const double fx = std::floor(x), fy = std::floor(y);
    const int x0 = static_cast<int>(fx), y0 = static_cast<int>(fy);
    const double tx = x - fx, ty = y - fy;
    return (at(x0, y0) * (1 - tx) + at(x0 + 1, y0) * tx) * (1 - ty) +
           (at(x0, y0 + 1) * (1 - tx) + at(x0 + 1, y0 + 1) * tx) * ty;
  }

 private:
  std::vector<double> v_;
};

// gd's FreeType cache must be set up once before threads share it.
bool FreeTypeReady() {
  static const bool ready = gdFontCacheSetup() == 0;
  return ready;
}

// The coverage of the white pixels of `im` (kMask square) into `mask`.
void ReadMask(gdImagePtr im, Mask& mask) {
  for (int y = 0; y < kMask; ++y) {
    for (int x = 0; x < kMask; ++x) {
      mask.at(x, y) =
          gdTrueColorGetRed(gdImageGetTrueColorPixel(im, x, y)) / 255.0;
    }
  }
}

// `digit` drawn with the TrueType font, white on black. False when the font
// cannot be used.
bool GlyphTrueType(const std::string& font, char digit, double points,
                   Mask& mask) {
  if (!FreeTypeReady()) return false;
  std::string fontlist = font;
  char text[2] = {digit, '\0'};
  int box[8];
  const int white = gdTrueColor(255, 255, 255);
  // A null image only measures.
  if (gdImageStringFT(nullptr, box, white, fontlist.data(), points, 0, 0, 0,
                      text) != nullptr) {
    return false;
  }
  const int mid_x = (std::min({box[0], box[2], box[4], box[6]}) +
                     std::max({box[0], box[2], box[4], box[6]})) /
                    2;
  const int mid_y = (std::min({box[1], box[3], box[5], box[7]}) +
                     std::max({box[1], box[3], box[5], box[7]})) /
                    2;
  Image im(gdImageCreateTrueColor(kMask, kMask));
  if (!im) return false;
  gdImageAlphaBlending(im.get(), 1);
  if (gdImageStringFT(im.get(), box, white, fontlist.data(), points, 0,
                      kMask / 2 - mid_x, kMask / 2 - mid_y, text) != nullptr) {
    return false;
  }
  ReadMask(im.get(), mask);
  return true;
}

// `digit` drawn with gd's built-in 9x15 font, thickened and enlarged to
// about the TrueType glyph's height.
Status GlyphBuiltin(char digit, Mask& mask) {
  gdFontPtr font = gdFontGetGiant();
  const int w = font->w + 1, h = font->h;
  const int scale = 3;
  Image small(gdImageCreateTrueColor(w, h));
  Image big(gdImageCreateTrueColor(kMask, kMask));
  if (!small || !big) return Status::Internal("gd: out of memory");
  const int white = gdTrueColor(255, 255, 255);
  gdImageChar(small.get(), font, 0, 0, digit, white);
  gdImageChar(small.get(), font, 1, 0, digit, white);
  gdImageCopyResampled(big.get(), small.get(), (kMask - w * scale) / 2,
                       (kMask - h * scale) / 2, 0, 0, w * scale, h * scale, w,
                       h);
  ReadMask(big.get(), mask);
  return Status::Ok();
}

// The coverage of a point `signed_distance` pixels inside an edge, which
// is antialiased over one pixel.
double Smooth(double signed_distance) {
  return std::clamp(0.5 + signed_distance, 0.0, 1.0);
}

// Soft exclusive or of two coverages.
double Xor(double a, double b) { return a + b - 2 * a * b; }

// Where the background is dark (1) or light (0): a wavy line across the
// picture through the digits, and two to three slanted wavy lines down it;
// crossing any of them swaps dark and light. Every glyph then lies partly
// on each, so no global threshold keeps the glyphs whole.
Plane Regions(CaptchaRandom& rng) {
  const double base = kH / 2.0 + rng.Uniform(-6, 6);
  const double amp = rng.Uniform(6, 12), period = rng.Uniform(70, 140);
  const double phase = rng.Uniform(0, kTwoPi);
  const int cuts = rng.Int(2, 3);
  struct Cut {
    double x, slope, amp, period, phase;
  };
  std::vector<Cut> down;
  for (int i = 0; i < cuts; ++i) {
    const double slot = static_cast<double>(kW - 40) / cuts;
    down.push_back({20 + slot * (i + rng.Uniform(0.2, 0.8)),
                    rng.Uniform(-0.6, 0.6), rng.Uniform(2, 6),
                    rng.Uniform(30, 60), rng.Uniform(0, kTwoPi)});
  }
  const bool flip = rng.Int(0, 1) == 1;
  Plane regions;
  for (int y = 0; y < kH; ++y) {
    for (int x = 0; x < kW; ++x) {
      double r =
          Smooth(y - (base + amp * std::sin(kTwoPi * x / period + phase)));
      for (const Cut& c : down) {
        const double at = c.x + c.slope * (y - kH / 2.0) +
                          c.amp * std::sin(kTwoPi * y / c.period + c.phase);
        r = Xor(r, Smooth(x - at));
      }
      regions.at(x, y) = flip ? 1 - r : r;
    }
  }
  return regions;
}

// A glyph mask put on `cover` around (cx, cy): turned, sheared and scaled,
// then bent by its own smooth displacement (an elastic distortion).
void PlaceGlyph(const Mask& mask, double cx, double cy, CaptchaRandom& rng,
                Plane& cover) {
  const double angle = rng.Uniform(-0.25, 0.25);
  const double shear = rng.Uniform(-0.15, 0.15);
  const double sx = rng.Uniform(0.85, 1.1), sy = rng.Uniform(0.9, 1.1);
  std::array<double, 8> bend;
  for (size_t i = 0; i < 4; ++i) {
    bend[2 * i] = rng.Uniform(0.5, 1.25);  // amplitude, pixels
    bend[2 * i + 1] = rng.Uniform(0, kTwoPi);
  }
  const double wave_u = rng.Uniform(18, 34), wave_v = rng.Uniform(18, 34);
  const double c = std::cos(angle), s = std::sin(angle);
  const int reach = 40;
  for (int y = std::max(0, static_cast<int>(cy) - reach);
       y < std::min(kH, static_cast<int>(cy) + reach); ++y) {
    for (int x = std::max(0, static_cast<int>(cx) - reach);
         x < std::min(kW, static_cast<int>(cx) + reach); ++x) {
      double u = x - cx, v = y - cy;
      const double du = bend[0] * std::sin(kTwoPi * v / wave_v + bend[1]) +
                        bend[2] * std::sin(kTwoPi * u / wave_u + bend[3]);
      const double dv = bend[4] * std::sin(kTwoPi * u / wave_u + bend[5]) +
                        bend[6] * std::sin(kTwoPi * v / wave_v + bend[7]);
      u += du;
      v += dv;
      // Undo the turn, then the shear, then the scale.
      double ru = c * u + s * v, rv = -s * u + c * v;
      ru -= shear * rv;
      const double g =
          mask.Sample(kMask / 2.0 + ru / sx, kMask / 2.0 + rv / sy);
      cover.at(x, y) = std::max(cover.at(x, y), g);
    }
  }
}

struct Rgb {
  double r, g, b;
};

Rgb Mix(const Rgb& a, const Rgb& b, double t) {
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

double Luma(const Rgb& c) { return 0.299 * c.r + 0.587 * c.g + 0.114 * c.b; }

// A greyish background colour: a grey level in [lo, hi] and a slight tint.
Rgb Ground(CaptchaRandom& rng, int lo, int hi) {
  const double grey = rng.Uniform(lo, hi);
  return {grey + rng.Uniform(-14, 14), grey + rng.Uniform(-14, 14),
          grey + rng.Uniform(-14, 14)};
}

// A saturated ink of a random hue whose luma is `luma`: darkened towards
// black or lightened towards white from the pure hue. Its hue sets it apart
// from the greyish backgrounds for a person; its luma is the other
// background's, which is all a threshold sees.
Rgb Ink(CaptchaRandom& rng, double luma, double saturation) {
  const double h = rng.Uniform(0, 6);
  const double f = h - std::floor(h);
  const double lo = 255 * (1 - saturation);
  const double up = lo + (255 - lo) * f, down = 255 - (255 - lo) * f;
  Rgb c;
  switch (static_cast<int>(h)) {
    case 0:
      c = {255, up, lo};
      break;
    case 1:
      c = {down, 255, lo};
      break;
    case 2:
      c = {lo, 255, up};
      break;
    case 3:
      c = {lo, down, 255};
      break;
    case 4:
      c = {up, lo, 255};
      break;
    default:
      c = {255, lo, down};
      break;
  }
  const double have = Luma(c);
  if (have > luma) return Mix({0, 0, 0}, c, luma / have);
  return Mix(c, {255, 255, 255}, (luma - have) / (255 - have));
}

int ToGd(const Rgb& c) {
  auto channel = [](double v) {
    return static_cast<int>(std::lround(std::clamp(v, 0.0, 255.0)));
  };
  return gdTrueColor(channel(c.r), channel(c.g), channel(c.b));
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
  const Plane regions = Regions(rng);

  // The digits, close together (some touch), each on its own distortion.
  Plane cover;
  const double spacing = rng.Uniform(38, 42);
  const double first =
      kW / 2.0 - spacing * (digits.size() - 1) / 2.0 + rng.Uniform(-8, 8);
  for (size_t i = 0; i < digits.size(); ++i) {
    Mask mask;
    const double points = rng.Uniform(38, 42);
    if (!GlyphTrueType(font_path, digits[i], points, mask)) {
      SESAME_RETURN_IF_ERROR(GlyphBuiltin(digits[i], mask));
    }
    const double cx =
        first + spacing * static_cast<double>(i) + rng.Uniform(-2, 2);
    const double cy = kH / 2.0 + rng.Uniform(-5, 5);
    PlaceGlyph(mask, cx, cy, rng, cover);
  }

  // Colours: a light and a dark background, each a gradient across the
  // picture; dark ink on the light one, light ink on the dark one.
  const Rgb light_a = Ground(rng, 180, 235), light_b = Ground(rng, 180, 235);
  const Rgb dark_a = Ground(rng, 30, 80), dark_b = Ground(rng, 30, 80);
  const Rgb ink_on_light = Ink(rng, rng.Uniform(35, 75), rng.Uniform(0.7, 1));
  const Rgb ink_on_dark = Ink(rng, rng.Uniform(185, 225), rng.Uniform(0.7, 1));

  Image out(gdImageCreateTrueColor(kW, kH));
  if (!out) return Status::Internal("gd: out of memory");
  for (int y = 0; y < kH; ++y) {
    for (int x = 0; x < kW; ++x) {
      const double t = static_cast<double>(x) / (kW - 1);
      const double r = regions.at(x, y);
      const Rgb ground =
          Mix(Mix(light_a, light_b, t), Mix(dark_a, dark_b, t), r);
      const Rgb ink = Mix(ink_on_light, ink_on_dark, r);
      Rgb pixel = Mix(ground, ink, cover.at(x, y));
      const double grain = rng.Uniform(-12, 12);
      pixel = {pixel.r + grain, pixel.g + grain, pixel.b + grain};
      gdImageSetPixel(out.get(), x, y, ToGd(pixel));
    }
  }

  int size = 0;
  void* png = gdImagePngPtr(out.get(), &size);
  if (png == nullptr || size <= 0) {
    if (png != nullptr) gdFree(png);
    return Status::Internal("gd: PNG encoding failed");
  }
  std::string bytes(static_cast<const char*>(png), static_cast<size_t>(size));
  gdFree(png);
  return bytes;
}

}  // namespace sesame
