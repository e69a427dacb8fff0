#include "screens/captcha_screen.h"

#include <iostream>

#include "captcha/captcha_audio.h"
#include "captcha/captcha_image.h"
#include "captcha/captcha_rules.h"
#include "core/log.h"
#include "crypto/crypto.h"

namespace sesame {
namespace {

Response NotFound() {
  return Response::Text(404, "Code de sécurité inconnu ou expiré.\n");
}

// The id of the request when it names a live captcha; "" otherwise (the
// response is then in *error).
std::string LiveId(Context& ctx, Response* error) {
  const std::string& id = ctx.request().Param("id");
  if (!crypto::LooksLikeToken(id)) {
    *error = NotFound();
    return "";
  }
  StatusOr<bool> live = ctx.stores().captchas->Live(CaptchaIdHash(id));
  if (!live.ok()) {
    *error = ctx.FromStatus(live.status());
    return "";
  }
  if (!*live) {
    *error = NotFound();
    return "";
  }
  return id;
}

std::string Answer(const Context& ctx, const std::string& id) {
  return CaptchaAnswerFor(
      CaptchaKeys::FromSecret(ctx.config().security.secret_key).answer, id);
}

uint64_t Seed(const Context& ctx, const std::string& id) {
  return CaptchaSeed(
      CaptchaKeys::FromSecret(ctx.config().security.secret_key).seed, id);
}

Response Drawn(StatusOr<std::string> bytes, const char* content_type,
               Context& ctx) {
  if (!bytes.ok()) {
    Log("error", "captcha.render_failed",
        {{"error", bytes.status().ToString()}});
    return ctx.FromStatus(bytes.status());
  }
  // App::Finish adds Cache-Control: no-store to every response.
  return Response::Bytes(200, content_type, *std::move(bytes));
}

}  // namespace

Response CaptchaImageScreen::Get(Context& ctx) {
  Response error;
  const std::string id = LiveId(ctx, &error);
  if (id.empty()) return error;
  return Drawn(RenderCaptchaPng(Answer(ctx, id), Seed(ctx, id)), "image/png",
               ctx);
}

Response CaptchaAudioScreen::Get(Context& ctx) {
  const CaptchaAudio* audio = ctx.services().captcha_audio;
  if (audio == nullptr) return NotFound();
  Response error;
  const std::string id = LiveId(ctx, &error);
  if (id.empty()) return error;
  return Drawn(audio->RenderWav(Answer(ctx, id), Seed(ctx, id)), "audio/wav",
               ctx);
}

}  // namespace sesame
