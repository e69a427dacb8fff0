#include "captcha/captcha_audio.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <utility>

#include "captcha/captcha_random.h"
#include "captcha/captcha_rules.h"

namespace sesame {
namespace {

// A sample at or under this magnitude counts as silence when trimming a
// clip's ends (about -50 dBFS).
constexpr int kSilence = 100;
// Noise level against the speech (RMS ratio, in dB).
constexpr double kNoiseDb = -20.0;
// Clips larger than this are not speech of one digit.
constexpr std::streamsize kMaxClipBytes = 16 << 20;

uint16_t Le16(std::string_view b, size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(b[at]) |
                               static_cast<unsigned char>(b[at + 1]) << 8);
}

uint32_t Le32(std::string_view b, size_t at) {
  return static_cast<uint32_t>(Le16(b, at)) |
         static_cast<uint32_t>(Le16(b, at + 2)) << 16;
}

void Put16(std::string* out, uint16_t v) {
  out->push_back(static_cast<char>(v & 0xff));
  out->push_back(static_cast<char>(v >> 8));
}

void Put32(std::string* out, uint32_t v) {
  Put16(out, static_cast<uint16_t>(v & 0xffff));
  Put16(out, static_cast<uint16_t>(v >> 16));
}

StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::FailedPrecondition("cannot read " + path);
  std::string bytes;
  char buf[8192];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    bytes.append(buf, static_cast<size_t>(in.gcount()));
    if (static_cast<std::streamsize>(bytes.size()) > kMaxClipBytes) {
      return Status::InvalidArgument(path + ": too large for a clip");
    }
  }
  if (in.bad()) return Status::FailedPrecondition("cannot read " + path);
  return bytes;
}

// The clip without its silent ends, keeping 10 ms either side; empty when
// it is silent throughout.
std::vector<int16_t> TrimSilence(const std::vector<int16_t>& s, int rate) {
  auto loud = [](int16_t v) {
    return std::abs(static_cast<int>(v)) > kSilence;
  };
  auto first = std::find_if(s.begin(), s.end(), loud);
  if (first == s.end()) return {};
  auto last = std::find_if(s.rbegin(), s.rend(), loud).base();
  const auto margin = static_cast<std::ptrdiff_t>(rate / 100);
  first -= std::min(margin, std::distance(s.begin(), first));
  last += std::min(margin, std::distance(last, s.end()));
  return {first, last};
}

}  // namespace

StatusOr<PcmClip> ParseWav(std::string_view bytes) {
  if (bytes.size() < 12 || bytes.substr(0, 4) != "RIFF" ||
      bytes.substr(8, 4) != "WAVE") {
    return Status::InvalidArgument("not a RIFF/WAVE file");
  }
  bool have_fmt = false, have_data = false;
  uint16_t format = 0, channels = 0, block_align = 0, bits = 0;
  uint32_t rate = 0;
  std::string_view data;
  size_t pos = 12;
  while (bytes.size() - pos >= 8) {
    std::string_view id = bytes.substr(pos, 4);
    uint32_t len = Le32(bytes, pos + 4);
    size_t body = pos + 8;
    if (len > bytes.size() - body) {
      return Status::InvalidArgument("WAV chunk runs past the end");
    }
    if (id == "fmt ") {
      if (len < 16) return Status::InvalidArgument("WAV fmt chunk too short");
      format = Le16(bytes, body);
      channels = Le16(bytes, body + 2);
      rate = Le32(bytes, body + 4);
      block_align = Le16(bytes, body + 12);
      bits = Le16(bytes, body + 14);
      have_fmt = true;
    } else if (id == "data") {
      data = bytes.substr(body, len);
      have_data = true;
    }
    pos = body + len + (len & 1);  // chunks are padded to even sizes
    if (pos > bytes.size()) break;
  }
  if (!have_fmt) return Status::InvalidArgument("WAV without a fmt chunk");
  if (format != 1) return Status::InvalidArgument("WAV is not PCM");
  if (channels != 1) return Status::InvalidArgument("WAV is not mono");
  if (bits != 16 || block_align != 2) {
    return Status::InvalidArgument("WAV is not 16-bit");
  }
  if (rate < 8000 || rate > 192000) {
    return Status::InvalidArgument("WAV sample rate out of range");
  }
  if (!have_data) return Status::InvalidArgument("WAV without a data chunk");
  if (data.size() % 2 != 0) {
    return Status::InvalidArgument("WAV data is not whole samples");
  }
  PcmClip clip;
  clip.sample_rate = static_cast<int>(rate);
  clip.samples.reserve(data.size() / 2);
  for (size_t i = 0; i < data.size(); i += 2) {
    clip.samples.push_back(static_cast<int16_t>(Le16(data, i)));
  }
  return clip;
}

