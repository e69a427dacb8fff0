// MailSender and SmsSender: the only code that talks to an SMTP server or an
// SMS gateway. Only `sesame deliver` uses them; a request never waits for
// either. Implementations: smtp_mail_sender (libcurl SMTP + MIME),
// http_sms_sender (libcurl HTTP). Fakes: tests/fakes/.
#ifndef SESAME_NOTIFY_SENDERS_H_
#define SESAME_NOTIFY_SENDERS_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace sesame {

struct Mail {
  std::string to;
  std::string subject;  // UTF-8
  std::string text;
  std::string html;        // optional alternative
  std::string message_id;  // "<...@...>", stable across retries
  // The From header (empty: [mail] from and from_name); the envelope
  // sender stays [mail] from.
  std::string from = "";
  std::string from_name = "";
};

struct Sms {
  std::string to;  // E.164
  std::string text;
};

class MailSender {
 public:
  virtual ~MailSender() = default;
  // OK once the server accepted the message. Unavailable for a failure that
  // may pass (connection refused, 4xx, timeout); InvalidArgument for a
  // permanent refusal (5xx on the recipient).
  virtual Status Send(const Mail& mail) = 0;

  // Sends `mails`, as many at once as the sender allows: result i is what
  // Send(mails[i]) answers, or nullopt when mails[i] was not attempted
  // because `stopping` (may be empty) answered true first. The default
  // sends them one after the other.
  virtual std::vector<std::optional<Status>> SendAll(
      const std::vector<Mail>& mails, const std::function<bool()>& stopping) {
    std::vector<std::optional<Status>> results(mails.size());
    for (size_t i = 0; i < mails.size(); ++i) {
      if (stopping && stopping()) break;
      results[i] = Send(mails[i]);
    }
    return results;
  }
};

class SmsSender {
 public:
  virtual ~SmsSender() = default;
  // OK on a 2xx answer from the gateway; Unavailable otherwise (retried).
  virtual Status Send(const Sms& sms) = 0;
};

}  // namespace sesame

#endif  // SESAME_NOTIFY_SENDERS_H_
