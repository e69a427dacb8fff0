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

}  // namespace sesame

#endif  // SESAME_NOTIFY_CURL_INIT_H_
