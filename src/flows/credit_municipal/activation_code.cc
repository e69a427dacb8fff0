#include "flows/credit_municipal/activation_code.h"

#include "crypto/crypto.h"
#include "flows/credit_municipal/settings.h"
#include "recovery/link_rules.h"

namespace sesame {

std::string NewActivationCode(int length) {
  return crypto::RandomString(static_cast<size_t>(length), kCodeAlphabet);
}

std::string ActivationCodeKey(std::string_view secret_key) {
  return crypto::DeriveKey(secret_key, "sms-code");
}

std::string CodeMac(std::string_view key, std::string_view token_hash,
                    std::string_view code) {
  return crypto::BoundMac(key, token_hash, code);
}

bool CodeMatches(std::string_view key, std::string_view token_hash,
                 std::string_view typed, std::string_view stored_mac) {
  while (!typed.empty() && typed.front() == ' ') typed.remove_prefix(1);
  while (!typed.empty() && typed.back() == ' ') typed.remove_suffix(1);
  if (typed.empty() || typed.size() > 64) return false;
  return crypto::BoundMacMatches(key, token_hash, typed, stored_mac);
}

std::string FillText(std::string_view text, std::string_view organisation,
                     std::string_view code) {
  return FillPlaceholders(text,
                          {{"organisation", organisation}, {"code", code}});
}

OutboxMessage ActivationCodeSms(const Config& config, const I18n& i18n,
                                const std::string& lang,
                                const std::string& phone,
                                const std::string& code) {
  OutboxMessage sms;
  sms.kind = OutboxMessage::Kind::kSms;
  sms.recipient = phone;
  sms.text = FillText(
      i18n.Wording(lang, CreditMunicipalSettings::Of(config).sms_text),
      i18n.Wording(lang, config.BrandingFor(kCreditMunicipalFlow).organisation),
      code);
  sms.ttl_seconds = CreditMunicipalSettings::Of(config).code_ttl_minutes * 60;
  return sms;
}

}  // namespace sesame
