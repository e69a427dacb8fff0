#include "oidc/oidc_transport.h"

#include <curl/curl.h>

#include <mutex>

namespace sesame {

namespace {

constexpr size_t kMaxBody = 1 << 20;

void InitCurl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

size_t Collect(char* data, size_t size, size_t n, void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() + size * n > kMaxBody) return 0;  // aborts the transfer
  body->append(data, size * n);
  return size * n;
}

class CurlOidcTransport : public OidcTransport {
 public:
  explicit CurlOidcTransport(int timeout_seconds)
      : timeout_seconds_(timeout_seconds) {
    InitCurl();
  }

  HttpReply Get(const std::string& url,
                const std::string& bearer = "") override {
    return Perform(url, nullptr, "", "", bearer);
  }

  HttpReply PostForm(const std::string& url, const std::string& form,
                     const std::string& basic_user,
                     const std::string& basic_password) override {
    return Perform(url, &form, basic_user, basic_password, "");
  }

 private:
  HttpReply Perform(const std::string& url, const std::string* form,
                    const std::string& user, const std::string& password,
                    const std::string& bearer) {
    HttpReply reply;
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
      reply.error = "curl_easy_init failed";
      return reply;
    }
    char errbuf[CURL_ERROR_SIZE] = {0};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_PROXY, "");
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(timeout_seconds_));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
                     static_cast<long>(timeout_seconds_));
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply.body);
    std::unique_ptr<curl_slist, SlistDeleter> headers(curl_slist_append(
        nullptr, "Accept: application/json, application/jwt"));
    if (!bearer.empty()) {
      curl_slist* grown = curl_slist_append(
          headers.get(), ("Authorization: Bearer " + bearer).c_str());
      if (grown != nullptr) {
        headers.release();
        headers.reset(grown);
      }
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    if (form != nullptr) {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, form->c_str());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE,
                       static_cast<long>(form->size()));
      // client_secret_basic: both parts form-encoded (RFC 6749 2.3.1).
      const std::string u = FormEscape(user), p = FormEscape(password);
      curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
      curl_easy_setopt(c, CURLOPT_USERNAME, u.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, p.c_str());
      CURLcode rc = curl_easy_perform(c);
      return Finish(c, rc, errbuf, std::move(reply));
    }
    CURLcode rc = curl_easy_perform(c);
    return Finish(c, rc, errbuf, std::move(reply));
  }

  static HttpReply Finish(CURL* c, CURLcode rc, const char* errbuf,
                          HttpReply reply) {
    if (rc != CURLE_OK) {
      reply.error = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc);
      reply.body.clear();
      return reply;
    }
    reply.reached = true;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply.status);
    return reply;
  }

  int timeout_seconds_;
};

}  // namespace

std::unique_ptr<OidcTransport> NewCurlOidcTransport(int timeout_seconds) {
  return std::make_unique<CurlOidcTransport>(timeout_seconds);
}

std::string FormEscape(const std::string& value) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : value) {
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
        (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' ||
        ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  return out;
}

}  // namespace sesame
