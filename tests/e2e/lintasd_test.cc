// The real lintasd binary with a private redis-server, called through the generated gRPC client.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "lintas/v1/intake.grpc.pb.h"
#include "lintas/v1/notification.pb.h"
#include "lintas/v1/referral_service.grpc.pb.h"
#include "tests/e2e/lintasd_process.h"
#include "tests/support/redis_server.h"
#include "tests/support/webhook_receiver.h"

namespace lintas::testing {
namespace {

using grpc::health::v1::HealthCheckResponse;

v1::Case TraffickingCase(const std::string& name) {
  v1::Case c;
  c.set_category(v1::CATEGORY_TRAFFICKING);
  c.set_severity(v1::SEVERITY_HIGH);
  c.set_region_code("53.21.01.2006");
  c.set_channel(v1::CHANNEL_AGENCY_SYSTEM);
  auto* s = c.mutable_subject();
  s->set_full_name(name);
  s->set_nik("5321014507950001");
  s->set_phone("0812-3456-7890");
  s->set_sex(v1::SEX_FEMALE);
  s->set_destination_country("MY");
  auto* p = c.add_reported_persons();
  p->set_name("Yohanes Calo Bria");
  p->set_phone("+62 813 9876 5432");
  p->set_role("calo");
  auto* r = c.mutable_reporter();
  r->set_mode(v1::REPORTER_MODE_CONFIDENTIAL);
  r->set_name("Agustina Luruk");
  r->set_contact_phone("085311112222");
  r->set_relation("kakak");
  c.set_narrative("Dijanjikan kerja di restoran, diberangkatkan lewat Atambua tanpa dokumen.");
  return c;
}

class LintasdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = RedisServer::Start();
    ASSERT_NE(redis_, nullptr);
    key_file_ = LintasdProcess::MakeKeyFile();
    ASSERT_FALSE(key_file_.empty());
    lintasd_ = LintasdProcess::Start(Options());
    ASSERT_NE(lintasd_, nullptr);
    channel_ = grpc::CreateChannel(lintasd_->target(), grpc::InsecureChannelCredentials());
    intake_ = v1::IntakeService::NewStub(channel_);
  }

  LintasdProcess::Options Options() const {
    return {"",
            {},
            {{"LINTAS_REDIS_ADDRESS", redis_->address()},
             {"LINTAS_KEY_FILE", key_file_},
             {"LINTAS_LISTEN", "127.0.0.1:0"}}};
  }

  static void As(grpc::ClientContext& ctx, const std::string& agency) {
    ctx.AddMetadata("x-lintas-agency", agency);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  }

  grpc::Status Submit(const std::string& agency, const std::string& key, const v1::Case& c,
                      v1::SubmitCaseResponse* out) {
    grpc::ClientContext ctx;
    As(ctx, agency);
    v1::SubmitCaseRequest req;
    req.set_idempotency_key(key);
    *req.mutable_case_() = c;
    return intake_->SubmitCase(&ctx, req, out);
  }

  grpc::Status Get(const std::string& agency, const std::string& id, v1::Case* out) {
    grpc::ClientContext ctx;
    As(ctx, agency);
    v1::GetCaseRequest req;
    req.set_case_id(id);
    return intake_->GetCase(&ctx, req, out);
  }

  HealthCheckResponse::ServingStatus Health() {
    auto stub = grpc::health::v1::Health::NewStub(channel_);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    HealthCheckResponse resp;
    const auto s = stub->Check(&ctx, {}, &resp);
    return s.ok() ? resp.status() : HealthCheckResponse::UNKNOWN;
  }