std::string EncodeWav(const PcmClip& clip) {
  const auto data_bytes = static_cast<uint32_t>(clip.samples.size() * 2);
  const auto rate = static_cast<uint32_t>(clip.sample_rate);
  std::string out;
  out.reserve(44 + data_bytes);
  out.append("RIFF");
  Put32(&out, 36 + data_bytes);
  out.append("WAVE");
  out.append("fmt ");
  Put32(&out, 16);
  Put16(&out, 1);         // PCM
  Put16(&out, 1);         // mono
  Put32(&out, rate);      // samples per second
  Put32(&out, rate * 2);  // bytes per second
  Put16(&out, 2);         // bytes per sample frame
  Put16(&out, 16);        // bits per sample
  out.append("data");
  Put32(&out, data_bytes);
  for (int16_t s : clip.samples) Put16(&out, static_cast<uint16_t>(s));
  return out;
}

CaptchaAudio::CaptchaAudio(int sample_rate,
                           std::array<std::vector<int16_t>, 10> clips,
                           double speech_rms)
    : sample_rate_(sample_rate),
      clips_(std::move(clips)),
      speech_rms_(speech_rms) {}

StatusOr<CaptchaAudio> CaptchaAudio::Load(const std::string& clips_dir) {
  std::array<std::vector<int16_t>, 10> clips;
  int rate = 0;
  double energy = 0;
  size_t count = 0;
  for (int digit = 0; digit < 10; ++digit) {
    const std::string path = clips_dir + "/" + std::to_string(digit) + ".wav";
    StatusOr<std::string> bytes = ReadFile(path);
    if (!bytes.ok()) return bytes.status();
    StatusOr<PcmClip> clip = ParseWav(*bytes);
    if (!clip.ok()) {
      return Status::InvalidArgument(path + ": " + clip.status().message());
    }
    if (rate != 0 && clip->sample_rate != rate) {
      return Status::InvalidArgument(path + ": sample rate differs from 0.wav");
    }
    rate = clip->sample_rate;
    clips[digit] = TrimSilence(clip->samples, rate);
    if (clips[digit].empty()) {
      return Status::InvalidArgument(path + ": silent clip");
    }
    for (int16_t s : clips[digit]) energy += static_cast<double>(s) * s;
    count += clips[digit].size();
  }
  return CaptchaAudio(rate, std::move(clips), std::sqrt(energy / count));
}

StatusOr<std::string> CaptchaAudio::RenderWav(const std::string& digits,
                                              uint64_t seed) const {
  if (!IsCaptchaAnswer(digits)) {
    return Status::InvalidArgument("captcha audio: expected 4 ASCII digits");
  }
  CaptchaRandom rng(seed);
  std::vector<double> mix;
  auto pause = [&](double min_s, double max_s) {
    mix.resize(mix.size() +
               static_cast<size_t>(rng.Uniform(min_s, max_s) * sample_rate_));
  };
  pause(0.30, 0.50);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0) pause(0.35, 0.70);
    const std::vector<int16_t>& clip = clips_[digits[i] - '0'];
    // A slightly different speed (and so pitch) and loudness each time.
    const double speed = rng.Uniform(0.94, 1.06);
    const double gain = rng.Uniform(0.80, 1.00);
    const auto length =
        static_cast<size_t>(static_cast<double>(clip.size()) / speed);
    for (size_t k = 0; k < length; ++k) {
      double at = static_cast<double>(k) * speed;
      auto j = static_cast<size_t>(at);
      double a = clip[std::min(j, clip.size() - 1)];
      double b = clip[std::min(j + 1, clip.size() - 1)];
      mix.push_back(gain * (a + (b - a) * (at - static_cast<double>(j))));
    }
  }
  pause(0.30, 0.45);
  // Every sound lasts as long as the longest one could (the longest clip
  // four times at the slowest speed, the longest pauses): its length says
  // nothing of the digits or of the draws (R1).
  size_t longest_clip = 0;
  for (const std::vector<int16_t>& clip : clips_) {
    longest_clip = std::max(longest_clip, clip.size());
  }
  const auto fixed =
      static_cast<size_t>(4 * (static_cast<double>(longest_clip) / 0.94 + 1) +
                          (0.50 + 3 * 0.70 + 0.45 + 0.01) * sample_rate_);
  mix.resize(std::max(mix.size(), fixed));

  // Noise over everything: white noise softened by a one-pole low-pass
  // (less hiss, more rumble), scaled to kNoiseDb under the speech.
  std::vector<double> noise(mix.size());
  double state = 0, energy = 0;
  for (double& n : noise) {
    state = 0.6 * state + rng.Uniform(-1, 1);
    n = state;
    energy += n * n;
  }
  const double noise_rms =
      std::sqrt(energy / static_cast<double>(noise.size()));
  const double scale =
      speech_rms_ * std::pow(10.0, kNoiseDb / 20.0) / noise_rms;

  PcmClip out;
  out.sample_rate = sample_rate_;
  out.samples.reserve(mix.size());
  for (size_t i = 0; i < mix.size(); ++i) {
    double v = std::lround(mix[i] + noise[i] * scale);
    out.samples.push_back(
        static_cast<int16_t>(std::clamp(v, -32768.0, 32767.0)));
  }
  return EncodeWav(out);
}

}  // namespace sesame
