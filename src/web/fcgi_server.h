// FcgiServer: the FastCGI adapter, the only code that includes fcgiapp.h.
// N threads each accept on one shared socket (FCGX_Accept_r), turn the
// request into a Request, hand it to the current App and write the
// Response.
#ifndef SESAME_WEB_FCGI_SERVER_H_
#define SESAME_WEB_FCGI_SERVER_H_

#include <atomic>
#include <string>

#include "core/config.h"
#include "core/status.h"
#include "web/app_holder.h"

namespace sesame {

class FcgiServer {
 public:
  // `config` gives the socket and the thread count (fixed while it runs);
  // each request goes to apps->Current(), taken as it is accepted.
  FcgiServer(const Config& config, AppHolder* apps);
  ~FcgiServer();
  // Takes the socket systemd passed (socket activation: LISTEN_PID is this
  // process and LISTEN_FDS is 1; fd 3 must be a listening unix or TCP
  // stream socket, else InvalidArgument), or opens [server] listen with
  // socket_mode. Unavailable when it cannot listen.
  Status Open();
  // True when Open() took systemd's socket ([server] listen was ignored).
  bool socket_activated() const { return activated_; }
  // Serves until Stop() is called; returns after in-flight requests finish.
  void Run();
  // Safe to call from another thread (not from a signal handler). The
  // listening socket is left as it is (systemd may hand it to the next
  // instance): the threads are woken through a pipe.
  void Stop();

 private:
  void Worker();

  const Config& config_;
  AppHolder* apps_;
  int socket_ = -1;
  bool activated_ = false;
  int stop_pipe_[2] = {-1, -1};
  std::atomic<bool> stopping_{false};
};

}  // namespace sesame

#endif  // SESAME_WEB_FCGI_SERVER_H_
