// The audit chain on a real redis-server: AuditLog writes it, VerifyAuditChain checks it, and
// tampering done directly in Redis (changed, removed, reordered entries) is named.
#include "adapters/redis/audit_log.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "adapters/crypto/audit_mac.h"
#include "adapters/crypto/key_ring.h"
#include "adapters/crypto/os_random.h"
#include "core/access/disclosure.h"
#include "core/audit/audit_chain.h"
#include "services/common/audit_trail.h"
#include "tests/support/fake_clock.h"
#include "tests/support/redis_server.h"

namespace lintas::testing {
namespace {

using core::audit::AuditEntry;
using core::audit::Finding;

// Rewrites the whole stream with the same ids, as someone with Redis access but without the
// audit key could: XADD cannot change an entry in place. ARGV[1] 'set' (position, field, value),
// 'swap' (position a, position b: their contents trade places, ids stay in order).
constexpr char kRewriteScript[] = R"lua(
local entries = redis.call('XRANGE', KEYS[1], '-', '+')
redis.call('DEL', KEYS[1])
if ARGV[1] == 'set' then
  local f = entries[tonumber(ARGV[2])][2]
  for j = 1, #f, 2 do if f[j] == ARGV[3] then f[j + 1] = ARGV[4] end end
elseif ARGV[1] == 'swap' then
  local a, b = tonumber(ARGV[2]), tonumber(ARGV[3])
  entries[a][2], entries[b][2] = entries[b][2], entries[a][2]
end
for _, e in ipairs(entries) do redis.call('XADD', KEYS[1], e[1], unpack(e[2])) end
return #entries
)lua";

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = RedisServer::Start();
    ASSERT_NE(redis_, nullptr);
    crypto::Key256 key{};
    random_.Fill(key);
    ASSERT_TRUE(ring_.Add("audit-1", key).ok());
    mac_ = std::make_unique<crypto::AuditMac>(ring_);
    client_ = Client();
  }

  std::unique_ptr<redis::PipelinedClient> Client() {
    auto address = redis::RedisAddress::Parse(redis_->address());
    EXPECT_TRUE(address.ok());
    return std::make_unique<redis::PipelinedClient>(*address, redis::PipelineOptions{});
  }
  std::unique_ptr<redis::AuditLog> Log(redis::PipelinedClient& client,
                                       redis::AuditLog::Options options = {}) {
    return std::make_unique<redis::AuditLog>(client, keys_, mac_->key_id(), mac_->Function(),
                                             options);
  }

  static AuditEntry Entry(int i) {
    AuditEntry e;
    e.agency = i % 2 == 0 ? "bp3mi-ntt" : "polres-malaka";
    e.method = i % 3 == 0 ? "SubmitCase" : "GetCase";
    e.case_id = "01KCASE" + std::to_string(i) + "-07";
    e.fields = i % 3 == 0 ? "" : "subject.full_name,subject.nik,narrative";
    e.outcome = "OK";
    e.time_ms = 1'790'000'000'000 + i;
    return e;
  }

  void WriteEntries(int n) {
    auto log = Log(*client_);
    for (int i = 1; i <= n; ++i)
      ASSERT_TRUE(log->Record(Entry(i)));
    ASSERT_TRUE(log->Flush(std::chrono::seconds(10)).ok());
    EXPECT_EQ(log->stats().written, static_cast<std::uint64_t>(n));
  }

  redis::AuditVerification Verify() {
    const redis::AuditReader reader(*client_, keys_);
    auto verified = redis::VerifyAuditChain(reader, mac_->Function());
    EXPECT_TRUE(verified.ok()) << verified.status();
    return verified.ok() ? *verified : redis::AuditVerification{};
  }

  // Stream entry ids in order.
  std::vector<std::string> Ids() const { return redis_->StreamIds(keys_.AuditStream()); }

  void Rewrite(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"EVAL", kRewriteScript, "1", keys_.AuditStream()};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto r = redis_->Run(argv);
    ASSERT_FALSE(r.empty());
  }

  std::unique_ptr<RedisServer> redis_;
  crypto::OsRandom random_;
  crypto::KeyRing ring_;
  std::unique_ptr<crypto::AuditMac> mac_;
  std::unique_ptr<redis::PipelinedClient> client_;
  const redis::KeyLayout keys_{"t-audit"};
};

