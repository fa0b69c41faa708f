// The notify worker against a real redis-server: each event reaches the inboxes of the agencies
// that must hear of it, once, also when the event is delivered again after a crash.
#include "services/notify/notify_worker.h"

#include <gtest/gtest.h>

#include "core/routing/case_routing.h"
#include "core/util/await.h"
#include "tests/integration/store_fixture.h"
#include "tests/support/fake_clock.h"

namespace lintas::testing {
namespace {

class NotifyWorkerTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    inbox_ = std::make_unique<redis::Inbox>(*redis_client_, redis::KeyLayout(prefix_));
    redis::ConsumerOptions o;
    o.group = "notify";
    o.consumer = "n1";
    for (int p = 0; p < kPartitions; ++p)
      o.streams.push_back(redis::KeyLayout(prefix_).Events(p));
    o.block = std::chrono::milliseconds(50);
    o.dead_letter_stream = prefix_ + ":dlq:notify";
    consumer_ =
        std::make_unique<redis::StreamConsumer>(*redis::RedisAddress::Parse(redis_->address()), o);
    ASSERT_TRUE(consumer_->EnsureGroups().ok());
    worker_ = std::make_unique<notify::NotifyWorker>(
        notify::NotifyWorker::Deps{*consumer_, *store_, *inbox_, clock_, agencies_},
        notify::NotifyWorkerOptions{});
  }

  const core::AgencyRegistry agencies_{};  // no coordinators: the audience is the case's agencies

  // A case with two referrals, as routing would make it.
  core::Case Referred(const std::string& key) {
    core::Case c = NewCase("agency-a\n" + key, "x");
    EXPECT_TRUE(Create(c, "agency-a\n" + key).ok());
    const core::CaseChange change =
        core::RouteCase(c,
                        {{core::ReferralPurpose::kEnforcement, "polres-malaka", "calo", {}},
                         {core::ReferralPurpose::kVictimSupport, "sinode-gmit", "shelter", {}}},
                        {}, core::WorkingCalendar(), clock_.Now());
    auto applied = Await<bool>([&](auto done) { store_->Apply(change, "", std::move(done)); });
    EXPECT_TRUE(applied.ok() && *applied);
    return change.after;
  }

  std::vector<std::string> InboxTypes(const std::string& agency) {
    std::vector<std::string> types;
    const auto flat = redis_->Run({"XRANGE", redis::KeyLayout(prefix_).Inbox(agency), "-", "+"});
    for (size_t i = 0; i + 1 < flat.size(); ++i) {
      if (flat[i] == "type") types.push_back(flat[i + 1]);
    }
    return types;
  }

  FakeClock clock_{core::Timestamp(std::chrono::hours(24 * 20000))};
  std::unique_ptr<redis::Inbox> inbox_;
  std::unique_ptr<redis::StreamConsumer> consumer_;
  std::unique_ptr<notify::NotifyWorker> worker_;
};

TEST_F(NotifyWorkerTest, EachAgencyHearsWhatConcernsItOnce) {
  Referred("notify-0001");
  ASSERT_TRUE(worker_->RunOnce().ok());
  EXPECT_EQ(InboxTypes("polres-malaka"), (std::vector<std::string>{"lintas.v1.ReferralRequested",
                                                                   "lintas.v1.CaseStatusChanged"}));
  EXPECT_EQ(InboxTypes("sinode-gmit"), (std::vector<std::string>{"lintas.v1.ReferralRequested",
                                                                 "lintas.v1.CaseStatusChanged"}));
  EXPECT_EQ(InboxTypes("bp3mi-ntt"), std::vector<std::string>{"lintas.v1.CaseStatusChanged"})
      << "the submitter hears of the status, not of others' referrals";
  EXPECT_TRUE(InboxTypes("polda-ntt").empty());
}

TEST_F(NotifyWorkerTest, ARedeliveredEventAddsNothing) {
  const core::Case c = Referred("notify-0002");
  auto entries = consumer_->ReadNew();
  ASSERT_TRUE(entries.ok());
  for (const auto& e : *entries)
    ASSERT_TRUE(worker_->Handle(e).ok());  // crash before XACK...
  for (const auto& e : *entries)
    ASSERT_TRUE(worker_->Handle(e).ok());  // ...and redelivery
  EXPECT_EQ(InboxTypes("polres-malaka").size(), 2u);
  EXPECT_EQ(InboxTypes("bp3mi-ntt").size(), 1u);
  EXPECT_EQ(InboxTypes("polres-malaka")[0], "lintas.v1.ReferralRequested") << c.id;
}

TEST_F(NotifyWorkerTest, AnUndecodableEntryIsDeadLettered) {
  redis_->Run({"XADD", redis::KeyLayout(prefix_).Events(2), "*", "t", "x", "c", "y", "e", "junk"});
  ASSERT_TRUE(worker_->RunOnce().ok());
  EXPECT_FALSE(redis_->Run({"XRANGE", prefix_ + ":dlq:notify", "-", "+"}).empty());
}

}  // namespace
}  // namespace lintas::testing
