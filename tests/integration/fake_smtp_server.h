// FakeSmtpServer: a small SMTP server inside the test process, on a free
// port of 127.0.0.1, one thread per connection. It accepts every message
// (unless told to refuse the next recipient), keeps each message's
// Message-ID, and counts connections, so that tests can see how many SMTP
// sessions a sender opened, how many it used at once and whether a failed
// one was used again. It can also drop every open connection without a
// word (an idle timeout the client is not told about).
#ifndef SESAME_TESTS_INTEGRATION_FAKE_SMTP_SERVER_H_
#define SESAME_TESTS_INTEGRATION_FAKE_SMTP_SERVER_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace sesame::testing {

class FakeSmtpServer {
 public:
  FakeSmtpServer() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof(addr);
    if (listen_fd_ < 0 ||
        ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) !=
            0 ||
        ::listen(listen_fd_, 64) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) !=
            0) {
      return;
    }
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { AcceptLoop(); });
  }
  ~FakeSmtpServer() {
    stopping_ = true;
    if (listen_fd_ >= 0) ::shutdown(listen_fd_, SHUT_RDWR);
    if (acceptor_.joinable()) acceptor_.join();
    DropAll();
    std::vector<std::thread> threads;
    {
      std::lock_guard<std::mutex> lock(mu_);
      threads.swap(threads_);
    }
    for (std::thread& t : threads) t.join();
    if (listen_fd_ >= 0) ::close(listen_fd_);
  }

  // 0 when the server could not listen.
  int port() const { return port_; }

  // The next RCPT gets `reply` (e.g. "451 4.3.0 try later").
  void FailNextRcpt(const std::string& reply) {
    std::lock_guard<std::mutex> lock(mu_);
    rcpt_failure_ = reply;
  }
  // Each message's final answer waits this long (so that senders overlap).
  void SetDataDelayMs(int ms) { data_delay_ms_ = ms; }
  // Closes every open connection without a word.
  void DropAll() {
    std::lock_guard<std::mutex> lock(mu_);
    for (int fd : open_) ::shutdown(fd, SHUT_RDWR);
  }

  int connections() const { return accepted_.load(); }
  int open_connections() const {
    std::lock_guard<std::mutex> lock(mu_);
    return static_cast<int>(open_.size());
  }
  // The most mail transactions (MAIL to the end of DATA) under way at once.
  int max_concurrent() const { return max_busy_.load(); }
  std::vector<std::string> message_ids() const {
    std::lock_guard<std::mutex> lock(mu_);
    return message_ids_;
  }
  // Waits until at most `n` connections are open (up to `ms`).
  bool WaitOpenAtMost(int n, int ms) const {
    for (int i = 0; i < ms / 5; ++i) {
      if (open_connections() <= n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return open_connections() <= n;
  }

 private:
  void AcceptLoop() {
    while (!stopping_) {
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) {
        if (stopping_) return;
        continue;
      }
      ++accepted_;
      std::lock_guard<std::mutex> lock(mu_);
      open_.insert(fd);
      threads_.emplace_back([this, fd] { Serve(fd); });
    }
  }

  static bool Write(int fd, const std::string& s) {
    size_t done = 0;
    while (done < s.size()) {
      ssize_t n = ::send(fd, s.data() + done, s.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }

  // One line without its CRLF; false at the end of the connection.
  static bool ReadLine(int fd, std::string* buffer, std::string* line) {
    while (true) {
      size_t end = buffer->find("\r\n");
      if (end != std::string::npos) {
        *line = buffer->substr(0, end);
        buffer->erase(0, end + 2);
        return true;
      }
      char chunk[4096];
      ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
      if (n <= 0) return false;
      buffer->append(chunk, static_cast<size_t>(n));
    }
  }

  static std::string Upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(c));
    return s;
  }

  void Busy(int delta) {
    const int now = busy_ += delta;
    int seen = max_busy_.load();
    while (now > seen && !max_busy_.compare_exchange_weak(seen, now)) {
    }
  }

  void Serve(int fd) {
    std::string buffer, line;
    bool in_transaction = false;
    bool ok = Write(fd, "220 fake.test ESMTP\r\n");
    while (ok && ReadLine(fd, &buffer, &line)) {
      const std::string verb = Upper(line.substr(0, 4));
      if (verb == "EHLO") {
        ok = Write(fd, "250-fake.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n");
      } else if (verb == "HELO" || verb == "NOOP") {
        ok = Write(fd, "250 fake.test\r\n");
      } else if (verb == "RSET") {
        if (in_transaction) Busy(-1);
        in_transaction = false;
        ok = Write(fd, "250 2.0.0 Ok\r\n");
      } else if (verb == "MAIL") {
        if (!in_transaction) Busy(+1);
        in_transaction = true;
        ok = Write(fd, "250 2.1.0 Ok\r\n");
      } else if (verb == "RCPT") {
        std::string failure;
        {
          std::lock_guard<std::mutex> lock(mu_);
          failure.swap(rcpt_failure_);
        }
        ok = Write(fd, failure.empty() ? "250 2.1.5 Ok\r\n" : failure + "\r\n");
      } else if (verb == "DATA") {
        ok = Write(fd, "354 End data with <CR><LF>.<CR><LF>\r\n");
        std::string id;
        while (ok && (ok = ReadLine(fd, &buffer, &line)) && line != ".") {
          if (id.empty() && Upper(line.substr(0, 11)) == "MESSAGE-ID:") {
            id = line.substr(11);
            id.erase(0, id.find_first_not_of(' '));
          }
        }
        if (!ok) break;
        if (data_delay_ms_ > 0) {
          std::this_thread::sleep_for(
              std::chrono::milliseconds(data_delay_ms_));
        }
        {
          std::lock_guard<std::mutex> lock(mu_);
          message_ids_.push_back(id);
        }
        if (in_transaction) Busy(-1);
        in_transaction = false;
        ok = Write(fd, "250 2.0.0 Ok: queued\r\n");
      } else if (verb == "QUIT") {
        Write(fd, "221 2.0.0 Bye\r\n");
        break;
      } else {
        ok = Write(fd, "502 5.5.2 Error: command not recognized\r\n");
      }
    }
    if (in_transaction) Busy(-1);
    std::lock_guard<std::mutex> lock(mu_);
    open_.erase(fd);
    ::close(fd);
  }

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::atomic<int> busy_{0};
  std::atomic<int> max_busy_{0};
  std::atomic<int> data_delay_ms_{0};
  std::thread acceptor_;
  mutable std::mutex mu_;
  std::set<int> open_;
  std::vector<std::thread> threads_;
  std::string rcpt_failure_;
  std::vector<std::string> message_ids_;
};

}  // namespace sesame::testing

#endif  // SESAME_TESTS_INTEGRATION_FAKE_SMTP_SERVER_H_
