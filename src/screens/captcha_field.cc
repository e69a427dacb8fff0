#include "screens/captcha_field.h"

#include "captcha/captcha_rules.h"
#include "core/metrics.h"
#include "crypto/crypto.h"

namespace sesame {
Status AddCaptcha(Context& ctx, PageData* data, const std::string& form) {
  const Config& config = ctx.config();
  if (!config.captcha.On(form)) return Status::Ok();
  const CaptchaKeys keys = CaptchaKeys::FromSecret(config.security.secret_key);
  const std::string id = crypto::NewToken();
  SESAME_RETURN_IF_ERROR(ctx.stores().captchas->Create(
      CaptchaIdHash(id), CaptchaStoredMac(keys, id),
      crypto::Sha256(ctx.csrf_cookie()), config.captcha.ttl_seconds));
  PageData& section = data->AddSection("CAPTCHA");
  section.Set("ID", id);
  section.Set("IMAGE_URL", ctx.Path("/captcha/image") + "?id=" + id);
  section.Set("AUDIO_URL", ctx.Path("/captcha/audio") + "?id=" + id);
  section.Set("NEW_URL", ctx.Path(ctx.request().path));
  return Status::Ok();
}

Status CheckCaptcha(Context& ctx, const std::string& form,
                    std::vector<FieldError>* errors) {
  const Config& config = ctx.config();
  if (!config.captcha.On(form)) return Status::Ok();
  const Request& req = ctx.request();
  const std::string& id = req.Field("captcha_id");
  const std::string& typed = req.Field("captcha");
  std::optional<std::string> mac;
  if (crypto::LooksLikeToken(id)) {
    // Spent now, whatever was typed: one answer per captcha.
    StatusOr<std::optional<std::string>> consumed =
        ctx.stores().captchas->Consume(CaptchaIdHash(id),
                                       crypto::Sha256(ctx.csrf_cookie()));
    if (!consumed.ok()) return consumed.status();
    mac = *std::move(consumed);
  }
  if (typed.empty()) {
    metrics::ProcessMetrics::Get().captcha_failures.Add();
    errors->push_back({"captcha", ctx.T("captcha_missing")});
    return Status::Ok();
  }
  const CaptchaKeys keys = CaptchaKeys::FromSecret(config.security.secret_key);
  if (!mac || !CaptchaAnswerMatches(keys.mac, CaptchaIdHash(id), typed, *mac)) {
    metrics::ProcessMetrics::Get().captcha_failures.Add();
    errors->push_back({"captcha", ctx.T("captcha_wrong")});
  }
  return Status::Ok();
}

}  // namespace sesame
