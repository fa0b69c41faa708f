// The routing worker against a real redis-server, with the shipped NTT config and rules:
// referrals appear, redelivery after a crash changes nothing, three workers route each case
// once, overdue referrals escalate exactly once when the fake clock passes their deadline, and a
// poison entry is dead-lettered while the worker carries on.
#include "services/routing/routing_worker.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "absl/strings/escaping.h"
#include "adapters/config/lintasd_config.h"
#include "adapters/redis/dead_letters.h"
#include "adapters/redis/referral_index.h"
#include "core/notify/broker_register.h"
#include "core/util/await.h"
#include "services/lintasd/routing_runner.h"
#include "tests/integration/store_fixture.h"
#include "tests/support/fake_clock.h"

namespace lintas::testing {
namespace {

// Wednesday 2026-11-04 09:00 WITA (01:00 UTC): a plain working day.
const core::Timestamp kStart =
    core::Timestamp(std::chrono::sys_days(std::chrono::year{2026} / 11 / 4)) +
    std::chrono::hours(1);

class RoutingWorkerTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    auto config = config::LoadLintasdConfig(
        std::string(LINTAS_SOURCE_DIR) + "/deploy/config/lintas.yaml",
        [](const std::string&) -> std::optional<std::string> { return std::nullopt; });
    ASSERT_TRUE(config.ok()) << config.status();
    config_ = std::make_unique<config::LintasdConfig>(*std::move(config));
    ASSERT_TRUE(config_->routing.has_value());
    auto setup = lintasd::MakeRoutingSetup(*config_->routing, config_->agencies);
    ASSERT_TRUE(setup.ok()) << setup.status();
    ASSERT_EQ(setup->coordinator, "bp3mi-ntt");
    policy_ = std::make_unique<routing::PolicyHolder>(*std::move(setup));
    index_ = std::make_unique<redis::ReferralIndex>(*redis_client_, redis::KeyLayout(prefix_));
  }

  std::unique_ptr<redis::StreamConsumer> Consumer(const std::string& name,
                                                  std::chrono::milliseconds claim_idle) {
    redis::ConsumerOptions o;
    o.group = "routing";
    o.consumer = name;
    for (int p = 0; p < kPartitions; ++p)
      o.streams.push_back(redis::KeyLayout(prefix_).Events(p));
    o.block = std::chrono::milliseconds(50);
    o.claim_idle = claim_idle;
    o.dead_letter_stream = prefix_ + ":dlq:routing";
    auto address = redis::RedisAddress::Parse(redis_->address());
    auto c = std::make_unique<redis::StreamConsumer>(*address, o);
    EXPECT_TRUE(c->EnsureGroups().ok());
    return c;
  }

  std::unique_ptr<routing::RoutingWorker> Worker(redis::StreamConsumer& consumer,
                                                 int max_deliveries = 5) {
    routing::RoutingWorkerOptions options;
    options.max_deliveries = max_deliveries;
    options.partitions = kPartitions;
    return std::make_unique<routing::RoutingWorker>(
        routing::RoutingWorker::Deps{consumer, *store_, *index_, *policy_, config_->agencies,
                                     clock_, *hasher_},
        options);
  }

  // A trafficking case in desa Wehali (Malaka) naming a broker, created at the fake time.
  core::Case Submit(const std::string& key) {
    core::Case c = NewCase("agency-a\n" + key, "Dibawa calo ke Malaysia.");
    c.created_at = c.updated_at = clock_.Now();
    auto created = Create(c, "agency-a\n" + key);
    EXPECT_TRUE(created.ok()) << created.status();
    return c;
  }

  long long EventsOfType(const std::string& case_id, const std::string& type) {
    long long n = 0;
    const auto entries = redis_->Run({"XRANGE", EventsKey(case_id), "-", "+"});
    // Flattened: id, "t", type, "c", case, "e", envelope per entry.
    for (size_t i = 0; i + 4 < entries.size(); i += 7) {
      if (entries[i + 2] == type && entries[i + 4] == case_id) ++n;
    }
    return n;
  }

