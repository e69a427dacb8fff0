// InitCurlOnce(): libcurl's process-wide initialisation, done exactly once.
//
// curl_global_init is not thread-safe and must run before any other libcurl
// call; every class that uses libcurl calls InitCurlOnce() in its
// constructor, so main need not remember to.
#ifndef SESAME_NOTIFY_CURL_INIT_H_
#define SESAME_NOTIFY_CURL_INIT_H_

#include <curl/curl.h>

#include <mutex>

namespace sesame {

// Calls curl_global_init(CURL_GLOBAL_DEFAULT) the first time; later calls do
// nothing. Thread-safe.
inline void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace sesame

#endif  // SESAME_NOTIFY_CURL_INIT_H_