TEST_F(AuditLogTest, AnEmptyChainIsIntact) {
  const auto v = Verify();
  EXPECT_EQ(v.entries, 0);
  EXPECT_TRUE(v.findings.empty());
}

TEST_F(AuditLogTest, AChainOfEntriesVerifiesAndReadsBack) {
  WriteEntries(40);
  const auto v = Verify();
  EXPECT_EQ(v.entries, 40);
  EXPECT_TRUE(v.findings.empty()) << v.findings.front().message;
  EXPECT_EQ(redis_->Run({"HGET", keys_.AuditHead(), "seq"}), std::vector<std::string>{"40"});

  // Fields as written, in order, linked.
  const redis::AuditReader reader(*client_, keys_);
  std::vector<core::audit::ChainedEntry> read;
  ASSERT_TRUE(reader
                  .Scan(
                      [&](std::string_view, const std::optional<core::audit::ChainedEntry>& e) {
                        ASSERT_TRUE(e.has_value());
                        read.push_back(*e);
                      },
                      7)  // a small page, to cross page boundaries
                  .ok());
  ASSERT_EQ(read.size(), 40u);
  EXPECT_EQ(read[0].prev, core::audit::kGenesis);
  for (std::size_t i = 0; i < read.size(); ++i) {
    EXPECT_EQ(read[i].seq, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(read[i].data.case_id, Entry(static_cast<int>(i + 1)).case_id);
    EXPECT_EQ(read[i].key_id, "audit-1");
    if (i > 0) {
      EXPECT_EQ(read[i].prev, read[i - 1].mac);
    }
  }
}

TEST_F(AuditLogTest, ChangedAndDeletedEntriesAreEachNamed) {
  WriteEntries(20);
  const std::vector<std::string> ids = Ids();
  ASSERT_EQ(ids.size(), 20u);
  // Entry 6 now claims another agency read the case; entry 14 is gone.
  Rewrite({"set", "6", "agency", "polda-ntt"});
  ASSERT_EQ(redis_->Run({"XDEL", keys_.AuditStream(), ids[13]}), std::vector<std::string>{"1"});

  const auto v = Verify();
  ASSERT_EQ(v.findings.size(), 2u);
  EXPECT_EQ(v.findings[0].kind, Finding::Kind::kChanged);
  EXPECT_EQ(v.findings[0].entry_id, ids[5]);
  EXPECT_EQ(v.findings[0].seq, 6);
  EXPECT_NE(v.findings[0].message.find(ids[5]), std::string::npos) << v.findings[0].message;
  EXPECT_EQ(v.findings[1].kind, Finding::Kind::kRemoved);
  EXPECT_EQ(v.findings[1].seq, 14);
  EXPECT_EQ(v.findings[1].last_missing_seq, 14);
  EXPECT_EQ(v.findings[1].entry_id, ids[14]);  // the gap is right before seq 15
  EXPECT_NE(v.findings[1].message.find("seq 14 was removed"), std::string::npos)
      << v.findings[1].message;
}

TEST_F(AuditLogTest, ChangingOnlyTheOutcomeOrTheFieldsIsNamed) {
  WriteEntries(5);
  const std::vector<std::string> ids = Ids();
  Rewrite({"set", "2", "fields", ""});  // hide that personal fields were returned
  Rewrite({"set", "4", "outcome", "PERMISSION_DENIED"});
  const auto v = Verify();
  ASSERT_EQ(v.findings.size(), 2u);
  EXPECT_EQ(v.findings[0].kind, Finding::Kind::kChanged);
  EXPECT_EQ(v.findings[0].entry_id, ids[1]);
  EXPECT_EQ(v.findings[1].kind, Finding::Kind::kChanged);
  EXPECT_EQ(v.findings[1].entry_id, ids[3]);
}

TEST_F(AuditLogTest, ReorderedEntriesAreNamed) {
  WriteEntries(10);
  const std::vector<std::string> ids = Ids();
  Rewrite({"swap", "4", "5"});  // seq 5 now comes before seq 4
  const auto v = Verify();
  ASSERT_EQ(v.findings.size(), 1u) << v.findings.front().message;
  EXPECT_EQ(v.findings[0].kind, Finding::Kind::kReordered);
  EXPECT_EQ(v.findings[0].seq, 4);
  EXPECT_EQ(v.findings[0].entry_id, ids[4]);
}

TEST_F(AuditLogTest, EntriesRemovedFromTheEndAreNamed) {
  WriteEntries(8);
  const std::vector<std::string> ids = Ids();
  redis_->Run({"XDEL", keys_.AuditStream(), ids[6], ids[7]});
  const auto v = Verify();
  ASSERT_EQ(v.findings.size(), 1u);
  EXPECT_EQ(v.findings[0].kind, Finding::Kind::kRemoved);
  EXPECT_EQ(v.findings[0].seq, 7);
  EXPECT_EQ(v.findings[0].last_missing_seq, 8);
}

TEST_F(AuditLogTest, ADeletedHeadIsNamed) {
  WriteEntries(4);
  redis_->Run({"DEL", keys_.AuditHead()});
  const auto v = Verify();
  ASSERT_EQ(v.findings.size(), 1u);
  EXPECT_EQ(v.findings[0].kind, Finding::Kind::kRemoved);
  EXPECT_NE(v.findings[0].message.find("head record is missing"), std::string::npos);
}

TEST_F(AuditLogTest, AForgedEntryWithoutTheKeyIsNamed) {
  WriteEntries(3);
  // Appended by hand, with a plausible seq and link but no valid MAC.
  const auto head_mac = redis_->Run({"HGET", keys_.AuditHead(), "mac"});
  ASSERT_EQ(head_mac.size(), 1u);
  redis_->Run({"XADD",
               keys_.AuditStream(),
               "*",
               "seq",
               "4",
               "key",
               "audit-1",
               "prev",
               head_mac[0],
               "mac",
               std::string(64, 'a'),
               "agency",
               "bp3mi-ntt",
               "cert",
               "",
               "method",
               "GetCase",
               "case",
               "X-01",
               "fields",
               "",
               "outcome",
               "OK",
               "time",
               "1"});
  redis_->Run({"HSET", keys_.AuditHead(), "seq", "4", "mac", std::string(64, 'a')});
  const auto v = Verify();
  ASSERT_FALSE(v.findings.empty());
  EXPECT_EQ(v.findings[0].kind, Finding::Kind::kChanged);
  EXPECT_EQ(v.findings[0].seq, 4);
}

TEST_F(AuditLogTest, ConcurrentWritersAndTwoLogsKeepOneChain) {
  // Two AuditLog instances (as two lintasd processes would have), each on its own connection,
  // fed by several threads at once.
  auto client2 = Client();
  auto a = Log(*client_, {.capacity = 100000, .max_batch = 16});
  auto b = Log(*client2, {.capacity = 100000, .max_batch = 16});
  constexpr int kThreads = 4;
  constexpr int kPerThread = 250;
  std::vector<std::thread> threads;
  std::atomic<int> refused{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      redis::AuditLog& log = t % 2 == 0 ? *a : *b;
      for (int i = 0; i < kPerThread; ++i) {
        if (!log.Record(Entry(t * kPerThread + i))) ++refused;
      }
    });
  }
  for (auto& t : threads)
    t.join();
  ASSERT_TRUE(a->Flush(std::chrono::seconds(30)).ok());
  ASSERT_TRUE(b->Flush(std::chrono::seconds(30)).ok());
  EXPECT_EQ(refused.load(), 0);
  EXPECT_EQ(a->stats().written + b->stats().written,
            static_cast<std::uint64_t>(kThreads * kPerThread));

  const auto v = Verify();
  EXPECT_EQ(v.entries, kThreads * kPerThread);
  EXPECT_TRUE(v.findings.empty()) << v.findings.front().message;
  // Every entry made it, once.
  const redis::AuditReader reader(*client_, keys_);
  std::set<std::string> cases;
  ASSERT_TRUE(reader
                  .Scan([&](std::string_view, const std::optional<core::audit::ChainedEntry>& e) {
                    if (e) cases.insert(e->data.case_id);
                  })
                  .ok());
  EXPECT_EQ(cases.size(), static_cast<std::size_t>(kThreads * kPerThread));
}

