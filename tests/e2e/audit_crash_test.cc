// "Every read of personal data is audited, fail closed" across a crash: GetCase under load while
// the serving lintasd is SIGKILLed and restarted, then every answer a client received with the
// subject's name must have its entry on the audit chain (docs/security.md, "Audit chain").
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "adapters/redis/blocking_connection.h"
#include "lintas/v1/intake.grpc.pb.h"
#include "tests/e2e/lintasd_process.h"
#include "tests/support/redis_server.h"

namespace lintas::testing {
namespace {

using namespace std::chrono_literals;

constexpr char kAgency[] = "bp3mi-ntt";
constexpr char kGetCase[] = "lintas.v1.IntakeService/GetCase";
constexpr int kClients = 16;
constexpr int kKills = 2;

// As the other e2e tests submit it, with `name` as the subject's.
v1::Case CaseOf(const std::string& name) {
  v1::Case c;
  c.set_category(v1::CATEGORY_TRAFFICKING);
  c.set_severity(v1::SEVERITY_HIGH);
  c.set_region_code("53.21.01.2006");
  c.set_channel(v1::CHANNEL_AGENCY_SYSTEM);
  auto* s = c.mutable_subject();
  s->set_full_name(name);
  s->set_nik("5321014507950001");
  s->set_sex(v1::SEX_FEMALE);
  s->set_destination_country("MY");
  auto* p = c.add_reported_persons();
  p->set_name("Yohanes Calo Bria");
  p->set_phone("+62 813 9876 5432");
  p->set_role("calo");
  c.mutable_reporter()->set_mode(v1::REPORTER_MODE_ANONYMOUS);
  c.set_narrative("Dijanjikan kerja di restoran, diberangkatkan lewat Atambua tanpa dokumen.");
  return c;
}

class AuditCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = RedisServer::Start();
    ASSERT_NE(redis_, nullptr);
    char tmpl[] = "/tmp/lintas-e2e-audit-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    const std::string src = std::string(LINTAS_SOURCE_DIR) + "/deploy/config/";
    for (const char* f : {"regions-ntt.yaml", "routing-ntt.yaml", "holidays-id-2026.yaml"}) {
      std::filesystem::copy_file(src + f, dir_ + "/" + f);
    }
    // The demo config with a rate limit 16 busy clients stay under.
    std::ifstream in(src + "lintas.yaml");
    std::stringstream text;
    text << in.rdbuf();
    std::string config = text.str();
    const std::string limit = "    requests_per_second: 50\n    burst: 100\n";
    ASSERT_NE(config.find(limit), std::string::npos);
    config.replace(config.find(limit), limit.size(),
                   "    requests_per_second: 1000000\n    burst: 1000000\n");
    std::ofstream(dir_ + "/lintas.yaml") << config;
    key_file_ = LintasdProcess::MakeKeyFile();
    ASSERT_FALSE(key_file_.empty());
  }

  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<LintasdProcess> Start() {
    return LintasdProcess::Start({dir_ + "/lintas.yaml",
                                  {"--services=intake"},
                                  {{"LINTAS_REDIS_ADDRESS", redis_->address()},
                                   {"LINTAS_KEY_FILE", key_file_},
                                   {"LINTAS_LISTEN", "127.0.0.1:0"}}});
  }

  // Where the clients call now; bumps `generation_` so that they reconnect.
  void Serve(const std::string& target) {
    std::lock_guard lock(mu_);
    target_ = target;
    ++generation_;
  }

  // GetCase entries with outcome OK on the audit chain, per case id, for kAgency.
  std::map<std::string, int> AuditedGets() const {
    std::map<std::string, int> out;
    auto conn = redis_->Connect();
    std::string start = "-";
    for (;;) {
      auto got = conn->Command({"XRANGE", "lintas:{audit}", start, "+", "COUNT", "1000"});
      EXPECT_TRUE(got.ok()) << got.status();
      if (!got.ok()) return out;
      const redisReply* reply = got->get();
      const std::size_t n = reply->elements;
      for (std::size_t i = 0; i < n; ++i) {
        const redisReply* entry = reply->element[i];
        start = "(" + std::string(entry->element[0]->str, entry->element[0]->len);
        std::map<std::string, std::string> f;
        const redisReply* kv = entry->element[1];
        for (std::size_t j = 0; j + 1 < kv->elements; j += 2) {
          f[std::string(kv->element[j]->str, kv->element[j]->len)] =
              std::string(kv->element[j + 1]->str, kv->element[j + 1]->len);
        }
        if (f["method"] == kGetCase && f["agency"] == kAgency && f["outcome"] == "OK") {
          ++out[f["case"]];
        }
      }
      if (n < 1000) return out;
    }
  }