  // Polls health until it reports `want` (the probe runs every 500 ms) or 15 s pass.
  bool HealthBecomes(HealthCheckResponse::ServingStatus want) {
    for (int i = 0; i < 150; ++i) {
      if (Health() == want) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  std::unique_ptr<RedisServer> redis_;
  std::string key_file_;
  std::unique_ptr<LintasdProcess> lintasd_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::IntakeService::Stub> intake_;
};

std::vector<std::string> FieldsOf(const grpc::Status& s) {
  std::vector<std::string> fields;
  google::rpc::Status details;
  google::rpc::BadRequest bad;
  if (!details.ParseFromString(s.error_details()) || details.details_size() != 1 ||
      !details.details(0).UnpackTo(&bad)) {
    return fields;
  }
  for (const auto& v : bad.field_violations())
    fields.push_back(v.field());
  return fields;
}

TEST_F(LintasdTest, SubmitThenGetOverGrpc) {
  v1::SubmitCaseResponse created;
  const auto s =
      Submit("bp3mi-ntt", "e2e-submit-0001", TraffickingCase("Maria Goreti Seran"), &created);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(created.status(), v1::CASE_STATUS_RECEIVED);
  EXPECT_EQ(created.version(), 1);
  EXPECT_FALSE(created.replayed());

  v1::Case got;
  const auto g = Get("bp3mi-ntt", created.case_id(), &got);
  ASSERT_TRUE(g.ok()) << g.error_message();
  EXPECT_EQ(got.id(), created.case_id());
  EXPECT_EQ(got.subject().full_name(), "Maria Goreti Seran");
  EXPECT_EQ(got.subject().phone(), "+6281234567890") << "normalised to E.164";
  EXPECT_EQ(got.reported_persons(0).phone(), "+6281398765432");
  EXPECT_EQ(got.submitted_by(), "bp3mi-ntt");
  // The routing service may already have referred it by the time it is read back.
  EXPECT_TRUE(got.status() == v1::CASE_STATUS_RECEIVED || got.status() == v1::CASE_STATUS_REFERRED)
      << got.status();
  EXPECT_EQ(Health(), HealthCheckResponse::SERVING);
}

TEST_F(LintasdTest, ResubmissionIsIdempotentAndConflictsAreRefused) {
  v1::SubmitCaseResponse a, b, c;
  ASSERT_TRUE(Submit("bp3mi-ntt", "e2e-idem-0001", TraffickingCase("Yosefina Bete"), &a).ok());
  ASSERT_TRUE(Submit("bp3mi-ntt", "e2e-idem-0001", TraffickingCase("Yosefina Bete"), &b).ok());
  EXPECT_EQ(b.case_id(), a.case_id());
  EXPECT_TRUE(b.replayed());
  const auto s = Submit("bp3mi-ntt", "e2e-idem-0001", TraffickingCase("Someone Else"), &c);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(LintasdTest, BadInputListsEveryViolationAndWritesNothing) {
  v1::Case bad = TraffickingCase("Maria");
  bad.mutable_subject()->set_nik("5321014507950");           // too short
  bad.mutable_reported_persons(0)->set_phone("0800123456");  // toll-free, not mobile
  bad.set_region_code("99.99");                              // not in the region list
  v1::SubmitCaseResponse out;
  const auto s = Submit("bp3mi-ntt", "e2e-bad-0001", bad, &out);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  const auto fields = FieldsOf(s);
  const std::set<std::string> got(fields.begin(), fields.end());
  EXPECT_EQ(got, (std::set<std::string>{"case.subject.nik", "case.reported_persons[0].phone",
                                        "case.region_code"}));
  // Nothing may be written: no case, no idempotency record, no event (the routing service's
  // consumer group makes the empty partition streams, which hold nothing).
  EXPECT_TRUE(redis_->Run({"KEYS", "lintas:*:case:*"}).empty());
  EXPECT_TRUE(redis_->Run({"KEYS", "lintas:*:idem:*"}).empty());
  for (const auto& stream : redis_->Run({"KEYS", "lintas:*:events"})) {
    EXPECT_EQ(redis_->Run({"XLEN", stream}), std::vector<std::string>{"0"}) << stream;
  }
}

TEST_F(LintasdTest, CallersMustBeRegisteredAgencies) {
  v1::SubmitCaseResponse out;
  EXPECT_EQ(Submit("not-an-agency", "e2e-auth-0001", TraffickingCase("X"), &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  grpc::ClientContext ctx;  // no header at all
  v1::SubmitCaseRequest req;
  EXPECT_EQ(intake_->SubmitCase(&ctx, req, &out).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(LintasdTest, AnotherAgencyCannotTellTheCaseExists) {
  v1::SubmitCaseResponse created;
  ASSERT_TRUE(Submit("bp3mi-ntt", "e2e-see-0001", TraffickingCase("M"), &created).ok());
  v1::Case got;
  const auto other = Get("polda-ntt", created.case_id(), &got);
  const auto missing = Get("polda-ntt", "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07", &got);
  EXPECT_EQ(other.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  // Same shape of answer: only the id differs.
  std::string a = other.error_message(), b = missing.error_message();
  a.replace(a.find(created.case_id()), created.case_id().size(), "ID");
  b.replace(b.find("01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07"), 29, "ID");
  EXPECT_EQ(a, b);
}

TEST_F(LintasdTest, RedisOutageIsUnavailableThenRecoversWithoutRestart) {
  v1::SubmitCaseResponse out;
  ASSERT_TRUE(Submit("bp3mi-ntt", "e2e-out-0001", TraffickingCase("A"), &out).ok());
  redis_->Kill();
  EXPECT_EQ(Submit("bp3mi-ntt", "e2e-out-0002", TraffickingCase("B"), &out).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_TRUE(HealthBecomes(HealthCheckResponse::NOT_SERVING));
  redis_->Restart();
  const auto s = Submit("bp3mi-ntt", "e2e-out-0002", TraffickingCase("B"), &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(HealthBecomes(HealthCheckResponse::SERVING));
}

TEST_F(LintasdTest, ReflectionListsTheIntakeService) {
  auto stub = grpc::reflection::v1alpha::ServerReflection::NewStub(channel_);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  auto stream = stub->ServerReflectionInfo(&ctx);
  grpc::reflection::v1alpha::ServerReflectionRequest req;
  req.set_list_services("");
  ASSERT_TRUE(stream->Write(req));
  stream->WritesDone();
  grpc::reflection::v1alpha::ServerReflectionResponse resp;
  ASSERT_TRUE(stream->Read(&resp));
  std::set<std::string> names;
  for (const auto& s : resp.list_services_response().service())
    names.insert(s.name());
  EXPECT_TRUE(names.count("lintas.v1.IntakeService")) << "services listed: " << names.size();
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(LintasdTest, SigtermDrainsCallsInFlightAndExitsZero) {
  // Clients submit in a loop. Redis is then made to stall for a second (DEBUG SLEEP), so that
  // every client has a call parked inside lintasd when SIGTERM arrives. Those calls must finish
  // OK after the signal; calls that arrive once shutdown began may be refused (UNAVAILABLE, or
  // CANCELLED before a handler ran) and are safe to retry with their idempotency key; every OK
  // must be durable in Redis; lintasd exits 0.
  constexpr int kClients = 8;
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0};
  std::mutex mu;
  std::vector<std::string> ids;
  std::vector<std::string> unexpected;
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      for (int i = 0; !stop.load(); ++i) {
        v1::SubmitCaseResponse out;
        const auto s =
            Submit("bp3mi-ntt", "e2e-term-" + std::to_string(t) + "-" + std::to_string(i),
                   TraffickingCase("N"), &out);
        std::lock_guard lock(mu);
        if (s.ok()) {
          ids.push_back(out.case_id());
          ok.fetch_add(1);
        } else if (s.error_code() != grpc::StatusCode::UNAVAILABLE &&
                   s.error_code() != grpc::StatusCode::CANCELLED) {
          unexpected.push_back(std::to_string(s.error_code()) + " " + s.error_message());
        }
      }
    });
  }
  while (ok.load() < 40)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::thread stall([&] { redis_->Run({"DEBUG", "SLEEP", "1"}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let the calls pile up
  const int ok_at_signal = ok.load();
  const int code = lintasd_->Terminate();
  stop = true;
  stall.join();
  for (auto& c : clients)
    c.join();
  EXPECT_EQ(code, 0) << lintasd_->Log();
  EXPECT_GE(ok.load(), ok_at_signal + 1) << "calls parked at SIGTERM did not complete";
  EXPECT_TRUE(unexpected.empty()) << unexpected.front();
  for (const auto& id : ids) {
    EXPECT_EQ(redis_->Run({"EXISTS", "lintas:{p" + id.substr(27) + "}:case:" + id}),
              std::vector<std::string>{"1"})
        << id;
  }
}

TEST_F(LintasdTest, TheLogNeverCarriesPersonalData) {
  v1::SubmitCaseResponse out;
  ASSERT_TRUE(
      Submit("bp3mi-ntt", "e2e-log-0001", TraffickingCase("Maria Goreti Seran"), &out).ok());
  v1::Case bad = TraffickingCase("Maria Goreti Seran");
  bad.mutable_subject()->set_nik("5321019907950001");  // day 99
  Submit("bp3mi-ntt", "e2e-log-0002", bad, &out);
  intake_.reset();  // an idle open channel would hold graceful shutdown for gRPC's GOAWAY wait
  channel_.reset();
  EXPECT_EQ(lintasd_->Terminate(), 0);
  const std::string log = lintasd_->Log();
  ASSERT_NE(log.find("SubmitCase"), std::string::npos) << log;
  for (const char* personal : {"Maria", "Goreti", "5321014507950001", "5321019907950001",
                               "81234567890", "Yohanes", "Agustina", "Atambua"}) {
    EXPECT_EQ(log.find(personal), std::string::npos) << personal << " in:\n" << log;
  }
}

TEST_F(LintasdTest, ASubmittedCaseHasItsReferralsWithinASecond) {
  v1::SubmitCaseResponse created;
  ASSERT_TRUE(Submit("bp3mi-ntt", "e2e-route-0001", TraffickingCase("M"), &created).ok());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  v1::Case got;
  while (std::chrono::steady_clock::now() < deadline) {
    got.Clear();
    if (Get("bp3mi-ntt", created.case_id(), &got).ok() && got.referrals_size() > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_GT(got.referrals_size(), 0) << "no referral within 1 s; log:\n" << lintasd_->Log();
  bool police = false;
  for (const auto& r : got.referrals()) {
    police |= r.target_agency() == "polres-malaka" &&
              r.purpose() == v1::REFERRAL_PURPOSE_ENFORCEMENT &&
              r.status() == v1::REFERRAL_STATUS_REQUESTED;
  }
  EXPECT_TRUE(police) << "enforcement to Polres Malaka";
  EXPECT_EQ(got.status(), v1::CASE_STATUS_REFERRED);
}

TEST_F(LintasdTest, ThePoliceSeeTheirReferralAndActOnIt) {
  v1::SubmitCaseResponse created;
  ASSERT_TRUE(Submit("bp3mi-ntt", "e2e-flow-0001", TraffickingCase("M"), &created).ok());
  auto referrals = v1::ReferralService::NewStub(channel_);
  v1::Referral police;
  for (int i = 0; i < 100 && police.id().empty(); ++i) {
    grpc::ClientContext ctx;
    As(ctx, "polres-malaka");
    v1::ListReferralsRequest req;
    req.set_status(v1::REFERRAL_STATUS_REQUESTED);
    v1::ListReferralsResponse resp;
    ASSERT_TRUE(referrals->ListReferrals(&ctx, req, &resp).ok());
    for (const auto& r : resp.referrals()) {
      if (r.case_id() == created.case_id()) police = r;
    }
    if (police.id().empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_FALSE(police.id().empty()) << "Polres Malaka has no referral for the case";
  EXPECT_EQ(police.purpose(), v1::REFERRAL_PURPOSE_ENFORCEMENT);

  const auto act = [&](const std::string& agency, auto method, v1::Referral* out) {
    grpc::ClientContext ctx;
    As(ctx, agency);
    v1::ReferralActionRequest req;
    req.set_case_id(created.case_id());
    req.set_referral_id(police.id());
    return (referrals.get()->*method)(&ctx, req, out);
  };
  v1::Referral updated;
  EXPECT_EQ(act("polda-ntt", &v1::ReferralService::Stub::Acknowledge, &updated).error_code(),
            grpc::StatusCode::NOT_FOUND)
      << "only the target agency acts on its referral";
  ASSERT_TRUE(act("polres-malaka", &v1::ReferralService::Stub::Acknowledge, &updated).ok());
  EXPECT_EQ(updated.status(), v1::REFERRAL_STATUS_RECEIVED);
  ASSERT_TRUE(act("polres-malaka", &v1::ReferralService::Stub::Accept, &updated).ok());
  EXPECT_EQ(updated.status(), v1::REFERRAL_STATUS_ACCEPTED);
  const auto again = act("polres-malaka", &v1::ReferralService::Stub::Acknowledge, &updated);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(again.error_message().find("ACCEPTED"), std::string::npos) << again.error_message();

  // Both agencies on the case see the same status, and the police can read the case now.
  v1::Case as_police, as_bp3mi;
  ASSERT_TRUE(Get("polres-malaka", created.case_id(), &as_police).ok());
  ASSERT_TRUE(Get("bp3mi-ntt", created.case_id(), &as_bp3mi).ok());
  EXPECT_EQ(as_police.status(), v1::CASE_STATUS_IN_PROGRESS);
  EXPECT_EQ(as_bp3mi.status(), as_police.status());
}

TEST_F(LintasdTest, TheReferralReachesThePoliceInboxOnce) {
  v1::SubmitCaseResponse created;
  ASSERT_TRUE(Submit("bp3mi-ntt", "e2e-inbox-0001", TraffickingCase("M"), &created).ok());
  const std::string inbox = "lintas:{a:polres-malaka}:inbox";
  std::vector<std::string> entries;
  for (int i = 0; i < 100; ++i) {
    entries = redis_->Run({"XRANGE", inbox, "-", "+"});
    if (std::find(entries.begin(), entries.end(), "lintas.v1.ReferralRequested") != entries.end())
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(std::count(entries.begin(), entries.end(), "lintas.v1.ReferralRequested"), 1);
  EXPECT_NE(std::find(entries.begin(), entries.end(), created.case_id()), entries.end());
  for (const auto& value : entries) {
    EXPECT_EQ(value.find("Maria"), std::string::npos) << "an inbox entry holds no personal data";
  }
}

// Runs lintasctl with `args` and returns its exit code and standard output + error.
std::pair<int, std::string> Lintasctl(const std::string& args) {
  const std::string command = std::string(LINTASCTL_BIN) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof(buf), pipe))
    out.append(buf, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST_F(LintasdTest, APoisonEntryShowsUpInDlqListAndReplayRemovesIt) {
  redis_->Run({"XADD", "lintas:{p05}:events", "*", "t", "lintas.v1.CaseReceived", "c", "x", "e",
               "not an envelope"});
  const std::string redis = " --redis unix:" + redis_->socket_path();
  std::pair<int, std::string> listed;
  for (int i = 0; i < 100; ++i) {  // the worker polls every 1 s at most
    listed = Lintasctl("dlq list" + redis);
    if (listed.second.find("cannot be decoded") != std::string::npos ||
        listed.second.find("does not parse") != std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(listed.first, 0) << listed.second;
  ASSERT_NE(listed.second.find("does not parse"), std::string::npos) << listed.second;
  ASSERT_NE(listed.second.find("lintas:{p05}:events"), std::string::npos) << listed.second;
  const std::string id = listed.second.substr(0, listed.second.find(' '));
  const auto replayed = Lintasctl("dlq replay " + id + redis);
  EXPECT_EQ(replayed.first, 0) << replayed.second;
  EXPECT_NE(replayed.second.find("replayed as"), std::string::npos) << replayed.second;
  const auto missing = Lintasctl("dlq replay 0-1" + redis);
  EXPECT_EQ(missing.first, 1) << missing.second;
}

// Sets environment variables for lintasctl (popen passes them on) until the scope ends.
class ScopedEnv {
 public:
  explicit ScopedEnv(std::vector<std::pair<std::string, std::string>> vars)
      : vars_(std::move(vars)) {
    for (const auto& [name, value] : vars_)
      setenv(name.c_str(), value.c_str(), 1);
  }
  ~ScopedEnv() {
    for (const auto& [name, value] : vars_)
      unsetenv(name.c_str());
  }

 private:
  std::vector<std::pair<std::string, std::string>> vars_;
};

// Every stream entry id of the audit chain, in order.
std::vector<std::string> AuditIds(const RedisServer& redis) {
  return redis.StreamIds("lintas:{audit}");
}

TEST_F(LintasdTest, ReadsAndCommandsAreAuditedAndTamperingIsNamed) {
  v1::SubmitCaseResponse created;
  ASSERT_TRUE(
      Submit("bp3mi-ntt", "e2e-audit-1", TraffickingCase("Maria Goreti Seran"), &created).ok());
  const std::string id = created.case_id();
  v1::Case got;
  ASSERT_TRUE(Get("bp3mi-ntt", id, &got).ok());
  v1::Case refused;
  EXPECT_EQ(Get("kanim-labuan-bajo", id, &refused).error_code(), grpc::StatusCode::NOT_FOUND);

  // lintasctl reads lintasd's own config, with the same environment overrides.
  const std::string ctl = "";
  ScopedEnv env({{"LINTAS_REDIS_ADDRESS", redis_->address()}, {"LINTAS_KEY_FILE", key_file_}});
  const std::string config = " --config " LINTAS_SOURCE_DIR "/deploy/config/lintas.yaml";
  std::pair<int, std::string> shown;
  for (int i = 0; i < 100; ++i) {  // the audit writer appends in the background
    shown = Lintasctl(ctl + "audit show --case " + id + config);
    if (shown.second.find("3 entries for case") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(shown.first, 0) << shown.second;
  const std::string& table = shown.second;
  ASSERT_NE(table.find("3 entries for case " + id), std::string::npos) << table;
  EXPECT_NE(table.find("SubmitCase"), std::string::npos) << table;
  EXPECT_NE(table.find("GetCase"), std::string::npos) << table;
  EXPECT_NE(table.find("kanim-labuan-bajo"), std::string::npos) << table;
  EXPECT_NE(table.find("NOT_FOUND"), std::string::npos) << table;
  EXPECT_NE(table.find("subject.full_name,subject.nik,subject.phone,reported_persons[0].name"),
            std::string::npos)
      << table;
  EXPECT_EQ(table.find("Maria"), std::string::npos) << "field names only, never values";

  auto verified = Lintasctl(ctl + "audit verify" + config);
  EXPECT_EQ(verified.first, 0) << verified.second;
  EXPECT_NE(verified.second.find("3 entries, chain intact"), std::string::npos) << verified.second;

  // Tamper with Redis directly: the GetCase by BP3MI now claims no fields were returned, and the
  // SubmitCase entry is gone.
  const std::vector<std::string> ids = AuditIds(*redis_);
  ASSERT_EQ(ids.size(), 3u);
  redis_->Run({"EVAL", R"lua(
local entries = redis.call('XRANGE', KEYS[1], '-', '+')
redis.call('DEL', KEYS[1])
for i, e in ipairs(entries) do
  local f = e[2]
  if i == 2 then for j = 1, #f, 2 do if f[j] == 'fields' then f[j + 1] = '' end end end
  redis.call('XADD', KEYS[1], e[1], unpack(f))
end
return #entries
)lua",
               "1", "lintas:{audit}"});
  redis_->Run({"XDEL", "lintas:{audit}", ids[0]});
  verified = Lintasctl(ctl + "audit verify" + config);
  EXPECT_EQ(verified.first, 1) << verified.second;
  EXPECT_NE(verified.second.find("audit chain BROKEN: 2 problems"), std::string::npos)
      << verified.second;
  EXPECT_NE(verified.second.find("removed: entry seq 1 was removed (before entry " + ids[1]),
            std::string::npos)
      << verified.second;
  EXPECT_NE(verified.second.find("changed: entry " + ids[1] + " (seq 2) was changed"),
            std::string::npos)
      << verified.second;
}

TEST_F(LintasdTest, ReencryptReportsWhatItDid) {
  v1::SubmitCaseResponse created;
  ASSERT_TRUE(
      Submit("bp3mi-ntt", "e2e-reenc-1", TraffickingCase("Maria Goreti Seran"), &created).ok());
  const std::string ctl = "";
  ScopedEnv env({{"LINTAS_REDIS_ADDRESS", redis_->address()}, {"LINTAS_KEY_FILE", key_file_}});
  const auto run =
      Lintasctl(ctl + "reencrypt --config " LINTAS_SOURCE_DIR "/deploy/config/lintas.yaml");
  EXPECT_EQ(run.first, 0) << run.second;
  EXPECT_NE(run.second.find("case snapshots: 1 scanned, 0 re-encrypted under dev-1, 1 already "
                            "current, 0 retried after a concurrent update, 0 failed"),
            std::string::npos)
      << run.second;
  EXPECT_NE(run.second.find("dev-1: 1 entries (active key)"), std::string::npos) << run.second;
}

class LintasdConfigTest : public ::testing::Test {};

// SIGHUP reloads the routing rules: a broken rules file is refused with the reason and the old
// rules stay; a good one takes effect for the next case.
TEST_F(LintasdConfigTest, SighupReloadsRulesAndKeepsTheOldOnesWhenTheNewFileIsBad) {
  auto redis = RedisServer::Start();
  ASSERT_NE(redis, nullptr);
  char tmpl[] = "/tmp/lintas-e2e-config-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  const std::string src = std::string(LINTAS_SOURCE_DIR) + "/deploy/config/";
  for (const char* f :
       {"lintas.yaml", "regions-ntt.yaml", "routing-ntt.yaml", "holidays-id-2026.yaml"}) {
    std::filesystem::copy_file(src + f, dir + "/" + f);
  }
  auto lintasd = LintasdProcess::Start({dir + "/lintas.yaml",
                                        {},
                                        {{"LINTAS_REDIS_ADDRESS", redis->address()},
                                         {"LINTAS_KEY_FILE", LintasdProcess::MakeKeyFile()},
                                         {"LINTAS_LISTEN", "127.0.0.1:0"}}});
  ASSERT_NE(lintasd, nullptr);

  std::ofstream(dir + "/routing-ntt.yaml")
      << "- id: broken\n  description: a typo in the kind\n  match: {}\n  refer:\n"
         "    - purpose: enforcement\n      kind: polis\n";
  lintasd->Signal(SIGHUP);
  ASSERT_TRUE(lintasd->WaitForLog("not reloaded", 1, std::chrono::seconds(10))) << lintasd->Log();
  EXPECT_NE(lintasd->Log().find("unknown kind 'polis'"), std::string::npos) << lintasd->Log();

  std::ofstream(dir + "/routing-ntt.yaml")
      << "- id: everything-to-gmit\n  description: every case to the GMIT synod\n"
         "  match: {}\n  refer:\n"
         "    - purpose: victim_support\n      agency: sinode-gmit\n"
         "      ack_deadline: {hours: 24}\n";
  lintasd->Signal(SIGHUP);
  ASSERT_TRUE(lintasd->WaitForLog("reloaded 1 rules", 1, std::chrono::seconds(10)))
      << lintasd->Log();

  auto channel = grpc::CreateChannel(lintasd->target(), grpc::InsecureChannelCredentials());
  auto intake = v1::IntakeService::NewStub(channel);
  grpc::ClientContext submit_ctx;
  submit_ctx.AddMetadata("x-lintas-agency", "bp3mi-ntt");
  v1::SubmitCaseRequest req;
  req.set_idempotency_key("e2e-reload-0001");
  *req.mutable_case_() = TraffickingCase("R");
  v1::SubmitCaseResponse created;
  ASSERT_TRUE(intake->SubmitCase(&submit_ctx, req, &created).ok());
  v1::Case got;
  for (int i = 0; i < 100 && got.referrals_size() == 0; ++i) {
    got.Clear();
    grpc::ClientContext ctx;
    ctx.AddMetadata("x-lintas-agency", "bp3mi-ntt");
    v1::GetCaseRequest get;
    get.set_case_id(created.case_id());
    intake->GetCase(&ctx, get, &got);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(got.referrals_size(), 1) << lintasd->Log();
  EXPECT_EQ(got.referrals(0).target_agency(), "sinode-gmit");
  intake.reset();  // an idle open channel would hold graceful shutdown for gRPC's GOAWAY wait
  channel.reset();
  EXPECT_EQ(lintasd->Terminate(), 0);
  std::filesystem::remove_all(dir);
}

// The issue's webhook test through the real lintasd: Polres Malaka has no gRPC client, only a
// webhook. A trafficking case in Malaka routes to it while its receiver answers 500; when the
// receiver answers 200 the referral arrives signed, as a CloudEvent whose data is the Notification.
TEST_F(LintasdConfigTest, AWebhookAgencyGetsItsReferralSignedAfterAnOutage) {
  auto redis = RedisServer::Start();
  ASSERT_NE(redis, nullptr);
  char tmpl[] = "/tmp/lintas-e2e-webhook-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  const std::string src = std::string(LINTAS_SOURCE_DIR) + "/deploy/config/";
  for (const char* f : {"regions-ntt.yaml", "routing-ntt.yaml", "holidays-id-2026.yaml"}) {
    std::filesystem::copy_file(src + f, dir + "/" + f);
  }
  const std::string secret = "e2e-polres-malaka-webhook-secret-0123456789";
  std::ofstream(dir + "/polres-malaka.secret") << secret << "\n";

  WebhookReceiver receiver;
  receiver.Route("/lintas", secret, WebhookReceiver::FailFirst(3));
  ASSERT_TRUE(receiver.Start());

  std::ifstream in(src + "lintas.yaml");
  std::string yaml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string block =
      "    name: Polres Malaka\n    jurisdiction: [\"53.21\"]\n    parent: polda-ntt\n";
  const size_t at = yaml.find(block);
  ASSERT_NE(at, std::string::npos) << "the demo config changed: update this test";
  yaml.insert(at + block.size(), "    webhook:\n      url: " + receiver.Url("/lintas") +
                                     "\n      secret_file: polres-malaka.secret\n"
                                     "      initial_backoff_ms: 20\n"
                                     "      max_backoff_ms: 200\n");
  std::ofstream(dir + "/lintas.yaml") << yaml;

  auto lintasd = LintasdProcess::Start({dir + "/lintas.yaml",
                                        {"--services=all"},
                                        {{"LINTAS_REDIS_ADDRESS", redis->address()},
                                         {"LINTAS_KEY_FILE", LintasdProcess::MakeKeyFile()},
                                         {"LINTAS_LISTEN", "127.0.0.1:0"}}});
  ASSERT_NE(lintasd, nullptr);
  auto channel = grpc::CreateChannel(lintasd->target(), grpc::InsecureChannelCredentials());
  auto intake = v1::IntakeService::NewStub(channel);
  grpc::ClientContext submit_ctx;
  submit_ctx.AddMetadata("x-lintas-agency", "bp3mi-ntt");
  v1::SubmitCaseRequest req;
  req.set_idempotency_key("e2e-webhook-0001");
  *req.mutable_case_() = TraffickingCase("Maria Webhook");
  v1::SubmitCaseResponse created;
  ASSERT_TRUE(intake->SubmitCase(&submit_ctx, req, &created).ok());

  ASSERT_TRUE(receiver.WaitForAccepted("/lintas", 1, std::chrono::seconds(30))) << lintasd->Log();
  const WebhookReceiver::Delivery first = receiver.accepted("/lintas").front();
  EXPECT_TRUE(first.signature_ok);
  EXPECT_EQ(receiver.bad_signatures("/lintas"), 0);
  EXPECT_EQ(receiver.failures("/lintas"), 3) << "three 500s, then the same document again";
  const ParsedCloudEvent event = ParseCloudEvent(first.body);
  ASSERT_TRUE(event.ok) << first.body;
  EXPECT_EQ(event.type, "lintas.v1.ReferralRequested");
  EXPECT_EQ(event.subject, created.case_id());
  v1::Notification notification;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(event.data_json, &notification).ok())
      << event.data_json;
  EXPECT_EQ(notification.case_().id(), created.case_id());
  EXPECT_EQ(notification.event().event_id(), event.id);
  EXPECT_EQ(notification.event().referral_requested().target_agency(), "polres-malaka");
  EXPECT_FALSE(notification.cursor().empty());

  ASSERT_TRUE(lintasd->WaitForLog("webhook polres-malaka", 1, std::chrono::seconds(5)));
  EXPECT_EQ(lintasd->Log().find(secret), std::string::npos) << "the secret is never logged";
  EXPECT_EQ(lintasd->Log().find("Maria"), std::string::npos);
  const auto dlq =
      Lintasctl("dlq list --group webhook:polres-malaka --redis unix:" + redis->socket_path());
  EXPECT_EQ(dlq.first, 0) << dlq.second;
  EXPECT_NE(dlq.second.find("no dead letters"), std::string::npos) << dlq.second;

  intake.reset();
  channel.reset();
  EXPECT_EQ(lintasd->Terminate(), 0);
  std::filesystem::remove_all(dir);
}

TEST_F(LintasdConfigTest, ABadConfigIsOneMessageNamingTheKeyAndExitCode2) {
  const auto [missing_code, missing_log] =
      LintasdProcess::RunToExit({"/nonexistent/lintas.yaml", {}, {}});
  EXPECT_EQ(missing_code, 2) << missing_log;
  EXPECT_NE(missing_log.find("config error"), std::string::npos) << missing_log;

  const auto [env_code, env_log] =
      LintasdProcess::RunToExit({"", {}, {{"LINTAS_REDIS_ADDRESS", ""}}});
  EXPECT_EQ(env_code, 2) << env_log;
  EXPECT_NE(env_log.find("LINTAS_REDIS_ADDRESS"), std::string::npos) << env_log;

  const auto [bind_code, bind_log] = LintasdProcess::RunToExit(
      {"", {}, {{"LINTAS_LISTEN", "0.0.0.0:0"}, {"LINTAS_KEY_FILE", "/dev/null"}}});
  EXPECT_EQ(bind_code, 2) << bind_log;
  EXPECT_NE(bind_log.find("insecure_dev_identity"), std::string::npos) << bind_log;
  EXPECT_NE(bind_log.find("0.0.0.0"), std::string::npos) << bind_log;

  const auto [svc_code, svc_log] = LintasdProcess::RunToExit({"", {"--services=intake,bogus"}, {}});
  EXPECT_EQ(svc_code, 2) << svc_log;
  EXPECT_NE(svc_log.find("bogus"), std::string::npos) << svc_log;
}

}  // namespace
}  // namespace lintas::testing
