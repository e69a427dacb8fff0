// The captcha's audio alternative: the digits spoken in French over a low
// noise, as a 16-bit PCM mono WAV.
//
// The ten clips "zéro".."neuf" are spoken by espeak-ng at build time (see
// CMakeLists.txt) into <build>/captcha-audio/0.wav..9.wav and installed into
// <prefix>/share/sesame/captcha-audio/; the server is configured with one of
// those folders and loads it once at start (CaptchaAudio::Load). Each request
// then mixes the clips with random pauses, slight changes of speed and
// loudness, and noise about 20 dB under the speech, all drawn from `seed`:
// the same digits and seed give the same bytes. As for the image, derive the
// seed from the captcha's id.
#ifndef SESAME_CAPTCHA_CAPTCHA_AUDIO_H_
#define SESAME_CAPTCHA_CAPTCHA_AUDIO_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sesame {

// 16-bit PCM mono samples and their rate.
struct PcmClip {
  int sample_rate = 0;
  std::vector<int16_t> samples;
};

// Reads a RIFF/WAVE file: walks its chunks for "fmt " and "data" and accepts
// only uncompressed 16-bit mono PCM. InvalidArgument on anything else or on a
// chunk that runs past the end.
StatusOr<PcmClip> ParseWav(std::string_view bytes);

// A canonical 44-byte-header WAV of `clip`.
std::string EncodeWav(const PcmClip& clip);

class CaptchaAudio {
 public:
  // Loads 0.wav..9.wav from `clips_dir`: all 16-bit PCM mono at one sample
  // rate, none silent. FailedPrecondition when a clip cannot be read,
  // InvalidArgument when one is not such a WAV.
  static StatusOr<CaptchaAudio> Load(const std::string& clips_dir);

  // The WAV of `digits` (kCaptchaLength ASCII digits, InvalidArgument
  // otherwise) spoken in order, drawn from `seed`.
  StatusOr<std::string> RenderWav(const std::string& digits,
                                  uint64_t seed) const;

  int sample_rate() const { return sample_rate_; }
  // Samples of the clip of `digit` (0..9) once its silent ends are trimmed.
  size_t clip_samples(int digit) const { return clips_[digit].size(); }
  // RMS of the trimmed clips: the speech level the noise is set against.
  double speech_rms() const { return speech_rms_; }

 private:
  CaptchaAudio(int sample_rate, std::array<std::vector<int16_t>, 10> clips,
               double speech_rms);

  int sample_rate_;
  std::array<std::vector<int16_t>, 10> clips_;
  double speech_rms_;
};

}  // namespace sesame

#endif  // SESAME_CAPTCHA_CAPTCHA_AUDIO_H_
