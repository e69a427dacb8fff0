// SmtpMailSender: sends a Mail through an SMTP relay with libcurl.
//
// Keeps up to `connections` SMTP sessions (connections) open between
// messages, in a pool: Send takes one (or opens one), SendAll sends a batch
// over up to `connections` sessions at once, one thread each. TCP_NODELAY
// is set. A session on which a message failed is closed, never reused; when
// a kept session turns out dropped by the server (no answer, or 421), the
// message is tried once more at once on a new connection. Any number of
// threads may call Send at once. libcurl sends the commands of one message
// in turn (it does not pipeline SMTP, even when the server offers
// PIPELINING): the parallel sessions make up for it. The message is
// multipart/mixed holding a multipart/ alternative of text/plain and text/html
// (UTF-8, quoted-printable); Subject and the sender's display name are RFC 2047
// encoded. With starttls = "required" the session must be upgraded to TLS with
// a verified peer or nothing is sent. Errors never quote the message body.
#ifndef SESAME_NOTIFY_SMTP_MAIL_SENDER_H_
#define SESAME_NOTIFY_SMTP_MAIL_SENDER_H_

#include <atomic>
#include <ctime>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/status.h"
#include "notify/senders.h"

namespace sesame {

class SmtpMailSender : public MailSender {
 public:
  // Keeps a copy of `config`; calls InitCurlOnce(). `connections` ([deliver]
  // smtp_connections) bounds the sessions kept open and sent over at once.
  explicit SmtpMailSender(const MailConfig& config, int connections = 1);
  ~SmtpMailSender() override;

  // OK once the relay accepted the message; InvalidArgument for a malformed
  // recipient (nothing is sent) or a 5xx refusal of the recipient;
  // Unavailable for everything that may pass (refused connection, timeout,
  // 4xx, TLS not offered or not verified, authentication refused).
  Status Send(const Mail& mail) override;
  // The same for each mail, over up to `connections` sessions at once.
  std::vector<std::optional<Status>> SendAll(
      const std::vector<Mail>& mails,
      const std::function<bool()>& stopping) override;

  // SMTP connections opened so far (libcurl's count of new connections).
  int sessions_opened() const;

 private:
  struct Session;
  std::unique_ptr<Session> NewSession();
  // An idle session from the pool, else a new one (null: out of memory).
  std::unique_ptr<Session> Acquire();
  // Back to the pool, or closed when the pool is full.
  void Release(std::unique_ptr<Session> session);
  Status Validate(const Mail& mail) const;
  // Sends on *session (taken from the pool when null); on failure the
  // session is closed and *session left null.
  Status SendKept(std::unique_ptr<Session>* session, const Mail& mail);
  // One transfer; *retry_fresh: the failure says the connection was gone.
  Status SendOn(Session* session, const Mail& mail, bool* retry_fresh);

  MailConfig config_;
  int connections_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Session>> idle_;
  std::atomic<int> opened_{0};
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
