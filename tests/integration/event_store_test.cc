// The Redis event store against a real redis-server.
#include <thread>
#include <vector>

#include "adapters/protomap/envelope.h"
#include "lintas/v1/case_record.pb.h"
#include "tests/integration/store_fixture.h"

namespace lintas::testing {
namespace {

TEST_F(StoreTest, SubmitThenGetReturnsTheCaseWithPersonalFieldsOpened) {
  const core::Case c = NewCase("agency-a\nkey-0001", "Dibawa ke Malaysia lewat Atambua.");
  auto created = Create(c, "agency-a\nkey-0001");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->case_id, c.id);
  EXPECT_FALSE(created->replayed);
  EXPECT_EQ(created->version, 1);

  auto got = Get(c.id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->subject.full_name, "Maria Goreti Seran");
  EXPECT_EQ(got->subject.nik, "5321014507950001");
  EXPECT_EQ(got->subject.phone, "+6281234567890");
  ASSERT_EQ(got->reported_persons.size(), 1u);
  EXPECT_EQ(got->reported_persons[0].phone, "+6281398765432");
  EXPECT_EQ(got->reported_persons[0].role, "calo");
  EXPECT_EQ(got->reporter.name, "Agustina Luruk");
  EXPECT_EQ(got->narrative, c.narrative);
  EXPECT_EQ(got->region_code, "53.21.01.2006");
  EXPECT_EQ(got->status, core::CaseStatus::kReceived);
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(got->created_at, c.created_at);
}

TEST_F(StoreTest, TheStreamHoldsOneCaseReceivedEnvelope) {
  const core::Case c = NewCase("agency-a\nkey-0002", "narasi");
  ASSERT_TRUE(Create(c, "agency-a\nkey-0002").ok());
  const auto entry = redis_->Run({"XRANGE", EventsKey(c.id), "-", "+"});
  // [id, [t, type, c, case id, e, envelope]] flattened one level: id then the six fields.
  ASSERT_EQ(entry.size(), 7u);
  EXPECT_EQ(entry[1], "t");
  EXPECT_EQ(entry[2], "lintas.v1.CaseReceived");
  EXPECT_EQ(entry[4], c.id);
  v1::EventEnvelope envelope;
  ASSERT_TRUE(envelope.ParseFromString(entry[6]));
  EXPECT_EQ(envelope.subject(), c.id);
  EXPECT_EQ(envelope.sequence(), 1);
  EXPECT_EQ(envelope.source(), "/lintas/intake");
  EXPECT_EQ(envelope.specversion(), "1.0");
  v1::CaseReceived event;
  ASSERT_TRUE(protomap::UnpackEnvelope(envelope, event).ok());
  EXPECT_EQ(event.case_().id(), c.id);
  EXPECT_EQ(event.case_().category(), v1::CATEGORY_TRAFFICKING);
}

TEST_F(StoreTest, SameKeySameContentReturnsTheSameCaseAndWritesNothing) {
  const std::string key = "agency-a\nretry-0001";
  const core::Case first = NewCase(key, "same words");
  auto a = Create(first, key);
  ASSERT_TRUE(a.ok()) << a.status();
  const auto keys_before = AllKeys().size();
  // A retry builds a new id and timestamp, as intake would, with the same content.
  const core::Case retry = NewCase(key, "same words");
  ASSERT_NE(retry.id, first.id);
  auto b = Create(retry, key);
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->case_id, first.id);
  EXPECT_TRUE(b->replayed);
  EXPECT_EQ(Xlen(EventsKey(first.id)), 1);
  EXPECT_EQ(AllKeys().size(), keys_before);
  EXPECT_EQ(Get(retry.id).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreTest, SameKeyOtherContentIsAlreadyExists) {
  const std::string key = "agency-a\nretry-0002";
  ASSERT_TRUE(Create(NewCase(key, "first words"), key).ok());
  const core::Case other = NewCase(key, "other words");
  auto b = Create(other, key);
  EXPECT_EQ(b.status().code(), absl::StatusCode::kAlreadyExists) << b.status();
  EXPECT_EQ(Xlen(EventsKey(other.id)), 1);
}

TEST_F(StoreTest, TheSameKeyFromTwoAgenciesMakesTwoCases) {
  auto a = Create(NewCase("agency-a\nk-0003", "x"), "agency-a\nk-0003");
  auto b = Create(NewCase("agency-b\nk-0003", "x"), "agency-b\nk-0003");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->case_id, b->case_id);
  EXPECT_FALSE(b->replayed);
}