  FakeClock clock_{kStart};
  std::unique_ptr<config::LintasdConfig> config_;
  std::unique_ptr<routing::PolicyHolder> policy_;
  std::unique_ptr<redis::ReferralIndex> index_;
};

const core::Referral* ReferralTo(const core::Case& c, const std::string& agency,
                                 core::ReferralPurpose purpose) {
  for (const auto& r : c.referrals) {
    if (r.target_agency == agency && r.purpose == purpose) return &r;
  }
  return nullptr;
}

TEST_F(RoutingWorkerTest, AReceivedTraffickingCaseIsReferredToTheRegionsPoliceWithinASecond) {
  auto consumer = Consumer("w1", std::chrono::milliseconds(30000));
  auto worker = Worker(*consumer);
  std::atomic<bool> stop{false};
  std::thread loop([&] { worker->Run(stop); });
  const core::Case c = Submit("route-0001");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  absl::StatusOr<core::Case> routed = absl::NotFoundError("not yet");
  while (std::chrono::steady_clock::now() < deadline) {
    routed = Get(c.id);
    if (routed.ok() && !routed->referrals.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  stop = true;
  loop.join();
  ASSERT_TRUE(routed.ok()) << routed.status();
  ASSERT_FALSE(routed->referrals.empty()) << "no referral within 1 s";
  const auto* police = ReferralTo(*routed, "polres-malaka", core::ReferralPurpose::kEnforcement);
  ASSERT_NE(police, nullptr) << "enforcement goes to Polres Malaka";
  EXPECT_EQ(police->status, core::ReferralStatus::kRequested);
  EXPECT_GT(police->ack_deadline, kStart);
  EXPECT_EQ(routed->status, core::CaseStatus::kReferred);
  // The police see it in their list.
  auto listed = index_->ListForAgency("polres-malaka", *core::PartitionOfCaseId(c.id), 0, 10);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 1u);
}

TEST_F(RoutingWorkerTest, ACrashBetweenTheEffectAndTheAckMakesNoDuplicateReferral) {
  const core::Case c = Submit("route-0002");
  auto crashed = Consumer("crashed", std::chrono::milliseconds(30000));
  auto victim = Worker(*crashed);
  auto entries = crashed->ReadNew();
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  ASSERT_TRUE(victim->Handle((*entries)[0]).ok());  // the effect is durable ...
  // ... and the process dies before XACK.
  const auto after_first = Get(c.id);
  ASSERT_TRUE(after_first.ok());
  const size_t referrals = after_first->referrals.size();
  ASSERT_GT(referrals, 0u);

  auto survivor_consumer = Consumer("survivor", std::chrono::milliseconds(50));
  auto survivor = Worker(*survivor_consumer);
  std::this_thread::sleep_for(std::chrono::milliseconds(120));  // Redis measures idle time
  auto handled = survivor->RunOnce();
  ASSERT_TRUE(handled.ok()) << handled.status();
  // The claimed CaseReceived, then the events the first run wrote (read as new, no effect).
  EXPECT_EQ(*handled, 1 + static_cast<int>(referrals) + 1);
  const auto after_second = Get(c.id);
  ASSERT_TRUE(after_second.ok());
  EXPECT_EQ(after_second->referrals.size(), referrals);
  EXPECT_EQ(EventsOfType(c.id, "lintas.v1.ReferralRequested"), static_cast<long long>(referrals));
  EXPECT_EQ(std::stoll(redis_->Run({"XPENDING", EventsKey(c.id), "routing"})[0]), 0);
}

TEST_F(RoutingWorkerTest, ThreeWorkersRouteEachCaseOnce) {
  std::vector<std::unique_ptr<redis::StreamConsumer>> consumers;
  std::vector<std::unique_ptr<routing::RoutingWorker>> workers;
  for (int i = 0; i < 3; ++i) {
    consumers.push_back(Consumer("w" + std::to_string(i), std::chrono::milliseconds(30000)));
    workers.push_back(Worker(*consumers.back()));
  }
  std::vector<core::Case> cases;
  for (int i = 0; i < 30; ++i)
    cases.push_back(Submit("three-" + std::to_string(i)));
  std::atomic<bool> stop{false};
  std::vector<std::thread> loops;
  for (auto& w : workers)
    loops.emplace_back([&, worker = w.get()] { worker->Run(stop); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  size_t routed = 0;
  while (routed < cases.size() && std::chrono::steady_clock::now() < deadline) {
    routed = 0;
    for (const auto& c : cases) {
      auto got = Get(c.id);
      if (got.ok() && !got->referrals.empty()) ++routed;
    }
  }
  stop = true;
  for (auto& l : loops)
    l.join();
  ASSERT_EQ(routed, cases.size());
  for (const auto& c : cases) {
    auto got = Get(c.id);
    ASSERT_TRUE(got.ok());
    std::set<std::pair<std::string, int>> distinct;
    for (const auto& r : got->referrals) {
      distinct.insert({r.target_agency, static_cast<int>(r.purpose)});
    }
    EXPECT_EQ(distinct.size(), got->referrals.size()) << c.id << " has a referral twice";
    EXPECT_EQ(EventsOfType(c.id, "lintas.v1.ReferralRequested"),
              static_cast<long long>(got->referrals.size()));
  }
}

TEST_F(RoutingWorkerTest, AnUnacknowledgedReferralEscalatesOnceWhenTheFakeClockPassesItsDeadline) {
  const core::Case c = Submit("escalate-0001");
  auto consumer = Consumer("w1", std::chrono::milliseconds(30000));
  auto worker = Worker(*consumer);
  ASSERT_TRUE(worker->RunOnce().ok());
  auto routed = Get(c.id);
  ASSERT_TRUE(routed.ok());
  const auto* police = ReferralTo(*routed, "polres-malaka", core::ReferralPurpose::kEnforcement);
  ASSERT_NE(police, nullptr);
  const std::string police_ref = police->id;
  const auto due = police->ack_deadline;

  EXPECT_EQ(*worker->EscalateDue(), 0) << "not due yet";
  clock_.Advance(due - clock_.Now() + std::chrono::seconds(1));

  // Three workers look at the deadlines at once: the escalation happens once.
  std::vector<std::unique_ptr<redis::StreamConsumer>> consumers;
  std::vector<std::unique_ptr<routing::RoutingWorker>> workers;
  for (int i = 0; i < 3; ++i) {
    consumers.push_back(Consumer("e" + std::to_string(i), std::chrono::milliseconds(30000)));
    workers.push_back(Worker(*consumers.back()));
  }
  std::atomic<int> total{0};
  std::vector<std::thread> threads;
  for (auto& w : workers) {
    threads.emplace_back([&, worker = w.get()] {
      auto n = worker->EscalateDue();
      if (n.ok()) total += *n;
    });
  }
  for (auto& t : threads)
    t.join();

  auto escalated = Get(c.id);
  ASSERT_TRUE(escalated.ok());
  const auto* to_polda = ReferralTo(*escalated, "polda-ntt", core::ReferralPurpose::kEnforcement);
  ASSERT_NE(to_polda, nullptr) << "Polres -> Polda";
  EXPECT_EQ(to_polda->escalated_from, police_ref);
  EXPECT_EQ(EventsOfType(c.id, "lintas.v1.ReferralEscalated"), total.load());
  EXPECT_GE(total.load(), 1);
  int polda_referrals = 0;
  for (const auto& r : escalated->referrals)
    polda_referrals += r.target_agency == "polda-ntt";
  EXPECT_EQ(polda_referrals, 1) << "escalated exactly once";
  EXPECT_EQ(*worker->EscalateDue(), 0) << "nothing left to escalate at this time";
}

// The deadline index keeps whole milliseconds. A deadline half a millisecond into a millisecond
// was once found "due" early in that millisecond, judged not due by core, and dropped from the
// index for good: the referral never escalated (seen by the chaos run escalate-kill, 2 of 2,000).
TEST_F(RoutingWorkerTest, ADeadlineThatComesUpEarlyInItsMillisecondStaysAndEscalatesLater) {
  clock_.Advance(std::chrono::microseconds(500));  // the referral, and so its deadline, at .5 ms
  const core::Case c = Submit("escalate-0002");
  auto consumer = Consumer("w1", std::chrono::milliseconds(30000));
  auto worker = Worker(*consumer);
  ASSERT_TRUE(worker->RunOnce().ok());
  auto routed = Get(c.id);
  ASSERT_TRUE(routed.ok());
  const auto* police = ReferralTo(*routed, "polres-malaka", core::ReferralPurpose::kEnforcement);
  ASSERT_NE(police, nullptr);
  const auto due = police->ack_deadline;
  ASSERT_NE(due, std::chrono::floor<std::chrono::milliseconds>(due)) << "want a sub-ms deadline";

  // In the deadline's own millisecond, before it: nothing to do, and nothing forgotten.
  clock_.Advance(std::chrono::floor<std::chrono::milliseconds>(due) - clock_.Now() +
                 std::chrono::microseconds(100));
  ASSERT_LT(clock_.Now(), due);
  EXPECT_EQ(*worker->EscalateDue(), 0);
  const std::string member = c.id + "/" + police->id;
  const std::string deadlines = redis::KeyLayout(prefix_).Deadlines(*core::PartitionOfCaseId(c.id));
  EXPECT_FALSE(redis_->Run({"ZSCORE", deadlines, member}).empty())
      << "the deadline is still scheduled";

  clock_.Advance(std::chrono::milliseconds(2));
  EXPECT_GE(*worker->EscalateDue(), 1);
  auto escalated = Get(c.id);
  ASSERT_TRUE(escalated.ok());
  EXPECT_NE(ReferralTo(*escalated, "polda-ntt", core::ReferralPurpose::kEnforcement), nullptr);
}

TEST_F(RoutingWorkerTest, APoisonEntryIsDeadLetteredAndTheWorkerCarriesOn) {
  const std::string stream = redis::KeyLayout(prefix_).Events(3);
  redis_->Run({"XADD", stream, "*", "t", "lintas.v1.CaseReceived", "c", "x", "e", "\xff\xfe"});
  auto consumer = Consumer("w1", std::chrono::milliseconds(30000));
  auto worker = Worker(*consumer);
  ASSERT_TRUE(worker->RunOnce().ok());
  const auto dlq = redis_->Run({"XRANGE", prefix_ + ":dlq:routing", "-", "+"});
  ASSERT_FALSE(dlq.empty()) << "the poison entry is in the dead-letter stream";
  const core::Case c = Submit("after-poison");
  ASSERT_TRUE(worker->RunOnce().ok());
  auto routed = Get(c.id);
  ASSERT_TRUE(routed.ok());
  EXPECT_FALSE(routed->referrals.empty());
}

TEST_F(RoutingWorkerTest, AnEntryThatKeepsFailingIsDeadLetteredThenReplayedOnceFixed) {
  const core::Case c = Submit("fails-0001");
  const std::string case_key = redis::KeyLayout(prefix_).Case(*core::PartitionOfCaseId(c.id), c.id);
  const std::string saved = redis_->Run({"DUMP", case_key}).at(0);
  redis_->Run({"DEL", case_key});  // the snapshot is unreadable for now: routing fails
  auto consumer = Consumer("w1", std::chrono::milliseconds(50));
  auto worker = Worker(*consumer, /*max_deliveries=*/2);
  ASSERT_TRUE(worker->RunOnce().ok());  // delivery 1 fails, stays pending
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  ASSERT_TRUE(worker->RunOnce().ok());  // delivery 2 fails: dead-lettered
  redis::DeadLetters dlq(*redis::RedisAddress::Parse(redis_->address()), prefix_ + ":dlq:routing");
  auto letters = dlq.List(10);
  ASSERT_TRUE(letters.ok()) << letters.status();
  ASSERT_EQ(letters->size(), 1u);
  EXPECT_EQ((*letters)[0].source_stream, EventsKey(c.id));
  EXPECT_NE((*letters)[0].error.find("not found"), std::string::npos) << (*letters)[0].error;
  EXPECT_EQ(std::stoll(redis_->Run({"XPENDING", EventsKey(c.id), "routing"})[0]), 0);

  redis_->Run({"RESTORE", case_key, "0", saved});  // fixed
  auto replayed = dlq.Replay((*letters)[0].id);
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  EXPECT_TRUE(dlq.List(10)->empty());
  ASSERT_TRUE(worker->RunOnce().ok());
  auto routed = Get(c.id);
  ASSERT_TRUE(routed.ok());
  EXPECT_FALSE(routed->referrals.empty()) << "the replayed event was routed";
  EXPECT_EQ(dlq.Replay("0-1").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(RoutingWorkerTest, TheBrokerRegisterLinksCasesNamingTheSameBrokerAcrossRegencies) {
  const auto submit = [&](const std::string& key, const std::string& region,
                          const std::string& broker_phone) {
    core::Case c = NewCase("agency-a\n" + key, "x");
    c.region_code = region;
    c.reported_persons[0].phone = broker_phone;
    c.created_at = c.updated_at = clock_.Now();
    EXPECT_TRUE(Create(c, "agency-a\n" + key).ok());
    return c;
  };
  const core::Case malaka = submit("broker-1", "53.21.01.2006", "+6281377770001");
  const core::Case tts = submit("broker-2", "53.02.01.2012", "+6281377770001");
  const core::Case other = submit("broker-3", "53.71", "+6281377770002");
  auto consumer = Consumer("w1", std::chrono::milliseconds(30000));
  auto worker = Worker(*consumer);
  ASSERT_TRUE(worker->RunOnce().ok());

  std::vector<std::string> digests;
  for (const auto& id : core::BrokerIdentifiers(tts)) {
    digests.push_back(absl::BytesToHexString(hasher_->Hash("broker index", id)));
  }
  auto linked = index_->LinkedCases(digests, tts.id);
  ASSERT_TRUE(linked.ok()) << linked.status();
  EXPECT_EQ(*linked, std::vector<std::string>{malaka.id})
      << "same phone in another regency is linked; case " << other.id << " (another phone) is not";
  EXPECT_TRUE(redis_->Run({"KEYS", prefix_ + ":broker:*6281377770001*"}).empty())
      << "the register stores hashes, never the number";
}

}  // namespace
}  // namespace lintas::testing

namespace lintas {
namespace {

// SIGHUP (RoutingRunner::Reload) swaps the holder's setup for MakeRoutingSetup of the re-read
// section, and the worker takes its calendar and coordinator from the holder only (its Deps and
// options have none): a reload cannot leave the start-time calendar or coordinator in force.
TEST(RoutingSetup, TheCalendarAndTheCoordinatorComeFromTheReloadedSection) {
  auto config = config::LoadLintasdConfig(
      std::string(LINTAS_SOURCE_DIR) + "/deploy/config/lintas.yaml",
      [](const std::string&) -> std::optional<std::string> { return std::nullopt; });
  ASSERT_TRUE(config.ok()) << config.status();
  const core::CivilDate wednesday{2026, 7, 1};
  auto at_start = lintasd::MakeRoutingSetup(*config->routing, config->agencies);
  ASSERT_TRUE(at_start.ok()) << at_start.status();
  EXPECT_EQ(at_start->coordinator, "bp3mi-ntt");
  EXPECT_TRUE(at_start->calendar->IsWorkingDay(wednesday));

  config::RoutingConfig reloaded = *config->routing;
  reloaded.triage_agency = "disnakertrans-ntt";
  reloaded.holidays.push_back({wednesday, "test holiday", config::Holiday::Kind::kLibur});
  auto after = lintasd::MakeRoutingSetup(reloaded, config->agencies);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->coordinator, "disnakertrans-ntt");
  EXPECT_EQ(after->policy->triage_agency(), "disnakertrans-ntt");
  EXPECT_FALSE(after->calendar->IsWorkingDay(wednesday));

  routing::PolicyHolder holder(*std::move(at_start));
  holder.Set(*std::move(after));
  EXPECT_EQ(holder.Get()->coordinator, "disnakertrans-ntt");
  EXPECT_FALSE(holder.Get()->calendar->IsWorkingDay(wednesday));
}

}  // namespace
}  // namespace lintas
