// Form and query decoding (web/request.h): ParseUrlEncoded and UrlEncode.
// Invariants: every kept name is non-empty UTF-8 and every kept value is
// UTF-8; encoding what was kept and decoding it again gives the same fields
// without a problem; any bytes encoded as a value decode to themselves
// (or are dropped as invalid UTF-8 when they are not UTF-8).
#include <map>
#include <string>

#include "core/utf8.h"
#include "fuzz_check.h"
#include "web/request.h"

using sesame::FormProblem;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = sesame::fuzz::AsText(data, size);

  std::map<std::string, std::string> fields;
  const FormProblem problem = sesame::ParseUrlEncoded(text, &fields);
  std::string encoded;
  for (const auto& [name, value] : fields) {
    FUZZ_CHECK(!name.empty(), text);
    FUZZ_CHECK(sesame::IsValidUtf8(name), name);
    FUZZ_CHECK(sesame::IsValidUtf8(value), value);
    if (!encoded.empty()) encoded += '&';
    encoded += sesame::UrlEncode(name) + "=" + sesame::UrlEncode(value);
  }
  if (problem == FormProblem::kNone && fields.empty()) {
    // Nothing kept and nothing wrong: only '&'s.
    FUZZ_CHECK(text.find_first_not_of('&') == std::string_view::npos, text);
  }

  // decode(encode(fields)) == fields.
  std::map<std::string, std::string> again;
  FUZZ_CHECK(sesame::ParseUrlEncoded(encoded, &again) == FormProblem::kNone,
             encoded);
  FUZZ_CHECK(again == fields, encoded);

  // decode(encode(bytes)) == bytes, for any bytes as a value and a name.
  const std::string raw(text);
  std::map<std::string, std::string> one;
  const std::string pair =
      sesame::UrlEncode(raw) + "=" + sesame::UrlEncode(raw);
  const FormProblem p = sesame::ParseUrlEncoded(pair, &one);
  // The encoding itself is plain: unreserved ASCII and %XX only.
  for (char c : sesame::UrlEncode(raw)) {
    FUZZ_CHECK(c != '&' && c != '=' && c != '+' && c > 0x20 && c < 0x7f, pair);
  }
  if (raw.empty()) {
    FUZZ_CHECK(p == FormProblem::kMalformed && one.empty(), pair);
  } else if (sesame::IsValidUtf8(raw)) {
    FUZZ_CHECK(p == FormProblem::kNone, pair);
    FUZZ_CHECK(one.size() == 1 && one.begin()->first == raw &&
                   one.begin()->second == raw,
               pair);
  } else {
    FUZZ_CHECK(p == FormProblem::kInvalidUtf8 && one.empty(), pair);
  }
  return 0;
}
