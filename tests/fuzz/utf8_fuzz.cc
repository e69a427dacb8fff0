// UTF-8 validation (core/utf8.h). The reference is the table of well-formed
// byte sequences of the Unicode Standard (chapter 3, table 3-7), decoded to
// code points here. Invariants: IsValidUtf8 accepts exactly what the table
// accepts; what it accepts decodes and encodes back to the same bytes;
// Utf8Length counts its code points.
#include <optional>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "fuzz_check.h"

namespace {

// Table 3-7: the first byte gives the length and the range of the second
// byte; later bytes are 80..BF.
std::optional<std::vector<uint32_t>> ReferenceDecode(std::string_view s) {
  std::vector<uint32_t> out;
  size_t i = 0;
  auto in = [](unsigned char c, unsigned lo, unsigned hi) {
    return c >= lo && c <= hi;
  };
  while (i < s.size()) {
    const unsigned char b0 = static_cast<unsigned char>(s[i]);
    size_t n;
    unsigned lo = 0x80, hi = 0xBF;
    if (b0 <= 0x7F) {
      out.push_back(b0);
      ++i;
      continue;
    } else if (in(b0, 0xC2, 0xDF)) {
      n = 2;
    } else if (b0 == 0xE0) {
      n = 3, lo = 0xA0;
    } else if (in(b0, 0xE1, 0xEC) || in(b0, 0xEE, 0xEF)) {
      n = 3;
    } else if (b0 == 0xED) {
      n = 3, hi = 0x9F;
    } else if (b0 == 0xF0) {
      n = 4, lo = 0x90;
    } else if (in(b0, 0xF1, 0xF3)) {
      n = 4;
    } else if (b0 == 0xF4) {
      n = 4, hi = 0x8F;
    } else {
      return std::nullopt;
    }
    if (s.size() - i < n) return std::nullopt;
    const unsigned char b1 = static_cast<unsigned char>(s[i + 1]);
    if (!in(b1, lo, hi)) return std::nullopt;
    uint32_t cp = b0 & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (size_t k = 1; k < n; ++k) {
      const unsigned char b = static_cast<unsigned char>(s[i + k]);
      if (!in(b, 0x80, 0xBF)) return std::nullopt;
      cp = (cp << 6) | (b & 0x3F);
    }
    out.push_back(cp);
    i += n;
  }
  return out;
}

std::string Encode(const std::vector<uint32_t>& cps) {
  std::string out;
  for (uint32_t cp : cps) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view s = sesame::fuzz::AsText(data, size);
  const std::optional<std::vector<uint32_t>> cps = ReferenceDecode(s);
  FUZZ_CHECK(sesame::IsValidUtf8(s) == cps.has_value(), s);
  if (cps) {
    FUZZ_CHECK(Encode(*cps) == s, s);
    FUZZ_CHECK(sesame::Utf8Length(s) == cps->size(), s);
    for (uint32_t cp : *cps) {
      FUZZ_CHECK(cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF), s);
    }
  }
  return 0;
}
