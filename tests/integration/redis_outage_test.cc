// Redis goes away and comes back: calls fail fast with UNAVAILABLE during the outage and succeed
// after it, on the same store and pool, without a restart.
#include "tests/integration/store_fixture.h"

namespace lintas::testing {
namespace {

TEST_F(StoreTest, UnavailableWhileRedisIsDownAndFineOnceItIsBack) {
  // Warm the pool so that it holds connections that the kill will break.
  const core::Case before = NewCase("agency-a\nout-0001", "before the outage");
  ASSERT_TRUE(Create(before, "agency-a\nout-0001").ok());
  ASSERT_TRUE(store_->Ping().ok());

  redis_->Kill();
  const core::Case during = NewCase("agency-a\nout-0002", "during the outage");
  auto failed = Create(during, "agency-a\nout-0002");
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kUnavailable) << failed.status();
  EXPECT_EQ(Get(before.id).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(store_->Ping().code(), absl::StatusCode::kUnavailable);

  redis_->Restart();
  // The very next call succeeds: stale pooled connections are dropped, not reused.
  auto retried = Create(during, "agency-a\nout-0002");
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_FALSE(retried->replayed);
  // With appendfsync always the case written before the crash survived it.
  auto old = Get(before.id);
  ASSERT_TRUE(old.ok()) << old.status();
  EXPECT_EQ(old->narrative, "before the outage");
}

TEST_F(StoreTest, AScriptCacheLostInARestartIsReloaded) {
  ASSERT_TRUE(Create(NewCase("agency-a\nout-0003", "a"), "agency-a\nout-0003").ok());
  redis_->Run({"SCRIPT", "FLUSH"});
  auto r = Create(NewCase("agency-a\nout-0004", "b"), "agency-a\nout-0004");
  EXPECT_TRUE(r.ok()) << r.status();
}

TEST_F(StoreTest, AFullRedisRefusesTheWriteAsUnavailableAndWritesNothing) {
  ASSERT_TRUE(Create(NewCase("agency-a\nfull-0001", "a"), "agency-a\nfull-0001").ok());
  redis_->Run({"CONFIG", "SET", "maxmemory-policy", "noeviction"});
  redis_->Run({"CONFIG", "SET", "maxmemory", "1"});  // everything is over the limit now
  const core::Case refused = NewCase("agency-a\nfull-0002", "b");
  auto r = Create(refused, "agency-a\nfull-0002");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable) << r.status();
  EXPECT_NE(r.status().message().find("OOM"), std::string::npos) << r.status();
  redis_->Run({"CONFIG", "SET", "maxmemory", "0"});
  EXPECT_EQ(Get(refused.id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(redis_->Run({"KEYS", prefix_ + ":*:case:*"}).size(), 1u);
  // Room again: the same submission now goes through.
  EXPECT_TRUE(Create(refused, "agency-a\nfull-0002").ok());
}

}  // namespace
}  // namespace lintas::testing
