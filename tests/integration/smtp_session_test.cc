// The SMTP sender's kept sessions against an SMTP server in the test
// (fake_smtp_server.h), and several deliver workers sharing the real outbox
// of a scratch database: each message reaches the server once.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "integration/fake_smtp_server.h"
#include "integration/scratch_database.h"
#include "notify/deliverer.h"
#include "notify/smtp_mail_sender.h"

namespace sesame {
namespace {

using ::sesame::testing::FakeSmtpServer;

MailConfig PlainMail(int port) {
  MailConfig config;
  config.smtp_url = "smtp://127.0.0.1:" + std::to_string(port);
  config.from = "no-reply@credit-municipal.test";
  config.starttls = "off";
  config.timeout_seconds = 10;
  return config;
}

Mail AMail(int n) {
  return Mail{"user" + std::to_string(n) + "@example.org", "Réinitialisation",
              "lien " + std::to_string(n), "",
              "<m" + std::to_string(n) + "@sesame.test>"};
}

TEST(SmtpSessionTest, OneKeptSessionCarriesManyMails) {
  FakeSmtpServer server;
  ASSERT_NE(server.port(), 0);
  SmtpMailSender sender(PlainMail(server.port()), 1);
  for (int i = 0; i < 5; ++i) {
    Status st = sender.Send(AMail(i));
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  EXPECT_EQ(server.message_ids().size(), 5u);
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(sender.sessions_opened(), 1);
}

TEST(SmtpSessionTest, AFailedSessionIsClosedAndNeverReused) {
  FakeSmtpServer server;
  ASSERT_NE(server.port(), 0);
  SmtpMailSender sender(PlainMail(server.port()), 1);
  ASSERT_TRUE(sender.Send(AMail(1)).ok());
  server.FailNextRcpt("451 4.3.0 try again later");
  Status st = sender.Send(AMail(2));
  EXPECT_EQ(st.code(), StatusCode::kUnavailable) << st.ToString();
  // The session the failure happened on is closed by the sender although
  // the server would have gone on with it...
  EXPECT_TRUE(server.WaitOpenAtMost(0, 2000));
  // ...and the next mail opens a new one.
  st = sender.Send(AMail(3));
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(server.connections(), 2);
  EXPECT_EQ(sender.sessions_opened(), 2);
  EXPECT_EQ(server.message_ids(),
            (std::vector<std::string>{"<m1@sesame.test>", "<m3@sesame.test>"}));
}

TEST(SmtpSessionTest, ASessionTheServerDroppedIsReplacedAtOnce) {
  FakeSmtpServer server;
  ASSERT_NE(server.port(), 0);
  SmtpMailSender sender(PlainMail(server.port()), 1);
  ASSERT_TRUE(sender.Send(AMail(1)).ok());
  server.DropAll();
  ASSERT_TRUE(server.WaitOpenAtMost(0, 2000));
  Status st = sender.Send(AMail(2));
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(server.connections(), 2);
  EXPECT_EQ(server.message_ids().size(), 2u);
}

TEST(SmtpSessionTest, SendAllSpreadsABatchOverItsSessions) {
  FakeSmtpServer server;
  ASSERT_NE(server.port(), 0);
  server.SetDataDelayMs(5);  // long enough for the sessions to overlap
  SmtpMailSender sender(PlainMail(server.port()), 4);
  std::vector<Mail> mails;
  for (int i = 0; i < 40; ++i) mails.push_back(AMail(i));
  for (int round = 0; round < 2; ++round) {
    std::vector<std::optional<Status>> results = sender.SendAll(mails, {});
    ASSERT_EQ(results.size(), mails.size());
    for (const std::optional<Status>& r : results) {
      ASSERT_TRUE(r.has_value());
      EXPECT_TRUE(r->ok()) << r->ToString();
    }
  }
  EXPECT_EQ(server.message_ids().size(), 80u);
  // The second batch went over the sessions the first one opened.
  EXPECT_LE(server.connections(), 4);
  EXPECT_GE(server.max_concurrent(), 2);
  EXPECT_LE(server.max_concurrent(), 4);
}

TEST(SmtpSessionTest, SendAllLeavesTheRestWhenStopping) {
  FakeSmtpServer server;
  ASSERT_NE(server.port(), 0);
  SmtpMailSender sender(PlainMail(server.port()), 2);
  std::vector<Mail> mails;
  for (int i = 0; i < 10; ++i) mails.push_back(AMail(i));
  std::atomic<int> asked{0};
  std::vector<std::optional<Status>> results =
      sender.SendAll(mails, [&] { return ++asked > 4; });
  int attempted = 0;
  for (const std::optional<Status>& r : results) {
    if (r) {
      ++attempted;
      EXPECT_TRUE(r->ok()) << r->ToString();
    }
  }
  EXPECT_GE(attempted, 1);
  EXPECT_LE(attempted, 4);
  EXPECT_EQ(server.message_ids().size(), static_cast<size_t>(attempted));
}

// --- Several deliver workers on the real outbox ---------------------------

constexpr char kPrefix[] = "sesame_test_smtp_session";

class DeliverWorkersTest
    : public ::sesame::testing::ScratchDatabaseTest<kPrefix> {};

// Three workers (each its own database connection and SMTP sessions, as
// three `sesame deliver` processes would be) drain one outbox: every
// message reaches the server exactly once, and is recorded sent once.
TEST_F(DeliverWorkersTest, SeveralWorkersNeverSendOneMessageTwice) {
  FakeSmtpServer server;
  ASSERT_NE(server.port(), 0);
  constexpr int kMessages = 300;
  for (int i = 0; i < kMessages; ++i) {
    OutboxMessage m;
    m.recipient = "user" + std::to_string(i) + "@example.org";
    m.subject = "Réinitialisation";
    m.text = "lien " + std::to_string(i);
    ASSERT_TRUE(s_.outbox->Enqueue(m).ok());
  }
  DeliverConfig config;
  config.outbox_batch_size = 7;
  config.claim_seconds = 120;
  constexpr int kWorkers = 3;
  std::vector<std::unique_ptr<SmtpMailSender>> senders;
  std::vector<std::unique_ptr<Deliverer>> workers;
  for (int w = 0; w < kWorkers; ++w) {
    senders.push_back(
        std::make_unique<SmtpMailSender>(PlainMail(server.port()), 2));
    workers.push_back(
        std::make_unique<Deliverer>(config, s_.outbox, senders.back().get(),
                                    nullptr, "worker-" + std::to_string(w)));
  }
  std::vector<int> claimed(kWorkers, 0);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWorkers; ++w) {
    threads.emplace_back([&, w] {
      int idle = 0;
      while (idle < 3) {
        const int n = workers[w]->RunOnce();
        claimed[w] += n;
        idle = n == 0 ? idle + 1 : 0;
      }
    });
  }
  for (std::thread& t : threads) t.join();

  std::vector<std::string> ids = server.message_ids();
  std::map<std::string, int> copies;
  for (const std::string& id : ids) ++copies[id];
  EXPECT_EQ(ids.size(), static_cast<size_t>(kMessages));
  EXPECT_EQ(copies.size(), static_cast<size_t>(kMessages));
  for (const auto& [id, n] : copies) EXPECT_EQ(n, 1) << id;
  int total = 0;
  for (int w = 0; w < kWorkers; ++w) total += claimed[w];
  EXPECT_EQ(total, kMessages);
  EXPECT_EQ(::sesame::testing::QueryString(
                db(),
                "SELECT CONCAT(COUNT(sent_at), '/', SUM(attempts), '/', "
                "COUNT(payload)) FROM outbox"),
            std::to_string(kMessages) + "/" + std::to_string(kMessages) + "/0");
}

}  // namespace
}  // namespace sesame
