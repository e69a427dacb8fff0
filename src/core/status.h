// Status and StatusOr<T>: how every Sésame layer reports success or failure.
//
// The codes are abseil's (absl/status/status.h) so that each one has a
// documented meaning. A status that reaches a page goes through
// Context::FromStatus (web/screen.h), which knows two codes:
//   kResourceExhausted  -> 503 « Service surchargé », Retry-After: 5
//   kUnavailable        -> 503 « Service indisponible »; transient
//   any other code      -> 500 « Erreur interne »; a bug or a broken invariant
// A screen that expects another code handles it before, with its own page:
//   kNotFound           -> the sign-in page, the invalid-link page or the
//                          neutral confirmation (never reveals existence)
//   kFailedPrecondition -> the state does not allow it (link used, expired)
//   kResourceExhausted  -> may also be the form again with 429 (code resends)
// kInvalidArgument is bad input outside a form: config, command line, a
// gateway refusing a message (the deliverer gives up); forms report their
// fields as FieldErrors, not as a Status.
// Third-party exceptions are caught where the library is called and turned
// into one of these.
#ifndef SESAME_CORE_STATUS_H_
#define SESAME_CORE_STATUS_H_

#include <optional>
#include <string>
#include <utility>

namespace sesame {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kPermissionDenied,
  kResourceExhausted,
  kFailedPrecondition,
  kUnavailable,
  kInternal,
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status NotFound(std::string m) {
    return {StatusCode::kNotFound, std::move(m)};
  }
  static Status AlreadyExists(std::string m) {
    return {StatusCode::kAlreadyExists, std::move(m)};
  }
  static Status PermissionDenied(std::string m) {
    return {StatusCode::kPermissionDenied, std::move(m)};
  }
  static Status ResourceExhausted(std::string m) {
    return {StatusCode::kResourceExhausted, std::move(m)};
  }
  static Status FailedPrecondition(std::string m) {
    return {StatusCode::kFailedPrecondition, std::move(m)};
  }
  static Status Unavailable(std::string m) {
    return {StatusCode::kUnavailable, std::move(m)};
  }
  static Status Internal(std::string m) {
    return {StatusCode::kInternal, std::move(m)};
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status that explains its absence.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}         // NOLINT: implicit
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT: implicit
    if (status_.ok()) status_ = Status::Internal("StatusOr built from OK");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const T& operator*() const& { return *value_; }
  T& operator*() & { return *value_; }
  const T* operator->() const { return &*value_; }
  T* operator->() { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

const char* StatusCodeName(StatusCode code);

}  // namespace sesame

#define SESAME_RETURN_IF_ERROR(expr) \
  do {                               \
    ::sesame::Status _st = (expr);   \
    if (!_st.ok()) return _st;       \
  } while (0)

#endif  // SESAME_CORE_STATUS_H_
