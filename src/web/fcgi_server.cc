#include "web/fcgi_server.h"

#include <fcgiapp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <string_view>
#include <thread>
#include <vector>

#include "web/fcgi_params.h"

namespace sesame {

FcgiServer::FcgiServer(const Config& config, App* app)
    : config_(config), app_(app) {}

Status FcgiServer::Open() {
  if (FCGX_Init() != 0) return Status::Internal("FCGX_Init failed");
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
  if (!listen.empty() && listen[0] == '/') unlink(listen.c_str());
}

void FcgiServer::Stop() {
  stopping_ = true;
  // Wakes every thread blocked in accept().
  if (socket_ >= 0) shutdown(socket_, SHUT_RDWR);
}

void FcgiServer::Worker() {
  FCGX_Request req;
  FCGX_InitRequest(&req, socket_, 0);
  RequestLimits limits;
  limits.mount =
      config_.server.mount == "/" ? std::string() : config_.server.mount;
  limits.max_body_bytes = static_cast<size_t>(config_.server.max_body_bytes);
  while (!stopping_ && FCGX_Accept_r(&req) >= 0) {
    std::vector<std::string_view> params;
    for (char** e = req.envp; e && *e; ++e) params.emplace_back(*e);
    Request request = RequestFromParams(params, limits, [&req](size_t length) {
      std::string body(length, '\0');
      int got = FCGX_GetStr(body.data(), static_cast<int>(length), req.in);
      body.resize(got > 0 ? static_cast<size_t>(got) : 0);
      return body;
    });

    Response response = app_->Handle(request);

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
