// Issue 5 through the real lintasd: mutual TLS with certificates made by
// deploy/certs/make-dev-certs.sh (and, for the odd ones, OpenSSL's C API), the method × agency
// kind matrix, per-agency rate limits and message size limits.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/access/authorization.h"
#include "core/domain/agency.h"
#include "lintas/v1/case_status.grpc.pb.h"
#include "lintas/v1/conversation.grpc.pb.h"
#include "lintas/v1/intake.grpc.pb.h"
#include "lintas/v1/notification.grpc.pb.h"
#include "lintas/v1/referral_service.grpc.pb.h"
#include "tests/e2e/lintasd_process.h"
#include "tests/e2e/test_certs.h"
#include "tests/support/redis_server.h"

namespace lintas::testing {
namespace {

namespace fs = std::filesystem;
using core::AgencyKind;
using core::Method;

constexpr char kTrustDomain[] = "e2e.lintas.test";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string MakeTempDir(const char* what) {
  std::string tmpl = (fs::temp_directory_path() / (std::string(what) + "-XXXXXX")).string();
  return mkdtemp(tmpl.data()) == nullptr ? "" : tmpl;
}

std::string Spiffe(const std::string& agency) {
  return std::string("spiffe://") + kTrustDomain + "/agency/" + agency;
}

v1::Case SmallCase() {
  v1::Case c;
  c.set_category(v1::CATEGORY_TRAFFICKING);
  c.set_severity(v1::SEVERITY_HIGH);
  c.set_region_code("53.21.01.2006");
  c.set_channel(v1::CHANNEL_AGENCY_SYSTEM);
  c.mutable_subject()->set_full_name("Theresia Abuk");
  c.mutable_subject()->set_sex(v1::SEX_FEMALE);
  c.mutable_reporter()->set_mode(v1::REPORTER_MODE_ANONYMOUS);
  c.set_narrative("Dijanjikan kerja, berangkat tanpa dokumen.");
  return c;
}

// The agencies of the TLS config: one revoked, the rest live.
constexpr char kAgencies[] = R"(agencies:
  - id: bp3mi-ntt
    kind: protection_agency
    name: BP3MI Nusa Tenggara Timur
    jurisdiction: ["53"]
  - id: polres-malaka
    kind: police
    name: Polres Malaka
    jurisdiction: ["53.21"]
  - id: j-ruk
    kind: ngo
    name: J-RUK
    jurisdiction: ["53"]
  - id: ngo-retired
    kind: ngo
    name: A retired NGO system
    jurisdiction: ["53"]
    revoked: true
)";

// One lintasd with mutual TLS for the whole suite: certificates from the dev script, a config
// that revokes one agency and one extra certificate.
class MutualTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir("lintas-e2e-tls"));
    ASSERT_FALSE(dir_->empty());
    const std::string config = *dir_ + "/lintas.yaml";
    // The script reads the agency ids and the trust domain from the config it is given.
    const std::string draft =
        std::string("server:\n  tls:\n    trust_domain: ") + kTrustDomain + "\n" + kAgencies;
    WriteFile(config, draft);
    const std::string script = std::string(LINTAS_SOURCE_DIR) + "/deploy/certs/make-dev-certs.sh";
    const std::string command =
        script + " " + *dir_ + "/certs " + config + " >" + *dir_ + "/script.log 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << Slurp(*dir_ + "/script.log");
    ASSERT_EQ(fs::status(*dir_ + "/certs/agencies/j-ruk.key").permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write)
        << "private keys are 0600";

    ca_ = new PemPair{Slurp(*dir_ + "/certs/ca.crt"), Slurp(*dir_ + "/certs/ca.key")};
    // A second, valid certificate for polres-malaka that the config revokes.
    revoked_cert_ = new PemPair(
        TestCerts::MakeClient(*ca_, "polres-malaka (lost laptop)", {Spiffe("polres-malaka")}));
    std::ostringstream yaml;
    yaml << "server:\n"
         << "  listen: 127.0.0.1:0\n"
         << "  tls:\n"
         << "    ca_file: certs/ca.crt\n"
         << "    cert_file: certs/server.crt\n"
         << "    key_file: certs/server.key\n"
         << "    trust_domain: " << kTrustDomain << "\n"
         << "    revoked_certificates: [\"" << TestCerts::Fingerprint(revoked_cert_->cert)
         << "\"]\n"
         << "  max_message_bytes: 65536\n"
         << "redis:\n  address: 127.0.0.1:1\n"
         << "crypto:\n  key_id: e2e-1\n  key_file: unused.key\n"
         << "regions_file: " << LINTAS_SOURCE_DIR << "/deploy/config/regions-ntt.yaml\n"
         << kAgencies;
    WriteFile(config, yaml.str());

    redis_ = RedisServer::Start().release();
    ASSERT_NE(redis_, nullptr);
    lintasd_ = LintasdProcess::Start({config,
                                      {"--services=intake,referral"},
                                      {{"LINTAS_REDIS_ADDRESS", redis_->address()},
                                       {"LINTAS_KEY_FILE", LintasdProcess::MakeKeyFile()},
                                       {"LINTAS_LISTEN", "127.0.0.1:0"}},
                                      /*dev_identity=*/false})
                   .release();
    ASSERT_NE(lintasd_, nullptr);
  }

  static void TearDownTestSuite() {
    if (lintasd_ != nullptr) {
      const std::string log = lintasd_->Log();
      EXPECT_EQ(lintasd_->Terminate(), 0) << log;
      // Nothing personal in any line, at any level, refusals included.
      for (const char* personal : {"Theresia", "Abuk", "Dijanjikan"}) {
        EXPECT_EQ(log.find(personal), std::string::npos) << personal << " in:\n" << log;
      }
    }
    delete lintasd_;
    delete redis_;
    delete ca_;
    delete revoked_cert_;
    if (dir_ != nullptr) fs::remove_all(*dir_);
    delete dir_;
  }

  // A channel presenting `client` (no client certificate when its cert is empty) and trusting
  // the dev CA for the server.
  static std::shared_ptr<grpc::Channel> Channel(const PemPair& client) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ca_->cert;
    ssl.pem_cert_chain = client.cert;
    ssl.pem_private_key = client.key;
    // A fresh connection per channel, so that one test's handshake never serves another's.
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    return grpc::CreateCustomChannel(lintasd_->target(), grpc::SslCredentials(ssl), args);
  }

  static PemPair AgencyCert(const std::string& id) {
    return {Slurp(*dir_ + "/certs/agencies/" + id + ".crt"),
            Slurp(*dir_ + "/certs/agencies/" + id + ".key")};
  }

  // GetCase of a case that does not exist: NOT_FOUND once the caller got through.
  static grpc::Status Probe(const PemPair& client, const std::string& header_agency = "") {
    auto channel = Channel(client);
    auto stub = v1::IntakeService::NewStub(channel);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!header_agency.empty()) ctx.AddMetadata("x-lintas-agency", header_agency);
    v1::GetCaseRequest req;
    req.set_case_id("01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07");
    v1::Case out;
    return stub->GetCase(&ctx, req, &out);
  }

  static std::string* dir_;
  static PemPair* ca_;
  static PemPair* revoked_cert_;
  static RedisServer* redis_;
  static LintasdProcess* lintasd_;
};

