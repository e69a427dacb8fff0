// MysqlCaptchaStore against a real server: single use under concurrency,
// binding, expiry, purge, and what the table keeps. Same setup as
// recovery_store_test.cc: SESAME_TEST_CONFIG names a sesame config whose
// [database] user may create databases; this run works in its own database
// (sesame_test_captcha_<pid>), migrated with sql/ and dropped at the end.
// Without SESAME_TEST_CONFIG the tests skip.
#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "captcha/captcha_rules.h"
#include "crypto/crypto.h"
#include "integration/scratch_database.h"
#include "storage/mysql/migrator.h"
#include "storage/mysql/mysql_database.h"
#include "storage/mysql/mysql_stores.h"

namespace sesame {
namespace {

using ::sesame::testing::ScratchDatabase;

using ::sesame::testing::Exec;
using ::sesame::testing::QueryInt;
using ::sesame::testing::QueryString;

std::string Hex(const std::string& raw) { return crypto::HexEncode(raw); }

// A captcha as the form makes one: id, its digest, MAC and the binding.
struct Shown {
  std::string id;
  std::string id_hash;
  std::string mac;
  std::string binding;
};

constexpr char kCaptchaPrefix[] = "sesame_test_captcha";

class CaptchaStoreTest
    : public ::sesame::testing::ScratchDatabaseTest<kCaptchaPrefix> {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_NE(s_.captchas, nullptr);
  }

  Shown Show(const std::string& browser_cookie, int ttl_seconds = 300) {
    Shown c;
    c.id = crypto::NewToken();
    c.id_hash = CaptchaIdHash(c.id);
    c.mac = CaptchaStoredMac(keys_, c.id);
    c.binding = crypto::Sha256(browser_cookie);
    Status st = s_.captchas->Create(c.id_hash, c.mac, c.binding, ttl_seconds);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return c;
  }

  std::optional<std::string> Consume(const Shown& c) {
    StatusOr<std::optional<std::string>> mac =
        s_.captchas->Consume(c.id_hash, c.binding);
    EXPECT_TRUE(mac.ok()) << mac.status().ToString();
    return mac.ok() ? *mac : std::nullopt;
  }

  bool Live(const Shown& c) {
    StatusOr<bool> live = s_.captchas->Live(c.id_hash);
    EXPECT_TRUE(live.ok()) << live.status().ToString();
    return live.ok() && *live;
  }

  void SetColumn(const Shown& c, const std::string& assignment) {
    Exec(db(), "UPDATE captchas SET " + assignment +
                   " WHERE id_hash = UNHEX('" + Hex(c.id_hash) + "')");
  }

