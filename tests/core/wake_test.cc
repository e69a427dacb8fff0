#include "core/wake.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <string>

namespace sesame {
namespace {

class WakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/sesame-wake-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    path_ = dir_ + "/deliver.sock";
  }
  void TearDown() override {
    unlink(path_.c_str());
    rmdir(dir_.c_str());
  }
  // Sends `bytes` as one datagram to the socket.
  void SendRaw(const std::string& bytes) {
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path_.c_str(), sizeof(addr.sun_path) - 1);
    ASSERT_EQ(sendto(fd, bytes.data(), bytes.size(), 0,
                     reinterpret_cast<sockaddr*>(&addr), sizeof(addr)),
              static_cast<ssize_t>(bytes.size()));
    close(fd);
  }
  std::string dir_;
  std::string path_;
};

TEST_F(WakeTest, ListenerSocketIsOwnerAndGroupOnly) {
  auto listener = WakeListener::Bind(path_);
  ASSERT_TRUE(listener.ok()) << listener.status().ToString();
  struct stat st;
  ASSERT_EQ(lstat(path_.c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0660u);
}

TEST_F(WakeTest, SenderWakesListenerWithTheQueuesNamed) {
  auto listener = WakeListener::Bind(path_);
  ASSERT_TRUE(listener.ok());
  WakeSender sender(path_);
  sender.Send(kWakeOutbox);
  EXPECT_EQ((*listener)->Wait(10000), static_cast<unsigned>(kWakeOutbox));
  sender.Send(kWakeIntents);
  EXPECT_EQ((*listener)->Wait(10000), static_cast<unsigned>(kWakeIntents));
  EXPECT_EQ(sender.sent(), 2u);
}

TEST_F(WakeTest, BurstOfDatagramsIsDrainedInOneWait) {
  auto listener = WakeListener::Bind(path_);
  ASSERT_TRUE(listener.ok());
  WakeSender sender(path_);
  for (int i = 0; i < 100; ++i) sender.Send(i % 2 ? kWakeOutbox : kWakeIntents);
  EXPECT_EQ((*listener)->Wait(10000), kWakeAllQueues);
  // Nothing left: the next wait times out.
  EXPECT_EQ((*listener)->Wait(0), 0u);
}

TEST_F(WakeTest, OversizeDatagramIsIgnored) {
  auto listener = WakeListener::Bind(path_);
  ASSERT_TRUE(listener.ok());
  SendRaw(std::string(4000, '\x02'));
  EXPECT_EQ((*listener)->Wait(10000), 0u);
  EXPECT_EQ((*listener)->ignored(), 1u);
}

TEST_F(WakeTest, DatagramWithUnknownBitsIsIgnored) {
  auto listener = WakeListener::Bind(path_);
  ASSERT_TRUE(listener.ok());
  SendRaw(std::string(1, '\x82'));
  SendRaw(std::string(1, '\x00'));
  EXPECT_EQ((*listener)->Wait(10000), 0u);
  EXPECT_EQ((*listener)->ignored(), 2u);
}

TEST_F(WakeTest, StaleSocketOfADeadDeliverIsReplaced) {
  {
    auto first = WakeListener::Bind(path_);
    ASSERT_TRUE(first.ok());
  }
  // A socket file nobody listens on (as a killed deliver leaves it).
  int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path_.c_str(), sizeof(addr.sun_path) - 1);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  close(fd);
  auto second = WakeListener::Bind(path_);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  WakeSender sender(path_);
  sender.Send(kWakeOutbox);
  EXPECT_EQ((*second)->Wait(10000), static_cast<unsigned>(kWakeOutbox));
}

TEST_F(WakeTest, LiveSocketOfAnotherDeliverIsNotTaken) {
  auto first = WakeListener::Bind(path_);
  ASSERT_TRUE(first.ok());
  auto second = WakeListener::Bind(path_);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
  // The first still gets the wakes.
  WakeSender sender(path_);
  sender.Send(kWakeOutbox);
  EXPECT_EQ((*first)->Wait(10000), static_cast<unsigned>(kWakeOutbox));
}

TEST_F(WakeTest, FileThatIsNotASocketIsRefused) {
  std::ofstream(path_) << "not a socket";
  auto listener = WakeListener::Bind(path_);
  ASSERT_FALSE(listener.ok());
  EXPECT_EQ(listener.status().code(), StatusCode::kInvalidArgument);
  struct stat st;
  ASSERT_EQ(lstat(path_.c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));  // left alone
}

TEST_F(WakeTest, SendingToAMissingSocketNeitherFailsNorBlocks) {
  WakeSender sender(path_);
  for (int i = 0; i < 3; ++i) sender.Send(kWakeOutbox);
  EXPECT_EQ(sender.sent(), 0u);
  WakeSender none("");
  none.Send(kWakeOutbox);
  EXPECT_EQ(none.sent(), 0u);
}

TEST_F(WakeTest, SendingToAFullQueueNeitherFailsNorBlocks) {
  auto listener = WakeListener::Bind(path_);
  ASSERT_TRUE(listener.ok());
  WakeSender sender(path_);
  // Far more than a unix datagram queue holds (net.unix.max_dgram_qlen).
  for (int i = 0; i < 5000; ++i) sender.Send(kWakeOutbox);
  EXPECT_LT(sender.sent(), 5000u);
  EXPECT_EQ((*listener)->Wait(10000), static_cast<unsigned>(kWakeOutbox));
}

TEST(WakeBoardTest, PostEndsTheWaitOfItsQueueOnly) {
  WakeBoard board;
  std::atomic<bool> stop{false};
  uint64_t seen_outbox = board.Count(kWakeOutbox);
  uint64_t seen_intents = board.Count(kWakeIntents);
  board.Post(kWakeOutbox);
  const auto now = std::chrono::steady_clock::now();
  EXPECT_TRUE(board.Wait(kWakeOutbox, &seen_outbox, now,
                         now + std::chrono::hours(1), stop));
  // Intents were not posted: this wait ends at its deadline, unwoken.
  EXPECT_FALSE(board.Wait(kWakeIntents, &seen_intents, now, now, stop));
}

}  // namespace
}  // namespace sesame
