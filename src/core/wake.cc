#include "core/wake.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "core/log.h"

namespace sesame {
namespace {

// Fills `addr` with `path`; false when it does not fit.
bool UnixAddress(const std::string& path, sockaddr_un* addr) {
  std::memset(addr, 0, sizeof(*addr));
  addr->sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof(addr->sun_path)) return false;
  std::memcpy(addr->sun_path, path.data(), path.size());
  return true;
}

int DatagramSocket() {
  return ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

int Index(unsigned queue) { return queue == kWakeOutbox ? 1 : 0; }

}  // namespace

WakeSender::WakeSender(std::string path) : path_(std::move(path)) {
  if (!path_.empty()) fd_ = DatagramSocket();
}

WakeSender::~WakeSender() {
  if (fd_ >= 0) ::close(fd_);
}

void WakeSender::Send(unsigned queues) {
  queues &= kWakeAllQueues;
  if (fd_ < 0 || queues == 0) return;
  sockaddr_un addr;
  if (!UnixAddress(path_, &addr)) return;
  const unsigned char byte = static_cast<unsigned char>(queues);
  ssize_t n = ::sendto(fd_, &byte, 1, MSG_DONTWAIT | MSG_NOSIGNAL,
                       reinterpret_cast<const sockaddr*>(&addr), sizeof(addr));
  if (n == 1) {
    ++sent_;
    return;
  }
  const int err = errno;
  // A full queue: deliver has wakes waiting and will claim anyway.
  if (err == EAGAIN || err == EWOULDBLOCK) return;
  if (!reported_.exchange(true)) {
    Log("debug", "wake.unsent",
        {{"socket", path_},
         {"error", std::string(std::strerror(err))},
         {"note", "deliver finds the work at its next poll"}});
  }
}

void WakeBoard::Post(unsigned queues) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (queues & kWakeIntents) ++counts_[0];
    if (queues & kWakeOutbox) ++counts_[1];
  }
  cv_.notify_all();
}

uint64_t WakeBoard::Count(unsigned queue) const {
  std::lock_guard<std::mutex> lock(mu_);
  return counts_[Index(queue)];
}

bool WakeBoard::Wait(unsigned queue, uint64_t* seen,
                     std::chrono::steady_clock::time_point not_before,
                     std::chrono::steady_clock::time_point deadline,
                     const std::atomic<bool>& stop) {
  const int i = Index(queue);
  const auto slice = std::chrono::milliseconds(50);
  std::unique_lock<std::mutex> lock(mu_);
  bool woken = false;
  while (!stop.load()) {
    const auto now = std::chrono::steady_clock::now();
    woken = counts_[i] != *seen;
    if (woken && now >= not_before) break;
    if (now >= deadline) break;
    auto until = std::min(now + slice, woken ? not_before : deadline);
    if (woken) {
      // Held until not_before: only stop ends this part.
      cv_.wait_until(lock, until);
    } else {
      cv_.wait_until(lock, until, [&] { return counts_[i] != *seen; });
    }
  }
  woken = counts_[i] != *seen;
  *seen = counts_[i];
  return woken;
}

StatusOr<std::unique_ptr<WakeListener>> WakeListener::Bind(
    const std::string& path, mode_t mode) {
  sockaddr_un addr;
  if (!UnixAddress(path, &addr)) {
    return Status::InvalidArgument("wake socket path empty or too long: " +
                                   path);
  }
  struct stat st;
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) {
      return Status::InvalidArgument(path + " exists and is not a socket");
    }
    // Someone listening (another deliver)? Then it is theirs.
    int probe = DatagramSocket();
    if (probe < 0)
      return Status::Internal("socket: " + std::string(strerror(errno)));
    int rc = ::connect(probe, reinterpret_cast<const sockaddr*>(&addr),
                       sizeof(addr));
    const int err = errno;
    ::close(probe);
    if (rc == 0) {
      return Status::FailedPrecondition(path + " is in use by another deliver");
    }
    if (err != ECONNREFUSED) {
      return Status::Unavailable("cannot check " + path + ": " +
                                 std::string(strerror(err)));
    }
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
      return Status::Unavailable("cannot remove the stale " + path + ": " +
                                 std::string(strerror(errno)));
    }
  }
  int fd = DatagramSocket();
  if (fd < 0) {
    return Status::Internal("socket: " + std::string(strerror(errno)));
  }
  // Created 0600 at most, then opened to the group (serve's user).
  const mode_t old = ::umask(0177);
  int rc = ::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr));
  const int err = errno;
  ::umask(old);
  if (rc != 0) {
    ::close(fd);
    return Status::Unavailable("cannot bind " + path + ": " +
                               std::string(strerror(err)));
  }
  if (::chmod(path.c_str(), mode & 0770) != 0) {
    const int e = errno;
    ::unlink(path.c_str());
    ::close(fd);
    return Status::Unavailable("cannot chmod " + path + ": " +
                               std::string(strerror(e)));
  }
  return std::unique_ptr<WakeListener>(new WakeListener(path, fd));
}

WakeListener::~WakeListener() {
  ::close(fd_);
  ::unlink(path_.c_str());
}

unsigned WakeListener::Wait(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  int rc = ::poll(&p, 1, std::max(0, timeout_ms));
  if (rc <= 0) return 0;
  unsigned queues = 0;
  for (int i = 0; i < kMaxDrain; ++i) {
    unsigned char buf[2];
    // MSG_TRUNC: the datagram's real length, so an oversize one is told
    // apart from a one-byte one and dropped whole.
    ssize_t n = ::recv(fd_, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC);
    if (n < 0) break;  // drained (EAGAIN) or nothing more to read
    const unsigned bits = n == 1 ? (buf[0] & kWakeAllQueues) : 0;
    if (n != 1 || bits == 0 || (buf[0] & ~kWakeAllQueues) != 0) {
      ++ignored_;
      continue;
    }
    queues |= bits;
  }
  return queues;
}

void ForwardWakes(WakeListener* listener, WakeBoard* board,
                  const std::atomic<bool>& stop) {
  while (!stop.load()) {
    const unsigned queues = listener->Wait(50);
    if (queues != 0) board->Post(queues);
  }
}

}  // namespace sesame
