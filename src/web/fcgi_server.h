// FcgiServer: the FastCGI adapter, the only code that includes fcgiapp.h.
// N threads each accept on one shared socket (FCGX_Accept_r), turn the
// request into a Request, hand it to the App and write the Response.
#ifndef SESAME_WEB_FCGI_SERVER_H_
#define SESAME_WEB_FCGI_SERVER_H_

#include <atomic>
#include <string>

#include "core/config.h"
#include "core/status.h"
#include "web/app.h"

namespace sesame {

class FcgiServer {
 public:
  FcgiServer(const Config& config, App* app);
  // Opens the socket ([server] listen, socket_mode). Unavailable on failure.
  Status Open();
  // Serves until Stop() is called; returns after in-flight requests finish.
  void Run();
  // Safe to call from another thread (not from a signal handler).
  void Stop();

 private:
  void Worker();

  const Config& config_;
  App* app_;
  int socket_ = -1;
  std::atomic<bool> stopping_{false};
};

}  // namespace sesame

#endif  // SESAME_WEB_FCGI_SERVER_H_
