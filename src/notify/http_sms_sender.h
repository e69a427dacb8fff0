// HttpSmsSender: sends an Sms to an HTTP(S) gateway with libcurl.
//
// The request body is [sms] body_template with {to}, {text} and {sender}
// replaced, each escaped for [sms] content_type. One CURL easy handle per
// Send, so any number of threads may send at once. Proxies from the
// environment are ignored, https peers are verified, redirects are not
// followed. Errors carry the HTTP status, never the body nor the text sent
// (it holds codes).
#ifndef SESAME_NOTIFY_HTTP_SMS_SENDER_H_
#define SESAME_NOTIFY_HTTP_SMS_SENDER_H_

#include <string>
#include <string_view>

#include "core/config.h"
#include "core/status.h"
#include "notify/senders.h"

namespace sesame {

class HttpSmsSender : public SmsSender {
 public:
  // Keeps a copy of `config`; calls InitCurlOnce().
  explicit HttpSmsSender(const SmsConfig& config);

  // OK on a 2xx answer. InvalidArgument when sms.to is not E.164 ("+" and 8
  // to 15 digits; nothing is sent); FailedPrecondition when [sms] url is
  // empty or the method/auth header is malformed; Unavailable for any other
  // answer or a network failure.
  Status Send(const Sms& sms) override;

 private:
  SmsConfig config_;
};

// The request body: body_template with {to}, {text} and {sender} replaced in
// one pass (replacement text is never scanned again). For an
// application/json content type each value is JSON-string escaped (without
// the quotes, which belong to the template); for
// application/x-www-form-urlencoded it is percent-encoded; any other content
// type gets the values as they are.
std::string RenderSmsBody(const SmsConfig& config, const Sms& sms);

// OK for "+" followed by 8 to 15 digits, the first one not 0.
Status ValidatePhoneNumber(std::string_view e164);

}  // namespace sesame

#endif  // SESAME_NOTIFY_HTTP_SMS_SENDER_H_
