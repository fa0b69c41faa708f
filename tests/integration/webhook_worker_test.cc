// The webhook worker against a real redis-server and a real HTTP receiver on 127.0.0.1 that
// verifies every signature: inboxes filled by the real notify worker from cases stored by the
// real store, rendered by the real CaseViews.
#include "services/webhook/webhook_worker.h"

#include <gtest/gtest.h>

#include <set>

#include "adapters/redis/dead_letters.h"
#include "adapters/redis/referral_index.h"
#include "core/routing/case_routing.h"
#include "core/util/await.h"
#include "services/notify/notify_worker.h"
#include "tests/integration/store_fixture.h"
#include "tests/support/webhook_receiver.h"

namespace lintas::testing {
namespace {

using std::chrono::milliseconds;

constexpr char kPoliceSecret[] = "police-secret-0123456789abcdef-0123456789";
constexpr char kChurchSecret[] = "church-secret-0123456789abcdef-0123456789";

class SystemClock final : public core::Clock {
 public:
  core::Timestamp Now() const override { return std::chrono::system_clock::now(); }
};

class WebhookWorkerTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_TRUE(agencies_.Add(
        {"polres-malaka", core::AgencyKind::kPolice, "Polres Malaka", {"53.21"}, "", false}));
    ASSERT_TRUE(agencies_.Add(
        {"sinode-gmit", core::AgencyKind::kFaithOrganisation, "GMIT", {"53.21"}, "", false}));
    inbox_ = std::make_unique<redis::Inbox>(*redis_client_, redis::KeyLayout(prefix_));
    index_ = std::make_unique<redis::ReferralIndex>(*redis_client_, redis::KeyLayout(prefix_));
    views_ = std::make_unique<services::CaseViews>(services::CaseViews::Deps{
        *redis_client_, redis::KeyLayout(prefix_), *store_, *cipher_, *index_, *hasher_});
    redis::ConsumerOptions o;
    o.group = "notify";
    o.consumer = "n1";
    for (int p = 0; p < kPartitions; ++p)
      o.streams.push_back(redis::KeyLayout(prefix_).Events(p));
    o.block = milliseconds(20);
    o.dead_letter_stream = prefix_ + ":dlq:notify";
    consumer_ =
        std::make_unique<redis::StreamConsumer>(*redis::RedisAddress::Parse(redis_->address()), o);
    ASSERT_TRUE(consumer_->EnsureGroups().ok());
    notify_ = std::make_unique<notify::NotifyWorker>(
        notify::NotifyWorker::Deps{*consumer_, *store_, *inbox_, clock_, agencies_},
        notify::NotifyWorkerOptions{});
  }

  // A case routed to the police and the church, its events put in their inboxes by the notify
  // worker: two inbox entries each (ReferralRequested, CaseStatusChanged).
  std::string Referred(const std::string& key) {
    core::Case c = NewCase(key, "x");
    EXPECT_TRUE(Create(c, key).ok());
    const core::CaseChange change =
        core::RouteCase(c,
                        {{core::ReferralPurpose::kEnforcement, "polres-malaka", "calo", {}},
                         {core::ReferralPurpose::kVictimSupport, "sinode-gmit", "shelter", {}}},
                        {}, core::WorkingCalendar(), clock_.Now());
    auto applied = Await<bool>([&](auto done) { store_->Apply(change, "", std::move(done)); });
    EXPECT_TRUE(applied.ok() && *applied);
    for (int i = 0; i < 3; ++i)
      EXPECT_TRUE(notify_->RunOnce().ok());
    return c.id;
  }

  std::vector<redis::InboxEntry> InboxOf(const std::string& agency) {
    auto entries = inbox_->ReadAfter(agency, "", 1000);
    EXPECT_TRUE(entries.ok());
    return entries.ok() ? *entries : std::vector<redis::InboxEntry>{};
  }

  config::WebhookConfig Hook(const std::string& url, const std::string& secret) {
    config::WebhookConfig h;
    h.url = url;
    h.secret = secret;
    h.max_attempts = 1000;
    h.timeout_ms = 2000;
    h.initial_backoff_ms = 5;  // real waits, kept tiny: the schedule's shape is unit-tested
    h.max_backoff_ms = 40;
    return h;
  }

