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
  auto created = store_->Create(c, "agency-a\nkey-0001");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->case_id, c.id);
  EXPECT_FALSE(created->replayed);
  EXPECT_EQ(created->version, 1);

  auto got = store_->Get(c.id);
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
  ASSERT_TRUE(store_->Create(c, "agency-a\nkey-0002").ok());
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
  auto a = store_->Create(first, key);
  ASSERT_TRUE(a.ok()) << a.status();
  const auto keys_before = AllKeys().size();
  // A retry builds a new id and timestamp, as intake would, with the same content.
  const core::Case retry = NewCase(key, "same words");
  ASSERT_NE(retry.id, first.id);
  auto b = store_->Create(retry, key);
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->case_id, first.id);
  EXPECT_TRUE(b->replayed);
  EXPECT_EQ(Xlen(EventsKey(first.id)), 1);
  EXPECT_EQ(AllKeys().size(), keys_before);
  EXPECT_EQ(store_->Get(retry.id).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreTest, SameKeyOtherContentIsAlreadyExists) {
  const std::string key = "agency-a\nretry-0002";
  ASSERT_TRUE(store_->Create(NewCase(key, "first words"), key).ok());
  const core::Case other = NewCase(key, "other words");
  auto b = store_->Create(other, key);
  EXPECT_EQ(b.status().code(), absl::StatusCode::kAlreadyExists) << b.status();
  EXPECT_EQ(Xlen(EventsKey(other.id)), 1);
}

TEST_F(StoreTest, TheSameKeyFromTwoAgenciesMakesTwoCases) {
  auto a = store_->Create(NewCase("agency-a\nk-0003", "x"), "agency-a\nk-0003");
  auto b = store_->Create(NewCase("agency-b\nk-0003", "x"), "agency-b\nk-0003");
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
      auto r = store_->Create(c, key);
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
  ASSERT_TRUE(store_->Create(c, "agency-a\nk-0004").ok());
  redis::AppendRequest stale;
  stale.case_id = c.id;
  stale.expected_version = 0;  // the case is at 1
  stale.event_type = "lintas.v1.Test";
  stale.envelope = "e";
  stale.snapshot = "s";
  auto r = store_->Append(stale);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kAborted) << r.status();
  EXPECT_NE(r.status().message().find("version 1"), std::string::npos) << r.status();
  EXPECT_EQ(Xlen(EventsKey(c.id)), 1);
  auto got = store_->Get(c.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->version, 1);
}

TEST_F(StoreTest, AppendAtTheCurrentVersionAdvancesIt) {
  const core::Case c = NewCase("agency-a\nk-0005", "x");
  ASSERT_TRUE(store_->Create(c, "agency-a\nk-0005").ok());
  redis::AppendRequest next;
  next.case_id = c.id;
  next.expected_version = 1;
  next.event_type = "lintas.v1.Test";
  next.envelope = "e";
  next.snapshot = "s";
  auto r = store_->Append(next);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Xlen(EventsKey(c.id)), 2);
  const auto partition = *core::PartitionOfCaseId(c.id);
  EXPECT_EQ(redis_->Run({"HGET", redis::KeyLayout(prefix_).Case(partition, c.id), "v"}),
            std::vector<std::string>{"2"});
}

TEST_F(StoreTest, UnknownAndMalformedCaseIdsAreNotFound) {
  EXPECT_EQ(store_->Get("01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->Get("../etc/passwd").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreTest, ACiphertextMovedToAnotherCaseDoesNotOpen) {
  const core::Case a = NewCase("agency-a\nk-0006", "x");
  const core::Case b = NewCase("agency-a\nk-0007", "y");
  ASSERT_TRUE(store_->Create(a, "agency-a\nk-0006").ok());
  ASSERT_TRUE(store_->Create(b, "agency-a\nk-0007").ok());
  const redis::KeyLayout keys(prefix_);
  const auto key_a = keys.Case(*core::PartitionOfCaseId(a.id), a.id);
  const auto key_b = keys.Case(*core::PartitionOfCaseId(b.id), b.id);
  v1::CaseRecord rec_a, rec_b;
  ASSERT_TRUE(rec_a.ParseFromString(redis_->Run({"HGET", key_a, "rec"}).at(0)));
  ASSERT_TRUE(rec_b.ParseFromString(redis_->Run({"HGET", key_b, "rec"}).at(0)));
  *rec_b.mutable_subject()->mutable_nik() = rec_a.subject().nik();  // swap in a's sealed NIK
  redis_->Run({"HSET", key_b, "rec", rec_b.SerializeAsString()});
  EXPECT_EQ(store_->Get(b.id).status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(StoreTest, ThePoolServesCallsConcurrently) {
  // One call blocks on Redis until a second call unblocks it: a pool that serialised calls on
  // one connection would never let the second through.
  auto pool = MakePool(
      redis::PoolOptions{4, std::chrono::milliseconds(300), std::chrono::milliseconds(20000)});
  const std::string list = prefix_ + ":{p00}:wake";
  absl::StatusOr<redis::Reply> blocked = absl::UnknownError("not run");
  std::thread waiter([&] { blocked = pool->Command({"BLPOP", list, "15"}); });
  // Wait until the BLPOP is parked in Redis, then push from another pooled connection.
  for (int i = 0; i < 1500; ++i) {
    const auto clients = redis_->Run({"CLIENT", "LIST"});
    if (!clients.empty() && clients[0].find("cmd=blpop") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  auto pushed = pool->Command({"LPUSH", list, "go"});
  waiter.join();
  ASSERT_TRUE(pushed.ok()) << pushed.status();
  ASSERT_TRUE(blocked.ok()) << blocked.status();
  ASSERT_EQ((*blocked)->type, REDIS_REPLY_ARRAY) << "BLPOP timed out: the calls were serialised";
}

}  // namespace
}  // namespace lintas::testing
