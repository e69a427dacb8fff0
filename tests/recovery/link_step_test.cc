// The link step every link page's POST runs (recovery/link_step.h).
#include "recovery/link_step.h"

#include <gtest/gtest.h>

namespace sesame {
namespace {

TEST(LinkStep, RightSecretWithinBudgetCompletes) {
  LinkStep step(5);
  EXPECT_EQ(step.Counted(1), LinkVerdict::kCompare);
  EXPECT_EQ(step.Compared(true), LinkVerdict::kProceed);
  EXPECT_EQ(step.Completed(Status::Ok()), LinkVerdict::kDone);
  EXPECT_EQ(step.attempts(), 1);
}

TEST(LinkStep, WrongSecretSaysHowManyAreLeft) {
  LinkStep step(5);
  EXPECT_EQ(step.Counted(2), LinkVerdict::kCompare);
  EXPECT_EQ(step.Compared(false), LinkVerdict::kWrong);
  EXPECT_EQ(step.attempts_left(), 3);
}

TEST(LinkStep, LastWrongAttemptKillsTheRequest) {
  LinkStep step(5);
  EXPECT_EQ(step.Counted(5), LinkVerdict::kCompare);
  EXPECT_EQ(step.Compared(false), LinkVerdict::kTooManyAttempts);
  EXPECT_EQ(step.attempts_left(), 0);
}

TEST(LinkStep, LastAttemptRightStillCompletes) {
  LinkStep step(5);
  EXPECT_EQ(step.Counted(5), LinkVerdict::kCompare);
  EXPECT_EQ(step.Compared(true), LinkVerdict::kProceed);
  EXPECT_EQ(step.Completed(Status::Ok()), LinkVerdict::kDone);
}

TEST(LinkStep, CountPastTheBudgetIsNeverCompared) {
  LinkStep step(5);
  EXPECT_EQ(step.Counted(6), LinkVerdict::kTooManyAttempts);
  // Even a right secret typed now is not compared.
  EXPECT_EQ(step.Compared(true), LinkVerdict::kFailed);
  EXPECT_EQ(step.error().code(), StatusCode::kInternal);
}

TEST(LinkStep, RequestSpentWhileCountingIsUsed) {
  LinkStep step(5);
  EXPECT_EQ(step.Counted(Status::FailedPrecondition("used")),
            LinkVerdict::kUsed);
}

TEST(LinkStep, StoreDownWhileCountingFails) {
  LinkStep step(5);
  EXPECT_EQ(step.Counted(Status::Unavailable("down")), LinkVerdict::kFailed);
  EXPECT_EQ(step.error().code(), StatusCode::kUnavailable);
}

TEST(LinkStep, LostRaceToCompleteIsUsed) {
  LinkStep step(5);
  ASSERT_EQ(step.Counted(1), LinkVerdict::kCompare);
  ASSERT_EQ(step.Compared(true), LinkVerdict::kProceed);
  EXPECT_EQ(step.Completed(Status::FailedPrecondition("spent")),
            LinkVerdict::kUsed);
}

TEST(LinkStep, StoreDownWhileCompletingFails) {
  LinkStep step(5);
  ASSERT_EQ(step.Counted(1), LinkVerdict::kCompare);
  ASSERT_EQ(step.Compared(true), LinkVerdict::kProceed);
  EXPECT_EQ(step.Completed(Status::Unavailable("down")), LinkVerdict::kFailed);
  EXPECT_EQ(step.error().code(), StatusCode::kUnavailable);
}

TEST(LinkStep, NothingIsComparedBeforeItsAttemptIsCounted) {
  LinkStep step(5);
  EXPECT_EQ(step.Compared(true), LinkVerdict::kFailed);
  EXPECT_EQ(step.error().code(), StatusCode::kInternal);
}

TEST(LinkStep, NothingCompletesWithoutARightSecret) {
  LinkStep fresh(5);
  EXPECT_EQ(fresh.Completed(Status::Ok()), LinkVerdict::kFailed);
  LinkStep wrong(5);
  ASSERT_EQ(wrong.Counted(1), LinkVerdict::kCompare);
  ASSERT_EQ(wrong.Compared(false), LinkVerdict::kWrong);
  EXPECT_EQ(wrong.Completed(Status::Ok()), LinkVerdict::kFailed);
}

TEST(LinkStep, OneAttemptIsCountedOnce) {
  LinkStep step(5);
  ASSERT_EQ(step.Counted(1), LinkVerdict::kCompare);
  EXPECT_EQ(step.Counted(2), LinkVerdict::kFailed);
  EXPECT_EQ(step.Compared(true), LinkVerdict::kFailed);
}

}  // namespace
}  // namespace sesame