std::string* MutualTlsTest::dir_ = nullptr;
PemPair* MutualTlsTest::ca_ = nullptr;
PemPair* MutualTlsTest::revoked_cert_ = nullptr;
RedisServer* MutualTlsTest::redis_ = nullptr;
LintasdProcess* MutualTlsTest::lintasd_ = nullptr;

TEST_F(MutualTlsTest, AValidCertificateWorksFromTheGeneratedClient) {
  auto channel = Channel(AgencyCert("polres-malaka"));
  auto stub = v1::IntakeService::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::SubmitCaseRequest req;
  req.set_idempotency_key("e2e-tls-0001");
  *req.mutable_case_() = SmallCase();
  v1::SubmitCaseResponse created;
  const grpc::Status s = stub->SubmitCase(&ctx, req, &created);
  ASSERT_TRUE(s.ok()) << s.error_code() << " " << s.error_message() << "\n" << lintasd_->Log();

  grpc::ClientContext get_ctx;
  get_ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::GetCaseRequest get;
  get.set_case_id(created.case_id());
  v1::Case got;
  ASSERT_TRUE(stub->GetCase(&get_ctx, get, &got).ok());
  EXPECT_EQ(got.submitted_by(), "polres-malaka") << "the agency is the certificate's";
  EXPECT_NE(lintasd_->Log().find("mutual TLS"), std::string::npos);
  EXPECT_EQ(lintasd_->Log().find("INSECURE DEVELOPMENT MODE"), std::string::npos);
}

