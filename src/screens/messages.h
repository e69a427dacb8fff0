// The mails and SMS Sésame sends, built from templates under html/mail/.
// Building a message does no I/O beyond the renderer's template cache: the
// result is queued in the outbox by the caller's transaction.
#ifndef SESAME_SCREENS_MESSAGES_H_
#define SESAME_SCREENS_MESSAGES_H_

#include "core/config.h"
#include "core/status.h"
#include "crypto/password_hasher.h"
#include "storage/stores.h"
#include "storage/types.h"
#include "web/renderer.h"

namespace sesame {

// Renders <name>.txt.tpl and <name>.html.tpl (under [server] templates_dir,
// e.g. "mail/password_changed") in `lang` ("": the default language) with
// `data` plus the values of `branding` (who speaks: [branding], or a
// flow's, Config::BrandingFor; its wording in `lang`), into a mail to `to`
// from the branding's sender.
StatusOr<OutboxMessage> BuildMail(const Config& config,
                                  const BrandingConfig& branding,
                                  Renderer& renderer, const std::string& name,
                                  const std::string& to,
                                  const std::string& subject, PageData data,
                                  const std::string& lang = "");

// The language of a message to `account`: the one `intent` was made in
// when it says (Intent::language), else the account's ("": the default).
std::string MessageLanguage(const Account& account,
                            const Intent* intent = nullptr);

// How a mail greets `account` (« Bonjour{{#NAMED}} {{DISPLAY_NAME}}
// {{/NAMED}}, »): by the name on record, or by no name. Never by the
// login: in some flows the identifier is a secret that a link page asks
// for as proof (R10), so only a mail that is meant to give it shows it.
void AddGreeting(const Account& account, PageData* data);

// « votre <credential> a été modifié », to the address on record.
StatusOr<OutboxMessage> PasswordChangedMail(const Config& config,
                                            const BrandingConfig& branding,
                                            Renderer& renderer,
                                            const Account& account,
                                            const std::string& lang = "");

// What a mailed single-use link is: the recovery request of `flow`, its
// page `path` (the mail holds PublicUrl(path) + "?t=" + token in {{LINK}},
// and {{TTL_HOURS}}), the mail's template and subject, its lifetime.
struct MailedLink {
  std::string flow;
  std::string path;
  std::string mail;  // "consular/mail/link": .txt.tpl and .html.tpl
  std::string subject;
  int ttl_hours = 12;
};

// The recovery request of a fresh link for `account`, asked by `intent`,
// with its mail to the address on record (the token itself only in the
// mail; the request keeps its SHA-256) and its « recovery.request » audit
// row.
StatusOr<NewRecoveryRequest> MailedLinkRequest(
    const Config& config, const BrandingConfig& branding, Renderer& renderer,
    const Account& account, const Intent& intent, const MailedLink& link);

// A change of `account`'s password to `password` (hashed here), audited as
// `audit`, announced by PasswordChangedMail. With `temporary_hours` > 0 the
// password is one-time: changed at the next sign-in, dead after that many
// hours. The mail is in `lang` ("": the account's language).
StatusOr<PasswordChange> ChangeWithMail(
    const Config& config, const BrandingConfig& branding, Renderer& renderer,
    crypto::PasswordHasher& hasher, const Account& account,
    const std::string& password, AuditEvent audit, int temporary_hours = 0,
    const std::string& lang = "");

// A new one-time password of `length` for `account`, sent by SMS to the
// phone on record with `sms_text` ({organisation}, {password} and {hours}
// replaced): changed at the next sign-in, dead after [security]
// temporary_password_hours. The password is in the SMS only. With `i18n`,
// the text and the organisation are those of `lang` (I18n::Wording).
StatusOr<PasswordChange> OneTimePasswordBySms(
    const Config& config, const BrandingConfig& branding,
    crypto::PasswordHasher& hasher, const Account& account,
    const std::string& sms_text, int length, AuditEvent audit,
    const I18n* i18n = nullptr, const std::string& lang = "");

}  // namespace sesame

#endif  // SESAME_SCREENS_MESSAGES_H_
