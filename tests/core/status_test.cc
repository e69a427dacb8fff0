#include "core/status.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace sesame {
namespace {

Status FailsWith(StatusCode code) { return Status(code, "boom"); }

Status Chain(StatusCode first, bool* reached_end) {
  SESAME_RETURN_IF_ERROR(FailsWith(first));
  *reached_end = true;
  return Status::Ok();
}

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.ToString(), "OK");
  EXPECT_TRUE(Status::Ok().ok());
}

TEST(StatusTest, FactoriesSetCodeAndMessage) {
  struct {
    Status status;
    StatusCode code;
    const char* name;
  } cases[] = {
      {Status::InvalidArgument("m"), StatusCode::kInvalidArgument,
       "INVALID_ARGUMENT"},
      {Status::NotFound("m"), StatusCode::kNotFound, "NOT_FOUND"},
      {Status::AlreadyExists("m"), StatusCode::kAlreadyExists,
       "ALREADY_EXISTS"},
      {Status::PermissionDenied("m"), StatusCode::kPermissionDenied,
       "PERMISSION_DENIED"},
      {Status::ResourceExhausted("m"), StatusCode::kResourceExhausted,
       "RESOURCE_EXHAUSTED"},
      {Status::FailedPrecondition("m"), StatusCode::kFailedPrecondition,
       "FAILED_PRECONDITION"},
      {Status::Unavailable("m"), StatusCode::kUnavailable, "UNAVAILABLE"},
      {Status::Internal("m"), StatusCode::kInternal, "INTERNAL"},
  };
  for (const auto& c : cases) {
    EXPECT_FALSE(c.status.ok()) << c.name;
    EXPECT_EQ(c.status.code(), c.code);
    EXPECT_EQ(c.status.message(), "m");
    EXPECT_STREQ(StatusCodeName(c.code), c.name);
    EXPECT_EQ(c.status.ToString(), std::string(c.name) + ": m");
  }
  EXPECT_STREQ(StatusCodeName(StatusCode::kOk), "OK");
  EXPECT_STREQ(StatusCodeName(static_cast<StatusCode>(999)), "UNKNOWN");
}

TEST(StatusTest, ReturnIfErrorStopsOnError) {
  bool reached = false;
  Status s = Chain(StatusCode::kUnavailable, &reached);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(), "boom");
  EXPECT_FALSE(reached);
  reached = false;
  EXPECT_TRUE(Chain(StatusCode::kOk, &reached).ok());
  EXPECT_TRUE(reached);
}

TEST(StatusOrTest, HoldsAValue) {
  StatusOr<std::string> v = std::string("abc");
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v.status().ok());
  EXPECT_EQ(*v, "abc");
  EXPECT_EQ(v->size(), 3u);
  v.value() += "d";
  EXPECT_EQ(v.value(), "abcd");
  std::string moved = std::move(v).value();
  EXPECT_EQ(moved, "abcd");
}

TEST(StatusOrTest, HoldsAnError) {
  StatusOr<int> e = Status::NotFound("no such account");
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(e.status().message(), "no such account");
}

TEST(StatusOrTest, BuiltFromOkStatusIsInternalError) {
  StatusOr<int> e = Status::Ok();
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kInternal);
}

TEST(StatusOrTest, MoveOnlyValue) {
  StatusOr<std::unique_ptr<int>> p = std::make_unique<int>(7);
  ASSERT_TRUE(p.ok());
  std::unique_ptr<int> taken = std::move(p).value();
  ASSERT_NE(taken, nullptr);
  EXPECT_EQ(*taken, 7);
}

}  // namespace
}  // namespace sesame