  std::unique_ptr<webhook::WebhookWorker> Worker(
      std::map<std::string, config::WebhookConfig, std::less<>> hooks, const std::string& owner) {
    webhook::WebhookWorkerOptions o;
    o.idle_poll = milliseconds(20);
    o.redis_retry = milliseconds(50);
    o.owner = owner;
    return std::make_unique<webhook::WebhookWorker>(
        webhook::WebhookWorker::Deps{*redis_client_, *inbox_, *views_, clock_, agencies_},
        std::move(hooks), o);
  }

  // Every accepted delivery checked as a receiver would, then its CloudEvents ids in order.
  std::vector<std::string> CheckedIds(const std::vector<WebhookReceiver::Delivery>& deliveries,
                                      const std::string& agency) {
    std::vector<std::string> ids;
    for (const auto& d : deliveries) {
      EXPECT_TRUE(d.signature_ok);
      EXPECT_EQ(d.content_type, "application/cloudevents+json");
      const ParsedCloudEvent e = ParseCloudEvent(d.body);
      EXPECT_TRUE(e.ok) << d.body;
      EXPECT_EQ(e.source, webhook::kWebhookSource);
      EXPECT_EQ(e.datacontenttype, "application/json");
      v1::Notification n;
      EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(e.data_json, &n).ok()) << d.body;
      EXPECT_EQ(n.event().event_id(), e.id);
      EXPECT_EQ(n.event().type(), e.type);
      EXPECT_EQ(n.case_().id(), e.subject) << "the case " << agency << " may see";
      EXPECT_FALSE(e.time.empty());
      ids.push_back(e.id);
    }
    return ids;
  }

  static std::vector<std::string> EventIds(const std::vector<redis::InboxEntry>& entries) {
    std::vector<std::string> ids;
    for (const auto& e : entries)
      ids.push_back(e.item.event_id);
    return ids;
  }

  SystemClock clock_;
  core::AgencyRegistry agencies_;
  std::unique_ptr<redis::Inbox> inbox_;
  std::unique_ptr<redis::ReferralIndex> index_;
  std::unique_ptr<services::CaseViews> views_;
  std::unique_ptr<redis::StreamConsumer> consumer_;
  std::unique_ptr<notify::NotifyWorker> notify_;
};

// The test: the receiver answers 500 for a while, then 200; every event arrives, in inbox
// order, signed, once; the retries are counted.
TEST_F(WebhookWorkerTest, AnOutageIsRetriedThenEveryEventArrivesInOrderOnce) {
  for (int i = 0; i < 3; ++i)
    Referred("wh-outage-" + std::to_string(i));
  const auto police_inbox = InboxOf("polres-malaka");
  const auto church_inbox = InboxOf("sinode-gmit");
  ASSERT_EQ(police_inbox.size(), 6u);
  ASSERT_EQ(church_inbox.size(), 6u);

  WebhookReceiver receiver;
  receiver.Route("/police", kPoliceSecret, WebhookReceiver::FailFirst(4));
  receiver.Route("/church", kChurchSecret, WebhookReceiver::FailFirst(7));
  ASSERT_TRUE(receiver.Start());
  auto worker = Worker({{"polres-malaka", Hook(receiver.Url("/police"), kPoliceSecret)},
                        {"sinode-gmit", Hook(receiver.Url("/church"), kChurchSecret)}},
                       "w1");
  ASSERT_TRUE(worker->Start().ok());
  ASSERT_TRUE(receiver.WaitForAccepted("/police", 6, std::chrono::seconds(20)));
  ASSERT_TRUE(receiver.WaitForAccepted("/church", 6, std::chrono::seconds(20)));

  EXPECT_EQ(CheckedIds(receiver.accepted("/police"), "polres-malaka"), EventIds(police_inbox));
  EXPECT_EQ(CheckedIds(receiver.accepted("/church"), "sinode-gmit"), EventIds(church_inbox));
  EXPECT_EQ(receiver.bad_signatures("/police"), 0);
  EXPECT_EQ(receiver.bad_signatures("/church"), 0);
  EXPECT_EQ(receiver.failures("/police"), 4);
  EXPECT_EQ(receiver.failures("/church"), 7);

  // Wait for each agency's cursor write behind its last 200 before reading the counters: the
  // receiver counts a delivery before the worker does.
  const auto wait_for_cursor = [&](const std::string& agency, const std::string& cursor) {
    const std::string key = redis::KeyLayout(prefix_).WebhookCursor(agency);
    for (int i = 0; i < 200 && redis_->Run({"GET", key}) != std::vector<std::string>{cursor}; ++i)
      std::this_thread::sleep_for(milliseconds(10));
    EXPECT_EQ(redis_->Run({"GET", key}), std::vector<std::string>{cursor}) << agency;
  };
  wait_for_cursor("polres-malaka", police_inbox.back().cursor);
  wait_for_cursor("sinode-gmit", church_inbox.back().cursor);
  const webhook::WebhookStats police = worker->Stats("polres-malaka");
  EXPECT_EQ(police.delivered, 6);
  EXPECT_EQ(police.retries, 4) << "every failed attempt was retried once more";
  EXPECT_EQ(police.dead_lettered, 0);
  EXPECT_EQ(police.skipped, 0);
  EXPECT_EQ(worker->Stats("sinode-gmit").retries, 7);
  EXPECT_EQ(worker->Totals().delivered, 12);
  worker->Stop();

  // A new process resumes after the durable cursor: nothing is sent twice, and new events go.
  auto again = Worker({{"polres-malaka", Hook(receiver.Url("/police"), kPoliceSecret)}}, "w2");
  ASSERT_TRUE(again->Start().ok());
  const std::string later = Referred("wh-outage-later");
  ASSERT_TRUE(receiver.WaitForAccepted("/police", 8, std::chrono::seconds(20)));
  const auto ids = CheckedIds(receiver.accepted("/police"), "polres-malaka");
  EXPECT_EQ(ids, EventIds(InboxOf("polres-malaka")));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << "no duplicates";
  EXPECT_EQ(again->Stats("polres-malaka").retries, 0);
}