TEST_F(StoreTest, ThirtyTwoThreadsWithOneKeyMakeExactlyOneCase) {
  const std::string key = "agency-a\nstorm-0001";
  constexpr int kThreads = 32;
  std::vector<std::string> ids(kThreads);
  std::vector<absl::Status> errors(kThreads);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      const core::Case c = NewCase(key, "one report, submitted by many retries");
      ready.fetch_add(1);
      while (ready.load() < kThreads)
        std::this_thread::yield();
      auto r = Create(c, key);
      if (r.ok()) {
        ids[i] = r->case_id;
      } else {
        errors[i] = r.status();
      }
    });
  }
  for (auto& t : threads)
    t.join();
  for (int i = 0; i < kThreads; ++i) {
    ASSERT_TRUE(errors[i].ok()) << errors[i];
    EXPECT_EQ(ids[i], ids[0]);
  }
  long long events = 0;
  for (int p = 0; p < kPartitions; ++p)
    events += Xlen(redis::KeyLayout(prefix_).Events(p));
  EXPECT_EQ(events, 1);
  EXPECT_EQ(redis_->Run({"KEYS", prefix_ + ":*:case:*"}).size(), 1u);
}

TEST_F(StoreTest, AppendAtAStaleVersionIsAbortedAndWritesNothing) {
  const core::Case c = NewCase("agency-a\nk-0004", "x");
  ASSERT_TRUE(Create(c, "agency-a\nk-0004").ok());
  redis::AppendRequest stale;
  stale.case_id = c.id;
  stale.expected_version = 0;  // the case is at 1
  stale.events = {{"lintas.v1.Test", "e"}};
  stale.snapshot = "s";
  auto r = Append(stale);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kAborted) << r.status();
  EXPECT_NE(r.status().message().find("version 1"), std::string::npos) << r.status();
  EXPECT_EQ(Xlen(EventsKey(c.id)), 1);
  auto got = Get(c.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->version, 1);
}

TEST_F(StoreTest, AppendAtTheCurrentVersionAdvancesItByTheNumberOfEvents) {
  const core::Case c = NewCase("agency-a\nk-0005", "x");
  ASSERT_TRUE(Create(c, "agency-a\nk-0005").ok());
  redis::AppendRequest next;
  next.case_id = c.id;
  next.expected_version = 1;
  next.events = {{"lintas.v1.Test", "e1"}, {"lintas.v1.Test", "e2"}, {"lintas.v1.Test", "e3"}};
  next.snapshot = "s";
  auto r = Append(next);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->kind, redis::AppendOutcome::Kind::kAppended);
  EXPECT_EQ(Xlen(EventsKey(c.id)), 4);
  const auto partition = *core::PartitionOfCaseId(c.id);
  EXPECT_EQ(redis_->Run({"HGET", redis::KeyLayout(prefix_).Case(partition, c.id), "v"}),
            std::vector<std::string>{"4"});
  const auto entries = redis_->Run({"XRANGE", EventsKey(c.id), "-", "+"});
  EXPECT_EQ(entries.back(), "e3") << "events keep their order";
}

