// SmtpMailSender: sends a Mail through an SMTP relay with libcurl.
//
// One connection per Send (one CURL easy handle, so any number of threads may
// send at once). The message is multipart/mixed holding a multipart/
// alternative of text/plain and text/html (UTF-8, quoted-printable); Subject
// and the sender's display name are RFC 2047 encoded. With starttls =
// "required" the session must be upgraded to TLS with a verified peer or
// nothing is sent. Errors never quote the message body.
#ifndef SESAME_NOTIFY_SMTP_MAIL_SENDER_H_
#define SESAME_NOTIFY_SMTP_MAIL_SENDER_H_

#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/status.h"
#include "notify/senders.h"

namespace sesame {

class SmtpMailSender : public MailSender {
 public:
  // Keeps a copy of `config`; calls InitCurlOnce().
  explicit SmtpMailSender(const MailConfig& config);

  // OK once the relay accepted the message; InvalidArgument for a malformed
  // recipient (nothing is sent) or a 5xx refusal of the recipient;
  // Unavailable for everything that may pass (refused connection, timeout,
  // 4xx, TLS not offered or not verified, authentication refused).
  Status Send(const Mail& mail) override;

 private:
  MailConfig config_;
};

// OK for exactly one bare address "local@domain": InvalidArgument when it
// holds CR, LF, any other control character, space, ',', ';', '<', '>',
// '"', '\\', or not exactly one '@' with text on both sides.
Status ValidateMailAddress(std::string_view address);

// A header value for `text` (UTF-8) that starts after `used` characters of
// its line ("Subject: " is 9): the text itself when it is short printable
// ASCII, else RFC 2047 "=?UTF-8?B?...?=" words that never split a UTF-8
// character, folded with CRLF SP so every line stays under 78 characters.
// CR, LF and other control characters become spaces.
std::string EncodeHeaderText(std::string_view text, size_t used);

// "Sun, 06 Nov 1994 08:49:37 +0000" (RFC 5322, UTC, locale-independent).
std::string FormatMailDate(std::time_t t);

// The top-level header lines (no CRLF at the end): From, To, Subject, Date,
// Message-ID (mail.message_id, or a fresh one when it is not "<x@y>"),
// MIME-Version. The caller has validated both addresses.
std::vector<std::string> BuildMailHeaders(const MailConfig& config,
                                          const Mail& mail, std::time_t now);

}  // namespace sesame

#endif  // SESAME_NOTIFY_SMTP_MAIL_SENDER_H_
