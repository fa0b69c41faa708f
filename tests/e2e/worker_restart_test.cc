// Issue 16 with whole lintasd processes: a SIGKILLed notify worker restarted under the same
// instance takes back its own pending entries at once (item 4), and a notify started only after
// routing has been running and trimming still gets every notification (item 1).
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "adapters/redis/blocking_connection.h"
#include "lintas/v1/intake.grpc.pb.h"
#include "tests/e2e/lintasd_process.h"
#include "tests/support/redis_server.h"

namespace lintas::testing {
namespace {

using namespace std::chrono_literals;

constexpr char kReferralRequested[] = "lintas.v1.ReferralRequested";

v1::Case CaseOf(int i) {
  v1::Case c;
  c.set_category(v1::CATEGORY_TRAFFICKING);
  c.set_severity(v1::SEVERITY_HIGH);
  c.set_region_code("53.21.01.2006");
  c.set_channel(v1::CHANNEL_AGENCY_SYSTEM);
  auto* s = c.mutable_subject();
  s->set_full_name("Korban " + std::to_string(i));
  s->set_sex(v1::SEX_FEMALE);
  s->set_destination_country("MY");
  c.mutable_reporter()->set_mode(v1::REPORTER_MODE_ANONYMOUS);
  c.set_narrative("Dijanjikan kerja di luar negeri, diberangkatkan tanpa dokumen.");
  return c;
}

// Every field of a stream entry reply ([id, [f, v, ...]]) by name.
std::map<std::string, std::string> Fields(const redisReply* entry) {
  std::map<std::string, std::string> out;
  const redisReply* kv = entry->element[1];
  for (std::size_t j = 0; j + 1 < kv->elements; j += 2) {
    out[std::string(kv->element[j]->str, kv->element[j]->len)] =
        std::string(kv->element[j + 1]->str, kv->element[j + 1]->len);
  }
  return out;
}

class WorkerRestartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = RedisServer::Start();
    ASSERT_NE(redis_, nullptr);
    char tmpl[] = "/tmp/lintas-e2e-restart-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    const std::filesystem::path src = std::string(LINTAS_SOURCE_DIR) + "/deploy/config";
    for (const auto& f : std::filesystem::directory_iterator(src)) {
      if (f.is_regular_file()) std::filesystem::copy_file(f.path(), dir_ / f.path().filename());
    }
    // Trims every 200 ms (so a test sees many), claims only after 30 s (so a test that finishes
    // in seconds did not wait for a claim).
    std::ofstream(dir_ / "lintas.yaml", std::ios::app)
        << "workers:\n  claim_idle_ms: 30000\n  trim_interval_ms: 200\n";
    key_file_ = LintasdProcess::MakeKeyFile();
    ASSERT_FALSE(key_file_.empty());
  }

  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<LintasdProcess> Start(const std::string& services) {
    return LintasdProcess::Start({(dir_ / "lintas.yaml").string(),
                                  {"--services=" + services},
                                  {{"LINTAS_REDIS_ADDRESS", redis_->address()},
                                   {"LINTAS_KEY_FILE", key_file_},
                                   {"LINTAS_LISTEN", "127.0.0.1:0"},
                                   {"LINTAS_INSTANCE", "e2e-a"}}});
  }

