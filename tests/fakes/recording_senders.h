// RecordingMailSender and RecordingSmsSender: senders that keep what they
// were asked to send, and can be told to fail the next N calls with a given
// Status. A failed call records nothing. Thread-safe.
#ifndef SESAME_TESTS_FAKES_RECORDING_SENDERS_H_
#define SESAME_TESTS_FAKES_RECORDING_SENDERS_H_

#include <mutex>
#include <vector>

#include "core/status.h"
#include "notify/senders.h"

namespace sesame {

template <typename Message, typename Interface>
class RecordingSender : public Interface {
 public:
  // The next `n` Send calls return `status` (Unavailable by default).
  void FailNext(int n,
                Status status = Status::Unavailable("injected failure")) {
    std::lock_guard<std::mutex> lock(mu_);
    fail_next_ = n;
    failure_ = status;
  }

  Status Send(const Message& message) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++calls_;
    if (fail_next_ > 0) {
      --fail_next_;
      return failure_;
    }
    sent_.push_back(message);
    return Status::Ok();
  }

  std::vector<Message> sent() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sent_;
  }
  // Every Send call, failed or not.
  int calls() const {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<Message> sent_;
  int calls_ = 0;
  int fail_next_ = 0;
  Status failure_;
};

using RecordingMailSender = RecordingSender<Mail, MailSender>;
using RecordingSmsSender = RecordingSender<Sms, SmsSender>;

}  // namespace sesame

#endif  // SESAME_TESTS_FAKES_RECORDING_SENDERS_H_