  const CaptchaKeys keys_ = CaptchaKeys::FromSecret(std::string(32, 'k'));
};

TEST_F(CaptchaStoreTest, CreateKeepsTheMacBindingAndLifetime) {
  const Shown c = Show("browser-1", 120);
  const std::string where =
      " FROM captchas WHERE id_hash = UNHEX('" + Hex(c.id_hash) + "')";
  EXPECT_EQ(QueryString(db(), "SELECT LOWER(HEX(answer_mac))" + where),
            Hex(c.mac));
  EXPECT_EQ(QueryString(db(), "SELECT LOWER(HEX(binding))" + where),
            Hex(crypto::Sha256("browser-1")));
  EXPECT_EQ(QueryInt(db(),
                     "SELECT TIMESTAMPDIFF(SECOND, created_at, "
                     "expires_at)" +
                         where),
            120);
  EXPECT_EQ(QueryString(db(), "SELECT used_at" + where), "<null>");
  EXPECT_TRUE(Live(c));
  // Showing it (Live) spends nothing.
  EXPECT_TRUE(Live(c));
  EXPECT_EQ(QueryString(db(), "SELECT used_at" + where), "<null>");
}

TEST_F(CaptchaStoreTest, CreateRefusesBadInputAndDuplicates) {
  const Shown c = Show("browser-dup");
  EXPECT_EQ(s_.captchas->Create(c.id_hash, c.mac, c.binding, 300).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(s_.captchas->Create("short", c.mac, c.binding, 300).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      s_.captchas->Create(crypto::Sha256("x"), "short", c.binding, 300).code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(s_.captchas->Create(crypto::Sha256("y"), c.mac, "", 300).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      s_.captchas->Create(crypto::Sha256("z"), c.mac, c.binding, 0).code(),
      StatusCode::kInvalidArgument);
}

TEST_F(CaptchaStoreTest, ConsumeGivesTheMacOnceThenNothing) {
  const Shown c = Show("browser-once");
  std::optional<std::string> mac = Consume(c);
  ASSERT_TRUE(mac.has_value());
  EXPECT_EQ(*mac, c.mac);
  EXPECT_TRUE(CaptchaAnswerMatches(keys_.mac, c.id_hash,
                                   CaptchaAnswerFor(keys_.answer, c.id), *mac));
  EXPECT_FALSE(Live(c));
  EXPECT_EQ(Consume(c), std::nullopt);
  EXPECT_EQ(QueryInt(db(),
                     "SELECT used_at IS NOT NULL FROM captchas WHERE "
                     "id_hash = UNHEX('" +
                         Hex(c.id_hash) + "')"),
            1);
}

TEST_F(CaptchaStoreTest, OtherBrowserGetsNothingAndSpendsNothing) {
  const Shown c = Show("browser-a");
  Shown thief = c;
  thief.binding = crypto::Sha256("browser-b");
  EXPECT_EQ(Consume(thief), std::nullopt);
  EXPECT_TRUE(Live(c));
  EXPECT_EQ(Consume(c), c.mac);
}

TEST_F(CaptchaStoreTest, UnknownOrMalformedIdsGetNothing) {
  Shown unknown;
  unknown.id_hash = crypto::Sha256("never shown");
  unknown.binding = crypto::Sha256("browser");
  EXPECT_EQ(Consume(unknown), std::nullopt);
  EXPECT_FALSE(Live(unknown));
  StatusOr<std::optional<std::string>> bad =
      s_.captchas->Consume("short", unknown.binding);
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(*bad, std::nullopt);
  StatusOr<bool> live = s_.captchas->Live("");
  ASSERT_TRUE(live.ok());
  EXPECT_FALSE(*live);
}

TEST_F(CaptchaStoreTest, ExpiryIsTheDatabaseClocks) {
  const Shown c = Show("browser-late");
  SetColumn(c, "expires_at = NOW(6) - INTERVAL 1 SECOND");
  EXPECT_FALSE(Live(c));
  EXPECT_EQ(Consume(c), std::nullopt);
  EXPECT_EQ(QueryString(db(),
                        "SELECT used_at FROM captchas WHERE id_hash = "
                        "UNHEX('" +
                            Hex(c.id_hash) + "')"),
            "<null>");
  const Shown soon = Show("browser-soon");
  SetColumn(soon, "expires_at = NOW(6) + INTERVAL 2 SECOND");
  EXPECT_TRUE(Live(soon));
  EXPECT_EQ(Consume(soon), soon.mac);
}

TEST_F(CaptchaStoreTest, ConcurrentConsumesSpendItOnce) {
  for (int round = 0; round < 5; ++round) {
    const Shown c = Show("browser-race");
    constexpr int kThreads = 20;
    std::mutex mu;
    std::vector<std::string> errors;
    std::atomic<int> winners{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&] {
        while (!go.load()) std::this_thread::yield();
        StatusOr<std::optional<std::string>> mac =
            s_.captchas->Consume(c.id_hash, c.binding);
        std::lock_guard<std::mutex> lock(mu);
        if (!mac.ok()) {
          errors.push_back(mac.status().ToString());
        } else if (mac->has_value()) {
          ++winners;
          if (**mac != c.mac) errors.push_back("wrong MAC");
        }
      });
    }
    go = true;
    for (std::thread& t : threads) t.join();
    EXPECT_TRUE(errors.empty()) << errors.front();
    EXPECT_EQ(winners.load(), 1) << "round " << round;
  }
}

TEST_F(CaptchaStoreTest, PurgeDeletesExpiredCaptchasOnly) {
  const Shown dead = Show("browser-purge");
  const Shown used = Show("browser-purge");
  const Shown alive = Show("browser-purge");
  ASSERT_EQ(Consume(used), used.mac);
  SetColumn(dead, "expires_at = NOW(6) - INTERVAL 1 SECOND");
  StatusOr<int> purged = PurgeExpired(db());
  ASSERT_TRUE(purged.ok()) << purged.status().ToString();
  EXPECT_GE(*purged, 1);
  auto count = [&](const Shown& c) {
    return QueryInt(db(),
                    "SELECT COUNT(*) FROM captchas WHERE id_hash = "
                    "UNHEX('" +
                        Hex(c.id_hash) + "')");
  };
  EXPECT_EQ(count(dead), 0);
  EXPECT_EQ(count(used), 1);  // until it expires
  EXPECT_EQ(count(alive), 1);
  EXPECT_TRUE(Live(alive));
}

}  // namespace
}  // namespace sesame
