#include "cli/qr_terminal.h"

#include <qrencode.h>

#include <memory>

namespace sesame {
namespace {

constexpr int kQuietModules = 2;

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

std::string QrForTerminal(std::string_view text) {
  if (text.empty()) return "";
  std::unique_ptr<QRcode, QrFree> code;
  try {
    const std::string data(text);
    code.reset(QRcode_encodeData(
        static_cast<int>(data.size()),
        reinterpret_cast<const unsigned char*>(data.data()), 0, QR_ECLEVEL_M));
  } catch (...) {
    return "";
  }
  if (code == nullptr || code->width <= 0) return "";
  const int width = code->width;
  const int size = width + 2 * kQuietModules;
  // Light: in the quiet zone, or a module whose low bit (dark) is clear.
  // Rows past the bottom edge (an odd size's last line) are the terminal's
  // own background.
  auto light = [&](int row, int col) {
    if (row >= size) return false;
    const int r = row - kQuietModules;
    const int c = col - kQuietModules;
    if (r < 0 || c < 0 || r >= width || c >= width) return true;
    return (code->data[r * width + c] & 1) == 0;
  };
  std::string out;
  for (int row = 0; row < size; row += 2) {
    for (int col = 0; col < size; ++col) {
      const bool top = light(row, col);
      const bool bottom = light(row + 1, col);
      if (top && bottom) {
        out += "\u2588";  // █
      } else if (top) {
        out += "\u2580";  // ▀
      } else if (bottom) {
        out += "\u2584";  // ▄
      } else {
        out += ' ';
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace sesame