  void Submit(const LintasdProcess& intake, int from, int count) {
    auto stub = v1::IntakeService::NewStub(
        grpc::CreateChannel(intake.target(), grpc::InsecureChannelCredentials()));
    for (int i = from; i < from + count; ++i) {
      grpc::ClientContext ctx;
      ctx.AddMetadata("x-lintas-agency", "bp3mi-ntt");
      ctx.set_deadline(std::chrono::system_clock::now() + 10s);
      v1::SubmitCaseRequest req;
      req.set_idempotency_key("e2e-restart-" + std::to_string(i));
      *req.mutable_case_() = CaseOf(i);
      v1::SubmitCaseResponse out;
      const grpc::Status s = stub->SubmitCase(&ctx, req, &out);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
  }

  static std::string Stream(int p) {
    char key[32];
    std::snprintf(key, sizeof key, "lintas:{p%02d}:events", p);
    return key;
  }

  // `field` of `group` on partition p's stream ("pending", "last-delivered-id"); "" if absent.
  // Walked one element at a time: a nil (lag, entries-read after a trim) is no element at all.
  std::string GroupField(int p, const std::string& group, const std::string& field) {
    const auto groups = redis_->Run({"XINFO", "GROUPS", Stream(p)});
    for (std::size_t i = 0; i + 1 < groups.size(); ++i) {
      if (groups[i] != "name" || groups[i + 1] != group) continue;
      for (std::size_t j = i + 2; j + 1 < groups.size() && groups[j] != "name"; ++j) {
        if (groups[j] == field) return groups[j + 1];
      }
    }
    return "";
  }

  long long Pending(const std::string& group) {
    long long n = 0;
    for (int p = 0; p < 16; ++p) {
      const std::string v = GroupField(p, group, "pending");
      if (!v.empty()) n += std::stoll(v);
    }
    return n;
  }

  // Every partition stream's last entry given to `group`, and nothing pending.
  bool CaughtUp(const std::string& group) {
    for (int p = 0; p < 16; ++p) {
      const auto last = redis_->Run({"XREVRANGE", Stream(p), "+", "-", "COUNT", "1"});
      if (last.empty()) continue;
      if (GroupField(p, group, "pending") != "0" ||
          GroupField(p, group, "last-delivered-id") != last[0]) {
        return false;
      }
    }
    return true;
  }

  bool WaitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
      if (done()) return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

  // The entries of every key matching `pattern` (streams), by entry id -> fields.
  std::vector<std::map<std::string, std::string>> Entries(const std::string& pattern) {
    std::vector<std::map<std::string, std::string>> out;
    auto conn = redis_->Connect();
    std::string cursor = "0";
    do {
      auto scan = conn->Command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
      EXPECT_TRUE(scan.ok()) << scan.status();
      if (!scan.ok()) return out;
      cursor = std::string(scan->get()->element[0]->str, scan->get()->element[0]->len);
      const redisReply* keys = scan->get()->element[1];
      for (std::size_t k = 0; k < keys->elements; ++k) {
        auto range = conn->Command({"XRANGE", std::string(keys->element[k]->str), "-", "+"});
        EXPECT_TRUE(range.ok()) << range.status();
        if (!range.ok()) continue;
        for (std::size_t i = 0; i < range->get()->elements; ++i) {
          auto fields = Fields(range->get()->element[i]);
          fields["id"] = range->get()->element[i]->element[0]->str;
          out.push_back(std::move(fields));
        }
      }
    } while (cursor != "0");
    return out;
  }

  // Partition entry ids of every referral request (from the timelines, never trimmed), and of
  // every referral notification in any inbox: equal when no notification was lost.
  std::pair<std::set<std::string>, std::set<std::string>> ReferralsAndTheirNotifications() {
    std::set<std::string> referrals, notified;
    for (const auto& e : Entries("lintas:{p*}:timeline:*")) {
      if (e.at("t") == kReferralRequested) referrals.insert(e.at("id"));
    }
    for (const auto& e : Entries("lintas:{a:*}:inbox")) {
      if (e.at("type") == kReferralRequested) notified.insert(e.at("entry"));
    }
    return {referrals, notified};
  }

  std::unique_ptr<RedisServer> redis_;
  std::filesystem::path dir_;
  std::string key_file_;
};

TEST_F(WorkerRestartTest, AKilledNotifyRestartedWithTheSameInstanceResumesWithinSeconds) {
  auto intake = Start("intake");
  ASSERT_NE(intake, nullptr);
  auto routing = Start("routing");
  ASSERT_NE(routing, nullptr);
  auto notify = Start("notify");
  ASSERT_NE(notify, nullptr);
  Submit(*intake, 0, 5);
  ASSERT_TRUE(WaitFor([&] { return CaughtUp("routing") && CaughtUp("notify"); }, 30s));

  // Frozen while blocked in XREADGROUP: Redis still hands it the entries that arrive (they are
  // pending for "e2e-a-notify"), and it never acknowledges them. A read whose 1 s block ran out
  // before the entries came hands over nothing, so try a few times.
  int next = 5;
  for (int attempt = 0; attempt < 10 && Pending("notify") == 0; ++attempt) {
    notify->Signal(SIGSTOP);
    Submit(*intake, next, 3);
    next += 3;
    if (WaitFor([&] { return Pending("notify") > 0; }, 1500ms)) break;
    notify->Signal(SIGCONT);
    ASSERT_TRUE(WaitFor([&] { return CaughtUp("notify"); }, 30s));
  }
  const long long pending = Pending("notify");
  ASSERT_GT(pending, 0) << "the frozen notify never got entries";
  ASSERT_TRUE(WaitFor([&] { return CaughtUp("routing"); }, 30s));
  // A notify SIGKILLed while running leaves its consumer lease with up to its TTL (1.5 s) to
  // live, and the restart waits for that. This one was frozen long enough for its lease to
  // lapse: put back what a running one leaves at worst, so the time below includes that wait.
  redis_->Run({"SET", "lintas:consumer-lease:e2e-a-notify", "killed-holder", "PX", "1500"});
  notify->Signal(SIGKILL);
  notify.reset();  // reaps it

  const auto restart = std::chrono::steady_clock::now();
  notify = Start("notify");
  ASSERT_NE(notify, nullptr);
  const bool done = WaitFor([&] { return CaughtUp("notify"); }, 10s);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - restart);
  // The only way to finish before claim_idle (30 s) is taking its own pending entries back.
  ASSERT_TRUE(done) << "the restarted notify did not finish " << pending
                    << " pending entries in 10 s\n"
                    << notify->Log();
  std::printf(
      "[ info ] %lld pending entries of the killed notify handled %lld ms after the "
      "restart began (claim_idle 30 s)\n",
      pending, static_cast<long long>(took.count()));
  EXPECT_NE(notify->Log().find("lapsed and is now held by"), std::string::npos) << notify->Log();
  const auto [referrals, notified] = ReferralsAndTheirNotifications();
  EXPECT_FALSE(referrals.empty());
  EXPECT_EQ(notified, referrals);
  EXPECT_EQ(redis_->Run({"XLEN", "lintas:dlq:notify"})[0], "0");
}

TEST_F(WorkerRestartTest, ANotifyStartedAfterRoutingTrimmedGetsEveryNotification) {
  auto intake = Start("intake");
  ASSERT_NE(intake, nullptr);
  auto routing = Start("routing");
  ASSERT_NE(routing, nullptr);
  Submit(*intake, 0, 30);
  ASSERT_TRUE(WaitFor([&] { return CaughtUp("routing"); }, 30s));
  // No notify process yet; routing trims every 200 ms. Let it trim many times.
  std::this_thread::sleep_for(1500ms);
  {
    const auto [referrals, notified] = ReferralsAndTheirNotifications();
    ASSERT_FALSE(referrals.empty());
    ASSERT_TRUE(notified.empty()) << "nobody notifies yet";
  }

  auto notify = Start("notify");
  ASSERT_NE(notify, nullptr);
  ASSERT_TRUE(WaitFor([&] { return CaughtUp("notify"); }, 30s)) << notify->Log();
  const auto [referrals, notified] = ReferralsAndTheirNotifications();
  EXPECT_EQ(notified, referrals) << "every referral request reached its target's inbox";
  std::printf("[ info ] %zu referral notifications after a late notify start\n", notified.size());
}

}  // namespace
}  // namespace lintas::testing