  std::unique_ptr<RedisServer> redis_;
  std::string dir_;
  std::string key_file_;
  std::mutex mu_;
  std::string target_;
  int generation_ = 0;
};

TEST_F(AuditCrashTest, EveryGetCaseAnswerWithPersonalDataSurvivesKillsOnTheAuditChain) {
  auto lintasd = Start();
  ASSERT_NE(lintasd, nullptr);
  Serve(lintasd->target());

  // Two cases with a subject name each.
  const std::vector<std::string> names = {"Maria Goreti Seran", "Yuliana Bete Klau"};
  std::vector<std::string> ids;
  {
    auto intake = v1::IntakeService::NewStub(
        grpc::CreateChannel(lintasd->target(), grpc::InsecureChannelCredentials()));
    for (std::size_t i = 0; i < names.size(); ++i) {
      grpc::ClientContext ctx;
      ctx.AddMetadata("x-lintas-agency", kAgency);
      ctx.set_deadline(std::chrono::system_clock::now() + 10s);
      v1::SubmitCaseRequest req;
      req.set_idempotency_key("e2e-audit-crash-" + std::to_string(i));
      *req.mutable_case_() = CaseOf(names[i]);
      v1::SubmitCaseResponse created;
      const grpc::Status s = intake->SubmitCase(&ctx, req, &created);
      ASSERT_TRUE(s.ok()) << s.error_message() << " " << s.error_details();
      ids.push_back(created.case_id());
    }
  }

  // kClients closed loops of GetCase; each counts the answers that carried the subject's name.
  std::atomic<bool> stop{false};
  std::vector<std::vector<int>> answered(kClients, std::vector<int>(ids.size(), 0));
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      int generation = -1;
      std::unique_ptr<v1::IntakeService::Stub> stub;
      for (int n = 0; !stop; ++n) {
        {
          std::lock_guard lock(mu_);
          if (generation != generation_) {
            generation = generation_;
            stub = v1::IntakeService::NewStub(
                grpc::CreateChannel(target_, grpc::InsecureChannelCredentials()));
          }
        }
        const std::size_t c = static_cast<std::size_t>(n + t) % ids.size();
        grpc::ClientContext ctx;
        ctx.AddMetadata("x-lintas-agency", kAgency);
        ctx.set_deadline(std::chrono::system_clock::now() + 2s);
        v1::GetCaseRequest req;
        req.set_case_id(ids[c]);
        v1::Case got;
        const grpc::Status s = stub->GetCase(&ctx, req, &got);
        if (s.ok() && got.subject().full_name() == names[c]) {
          ++answered[t][c];
        } else if (!s.ok()) {
          std::this_thread::sleep_for(20ms);  // the server is gone: wait for the next one
        }
      }
    });
  }

  // Kill the serving process while the calls run, twice, restarting it each time.
  for (int kill = 0; kill < kKills; ++kill) {
    std::this_thread::sleep_for(1500ms);
    lintasd->Signal(SIGKILL);
    lintasd.reset();  // reaps it
    lintasd = Start();
    ASSERT_NE(lintasd, nullptr);
    Serve(lintasd->target());
  }
  std::this_thread::sleep_for(1500ms);
  stop = true;
  for (auto& c : clients)
    c.join();

  const std::map<std::string, int> audited = AuditedGets();
  int total = 0;
  for (std::size_t c = 0; c < ids.size(); ++c) {
    int answers = 0;
    for (int t = 0; t < kClients; ++t)
      answers += answered[t][c];
    total += answers;
    const auto it = audited.find(ids[c]);
    const int entries = it == audited.end() ? 0 : it->second;
    std::cout << "case " << ids[c] << ": " << answers << " answers, " << entries
              << " audit entries\n";
    EXPECT_GE(entries, answers) << "case " << ids[c] << ": " << answers
                                << " answers with the subject's name, " << entries
                                << " GetCase audit entries";
  }
  EXPECT_GT(total, 0) << "no answer at all: the test measured nothing";
  RecordProperty("answers", total);
  EXPECT_EQ(lintasd->Terminate(), 0) << lintasd->Log();
}

}  // namespace
}  // namespace lintas::testing