TEST_F(AuditLogTest, VerifyingWhileLintasdAppendsFindsNothingWrong) {
  auto writer_client = Client();
  auto log = Log(*writer_client, {.capacity = 100000, .max_batch = 4});
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      log->Record(Entry(i));
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  for (int round = 0; round < 20; ++round) {
    const auto v = Verify();
    EXPECT_TRUE(v.findings.empty()) << "round " << round << ": " << v.findings.front().message;
  }
  stop = true;
  writer.join();
  ASSERT_TRUE(log->Flush(std::chrono::seconds(10)).ok());
  const auto v = Verify();
  EXPECT_EQ(v.entries, static_cast<std::int64_t>(log->stats().written));
  EXPECT_EQ(v.newer, 0);
  EXPECT_TRUE(v.findings.empty());
}

TEST_F(AuditLogTest, AFullQueueRefusesAndCountsWhileRedisIsDown) {
  redis_->Kill();
  auto log =
      Log(*client_, {.capacity = 3, .max_batch = 1, .retry_delay = std::chrono::milliseconds(20)});
  int accepted = 0;
  for (int i = 0; i < 10; ++i)
    accepted += log->Record(Entry(i)) ? 1 : 0;
  EXPECT_LE(accepted, 4);  // the queue, plus the batch the writer holds
  EXPECT_GE(log->stats().dropped, 6u);
  EXPECT_EQ(log->Flush(std::chrono::milliseconds(100)).code(), absl::StatusCode::kDeadlineExceeded);

  // Back up: what was accepted is written, and the chain holds exactly that.
  redis_->Restart();
  ASSERT_TRUE(log->Flush(std::chrono::seconds(20)).ok());
  EXPECT_EQ(log->stats().written, static_cast<std::uint64_t>(accepted));
  const auto v = Verify();
  EXPECT_EQ(v.entries, accepted);
  EXPECT_TRUE(v.findings.empty());
}