TEST_F(WebhookWorkerTest, AfterMaxAttemptsTheEntryIsDeadLetteredAndDeliveryGoesOn) {
  for (int i = 0; i < 2; ++i)
    Referred("wh-dlq-" + std::to_string(i));
  const auto inbox = InboxOf("polres-malaka");
  ASSERT_EQ(inbox.size(), 4u);
  const std::string poison = inbox[1].item.event_id;  // the receiver refuses this one for ever

  WebhookReceiver receiver;
  receiver.Route("/police", kPoliceSecret, [poison](int, const std::string& body) {
    return ParseCloudEvent(body).id == poison;
  });
  ASSERT_TRUE(receiver.Start());
  config::WebhookConfig hook = Hook(receiver.Url("/police"), kPoliceSecret);
  hook.max_attempts = 3;
  auto worker = Worker({{"polres-malaka", hook}}, "w1");
  ASSERT_TRUE(worker->Start().ok());
  ASSERT_TRUE(receiver.WaitForAccepted("/police", 3, std::chrono::seconds(20)));

  const auto ids = CheckedIds(receiver.accepted("/police"), "polres-malaka");
  EXPECT_EQ(ids, (std::vector<std::string>{inbox[0].item.event_id, inbox[2].item.event_id,
                                           inbox[3].item.event_id}));
  EXPECT_EQ(receiver.failures("/police"), 3);
  worker->Stop();
  const webhook::WebhookStats stats = worker->Stats("polres-malaka");
  EXPECT_EQ(stats.delivered, 3);
  EXPECT_EQ(stats.dead_lettered, 1);
  EXPECT_EQ(stats.retries, 2);

  // In the dead-letter format `lintasctl dlq list --group webhook:polres-malaka` reads.
  redis::DeadLetters letters(*redis::RedisAddress::Parse(redis_->address()),
                             redis::KeyLayout(prefix_).WebhookDeadLetters("polres-malaka"));
  auto list = letters.List(10);
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].group, "webhook:polres-malaka");
  EXPECT_EQ((*list)[0].source_stream, redis::KeyLayout(prefix_).Inbox("polres-malaka"));
  EXPECT_EQ((*list)[0].source_id, inbox[1].cursor);
  EXPECT_NE((*list)[0].error.find("after 3 attempts"), std::string::npos) << (*list)[0].error;
  EXPECT_NE((*list)[0].error.find("500"), std::string::npos) << (*list)[0].error;
  bool names_event = false;
  for (const auto& [k, v] : (*list)[0].fields)
    names_event = names_event || (k == "event" && v == poison);
  EXPECT_TRUE(names_event);
}

