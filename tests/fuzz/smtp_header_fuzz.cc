// The mail header encoder (notify/smtp_mail_sender.h EncodeHeaderText and
// BuildMailHeaders). Input: a subject, then after a NUL byte the sender's
// display name. Invariants: no CR or LF but the CRLF SP of a fold; lines
// under 78 characters for the encoded text and never past RFC 5322's 998
// in any header; encoded words of at most 75 characters (RFC 2047) that
// decode back to the text (control characters as spaces), each a whole
// number of UTF-8 characters when the text is UTF-8.
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/utf8.h"
#include "fuzz_check.h"
#include "notify/senders.h"
#include "notify/smtp_mail_sender.h"

namespace {

std::optional<std::string> Base64Decode(std::string_view s) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (s.size() % 4 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < s.size(); i += 4) {
    uint32_t v = 0;
    int pad = 0;
    for (size_t k = 0; k < 4; ++k) {
      const char c = s[i + k];
      size_t d = 0;
      if (c == '=' && i + 4 == s.size() && k >= 2) {
        ++pad;
      } else if (pad > 0 || (d = kAlphabet.find(c)) == kAlphabet.npos) {
        return std::nullopt;
      }
      v = (v << 6) | static_cast<uint32_t>(d);
    }
    out.push_back(static_cast<char>(v >> 16));
    if (pad < 2) out.push_back(static_cast<char>((v >> 8) & 0xFF));
    if (pad < 1) out.push_back(static_cast<char>(v & 0xFF));
  }
  return out;
}

std::string Cleaned(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return out;
}

// The lines of a header value, cut at each CRLF SP; fails on any other CR
// or LF.
std::vector<std::string_view> Lines(std::string_view value) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '\r' && value[i] != '\n') continue;
    FUZZ_CHECK(value.substr(i, 3) == "\r\n ", value);
    lines.push_back(value.substr(start, i - start));
    start = i + 2;  // the space belongs to the next line
    i += 2;
  }
  lines.push_back(value.substr(start));
  return lines;
}

void CheckEncoded(std::string_view text, size_t used) {
  const std::string out = sesame::EncodeHeaderText(text, used);
  const std::vector<std::string_view> lines = Lines(out);
  for (size_t i = 0; i < lines.size(); ++i) {
    const size_t length = lines[i].size() + (i == 0 ? used : 0);
    FUZZ_CHECK(length <= 77, out);
  }
  const std::string clean = Cleaned(text);
  if (out.find("=?") == std::string::npos) {
    FUZZ_CHECK(out == clean, out);
    return;
  }
  std::string decoded;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view word = lines[i];
    if (i > 0) word.remove_prefix(1);  // the fold's space
    FUZZ_CHECK(word.size() <= 75, word);
    FUZZ_CHECK(word.substr(0, 10) == "=?UTF-8?B?" && word.size() >= 12 &&
                   word.substr(word.size() - 2) == "?=",
               word);
    const std::optional<std::string> bytes =
        Base64Decode(word.substr(10, word.size() - 12));
    FUZZ_CHECK(bytes.has_value(), word);
    if (sesame::IsValidUtf8(clean)) {
      FUZZ_CHECK(sesame::IsValidUtf8(*bytes), word);
    }
    decoded += *bytes;
  }
  FUZZ_CHECK(decoded == clean, out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input = sesame::fuzz::AsText(data, size);
  const size_t nul = input.find('\0');
  const std::string_view subject = input.substr(0, nul);
  const std::string_view name =
      nul == std::string_view::npos ? "" : input.substr(nul + 1);

  // As the mail headers use it ("Subject: ", "From: "), and at other
  // starting columns.
  CheckEncoded(subject, 9);
  CheckEncoded(name, 6);
  CheckEncoded(subject, subject.size() % 41);

  sesame::MailConfig config;
  config.from = "no-reply@example.org";
  config.from_name = std::string(name);
  sesame::Mail mail;
  mail.to = "someone@example.org";
  mail.subject = std::string(subject);
  mail.message_id = std::string(name);
  for (const std::string& header :
       sesame::BuildMailHeaders(config, mail, 1700000000)) {
    for (std::string_view line : Lines(header)) {
      FUZZ_CHECK(line.size() <= 998, header);
    }
  }
  return 0;
}