TEST_F(MutualTlsTest, TheHeaderIsIgnoredUnderTls) {
  auto channel = Channel(AgencyCert("bp3mi-ntt"));
  auto stub = v1::IntakeService::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::SubmitCaseRequest req;
  req.set_idempotency_key("e2e-tls-0002");
  *req.mutable_case_() = SmallCase();
  v1::SubmitCaseResponse created;
  ASSERT_TRUE(stub->SubmitCase(&ctx, req, &created).ok());

  // J-RUK claims to be BP3MI in the development header: it is still J-RUK, and may not see it.
  auto ngo_channel = Channel(AgencyCert("j-ruk"));
  auto ngo = v1::IntakeService::NewStub(ngo_channel);
  grpc::ClientContext get_ctx;
  get_ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  get_ctx.AddMetadata("x-lintas-agency", "bp3mi-ntt");
  v1::GetCaseRequest get;
  get.set_case_id(created.case_id());
  v1::Case got;
  EXPECT_EQ(ngo->GetCase(&get_ctx, get, &got).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(MutualTlsTest, TriageIsRefusedToAnNgoByCertificate) {
  auto channel = Channel(AgencyCert("j-ruk"));
  auto triage = v1::TriageService::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::RejectCaseRequest req;
  req.set_case_id("01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07");
  v1::Case out;
  const grpc::Status s = triage->RejectCase(&ctx, req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(s.error_message(),
            "agencies of kind ngo may not call lintas.v1.TriageService/RejectCase");
}

TEST_F(MutualTlsTest, RefusedAtTheHandshake) {
  // gRPC refuses these before any handler runs: the client sees the connection fail.
  const PemPair other_ca = TestCerts::MakeCa("Some other CA");
  const struct {
    const char* what;
    PemPair client;
  } cases[] = {
      {"another CA", TestCerts::MakeClient(other_ca, "polres-malaka", {Spiffe("polres-malaka")})},
      {"no client certificate", {}},
      {"expired", TestCerts::MakeClient(*ca_, "polres-malaka", {Spiffe("polres-malaka")},
                                        -std::chrono::hours(48), -std::chrono::hours(24))},
      {"not yet valid", TestCerts::MakeClient(*ca_, "polres-malaka", {Spiffe("polres-malaka")},
                                              std::chrono::hours(24), std::chrono::hours(48))},
  };
  for (const auto& c : cases) {
    const grpc::Status s = Probe(c.client);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << c.what << ": " << s.error_message();
  }
  // The control: the same kind of certificate, from the right CA and in date, gets through.
  EXPECT_EQ(
      Probe(TestCerts::MakeClient(*ca_, "polres-malaka", {Spiffe("polres-malaka")})).error_code(),
      grpc::StatusCode::NOT_FOUND);
}

TEST_F(MutualTlsTest, CertificatesThatNameNoUsableAgencyAreUnauthenticated) {
  const struct {
    const char* what;
    PemPair client;
    const char* message;
  } cases[] = {
      {"no SPIFFE ID", TestCerts::MakeClient(*ca_, "polres-malaka", {}), "names no SPIFFE ID"},
      {"two URI SANs",
       TestCerts::MakeClient(*ca_, "x", {Spiffe("polres-malaka"), Spiffe("bp3mi-ntt")}),
       "names no SPIFFE ID"},
      {"another trust domain",
       TestCerts::MakeClient(*ca_, "x", {"spiffe://elsewhere.test/agency/polres-malaka"}),
       "is not in trust domain"},
      {"not an agency path", TestCerts::MakeClient(*ca_, "x", {Spiffe("polres-malaka") + "/x"}),
       "does not name an agency"},
      {"unregistered agency", TestCerts::MakeClient(*ca_, "x", {Spiffe("polres-atlantis")}),
       "agency 'polres-atlantis' is not registered"},
      {"revoked agency", AgencyCert("ngo-retired"), "agency 'ngo-retired' is revoked"},
      {"revoked certificate", *revoked_cert_, "is revoked"},
  };
  for (const auto& c : cases) {
    const grpc::Status s = Probe(c.client);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << c.what << ": " << s.error_code() << " " << s.error_message();
    EXPECT_NE(s.error_message().find(c.message), std::string::npos)
        << c.what << ": " << s.error_message();
  }
  // The agency whose other certificate is revoked still works with its own.
  EXPECT_EQ(Probe(AgencyCert("polres-malaka")).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(MutualTlsTest, AnOversizedRequestIsResourceExhausted) {
  auto channel = Channel(AgencyCert("bp3mi-ntt"));
  auto stub = v1::IntakeService::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::SubmitCaseRequest req;
  req.set_idempotency_key("e2e-tls-big-0001");
  *req.mutable_case_() = SmallCase();
  req.mutable_case_()->set_narrative(std::string(70000, 'x'));  // over the 65536 configured
  v1::SubmitCaseResponse out;
  const grpc::Status s = stub->SubmitCase(&ctx, req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  // The referral service has the same cap.
  auto referrals = v1::ReferralService::NewStub(channel);
  grpc::ClientContext act_ctx;
  act_ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::ReferralActionRequest act;
  act.set_case_id("01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07");
  act.set_referral_id("r1");
  act.set_reason(std::string(70000, 'y'));
  v1::Referral updated;
  EXPECT_EQ(referrals->Reject(&act_ctx, act, &updated).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

// --- The matrix through the real lintasd, development identity, the demo config's agencies.

// One agency of every kind in deploy/config/lintas.yaml.
const std::map<AgencyKind, std::string>& OneAgencyPerKind() {
  static const std::map<AgencyKind, std::string> agencies{
      {AgencyKind::kProtectionAgency, "bp3mi-ntt"},
      {AgencyKind::kPolice, "polres-malaka"},
      {AgencyKind::kProvincialGovernment, "pemprov-ntt"},
      {AgencyKind::kRegencyGovernment, "pemkab-malaka"},
      {AgencyKind::kVillageGovernment, "desa-wehali"},
      {AgencyKind::kNgo, "j-ruk"},
      {AgencyKind::kFaithOrganisation, "sinode-gmit"},
      {AgencyKind::kImmigration, "kanim-atambua"},
      {AgencyKind::kLabourOffice, "disnakertrans-malaka"},
  };
  return agencies;
}

using Call = std::function<grpc::Status(grpc::ClientContext&)>;

class MatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = RedisServer::Start();
    ASSERT_NE(redis_, nullptr);
    lintasd_ = LintasdProcess::Start({"",
                                      {"--services=intake,referral,status,feeds"},
                                      {{"LINTAS_REDIS_ADDRESS", redis_->address()},
                                       {"LINTAS_KEY_FILE", LintasdProcess::MakeKeyFile()},
                                       {"LINTAS_LISTEN", "127.0.0.1:0"}}});
    ASSERT_NE(lintasd_, nullptr);
    channel_ = grpc::CreateChannel(lintasd_->target(), grpc::InsecureChannelCredentials());
  }
  void TearDown() override {
    channel_.reset();
    if (lintasd_) {
      EXPECT_EQ(lintasd_->Terminate(), 0);
    }
  }

  // Every method this branch's lintasd registers, each with a harmless request (a case that does
  // not exist): an allowed caller gets past authorization and meets NOT_FOUND or
  // INVALID_ARGUMENT; a refused one gets PERMISSION_DENIED.
  std::map<Method, Call> Calls() {
    auto intake = std::shared_ptr<v1::IntakeService::Stub>(v1::IntakeService::NewStub(channel_));
    auto referral =
        std::shared_ptr<v1::ReferralService::Stub>(v1::ReferralService::NewStub(channel_));
    auto triage = std::shared_ptr<v1::TriageService::Stub>(v1::TriageService::NewStub(channel_));
    const std::string missing = "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07";
    std::map<Method, Call> calls;
    calls[Method::kIntakeSubmitCase] = [=](grpc::ClientContext& ctx) {
      v1::SubmitCaseRequest req;  // empty: INVALID_ARGUMENT once allowed, nothing written
      v1::SubmitCaseResponse out;
      return intake->SubmitCase(&ctx, req, &out);
    };
    calls[Method::kIntakeGetCase] = [=](grpc::ClientContext& ctx) {
      v1::GetCaseRequest req;
      req.set_case_id(missing);
      v1::Case out;
      return intake->GetCase(&ctx, req, &out);
    };
    calls[Method::kReferralListReferrals] = [=](grpc::ClientContext& ctx) {
      v1::ListReferralsRequest req;
      v1::ListReferralsResponse out;
      return referral->ListReferrals(&ctx, req, &out);
    };
    using Action = grpc::Status (v1::ReferralService::Stub::*)(
        grpc::ClientContext*, const v1::ReferralActionRequest&, v1::Referral*);
    const std::vector<std::pair<Method, Action>> actions{
        {Method::kReferralAcknowledge, &v1::ReferralService::Stub::Acknowledge},
        {Method::kReferralAccept, &v1::ReferralService::Stub::Accept},
        {Method::kReferralReject, &v1::ReferralService::Stub::Reject},
        {Method::kReferralStart, &v1::ReferralService::Stub::Start},
        {Method::kReferralHold, &v1::ReferralService::Stub::Hold},
        {Method::kReferralResume, &v1::ReferralService::Stub::Resume},
        {Method::kReferralComplete, &v1::ReferralService::Stub::Complete},
        {Method::kReferralFail, &v1::ReferralService::Stub::Fail},
        {Method::kReferralCancel, &v1::ReferralService::Stub::Cancel},
    };
    for (const auto& [method, action] : actions) {
      calls[method] = [=, action = action](grpc::ClientContext& ctx) {
        v1::ReferralActionRequest req;
        req.set_case_id(missing);
        req.set_referral_id("r1");
        req.set_reason("matrix");
        req.set_outcome("matrix");
        v1::Referral out;
        return (referral.get()->*action)(&ctx, req, &out);
      };
    }
    calls[Method::kReferralReportEnforcementAction] = [=](grpc::ClientContext& ctx) {
      v1::ReportEnforcementActionRequest req;
      req.set_case_id(missing);
      req.set_referral_id("r1");
      req.set_kind(v1::ENFORCEMENT_ACTION_KIND_SUSPECT_ARRESTED);
      v1::EnforcementAction out;
      return referral->ReportEnforcementAction(&ctx, req, &out);
    };
    auto status =
        std::shared_ptr<v1::CaseStatusService::Stub>(v1::CaseStatusService::NewStub(channel_));
    calls[Method::kCaseStatusGetCase] = [=](grpc::ClientContext& ctx) {
      v1::GetCaseRequest req;
      req.set_case_id(missing);
      v1::Case out;
      return status->GetCase(&ctx, req, &out);
    };
    calls[Method::kCaseStatusListCases] = [=](grpc::ClientContext& ctx) {
      v1::ListCasesRequest req;
      req.set_page_size(-1);  // INVALID_ARGUMENT once allowed
      v1::ListCasesResponse out;
      return status->ListCases(&ctx, req, &out);
    };
    calls[Method::kCaseStatusGetTimeline] = [=](grpc::ClientContext& ctx) {
      v1::GetTimelineRequest req;
      req.set_case_id(missing);
      v1::GetTimelineResponse out;
      return status->GetTimeline(&ctx, req, &out);
    };
    // Streams: a request an allowed caller gets refused at once (a case that does not exist, a
    // cursor that is not one), so that the first Read ends the call.
    calls[Method::kCaseStatusWatchCase] = [=](grpc::ClientContext& ctx) {
      v1::WatchCaseRequest req;
      req.set_case_id(missing);
      auto reader = status->WatchCase(&ctx, req);
      v1::WatchCaseResponse out;
      while (reader->Read(&out)) {
      }
      return reader->Finish();
    };
    auto notifications =
        std::shared_ptr<v1::NotificationService::Stub>(v1::NotificationService::NewStub(channel_));
    calls[Method::kNotificationSubscribe] = [=](grpc::ClientContext& ctx) {
      v1::SubscribeRequest req;
      req.set_cursor("not-a-cursor");
      auto reader = notifications->Subscribe(&ctx, req);
      v1::SubscribeResponse out;
      while (reader->Read(&out)) {
      }
      return reader->Finish();
    };
    calls[Method::kNotificationAck] = [=](grpc::ClientContext& ctx) {
      v1::AckRequest req;
      req.set_cursor("not-a-cursor");
      v1::AckResponse out;
      return notifications->Ack(&ctx, req, &out);
    };
    calls[Method::kTriageRejectCase] = [=](grpc::ClientContext& ctx) {
      v1::RejectCaseRequest req;
      req.set_case_id(missing);
      req.set_reason("matrix");
      v1::Case out;
      return triage->RejectCase(&ctx, req, &out);
    };
    calls[Method::kTriageMarkDuplicate] = [=](grpc::ClientContext& ctx) {
      v1::MarkDuplicateRequest req;
      req.set_case_id(missing);
      req.set_duplicate_of("01JDQ3K6Y8V1T8R2M4N5P6Q7R9-07");
      req.set_reason("matrix");
      v1::Case out;
      return triage->MarkDuplicate(&ctx, req, &out);
    };
    calls[Method::kTriageCloseCase] = [=](grpc::ClientContext& ctx) {
      v1::CloseCaseRequest req;
      req.set_case_id(missing);
      req.set_reason("matrix");
      v1::Case out;
      return triage->CloseCase(&ctx, req, &out);
    };
    auto conversation =
        std::shared_ptr<v1::ConversationService::Stub>(v1::ConversationService::NewStub(channel_));
    calls[Method::kConversationListReporterMessages] = [=](grpc::ClientContext& ctx) {
      v1::ListReporterMessagesRequest req;
      req.set_case_id(missing);
      v1::ListReporterMessagesResponse out;
      return conversation->ListReporterMessages(&ctx, req, &out);
    };
    calls[Method::kConversationSendReporterMessage] = [=](grpc::ClientContext& ctx) {
      v1::SendReporterMessageRequest req;
      req.set_case_id(missing);
      req.set_text("matrix");
      req.set_idempotency_key("matrix");
      v1::SendReporterMessageResponse out;
      return conversation->SendReporterMessage(&ctx, req, &out);
    };
    return calls;
  }

  std::unique_ptr<RedisServer> redis_;
  std::unique_ptr<LintasdProcess> lintasd_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(MatrixTest, EveryServedMethodTimesEveryKindIsRefusedExactlyWhereTheMatrixSays) {
  const std::map<Method, Call> calls = Calls();
  ASSERT_EQ(calls.size(), 24u) << "every method of every lintas.v1 service";
  int refused = 0;
  for (const auto& [method, call] : calls) {
    for (const auto& [kind, agency] : OneAgencyPerKind()) {
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
      ctx.AddMetadata("x-lintas-agency", agency);
      const grpc::Status s = call(ctx);
      const std::string cell = std::string(core::MethodName(method)) + " as " + agency + " (" +
                               std::string(core::AgencyKindName(kind)) + ")";
      if (core::IsAllowed(kind, method)) {
        EXPECT_NE(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << cell;
        EXPECT_NE(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << cell;
        EXPECT_NE(s.error_code(), grpc::StatusCode::UNIMPLEMENTED) << cell;
      } else {
        ++refused;
        EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
            << cell << ": " << s.error_code() << " " << s.error_message();
        EXPECT_NE(s.error_message().find(std::string(core::MethodName(method))), std::string::npos)
            << cell << ": " << s.error_message();
      }
    }
  }
  EXPECT_EQ(refused, 3 * 8 + 8)
      << "triage: every kind but protection_agency; enforcement actions: every kind but police";
  EXPECT_NE(lintasd_->Log().find("INSECURE DEVELOPMENT MODE"), std::string::npos);
}

// --- Rate limits and the development mode's bind rule.

TEST(RateLimitTest, AnAgencyOverItsLimitIsResourceExhaustedAndOthersAreNot) {
  auto redis = RedisServer::Start();
  ASSERT_NE(redis, nullptr);
  const std::string dir = MakeTempDir("lintas-e2e-rate");
  ASSERT_FALSE(dir.empty());
  const std::string src = std::string(LINTAS_SOURCE_DIR) + "/deploy/config/";
  for (const char* f : {"regions-ntt.yaml", "routing-ntt.yaml", "holidays-id-2026.yaml"})
    fs::copy_file(src + f, dir + "/" + f);
  std::string config = Slurp(src + "lintas.yaml");
  const std::string limit = "    requests_per_second: 50\n    burst: 100\n";
  ASSERT_NE(config.find(limit), std::string::npos);
  config.replace(config.find(limit), limit.size(), "    requests_per_second: 1\n    burst: 5\n");
  WriteFile(dir + "/lintas.yaml", config);

  auto lintasd = LintasdProcess::Start({dir + "/lintas.yaml",
                                        {"--services=intake"},
                                        {{"LINTAS_REDIS_ADDRESS", redis->address()},
                                         {"LINTAS_KEY_FILE", LintasdProcess::MakeKeyFile()},
                                         {"LINTAS_LISTEN", "127.0.0.1:0"}}});
  ASSERT_NE(lintasd, nullptr);
  auto channel = grpc::CreateChannel(lintasd->target(), grpc::InsecureChannelCredentials());
  auto intake = v1::IntakeService::NewStub(channel);
  const auto get = [&](const std::string& agency) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    ctx.AddMetadata("x-lintas-agency", agency);
    v1::GetCaseRequest req;
    req.set_case_id("01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07");
    v1::Case out;
    return intake->GetCase(&ctx, req, &out).error_code();
  };
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(get("polres-malaka"), grpc::StatusCode::NOT_FOUND) << "within the burst, call " << i;
  // At 1 request a second, at most a token or two come back while these run.
  int exhausted = 0;
  for (int i = 0; i < 10; ++i)
    exhausted += get("polres-malaka") == grpc::StatusCode::RESOURCE_EXHAUSTED ? 1 : 0;
  EXPECT_GE(exhausted, 7);
  EXPECT_EQ(get("bp3mi-ntt"), grpc::StatusCode::NOT_FOUND) << "another agency is unaffected";
  intake.reset();
  channel.reset();
  EXPECT_EQ(lintasd->Terminate(), 0);
  fs::remove_all(dir);
}

TEST(DevIdentityTest, RefusedAtStartOffLoopbackEvenWhenAskedForByTheEnvironment) {
  const auto [code, log] = LintasdProcess::RunToExit(
      {"", {}, {{"LINTAS_INSECURE_DEV_IDENTITY", "true"}, {"LINTAS_LISTEN", "0.0.0.0:0"}}});
  EXPECT_EQ(code, 2) << log;
  EXPECT_NE(log.find("server.insecure_dev_identity: allowed only on a loopback listen address"),
            std::string::npos)
      << log;
}

TEST(DevIdentityTest, TlsFilesThatCannotBeReadStopTheStartNamingTheKey) {
  auto redis = RedisServer::Start();
  ASSERT_NE(redis, nullptr);
  // The demo config in TLS mode, with certificates in a directory that does not exist.
  const std::string dir = MakeTempDir("lintas-e2e-nocerts");
  const std::string src = std::string(LINTAS_SOURCE_DIR) + "/deploy/config/";
  for (const char* f :
       {"lintas.yaml", "regions-ntt.yaml", "routing-ntt.yaml", "holidays-id-2026.yaml"})
    fs::copy_file(src + f, dir + "/" + f);
  const auto [code, log] =
      LintasdProcess::RunToExit({dir + "/lintas.yaml",
                                 {},
                                 {{"LINTAS_REDIS_ADDRESS", redis->address()},
                                  {"LINTAS_KEY_FILE", LintasdProcess::MakeKeyFile()},
                                  {"LINTAS_LISTEN", "127.0.0.1:0"}},
                                 /*dev_identity=*/false});
  EXPECT_EQ(code, 2) << log;
  EXPECT_NE(log.find("server.tls.ca_file: cannot read"), std::string::npos) << log;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lintas::testing
