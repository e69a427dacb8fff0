// What the libcurl senders share: InitCurlOnce(), libcurl's process-wide
// initialisation done exactly once, and owning pointers for libcurl handles.
//
// curl_global_init is not thread-safe and must run before any other libcurl
// call; every class that uses libcurl calls InitCurlOnce() in its
// constructor, so main need not remember to.
#ifndef SESAME_NOTIFY_CURL_INIT_H_
#define SESAME_NOTIFY_CURL_INIT_H_

#include <curl/curl.h>

#include <memory>
#include <mutex>
#include <string>

namespace sesame {

// Calls curl_global_init(CURL_GLOBAL_DEFAULT) the first time; later calls do
// nothing. Thread-safe.
inline void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlPtr = std::unique_ptr<CURL, CurlDeleter>;
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

// Appends `line` to *list; false when libcurl is out of memory.
inline bool AppendHeader(SlistPtr* list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list->get(), line.c_str());
  if (grown == nullptr) return false;
  list->release();
  list->reset(grown);
  return true;
}

// A new easy handle with what every Sésame transfer wants: the URL and the
// only protocols allowed, no proxy from the environment, no signals, the
// timeout for connecting and for the whole transfer, verified TLS peers
// (with `ca_file` when not empty), and errors written to `errbuf`
// (CURL_ERROR_SIZE bytes, which must outlive the handle). Null when
// libcurl is out of memory.
inline CurlPtr NewEasyHandle(const std::string& url, const char* protocols,
                             int timeout_seconds, const std::string& ca_file,
                             char* errbuf) {
  CurlPtr curl(curl_easy_init());
  if (!curl) return curl;
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocols);
  curl_easy_setopt(c, CURLOPT_PROXY, "");
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(timeout_seconds));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
                   static_cast<long>(timeout_seconds));
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, ca_file.c_str());
  return curl;
}

}  // namespace sesame

#endif  // SESAME_NOTIFY_CURL_INIT_H_
