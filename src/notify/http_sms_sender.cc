#include "notify/http_sms_sender.h"

#include <curl/curl.h>

#include <cctype>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "notify/curl_init.h"

namespace sesame {
namespace {

// The media type, lower-cased, without parameters ("; charset=...").
std::string MediaType(std::string_view content_type) {
  std::string out;
  for (char c : content_type.substr(0, content_type.find(';'))) {
    if (c != ' ' && c != '\t') {
      out.push_back(
          static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  return out;
}

std::string JsonEscape(const std::string& value) {
  // Invalid UTF-8 becomes U+FFFD instead of throwing.
  std::string quoted = nlohmann::json(value).dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
  return quoted.substr(1, quoted.size() - 2);
}

std::string FormEscape(const std::string& value) {
  char* escaped =
      curl_easy_escape(nullptr, value.data(), static_cast<int>(value.size()));
  if (escaped == nullptr) return std::string();
  std::string out(escaped);
  curl_free(escaped);
  return out;
}

size_t DiscardBody(char*, size_t size, size_t nmemb, void*) {
  return size * nmemb;
}

bool HasLineBreak(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

}  // namespace

Status ValidatePhoneNumber(std::string_view e164) {
  if (e164.size() < 9 || e164.size() > 16 || e164[0] != '+' || e164[1] == '0') {
    return Status::InvalidArgument("phone number is not E.164");
  }
  for (char c : e164.substr(1)) {
    if (c < '0' || c > '9') {
      return Status::InvalidArgument("phone number is not E.164");
    }
  }
  return Status::Ok();
}

std::string RenderSmsBody(const SmsConfig& config, const Sms& sms) {
  const std::string type = MediaType(config.content_type);
  auto escape = [&type](const std::string& v) {
    if (type == "application/json" ||
        (type.size() > 5 && type.ends_with("+json"))) {
      return JsonEscape(v);
    }
    if (type == "application/x-www-form-urlencoded") return FormEscape(v);
    return v;
  };
  const std::string& tpl = config.body_template;
  std::string out;
  size_t pos = 0;
  while (pos < tpl.size()) {
    size_t open = tpl.find('{', pos);
    if (open == std::string::npos) {
      out.append(tpl, pos, std::string::npos);
      break;
    }
    out.append(tpl, pos, open - pos);
    std::string_view rest = std::string_view(tpl).substr(open);
    if (rest.starts_with("{to}")) {
      out += escape(sms.to);
      pos = open + 4;
    } else if (rest.starts_with("{text}")) {
      out += escape(sms.text);
      pos = open + 6;
    } else if (rest.starts_with("{sender}")) {
      out += escape(config.sender);
      pos = open + 8;
    } else {
      out.push_back('{');
      pos = open + 1;
    }
  }
  return out;
}

HttpSmsSender::HttpSmsSender(const SmsConfig& config) : config_(config) {
  InitCurlOnce();
}

Status HttpSmsSender::Send(const Sms& sms) {
  SESAME_RETURN_IF_ERROR(ValidatePhoneNumber(sms.to));
  if (config_.url.empty()) {
    return Status::FailedPrecondition("[sms] url is empty: SMS disabled");
  }
  if (config_.method != "POST" && config_.method != "PUT") {
    return Status::FailedPrecondition("[sms] method must be POST or PUT");
  }
  std::string auth = config_.auth_header;
  while (!auth.empty() && (auth.back() == '\n' || auth.back() == '\r')) {
    auth.pop_back();
  }
  if (HasLineBreak(auth) || HasLineBreak(config_.content_type) ||
      (!auth.empty() && auth.find(':') == std::string::npos)) {
    return Status::FailedPrecondition(
        "[sms] auth header or content type is not one header line");
  }

  const std::string body = RenderSmsBody(config_, sms);
  SlistPtr headers;
  char errbuf[CURL_ERROR_SIZE] = {0};
  CurlPtr curl =
      NewEasyHandle(config_.url, "http,https", config_.timeout_seconds,
                    config_.ca_file, errbuf);
  if (!curl) return Status::Internal("curl_easy_init failed");
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  if (config_.method == "PUT")
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PUT");
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, DiscardBody);

  if (!AppendHeader(&headers, "Content-Type: " + config_.content_type) ||
      !AppendHeader(&headers, "Accept: application/json") ||
      !AppendHeader(&headers, "Expect:") ||
      (!auth.empty() && !AppendHeader(&headers, auth))) {
    return Status::Internal("out of memory");
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());

  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    std::string message = std::string("sms gateway: ") + curl_easy_strerror(rc);
    if (errbuf[0] != '\0') message += std::string(" (") + errbuf + ")";
    return Status::Unavailable(message);
  }
  long http_code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &http_code);
  if (http_code >= 200 && http_code < 300) return Status::Ok();
  return Status::Unavailable("sms gateway answered HTTP " +
                             std::to_string(http_code));
}

}  // namespace sesame
