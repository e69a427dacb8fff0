// What the harnesses of tests/fuzz share: FUZZ_CHECK, which stops the run
// (abort: libFuzzer keeps the input as a crash-* file) when an invariant
// does not hold, and helpers to cut one input into several fields.
#ifndef SESAME_TESTS_FUZZ_FUZZ_CHECK_H_
#define SESAME_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace sesame::fuzz {

// `s` with every byte outside printable ASCII as \xHH, for the report.
inline std::string Escaped(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  return out;
}

[[noreturn]] inline void Fail(const char* what, const char* file, int line,
                              std::string_view detail) {
  std::fprintf(stderr, "\n*** invariant broken at %s:%d: %s\n", file, line,
               what);
  if (!detail.empty()) {
    std::fprintf(stderr, "*** %s\n", Escaped(detail).c_str());
  }
  std::abort();
}

// `data` cut at each `separator` byte (n separators give n + 1 fields).
inline std::vector<std::string_view> Split(std::string_view data,
                                           char separator) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t at = data.find(separator, start);
    if (at == std::string_view::npos) {
      out.push_back(data.substr(start));
      return out;
    }
    out.push_back(data.substr(start, at - start));
    start = at + 1;
  }
}

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

}  // namespace sesame::fuzz

// Checks an invariant; `detail` (a string) is printed, escaped, when it
// fails.
#define FUZZ_CHECK(cond, detail)                                 \
  do {                                                           \
    if (!(cond)) {                                               \
      ::sesame::fuzz::Fail(#cond, __FILE__, __LINE__, (detail)); \
    }                                                            \
  } while (0)

#endif  // SESAME_TESTS_FUZZ_FUZZ_CHECK_H_