// ---- completions: what a reply carrying personal data waits for ----------------------------

// Waits for one completion; nullopt when it did not come within `timeout` (a hang, not a speed).
class Completion {
 public:
  redis::AuditLog::Written Callback() {
    return [this](absl::Status s) {
      std::lock_guard lock(mu_);
      status_ = std::move(s);
      ++calls_;
      cv_.notify_all();
    };
  }
  std::optional<absl::Status> Wait(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, timeout, [&] { return status_.has_value(); })) return std::nullopt;
    return status_;
  }
  bool Called() {
    std::lock_guard lock(mu_);
    return status_.has_value();
  }
  int calls() {
    std::lock_guard lock(mu_);
    return calls_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<absl::Status> status_;
  int calls_ = 0;
};

TEST_F(AuditLogTest, ACompletionSaysOkOnlyOnceItsEntryIsInRedis) {
  auto log = Log(*client_);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;
  std::vector<std::unique_ptr<Completion>> done;
  for (int i = 0; i < kThreads * kPerThread; ++i)
    done.push_back(std::make_unique<Completion>());
  std::atomic<int> missing_at_completion{0};
  std::atomic<int> answered_ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t * kPerThread; i < (t + 1) * kPerThread; ++i) {
        // The completion itself checks that the stream already holds the entry.
        log->Record(Entry(i), [&, cb = done[i]->Callback()](absl::Status s) mutable {
          if (s.ok()) {
            // Entries only ever grow: N entries answered OK means at least N in the stream.
            const int answered = ++answered_ok;
            const auto len = redis_->Run({"XLEN", keys_.AuditStream()});
            if (len.empty() || std::stoll(len[0]) < answered) ++missing_at_completion;
          }
          std::move(cb)(std::move(s));
        });
      }
    });
  }
  for (auto& t : threads)
    t.join();
  for (auto& d : done) {
    const auto s = d->Wait();
    ASSERT_TRUE(s.has_value()) << "a completion never came";
    EXPECT_TRUE(s->ok()) << *s;
    EXPECT_EQ(d->calls(), 1);
  }
  EXPECT_EQ(missing_at_completion.load(), 0);
  EXPECT_EQ(log->stats().written, static_cast<std::uint64_t>(kThreads * kPerThread));
  const auto v = Verify();
  EXPECT_EQ(v.entries, kThreads * kPerThread);
  EXPECT_TRUE(v.findings.empty());
}

