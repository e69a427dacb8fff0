// captcha-sample: renders captcha pictures with known answers, the way the
// server draws them (CaptchaAnswerFor and CaptchaSeed under keys derived
// from a secret, then RenderCaptchaPng), for tests/captcha/ocr_rate.
//
//   captcha-sample --out DIR [--count N] [--first I] [--secret TEXT |
//                  --key-file FILE]
//
// Writes DIR/<i>.png for i in [first, first + count) and DIR/answers.txt,
// one "<i>.png <answer>" line each. The id of picture i is a token-shaped
// digest of i, so one secret and one i always give the same picture; the
// default secret is a fixed test text (not a server's key).
#include <charconv>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>

#include "captcha/captcha_image.h"
#include "captcha/captcha_rules.h"
#include "crypto/crypto.h"

namespace {

int Usage() {
  std::cerr << "usage: captcha-sample --out DIR [--count N] [--first I] "
               "[--secret TEXT | --key-file FILE]\n";
  return 2;
}

bool ParseCount(std::string_view text, long* out) {
  long value = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return false;
  }
  *out = value;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string out, secret = "captcha-sample: a fixed test secret";
  long count = 200, first = 0;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (i + 1 >= argc) return Usage();
    std::string_view value = argv[++i];
    if (arg == "--out") {
      out = value;
    } else if (arg == "--count") {
      if (!ParseCount(value, &count)) return Usage();
    } else if (arg == "--first") {
      if (!ParseCount(value, &first)) return Usage();
    } else if (arg == "--secret") {
      secret = value;
    } else if (arg == "--key-file") {
      std::ifstream in{std::string(value), std::ios::binary};
      if (!in) {
        std::cerr << "captcha-sample: cannot read " << value << "\n";
        return 1;
      }
      secret.assign(std::istreambuf_iterator<char>(in), {});
    } else {
      return Usage();
    }
  }
  if (out.empty()) return Usage();

  const sesame::CaptchaKeys keys = sesame::CaptchaKeys::FromSecret(secret);
  std::ofstream answers(out + "/answers.txt");
  if (!answers) {
    std::cerr << "captcha-sample: cannot write " << out << "/answers.txt\n";
    return 1;
  }
  for (long i = first; i < first + count; ++i) {
    const std::string id = sesame::crypto::Base64UrlEncode(
        sesame::crypto::Sha256("captcha-sample " + std::to_string(i)));
    const std::string answer = sesame::CaptchaAnswerFor(keys.answer, id);
    sesame::StatusOr<std::string> png =
        sesame::RenderCaptchaPng(answer, sesame::CaptchaSeed(keys.seed, id));
    if (!png.ok()) {
      std::cerr << "captcha-sample: " << png.status().ToString() << "\n";
      return 1;
    }
    const std::string name = std::to_string(i) + ".png";
    std::ofstream file(out + "/" + name, std::ios::binary);
    file << *png;
    if (!file) {
      std::cerr << "captcha-sample: cannot write " << out << "/" << name
                << "\n";
      return 1;
    }
    answers << name << " " << answer << "\n";
  }
  return answers ? 0 : 1;
}
