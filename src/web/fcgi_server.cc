#include "web/fcgi_server.h"

#include <fcgiapp.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <string_view>
#include <thread>
#include <vector>

#include "web/fcgi_params.h"

namespace sesame {

FcgiServer::FcgiServer(const Config& config, AppHolder* apps)
    : config_(config), apps_(apps) {}

FcgiServer::~FcgiServer() {
  for (int fd : stop_pipe_) {
    if (fd >= 0) close(fd);
  }
}

Status FcgiServer::Open() {
  if (FCGX_Init() != 0) return Status::Internal("FCGX_Init failed");
  if (pipe2(stop_pipe_, O_CLOEXEC) != 0) {
    return Status::Internal(std::string("pipe: ") + std::strerror(errno));
  }
  // Socket activation: systemd listens and passes the socket as fd 3.
  const int passed = sd_listen_fds(/*unset_environment=*/1);
  if (passed < 0) {
    return Status::InvalidArgument(std::string("LISTEN_FDS: ") +
                                   std::strerror(-passed));
  }
  if (passed > 1) {
    return Status::InvalidArgument(
        "systemd passed " + std::to_string(passed) +
        " sockets (LISTEN_FDS); sesame serve takes exactly one");
  }
  if (passed == 1) {
    const int fd = SD_LISTEN_FDS_START;
    if (sd_is_socket(fd, AF_UNIX, SOCK_STREAM, 1) <= 0 &&
        sd_is_socket(fd, AF_INET, SOCK_STREAM, 1) <= 0 &&
        sd_is_socket(fd, AF_INET6, SOCK_STREAM, 1) <= 0) {
      return Status::InvalidArgument(
          "the socket systemd passed (fd 3) is not a listening unix or TCP "
          "stream socket (ListenStream= in the .socket unit)");
    }
    socket_ = fd;
    activated_ = true;
  } else {
    const std::string& listen = config_.server.listen;
    bool unix_socket = !listen.empty() && listen[0] == '/';
    if (unix_socket) unlink(listen.c_str());
    socket_ = FCGX_OpenSocket(listen.c_str(), 256);
    if (socket_ < 0) {
      return Status::Unavailable("cannot listen on " + listen + ": " +
                                 std::strerror(errno));
    }
    if (unix_socket) {
      chmod(listen.c_str(), static_cast<mode_t>(config_.server.socket_mode));
    }
  }
  // Non-blocking: each thread waits in poll() for a connection or Stop(),
  // and an accept() another thread won returns at once.
  const int flags = fcntl(socket_, F_GETFL);
  if (flags < 0 || fcntl(socket_, F_SETFL, flags | O_NONBLOCK) != 0) {
    return Status::Internal(std::string("fcntl: ") + std::strerror(errno));
  }
  return Status::Ok();
}

void FcgiServer::Run() {
  std::vector<std::thread> threads;
  for (int i = 0; i < config_.server.threads; ++i) {
    threads.emplace_back([this] { Worker(); });
  }
  for (auto& t : threads) t.join();
  if (socket_ >= 0) close(socket_);
  const std::string& listen = config_.server.listen;
  if (!activated_ && !listen.empty() && listen[0] == '/') {
    unlink(listen.c_str());
  }
}

void FcgiServer::Stop() {
  stopping_ = true;
  // Wakes every thread waiting in poll(): the pipe stays readable.
  if (stop_pipe_[1] >= 0) {
    const char byte = 's';
    while (write(stop_pipe_[1], &byte, 1) < 0 && errno == EINTR) {
    }
  }
}

void FcgiServer::Worker() {
  FCGX_Request req;
  FCGX_InitRequest(&req, socket_, FCGI_FAIL_ACCEPT_ON_INTR);
  while (!stopping_) {
    pollfd fds[2] = {{socket_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[1].revents != 0) break;
    // Another thread may have taken the connection: -EAGAIN, poll again.
    // Any other failure (out of file descriptors) is retried a little later.
    const int accepted = FCGX_Accept_r(&req);
    if (accepted < 0) {
      if (accepted != -EAGAIN && accepted != -EWOULDBLOCK &&
          accepted != -EINTR) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      continue;
    }
    // The App of this request, kept until it is answered even if the
    // configuration is reloaded meanwhile.
    std::shared_ptr<App> app = apps_->Current();
    const Config& config = app->config();
    RequestLimits limits;
    limits.mount =
        config.server.mount == "/" ? std::string() : config.server.mount;
    limits.max_body_bytes = static_cast<size_t>(config.server.max_body_bytes);
    std::vector<std::string_view> params;
    for (char** e = req.envp; e && *e; ++e) params.emplace_back(*e);
    Request request = RequestFromParams(params, limits, [&req](size_t length) {
      std::string body(length, '\0');
      int got = FCGX_GetStr(body.data(), static_cast<int>(length), req.in);
      body.resize(got > 0 ? static_cast<size_t>(got) : 0);
      return body;
    });

    Response response = app->Handle(request);

    std::string head = "Status: " + std::to_string(response.status) + " " +
                       HttpReasonPhrase(response.status) + "\r\n";
    head += "Content-Type: " + response.content_type + "\r\n";
    for (const auto& [name, value] : response.headers) {
      head += name + ": " + value + "\r\n";
    }
    head +=
        "Content-Length: " + std::to_string(response.body.size()) + "\r\n\r\n";
    FCGX_PutStr(head.data(), static_cast<int>(head.size()), req.out);
    if (!response.body.empty()) {
      FCGX_PutStr(response.body.data(), static_cast<int>(response.body.size()),
                  req.out);
    }
    FCGX_Finish_r(&req);
  }
  FCGX_Free(&req, 0);
}

}  // namespace sesame