TEST_F(AuditLogTest, WithRedisDownACompletionSaysUnavailableAndTheEntryIsWrittenLater) {
  redis_->Kill();
  auto log = Log(*client_, {.retry_delay = std::chrono::milliseconds(20)});
  Completion first, second;
  log->Record(Entry(1), first.Callback());
  log->Record(Entry(2), second.Callback());
  for (Completion* c : {&first, &second}) {
    const auto s = c->Wait();
    ASSERT_TRUE(s.has_value()) << "no answer while Redis is down";
    EXPECT_EQ(s->code(), absl::StatusCode::kUnavailable) << *s;
  }
  // The entries stay queued: once Redis is back they are written (an entry too many for a read
  // that was refused, never a read without one), and no completion is called twice.
  redis_->Restart();
  ASSERT_TRUE(log->Flush(std::chrono::seconds(20)).ok());
  EXPECT_EQ(log->stats().written, 2u);
  EXPECT_EQ(first.calls(), 1);
  EXPECT_EQ(second.calls(), 1);
  // And a new entry is confirmed again.
  Completion third;
  log->Record(Entry(3), third.Callback());
  const auto s = third.Wait();
  ASSERT_TRUE(s.has_value());
  EXPECT_TRUE(s->ok()) << *s;
  EXPECT_EQ(Verify().entries, 3);
}

TEST_F(AuditLogTest, AFullQueueAnswersUnavailableBeforeRecordReturns) {
  auto log = Log(*client_, {.capacity = 0});
  Completion refused;
  log->Record(Entry(1), refused.Callback());
  ASSERT_TRUE(refused.Called()) << "a refusal is answered at once, on the caller's thread";
  EXPECT_EQ(refused.Wait()->code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(log->stats().dropped, 1u);
  EXPECT_EQ(log->stats().recorded, 0u);
}

TEST_F(AuditLogTest, AnEntryStuckBehindASlowAppendAnswersUnavailableAfterMaxWait) {
  auto log = Log(*client_, {.max_wait = std::chrono::milliseconds(50)});
  // Redis holds every write for a second: the first batch is in flight meanwhile.
  redis_->Run({"CLIENT", "PAUSE", "1000", "WRITE"});
  Completion in_flight;
  log->Record(Entry(1), in_flight.Callback());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the writer took entry 1
  Completion behind;
  log->Record(Entry(2), behind.Callback());
  const auto b = behind.Wait();
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->code(), absl::StatusCode::kUnavailable) << *b;
  const auto a = in_flight.Wait();
  ASSERT_TRUE(a.has_value());
  EXPECT_TRUE(a->ok()) << "its append succeeded (late, within the command timeout): " << *a;
  ASSERT_TRUE(log->Flush(std::chrono::seconds(20)).ok());
  EXPECT_EQ(Verify().entries, 2) << "the late entry is written all the same";
}

