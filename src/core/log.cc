#include "core/log.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

namespace sesame {
namespace {

std::atomic<LogFormat> g_format{LogFormat::kText};
thread_local std::string t_request_id;

std::string Rfc3339Utc(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto ms =
      duration_cast<milliseconds>(time.time_since_epoch()).count() % 1000;
  const std::time_t t = system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec, static_cast<int>(ms < 0 ? 0 : ms));
  return buf;
}

// A text value: as it is when it has no space, quote or control character,
// else quoted with those escaped (a line stays a line).
std::string TextValue(const std::string& v) {
  bool plain = !v.empty();
  for (unsigned char c : v) {
    if (c <= ' ' || c == '"' || c == '\\' || c == 0x7f) plain = false;
  }
  if (plain) return v;
  std::string out = "\"";
  for (unsigned char c : v) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < ' ' || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out + "\"";
}

}  // namespace

void SetLogFormat(LogFormat format) { g_format = format; }
LogFormat CurrentLogFormat() { return g_format; }

bool ValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                     (c >= 'A' && c <= 'F');
    if (!hex) return false;
  }
  return true;
}

const std::string& CurrentRequestId() { return t_request_id; }

RequestIdScope::RequestIdScope(std::string_view id)
    : previous_(std::move(t_request_id)) {
  t_request_id = ValidRequestId(id) ? std::string(id) : std::string();
}

RequestIdScope::~RequestIdScope() { t_request_id = std::move(previous_); }

LogField::LogField(std::string_view k, double v) : key(k), number(true) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  text = buf;
}

std::string FormatLogLine(LogFormat format,
                          std::chrono::system_clock::time_point time,
                          std::string_view level, std::string_view event,
                          std::string_view request_id,
                          std::initializer_list<LogField> fields) {
  if (format == LogFormat::kJson) {
    // nlohmann::json keeps keys sorted; ordered_json keeps them as written.
    nlohmann::ordered_json line;
    line["time"] = Rfc3339Utc(time);
    line["level"] = std::string(level);
    line["event"] = std::string(event);
    if (!request_id.empty()) line["request_id"] = std::string(request_id);
    for (const LogField& f : fields) {
      if (f.number) {
        line[f.key] = nlohmann::ordered_json::parse(f.text);
      } else {
        line[f.key] = f.text;
      }
    }
    // Invalid UTF-8 is replaced rather than thrown on.
    return line.dump(-1, ' ', false,
                     nlohmann::ordered_json::error_handler_t::replace) +
           "\n";
  }
  std::string out = "sesame: ";
  out += event;
  if (level != "info") {
    out += " level=";
    out += level;
  }
  if (!request_id.empty()) {
    out += " request_id=";
    out += request_id;
  }
  for (const LogField& f : fields) {
    out += ' ';
    out += f.key;
    out += '=';
    out += f.number ? f.text : TextValue(f.text);
  }
  return out + "\n";
}

void Log(std::string_view level, std::string_view event,
         std::initializer_list<LogField> fields) {
  const std::string line =
      FormatLogLine(g_format, std::chrono::system_clock::now(), level, event,
                    t_request_id, fields);
  // One write: lines of concurrent threads do not interleave.
  size_t done = 0;
  while (done < line.size()) {
    ssize_t n = ::write(STDERR_FILENO, line.data() + done, line.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
}

}  // namespace sesame
