// Log lines of `sesame serve` and `sesame deliver`, one per event on
// stderr, as text (the default) or as one JSON object a line ([server]
// log_format = "json"). A line carries the id nginx gave the request being
// served ($request_id, see RequestIdScope) and the fields its caller names;
// callers never pass a token, code, password, query string or address.
#ifndef SESAME_CORE_LOG_H_
#define SESAME_CORE_LOG_H_

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace sesame {

enum class LogFormat { kText, kJson };

// Set once at start, before any thread logs.
void SetLogFormat(LogFormat format);
LogFormat CurrentLogFormat();

// True when `id` can be a request id: 1 to 64 hexadecimal digits (nginx's
// $request_id is 32). Anything else is ignored.
bool ValidRequestId(std::string_view id);

// The request id of the request this thread serves ("" when none).
const std::string& CurrentRequestId();

// Sets this thread's request id for its lifetime ("" when `id` is not
// valid), then restores the one before.
class RequestIdScope {
 public:
  explicit RequestIdScope(std::string_view id);
  ~RequestIdScope();
  RequestIdScope(const RequestIdScope&) = delete;
  RequestIdScope& operator=(const RequestIdScope&) = delete;

 private:
  std::string previous_;
};

struct LogField {
  LogField(std::string_view k, std::string_view v) : key(k), text(v) {}
  LogField(std::string_view k, const char* v) : key(k), text(v) {}
  LogField(std::string_view k, const std::string& v) : key(k), text(v) {}
  LogField(std::string_view k, int64_t v)
      : key(k), text(std::to_string(v)), number(true) {}
  LogField(std::string_view k, int v)
      : key(k), text(std::to_string(v)), number(true) {}
  LogField(std::string_view k, double v);
  std::string key;
  std::string text;
  bool number = false;
};

// One line (with its '\n'): text "sesame: EVENT [request_id=ID] k=v ...";
// JSON {"time":"<RFC 3339 UTC>","level":LEVEL,"event":EVENT,
// "request_id":ID,k:v,...} (request_id only when set).
std::string FormatLogLine(LogFormat format,
                          std::chrono::system_clock::time_point time,
                          std::string_view level, std::string_view event,
                          std::string_view request_id,
                          std::initializer_list<LogField> fields);

// Writes FormatLogLine(current format, now, ..., CurrentRequestId()) to
// stderr in one write. level: "info", "warning" or "error".
void Log(std::string_view level, std::string_view event,
         std::initializer_list<LogField> fields);

}  // namespace sesame

#endif  // SESAME_CORE_LOG_H_
