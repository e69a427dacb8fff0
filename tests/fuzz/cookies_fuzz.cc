// Cookie header parsing (web/request.h ParseCookies). Invariants: names are
// non-empty and hold no '=' or ';', names and values hold no ';' and no
// surrounding space or tab; the first of two cookies with one name wins;
// writing the cookies back as a header and parsing it gives them again.
#include <map>
#include <string>

#include "fuzz_check.h"
#include "web/request.h"

namespace {

bool Padded(const std::string& s) {
  return !s.empty() && (s.front() == ' ' || s.front() == '\t' ||
                        s.back() == ' ' || s.back() == '\t');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view header = sesame::fuzz::AsText(data, size);
  const std::map<std::string, std::string> cookies =
      sesame::ParseCookies(header);
  std::string written;
  for (const auto& [name, value] : cookies) {
    FUZZ_CHECK(!name.empty(), header);
    FUZZ_CHECK(name.find_first_of("=;") == std::string::npos, name);
    FUZZ_CHECK(value.find(';') == std::string::npos, value);
    FUZZ_CHECK(!Padded(name) && !Padded(value), name + "=" + value);
    // The first "name=" in the header carries the value kept.
    FUZZ_CHECK(header.find(name) != std::string_view::npos, name);
    if (!written.empty()) written += "; ";
    written += name + "=" + value;
  }
  FUZZ_CHECK(sesame::ParseCookies(written) == cookies, written);
  // A header of one cookie and then the input: that cookie is kept whatever
  // follows (the first wins).
  const std::string first = "sesame_probe=1; " + std::string(header);
  FUZZ_CHECK(sesame::ParseCookies(first).at("sesame_probe") == "1", first);
  return 0;
}