TEST_F(StoreTest, AnEffectAppliedOnceIsNotAppliedAgain) {
  // A consumer crashed after its append and before XACK; the redelivered event carries the same
  // effect token, so the second append is a no-op even though the case moved on meanwhile.
  const core::Case c = NewCase("agency-a\nk-0008", "x");
  ASSERT_TRUE(Create(c, "agency-a\nk-0008").ok());
  redis::AppendRequest effect;
  effect.case_id = c.id;
  effect.expected_version = 1;
  effect.events = {{"lintas.v1.Test", "referral"}};
  effect.snapshot = "s";
  effect.effect_token = "routing:1700000000000-0";
  auto first = Append(effect);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->kind, redis::AppendOutcome::Kind::kAppended);
  auto again = Append(effect);  // same expected version: would be stale without the token check
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->kind, redis::AppendOutcome::Kind::kAlreadyApplied);
  effect.expected_version = 2;
  auto later = Append(effect);
  ASSERT_TRUE(later.ok()) << later.status();
  EXPECT_EQ(later->kind, redis::AppendOutcome::Kind::kAlreadyApplied);
  EXPECT_EQ(Xlen(EventsKey(c.id)), 2);
}

TEST_F(StoreTest, AnAppendWithoutEventsIsRefused) {
  redis::AppendRequest empty;
  empty.case_id = NewCase("agency-a\nk-0009", "x").id;
  EXPECT_EQ(Append(empty).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(StoreTest, UnknownAndMalformedCaseIdsAreNotFound) {
  EXPECT_EQ(Get("01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Get("../etc/passwd").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreTest, ACiphertextMovedToAnotherCaseDoesNotOpen) {
  const core::Case a = NewCase("agency-a\nk-0006", "x");
  const core::Case b = NewCase("agency-a\nk-0007", "y");
  ASSERT_TRUE(Create(a, "agency-a\nk-0006").ok());
  ASSERT_TRUE(Create(b, "agency-a\nk-0007").ok());
  const redis::KeyLayout keys(prefix_);
  const auto key_a = keys.Case(*core::PartitionOfCaseId(a.id), a.id);
  const auto key_b = keys.Case(*core::PartitionOfCaseId(b.id), b.id);
  v1::CaseRecord rec_a, rec_b;
  ASSERT_TRUE(rec_a.ParseFromString(redis_->Run({"HGET", key_a, "rec"}).at(0)));
  ASSERT_TRUE(rec_b.ParseFromString(redis_->Run({"HGET", key_b, "rec"}).at(0)));
  *rec_b.mutable_subject()->mutable_nik() = rec_a.subject().nik();  // swap in a's sealed NIK
  redis_->Run({"HSET", key_b, "rec", rec_b.SerializeAsString()});
  EXPECT_EQ(Get(b.id).status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(StoreTest, ConcurrentCommandsArePipelinedNotSerialised) {
  // Redis is paused for a second from another connection while 200 submissions arrive.
  // A client that serialised requests on a blocking connection would have one on the wire at a
  // time; the pipelined client has them all in flight at once, and all of them succeed.
  std::thread pause([&] { redis_->Run({"DEBUG", "SLEEP", "1"}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // Redis now answers nobody
  constexpr int kRequests = 200;
  std::vector<std::promise<absl::StatusOr<core::CreateCaseResult>>> answers(kRequests);
  for (int i = 0; i < kRequests; ++i) {
    const std::string key = "agency-a\npipe-" + std::to_string(i);
    store_->Create(NewCase(key, "x"), key,
                   [&answers, i](auto r) { answers[i].set_value(std::move(r)); });
  }
  for (auto& a : answers) {
    auto r = a.get_future().get();
    EXPECT_TRUE(r.ok()) << r.status();
  }
  pause.join();
  EXPECT_GT(redis_client_->max_in_flight(), kRequests / 4);
  EXPECT_EQ(redis_->Run({"KEYS", prefix_ + ":*:case:*"}).size(), static_cast<size_t>(kRequests));
}

TEST_F(StoreTest, AReplyThatNeverComesFailsTheCallAfterTheTimeout) {
  auto client = MakeClient(
      redis::PipelineOptions{1, std::chrono::milliseconds(300), std::chrono::milliseconds(200)});
  std::thread pause([&] { redis_->Run({"DEBUG", "SLEEP", "2"}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // Redis now answers nobody
  auto r = client->Command({"PING"});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable) << r.status();
  pause.join();
  auto after = client->Command({"PING"});
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ((*after)->type, REDIS_REPLY_STATUS);
}

}  // namespace
}  // namespace lintas::testing