TEST_F(AuditLogTest, EntriesLeftAtShutdownWithRedisDownAreAnsweredUnavailable) {
  redis_->Kill();
  Completion left;
  {
    auto log = Log(*client_,
                   {.retry_delay = std::chrono::seconds(30), .max_wait = std::chrono::seconds(30)});
    log->Record(Entry(1));  // keeps the writer busy retrying
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    log->Record(Entry(2), left.Callback());
  }
  ASSERT_TRUE(left.Called()) << "every completion is called by the time the log is gone";
  EXPECT_EQ(left.Wait()->code(), absl::StatusCode::kUnavailable);
}

TEST_F(AuditLogTest, AnAuditKeyRotationKeepsOldEntriesVerifiable) {
  WriteEntries(3);
  crypto::Key256 key{};
  random_.Fill(key);
  ASSERT_TRUE(ring_.Add("audit-2", key).ok());
  ASSERT_TRUE(ring_.SetAuditKey("audit-2").ok());
  mac_ = std::make_unique<crypto::AuditMac>(ring_);
  WriteEntries(2);
  const auto v = Verify();
  EXPECT_EQ(v.entries, 5);
  EXPECT_TRUE(v.findings.empty()) << v.findings.front().message;
}

TEST_F(AuditLogTest, TheTrailRecordsFieldPathsAndSaysWhenItCannot) {
  FakeClock clock{core::Timestamp(std::chrono::milliseconds(1'790'000'000'123))};
  core::Agency agency;
  agency.id = "bp3mi-ntt";
  core::Case c;
  c.subject.full_name = "Maria";
  c.subject.nik = "5321014507950001";
  c.reported_persons = {{"", "+6281398765432", "", "calo"}};
  c.narrative = "...";
  const grpcx::Caller caller{&agency, "ab:cd"};
  const std::vector<std::string> fields = core::PersonalFieldsIn(c);
  EXPECT_EQ(fields, (std::vector<std::string>{"subject.full_name", "subject.nik",
                                              "reported_persons[0].phone", "narrative"}));
  {
    auto log = Log(*client_);
    const services::AuditTrail trail(*log, clock);
    // A read waits for its entry: once RecordReads answers OK, the entry is in Redis.
    EXPECT_TRUE(trail
                    .RecordReads(caller, core::Method::kCaseStatusGetCase,
                                 {{"C-07", fields, absl::NotFoundError("x")}})
                    .ok());
    EXPECT_EQ(log->stats().written, 1u);
  }
  const redis::AuditReader reader(*client_, keys_);
  std::vector<core::audit::ChainedEntry> read;
  ASSERT_TRUE(reader
                  .Scan([&](std::string_view, const std::optional<core::audit::ChainedEntry>& e) {
                    ASSERT_TRUE(e.has_value());
                    read.push_back(*e);
                  })
                  .ok());
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].data.agency, "bp3mi-ntt");
  EXPECT_EQ(read[0].data.cert_fingerprint, "ab:cd");
  EXPECT_EQ(read[0].data.method, "lintas.v1.CaseStatusService/GetCase");
  EXPECT_EQ(read[0].data.fields,
            "subject.full_name,subject.nik,reported_persons[0].phone,narrative");
  EXPECT_EQ(read[0].data.outcome, "NOT_FOUND");
  EXPECT_EQ(read[0].data.time_ms, 1'790'000'000'123);

  // A log that cannot take the entry: the trail says so, so that a read can fail closed.
  auto full = Log(*client_, {.capacity = 0});
  const services::AuditTrail refusing(*full, clock);
  const absl::Status refused = refusing.RecordReads(caller, core::Method::kCaseStatusGetCase,
                                                    {{"C-07", fields, absl::OkStatus()}});
  EXPECT_FALSE(refused.ok());
  EXPECT_EQ(refused, services::AuditUnavailable());
  EXPECT_EQ(full->stats().dropped, 1u);
  EXPECT_EQ(services::AuditUnavailable().code(), absl::StatusCode::kUnavailable);
  // A command's entry refused: the log counts it, the command's answer stands.
  refusing.RecordCommand(caller, core::Method::kReferralAccept, "C-07", {}, absl::OkStatus());
  EXPECT_EQ(full->stats().dropped, 2u);
}

}  // namespace
}  // namespace lintas::testing