TEST_F(WebhookWorkerTest, ACaseTheAgencyCannotSeeIsSkippedAndCounted) {
  // A case with no referral to the police, yet an entry in the police inbox about it.
  core::Case hidden = NewCase("wh-hidden", "x");
  ASSERT_TRUE(Create(hidden, "wh-hidden").ok());
  const std::string timeline =
      redis::KeyLayout(prefix_).Timeline(*core::PartitionOfCaseId(hidden.id), hidden.id);
  const auto first = redis_->Run({"XRANGE", timeline, "-", "+", "COUNT", "1"});
  ASSERT_FALSE(first.empty());
  ASSERT_TRUE(inbox_
                  ->Put("polres-malaka",
                        {"01HIDDENEVENT", "lintas.v1.CaseReceived", hidden.id, EventsKey(hidden.id),
                         first[0]},
                        clock_.Now())
                  .ok());
  Referred("wh-visible");
  const auto inbox = InboxOf("polres-malaka");
  ASSERT_EQ(inbox.size(), 3u);

  WebhookReceiver receiver;
  receiver.Route("/police", kPoliceSecret, WebhookReceiver::FailFirst(0));
  ASSERT_TRUE(receiver.Start());
  auto worker = Worker({{"polres-malaka", Hook(receiver.Url("/police"), kPoliceSecret)}}, "w1");
  ASSERT_TRUE(worker->Start().ok());
  ASSERT_TRUE(receiver.WaitForAccepted("/police", 2, std::chrono::seconds(20)));
  worker->Stop();
  EXPECT_EQ(CheckedIds(receiver.accepted("/police"), "polres-malaka"),
            (std::vector<std::string>{inbox[1].item.event_id, inbox[2].item.event_id}));
  EXPECT_EQ(worker->Stats("polres-malaka").skipped, 1);
  EXPECT_EQ(worker->Stats("polres-malaka").delivered, 2);
}

TEST_F(WebhookWorkerTest, TwoProcessesDeliverEachEntryOnceThroughTheLease) {
  for (int i = 0; i < 3; ++i)
    Referred("wh-lease-" + std::to_string(i));
  WebhookReceiver receiver;
  receiver.Route("/police", kPoliceSecret, WebhookReceiver::FailFirst(0));
  ASSERT_TRUE(receiver.Start());
  const auto hook = Hook(receiver.Url("/police"), kPoliceSecret);
  auto a = Worker({{"polres-malaka", hook}}, "a");
  auto b = Worker({{"polres-malaka", hook}}, "b");
  ASSERT_TRUE(a->Start().ok());
  ASSERT_TRUE(b->Start().ok());
  ASSERT_TRUE(receiver.WaitForAccepted("/police", 6, std::chrono::seconds(20)));
  std::this_thread::sleep_for(milliseconds(200));  // room for a duplicate to show up
  EXPECT_EQ(CheckedIds(receiver.accepted("/police"), "polres-malaka"),
            EventIds(InboxOf("polres-malaka")));
  EXPECT_EQ(a->Stats("polres-malaka").delivered + b->Stats("polres-malaka").delivered, 6);
  a->Stop();
  b->Stop();
  EXPECT_TRUE(redis_->Run({"GET", redis::KeyLayout(prefix_).WebhookLease("polres-malaka")}).empty())
      << "a stopped worker releases its lease";
}

TEST_F(WebhookWorkerTest, StopDoesNotWaitForTheBackoff) {
  Referred("wh-stop");
  WebhookReceiver receiver;
  receiver.Route("/police", kPoliceSecret, WebhookReceiver::FailFirst(1000));
  ASSERT_TRUE(receiver.Start());
  config::WebhookConfig hook = Hook(receiver.Url("/police"), kPoliceSecret);
  hook.initial_backoff_ms = hook.max_backoff_ms = 600000;
  auto worker = Worker({{"polres-malaka", hook}}, "w1");
  ASSERT_TRUE(worker->Start().ok());
  for (int i = 0; i < 500 && receiver.failures("/police") == 0; ++i)
    std::this_thread::sleep_for(milliseconds(10));
  ASSERT_GE(receiver.failures("/police"), 1);
  std::this_thread::sleep_for(milliseconds(50));  // into a backoff of up to 10 minutes
  const auto before = std::chrono::steady_clock::now();
  worker->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(2));
  // The failure is remembered for the next holder: max_attempts and max_age survive restarts.
  const auto retry =
      redis_->Run({"HGET", redis::KeyLayout(prefix_).WebhookRetry("polres-malaka"), "attempts"});
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_EQ(retry[0], std::to_string(receiver.failures("/police")));
}

}  // namespace
}  // namespace lintas::testing
