#include "web/fcgi_server.h"

#include <fcgiapp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <iostream>
#include <thread>
#include <vector>

namespace sesame {
namespace {

std::string Param(FCGX_Request& req, const char* name) {
  const char* v = FCGX_GetParam(name, req.envp);
  return v ? v : "";
}

std::string LowerHeaderName(const char* env_name) {
  // HTTP_SEC_FETCH_SITE -> sec-fetch-site
  std::string out;
  for (const char* p = env_name + 5; *p; ++p) {
    out.push_back(*p == '_' ? '-' : static_cast<char>(tolower(*p)));
  }
  return out;
}

}  // namespace

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
  const std::string mount =
      config_.server.mount == "/" ? std::string() : config_.server.mount;
  const size_t max_body = static_cast<size_t>(config_.server.max_body_bytes);
  while (!stopping_ && FCGX_Accept_r(&req) >= 0) {
    Request request;
    request.method = Param(req, "REQUEST_METHOD");
    // DOCUMENT_URI is nginx's normalised path without the query string;
    // PATH_INFO and SCRIPT_FILENAME are never trusted.
    std::string uri = Param(req, "DOCUMENT_URI");
    if (uri.empty()) {
      uri = Param(req, "REQUEST_URI");
      uri = uri.substr(0, uri.find('?'));
    }
    if (mount.empty()) {
      request.path = uri;
    } else if (uri.rfind(mount, 0) == 0 &&
               (uri.size() == mount.size() || uri[mount.size()] == '/')) {
      request.path =
          uri.size() == mount.size() ? "/" : uri.substr(mount.size());
    } else {
      request.path = "/\x01unmounted";
    }
    request.query = Param(req, "QUERY_STRING");
    ParseUrlEncoded(request.query, &request.query_params);
    request.client_ip = Param(req, "REMOTE_ADDR");
    for (char** e = req.envp; e && *e; ++e) {
      if (std::strncmp(*e, "HTTP_", 5) != 0) continue;
      const char* eq = std::strchr(*e, '=');
      if (!eq) continue;
      std::string name(*e, static_cast<size_t>(eq - *e));
      request.headers[LowerHeaderName(name.c_str())] = eq + 1;
    }
    request.cookies = ParseCookies(request.Header("cookie"));
    if (request.method == "POST") {
      std::string length_text = Param(req, "CONTENT_LENGTH");
      size_t length = 0;
      try {
        length = length_text.empty() ? 0 : std::stoul(length_text);
      } catch (const std::exception&) {
        request.form_problem = FormProblem::kMalformed;
      }
      if (length > max_body) {
        request.form_problem = FormProblem::kTooLarge;
      } else if (request.form_problem == FormProblem::kNone) {
        std::string body(length, '\0');
        int got = FCGX_GetStr(body.data(), static_cast<int>(length), req.in);
        body.resize(got > 0 ? static_cast<size_t>(got) : 0);
        std::string type = Param(req, "CONTENT_TYPE");
        if (type.rfind("application/x-www-form-urlencoded", 0) != 0 &&
            !body.empty()) {
          request.form_problem = FormProblem::kMalformed;
        } else {
          request.form_problem = ParseUrlEncoded(body, &request.form);
        }
      }
    }

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
