// Waking `sesame deliver` when there is work, instead of letting it find the
// work by polling.
//
// A process that commits a recovery request (intent) or an outbox row sends
// one datagram on a unix datagram socket that `deliver` binds ([deliver]
// wake_socket): one byte, the WakeQueue bits of what it wrote. `deliver`
// blocks in poll() on it; a datagram only ends a wait, the claim query that
// follows decides what there is to do. Nothing is lost when a datagram is:
// `deliver` still claims every poll_interval_ms.
//
// WakeSender never blocks and never fails its caller; WakeListener drains
// every datagram queued, so a burst costs one claim; WakeBoard hands the
// wakes to the threads of one process.
#ifndef SESAME_CORE_WAKE_H_
#define SESAME_CORE_WAKE_H_

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "core/status.h"

namespace sesame {

// The queues a datagram names (bits of its one byte).
enum WakeQueue : unsigned {
  kWakeIntents = 1,  // recovery_intents: deliver's request thread
  kWakeOutbox = 2,   // outbox: deliver's message thread
};
inline constexpr unsigned kWakeAllQueues = kWakeIntents | kWakeOutbox;

// Sends wake datagrams to `path` from any thread. Send never blocks (a
// full queue means deliver has wakes waiting already) and never fails: a
// missing socket (deliver stopped, or on another host) is logged once, at
// debug level. An empty path sends nothing.
class WakeSender {
 public:
  explicit WakeSender(std::string path);
  ~WakeSender();
  WakeSender(const WakeSender&) = delete;
  WakeSender& operator=(const WakeSender&) = delete;

  void Send(unsigned queues);
  // Datagrams handed to the kernel (for tests and logs).
  uint64_t sent() const { return sent_.load(); }

 private:
  std::string path_;
  int fd_ = -1;
  std::atomic<bool> reported_{false};
  std::atomic<uint64_t> sent_{0};
};

// Per-queue counters that threads wait on (one process).
class WakeBoard {
 public:
  // Counts a wake on each queue of `queues` and wakes its waiters.
  void Post(unsigned queues);
  // The count of `queue` (a single WakeQueue bit).
  uint64_t Count(unsigned queue) const;
  // Waits until `queue`'s count differs from *seen, `stop` is set, or
  // `deadline`. A wake seen before `not_before` is held until then (so a
  // flood of wakes cannot make the caller claim more often than it allows).
  // Updates *seen; true when woken by a post.
  bool Wait(unsigned queue, uint64_t* seen,
            std::chrono::steady_clock::time_point not_before,
            std::chrono::steady_clock::time_point deadline,
            const std::atomic<bool>& stop);

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  uint64_t counts_[2] = {0, 0};
};

// The socket `deliver` listens on.
class WakeListener {
 public:
  // Binds a datagram socket at `path`, mode `mode` (deliver passes
  // [server] socket_mode: serve's user or group writes to it). A socket
  // file left by a deliver that died is replaced; a live one (another
  // deliver listening) is not: FailedPrecondition. Any other file at
  // `path`: InvalidArgument.
  static StatusOr<std::unique_ptr<WakeListener>> Bind(const std::string& path,
                                                      mode_t mode = 0660);
  ~WakeListener();  // closes and removes the socket
  WakeListener(const WakeListener&) = delete;
  WakeListener& operator=(const WakeListener&) = delete;

  // Blocks in poll() up to `timeout_ms`, then drains every datagram queued
  // (at most kMaxDrain). Returns the queues named by the well-formed ones:
  // one byte whose known bits are not all clear; anything else (oversize,
  // empty, unknown bits) is read and ignored. 0 on timeout.
  unsigned Wait(int timeout_ms);
  // Datagrams read and ignored so far.
  uint64_t ignored() const { return ignored_; }

  static constexpr int kMaxDrain = 4096;

 private:
  WakeListener(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_;
  uint64_t ignored_ = 0;
};

// Listens on `listener` and posts to `board` until `stop` (checking it every
// 50 ms). Run it on its own thread.
void ForwardWakes(WakeListener* listener, WakeBoard* board,
                  const std::atomic<bool>& stop);

}  // namespace sesame

#endif  // SESAME_CORE_WAKE_H_
