// ReferralService and TriageService over real gRPC (an in-process server on 127.0.0.1:0 and the
// generated client), on a real redis-server with the real RedisCaseStore and ReferralIndex:
// listing with a status filter and paging across partitions, the lifecycle to RESOLVED, the
// refusals (bad input, wrong state, other agency), two conflicting transitions at once, and
// BP3MI's triage.
#include "services/referral/referral_service.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "adapters/crypto/audit_mac.h"
#include "adapters/grpc/caller_identity.h"
#include "adapters/redis/referral_index.h"
#include "core/routing/case_routing.h"
#include "core/util/await.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "lintas/v1/referral_service.grpc.pb.h"
#include "services/referral/triage_service.h"
#include "tests/integration/store_fixture.h"
#include "tests/support/fake_clock.h"

namespace lintas::testing {
namespace {

constexpr char kBp3mi[] = "bp3mi-ntt";
constexpr char kPolres[] = "polres-malaka";
constexpr char kNgo[] = "padma-indonesia";
constexpr char kOtherNgo[] = "ngo-lain";

// The store as it is, except that while armed, Get answers are held back until `n` of them have
// come, then all are released together. That is what "two transitions at once" means: both read
// the same version before either writes. Without the gate the second could legitimately read the
// first's result and get FAILED_PRECONDITION instead of ABORTED. It never blocks a thread: the
// held answers are delivered from the I/O thread of the last one.
class GatedStore final : public core::CaseStore {
 public:
  explicit GatedStore(core::CaseStore& inner) : inner_(inner) {}

  void Arm(int n) {
    std::lock_guard lock(mu_);
    gate_ = n;
  }

  void Create(const core::Case& c, std::string_view key,
              core::Callback<core::CreateCaseResult> done) override {
    inner_.Create(c, key, std::move(done));
  }
  void Get(std::string_view case_id, core::Callback<core::Case> done) override {
    inner_.Get(case_id, [this, done = std::move(done)](absl::StatusOr<core::Case> c) mutable {
      std::vector<Held> release;
      {
        std::lock_guard lock(mu_);
        if (gate_ == 0) {
          release.push_back({std::move(c), std::move(done)});
        } else {
          held_.push_back({std::move(c), std::move(done)});
          if (static_cast<int>(held_.size()) == gate_) {
            release.swap(held_);
            gate_ = 0;
          }
        }
      }
      for (Held& h : release)
        std::move(h.done)(std::move(h.answer));
    });
  }
  void Apply(const core::CaseChange& change, std::string_view token,
             core::Callback<bool> done) override {
    inner_.Apply(change, token, std::move(done));
  }
  absl::Status Ping() override { return inner_.Ping(); }

 private:
  struct Held {
    absl::StatusOr<core::Case> answer;
    core::Callback<core::Case> done;
  };
  core::CaseStore& inner_;
  std::mutex mu_;
  int gate_ = 0;
  std::vector<Held> held_;
};

core::Agency MakeAgency(std::string id, core::AgencyKind kind, std::vector<std::string> area) {
  core::Agency a;
  a.id = std::move(id);
  a.kind = kind;
  a.jurisdiction = std::move(area);
  return a;
}

// The fields a google.rpc.BadRequest in the status names.
std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return fields;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad;
    if (!any.UnpackTo(&bad)) continue;
    for (const auto& v : bad.field_violations())
      fields.push_back(v.field());
  }
  return fields;
}

class ReferralServiceTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_TRUE(agencies_.Add(MakeAgency(kBp3mi, core::AgencyKind::kProtectionAgency, {"53"})));
    ASSERT_TRUE(agencies_.Add(MakeAgency(kPolres, core::AgencyKind::kPolice, {"53.21"})));
    ASSERT_TRUE(agencies_.Add(MakeAgency(kNgo, core::AgencyKind::kNgo, {"53"})));
    ASSERT_TRUE(agencies_.Add(MakeAgency(kOtherNgo, core::AgencyKind::kNgo, {"53"})));
    // Development identity (the x-lintas-agency header) on a plaintext loopback port; the
    // limit is far above what any test here sends.
    grpcx::CallerAuthenticator::Options auth;
    auth.mode = grpcx::CallerAuthenticator::Mode::kDevHeader;
    auth.rate_limit = {.per_second = 1e6, .burst = 1e6};
    auth_ = std::make_unique<grpcx::CallerAuthenticator>(agencies_, auth);
    gated_ = std::make_unique<GatedStore>(*store_);
    index_ = std::make_unique<redis::ReferralIndex>(*redis_client_, redis::KeyLayout(prefix_));
    audit_mac_ = std::make_unique<crypto::AuditMac>(ring_);
    audit_log_ = std::make_unique<redis::AuditLog>(*redis_client_, redis::KeyLayout(prefix_),
                                                   audit_mac_->key_id(), audit_mac_->Function());
    audit_ = std::make_unique<services::AuditTrail>(*audit_log_, clock_);
    referrals_ = std::make_unique<referral::ReferralService>(
        *auth_, *gated_, *index_, clock_, *audit_,
        referral::ReferralService::Options{kPartitions, 2, 64});
    triage_ = std::make_unique<referral::TriageService>(*auth_, *gated_, clock_, *audit_);

    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(referrals_.get());
    builder.RegisterService(triage_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_NE(port, 0);
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                       grpc::InsecureChannelCredentials());
    referral_stub_ = v1::ReferralService::NewStub(channel);
    triage_stub_ = v1::TriageService::NewStub(channel);
  }

  void TearDown() override {
    // Calls finish before the services and the store they use go away.
    if (server_) server_->Shutdown();
  }

  std::unique_ptr<grpc::ClientContext> As(const std::string& agency) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata(grpcx::kAgencyMetadataKey, agency);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return context;
  }

  // A case in the store whose idempotency key falls in `partition`, routed by core::RouteCase to
  // one referral per target (r1, r2, ...), each indexed for its agency as routing would.
  core::Case RoutedCase(int partition, const std::vector<std::string>& targets) {
    std::string key;
    for (int i = 0;; ++i) {
      key = "referral-test-" + std::to_string(++key_counter_) + "-" + std::to_string(i);
      if (core::PartitionOf(key, kPartitions) == partition) break;
    }
    core::Case c = NewCase(key, "Dibawa calo ke Malaysia tanpa dokumen.");
    c.created_at = c.updated_at = clock_.Now();
    auto created = Create(c, key);
    EXPECT_TRUE(created.ok()) << created.status();
    std::vector<core::PlannedReferral> plan;
    for (const std::string& target : targets) {
      plan.push_back({core::ReferralPurpose::kEnforcement, target, "test-rule",
                      core::Deadline{core::Deadline::Unit::kHours, 24}});
    }
    const core::CaseChange change = core::RouteCase(c, plan, {}, calendar_, clock_.Now());
    auto applied = Await<bool>([&](auto done) { store_->Apply(change, "", std::move(done)); });
    EXPECT_TRUE(applied.ok() && *applied) << applied.status();
    for (const core::Referral& r : change.after.referrals) {
      EXPECT_TRUE(index_->AddToAgency(r.target_agency, {c.id, r.id}, r.requested_at).ok());
    }
    return change.after;
  }

  core::Case Stored(const std::string& case_id) {
    auto c = Get(case_id);
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? *c : core::Case{};
  }

  using Action = grpc::Status (v1::ReferralService::Stub::*)(grpc::ClientContext*,
                                                             const v1::ReferralActionRequest&,
                                                             v1::Referral*);

  grpc::Status Act(Action action, const std::string& agency, const std::string& case_id,
                   const std::string& referral_id, const std::string& reason = "",
                   const std::string& outcome = "", v1::Referral* out = nullptr) {
    v1::ReferralActionRequest request;
    request.set_case_id(case_id);
    request.set_referral_id(referral_id);
    request.set_reason(reason);
    request.set_outcome(outcome);
    v1::Referral response;
    const grpc::Status status =
        (referral_stub_.get()->*action)(As(agency).get(), request, out ? out : &response);
    return status;
  }

  grpc::Status List(const std::string& agency, v1::ReferralStatus status, int page_size,
                    const std::string& token, v1::ListReferralsResponse* out) {
    v1::ListReferralsRequest request;
    request.set_status(status);
    request.set_page_size(page_size);
    request.set_page_token(token);
    return referral_stub_->ListReferrals(As(agency).get(), request, out);
  }

  // Every referral `agency` holds in `status`, page by page; counts the pages.
  std::vector<v1::Referral> ListAll(const std::string& agency, v1::ReferralStatus status,
                                    int page_size, int* pages) {
    std::vector<v1::Referral> all;
    std::string token;
    *pages = 0;
    do {
      v1::ListReferralsResponse page;
      const grpc::Status s = List(agency, status, page_size, token, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      ++*pages;
      EXPECT_LE(page.referrals_size(), std::max(page_size, 1));
      for (const auto& r : page.referrals())
        all.push_back(r);
      token = page.next_page_token();
    } while (!token.empty() && *pages < 100);
    return all;
  }

  FakeClock clock_{core::Timestamp(std::chrono::sys_days(std::chrono::year{2026} / 11 / 4)) +
                   std::chrono::hours(1)};
  core::WorkingCalendar calendar_;
  core::AgencyRegistry agencies_;
  int key_counter_ = 0;
  std::unique_ptr<grpcx::CallerAuthenticator> auth_;
  std::unique_ptr<GatedStore> gated_;
  std::unique_ptr<redis::ReferralIndex> index_;
  std::unique_ptr<crypto::AuditMac> audit_mac_;
  std::unique_ptr<redis::AuditLog> audit_log_;
  std::unique_ptr<services::AuditTrail> audit_;
  std::unique_ptr<referral::ReferralService> referrals_;
  std::unique_ptr<referral::TriageService> triage_;
  std::unique_ptr<grpc::Server> server_;  // last: destroyed first
  std::unique_ptr<v1::ReferralService::Stub> referral_stub_;
  std::unique_ptr<v1::TriageService::Stub> triage_stub_;
};

using Stub = v1::ReferralService::Stub;

// ---- listing -------------------------------------------------------------------------------

TEST_F(ReferralServiceTest, ListsTheCallersReferralsFilteredAndPagedAcrossPartitions) {
  // Three cases in three partitions, each referred to the Polres and to the NGO.
  std::vector<core::Case> cases;
  for (int p : {2, 7, 13})
    cases.push_back(RoutedCase(p, {kPolres, kNgo}));
  ASSERT_TRUE(Act(&Stub::Accept, kPolres, cases[1].id, "r1").ok());

  v1::ListReferralsResponse everything;
  ASSERT_TRUE(List(kPolres, v1::REFERRAL_STATUS_UNSPECIFIED, 0, "", &everything).ok());
  EXPECT_EQ(everything.referrals_size(), 3);
  EXPECT_EQ(everything.next_page_token(), "");
  std::set<std::string> seen;
  for (const auto& r : everything.referrals()) {
    EXPECT_EQ(r.target_agency(), kPolres);
    EXPECT_EQ(r.id(), "r1");
    seen.insert(r.case_id());
  }
  EXPECT_EQ(seen, (std::set<std::string>{cases[0].id, cases[1].id, cases[2].id}));

  v1::ListReferralsResponse accepted;
  ASSERT_TRUE(List(kPolres, v1::REFERRAL_STATUS_ACCEPTED, 0, "", &accepted).ok());
  ASSERT_EQ(accepted.referrals_size(), 1);
  EXPECT_EQ(accepted.referrals(0).case_id(), cases[1].id);
  v1::ListReferralsResponse requested;
  ASSERT_TRUE(List(kPolres, v1::REFERRAL_STATUS_REQUESTED, 0, "", &requested).ok());
  EXPECT_EQ(requested.referrals_size(), 2);

  // One at a time: every referral exactly once, across the three partitions.
  int pages = 0;
  const auto one_by_one = ListAll(kNgo, v1::REFERRAL_STATUS_UNSPECIFIED, 1, &pages);
  EXPECT_GE(pages, 3);
  std::multiset<std::string> ngo_cases;
  for (const auto& r : one_by_one) {
    EXPECT_EQ(r.target_agency(), kNgo);
    EXPECT_EQ(r.id(), "r2");
    ngo_cases.insert(r.case_id());
  }
  EXPECT_EQ(ngo_cases, (std::multiset<std::string>{cases[0].id, cases[1].id, cases[2].id}));

  // With a filter, paging still finds the one match and nothing else.
  const auto filtered = ListAll(kPolres, v1::REFERRAL_STATUS_ACCEPTED, 1, &pages);
  ASSERT_EQ(filtered.size(), 1u);
  EXPECT_EQ(filtered[0].case_id(), cases[1].id);

  v1::ListReferralsResponse none;
  ASSERT_TRUE(List(kOtherNgo, v1::REFERRAL_STATUS_UNSPECIFIED, 0, "", &none).ok());
  EXPECT_EQ(none.referrals_size(), 0);
  EXPECT_EQ(none.next_page_token(), "");
}

TEST_F(ReferralServiceTest, ListRefusesBadTokensSizesAndStatuses) {
  v1::ListReferralsResponse page;
  for (const std::string token : {"not-a-token!", "OTk6MA", "MzotMQ", "Mzp4", "Mw", "%%%%"}) {
    const grpc::Status s = List(kPolres, v1::REFERRAL_STATUS_UNSPECIFIED, 0, token, &page);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << token;
    EXPECT_EQ(ViolatedFields(s), std::vector<std::string>{"page_token"}) << token;
  }
  grpc::Status s = List(kPolres, v1::REFERRAL_STATUS_UNSPECIFIED, -1, "", &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s), std::vector<std::string>{"page_size"});
  s = List(kPolres, static_cast<v1::ReferralStatus>(42), 0, "", &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s), std::vector<std::string>{"status"});
  s = List("nobody", v1::REFERRAL_STATUS_UNSPECIFIED, 0, "", &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

// ---- the lifecycle -------------------------------------------------------------------------

TEST_F(ReferralServiceTest, HappyPathResolvesTheCaseWhenEveryReferralCompleted) {
  const core::Case c = RoutedCase(4, {kPolres, kNgo});
  EXPECT_EQ(Stored(c.id).status, core::CaseStatus::kReferred);

  struct Step {
    Action action;
    const char* outcome;
    v1::ReferralStatus expect;
  };
  const Step steps[] = {
      {&Stub::Acknowledge, "", v1::REFERRAL_STATUS_RECEIVED},
      {&Stub::Accept, "", v1::REFERRAL_STATUS_ACCEPTED},
      {&Stub::Start, "", v1::REFERRAL_STATUS_IN_PROGRESS},
      {&Stub::Complete, "Laporan polisi LP/B/12/XI/2026 dibuat", v1::REFERRAL_STATUS_COMPLETED}};
  for (const auto& [agency, referral] : {std::pair{kPolres, "r1"}, std::pair{kNgo, "r2"}}) {
    for (const Step& step : steps) {
      v1::Referral answer;
      const grpc::Status s = Act(step.action, agency, c.id, referral, "", step.outcome, &answer);
      ASSERT_TRUE(s.ok()) << agency << ": " << s.error_message();
      EXPECT_EQ(answer.status(), step.expect);
      EXPECT_EQ(answer.id(), referral);
      EXPECT_EQ(answer.case_id(), c.id);
    }
    // Midway (Polres done, NGO waiting) the case is back to REFERRED; at the end RESOLVED.
    EXPECT_EQ(Stored(c.id).status, std::string(agency) == kPolres ? core::CaseStatus::kReferred
                                                                  : core::CaseStatus::kResolved);
  }
  const core::Case after = Stored(c.id);
  EXPECT_EQ(after.referrals[0].outcome, "Laporan polisi LP/B/12/XI/2026 dibuat");
  EXPECT_EQ(after.referrals[1].status, core::ReferralStatus::kCompleted);
  // 8 referral updates and 4 status changes (REFERRED -> IN_PROGRESS -> REFERRED ->
  // IN_PROGRESS -> RESOLVED) on top of the routed case.
  EXPECT_EQ(after.version, c.version + 8 + 4);
}

TEST_F(ReferralServiceTest, RejectWithoutReasonIsInvalidArgumentOnReason) {
  const core::Case c = RoutedCase(1, {kPolres});
  const grpc::Status s = Act(&Stub::Reject, kPolres, c.id, "r1", "   ");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s), std::vector<std::string>{"reason"});
  EXPECT_EQ(Stored(c.id).version, c.version);  // nothing written

  v1::Referral answer;
  ASSERT_TRUE(
      Act(&Stub::Reject, kPolres, c.id, "r1", "Di luar wilayah hukum kami", "", &answer).ok());
  EXPECT_EQ(answer.status(), v1::REFERRAL_STATUS_REJECTED);
  EXPECT_EQ(answer.reason(), "Di luar wilayah hukum kami");
  EXPECT_EQ(Stored(c.id).status, core::CaseStatus::kTriaged);  // back to BP3MI
}

TEST_F(ReferralServiceTest, TransitionNotAllowedNamesTheCurrentState) {
  const core::Case c = RoutedCase(5, {kPolres});
  grpc::Status s = Act(&Stub::Start, kPolres, c.id, "r1");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(s.error_message(), "referral is REQUESTED; cannot start");

  ASSERT_TRUE(Act(&Stub::Acknowledge, kPolres, c.id, "r1").ok());
  s = Act(&Stub::Acknowledge, kPolres, c.id, "r1");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(s.error_message(), "referral is RECEIVED; cannot acknowledge");
}

TEST_F(ReferralServiceTest, AnotherAgencyGetsNotFoundLikeAMissingReferral) {
  const core::Case c = RoutedCase(6, {kPolres, kNgo});
  // The NGO holds r2 on the same case, and still may not touch r1.
  const grpc::Status other = Act(&Stub::Accept, kNgo, c.id, "r1");
  EXPECT_EQ(other.error_code(), grpc::StatusCode::NOT_FOUND);
  const grpc::Status stranger = Act(&Stub::Accept, kOtherNgo, c.id, "r1");
  EXPECT_EQ(stranger.error_code(), grpc::StatusCode::NOT_FOUND);
  const grpc::Status missing = Act(&Stub::Accept, kPolres, c.id, "r9");
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  const grpc::Status no_case = Act(&Stub::Accept, kPolres, "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-06", "r1");
  EXPECT_EQ(no_case.error_code(), grpc::StatusCode::NOT_FOUND);
  // Same words whether the referral is someone else's, missing, or its case does not exist.
  EXPECT_EQ(other.error_message(), "referral " + c.id + "/r1 not found");
  EXPECT_EQ(stranger.error_message(), other.error_message());
  EXPECT_EQ(no_case.error_message(), "referral 01JDQ3K6Y8V1T8R2M4N5P6Q7R8-06/r1 not found");
  EXPECT_EQ(Stored(c.id).version, c.version);
}

TEST_F(ReferralServiceTest, TwoConflictingTransitionsAtOnceOneWinsOneIsAborted) {
  constexpr int kRounds = 20;
  for (int round = 0; round < kRounds; ++round) {
    const core::Case c = RoutedCase(round % kPartitions, {kPolres});
    gated_->Arm(2);  // both requests read version N before either writes
    grpc::Status accept, reject;
    std::thread a([&] { accept = Act(&Stub::Accept, kPolres, c.id, "r1"); });
    std::thread b([&] { reject = Act(&Stub::Reject, kPolres, c.id, "r1", "bukan wewenang"); });
    a.join();
    b.join();
    const int ok = accept.ok() + reject.ok();
    const int aborted = (accept.error_code() == grpc::StatusCode::ABORTED) +
                        (reject.error_code() == grpc::StatusCode::ABORTED);
    ASSERT_EQ(ok, 1) << "round " << round << ": accept " << accept.error_message() << ", reject "
                     << reject.error_message();
    ASSERT_EQ(aborted, 1) << "round " << round;
    const core::Case after = Stored(c.id);
    EXPECT_EQ(after.version, c.version + 2);  // the winner's update and status change only
    EXPECT_EQ(after.referrals[0].status,
              accept.ok() ? core::ReferralStatus::kAccepted : core::ReferralStatus::kRejected);
  }
}

// ---- triage --------------------------------------------------------------------------------

TEST_F(ReferralServiceTest, Bp3miRejectsACaseAndItsReferralsAreCancelled) {
  const core::Case c = RoutedCase(8, {kPolres, kNgo});
  ASSERT_TRUE(Act(&Stub::Accept, kNgo, c.id, "r2").ok());

  v1::RejectCaseRequest request;
  request.set_case_id(c.id);
  request.set_reason("Laporan iseng, nomor pelapor tidak aktif");
  v1::Case answer;
  const grpc::Status s = triage_stub_->RejectCase(As(kBp3mi).get(), request, &answer);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(answer.status(), v1::CASE_STATUS_REJECTED);
  EXPECT_EQ(answer.triage_reason(), "Laporan iseng, nomor pelapor tidak aktif");
  ASSERT_EQ(answer.referrals_size(), 2);
  for (const auto& r : answer.referrals()) {
    EXPECT_EQ(r.status(), v1::REFERRAL_STATUS_CANCELLED);
    EXPECT_EQ(r.reason(), "case rejected");
  }
  EXPECT_EQ(answer.subject().nik(), "5321014507950001");  // BP3MI sees every field
  EXPECT_EQ(Stored(c.id).status, core::CaseStatus::kRejected);

  // Decided once: again is FAILED_PRECONDITION, and the referrals cannot move any more.
  v1::Case again;
  const grpc::Status twice = triage_stub_->RejectCase(As(kBp3mi).get(), request, &again);
  EXPECT_EQ(twice.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(twice.error_message(), "case is REJECTED; cannot reject");
  const grpc::Status late = Act(&Stub::Accept, kPolres, c.id, "r1");
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(late.error_message(), "referral is CANCELLED; cannot accept");
}

TEST_F(ReferralServiceTest, OnlyBp3miTriages) {
  const core::Case c = RoutedCase(9, {kNgo});
  v1::RejectCaseRequest request;
  request.set_case_id(c.id);
  request.set_reason("spam");
  v1::Case answer;
  // The authorization matrix refuses triage to every kind but protection_agency before the
  // case is read: the same PERMISSION_DENIED for the NGO holding a referral, for one without
  // standing, and for a case that does not exist, so nobody learns whether a case exists.
  const std::string denied = "agencies of kind ngo may not call lintas.v1.TriageService/RejectCase";
  const grpc::Status holder = triage_stub_->RejectCase(As(kNgo).get(), request, &answer);
  EXPECT_EQ(holder.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(holder.error_message(), denied);
  const grpc::Status stranger = triage_stub_->RejectCase(As(kOtherNgo).get(), request, &answer);
  EXPECT_EQ(stranger.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(stranger.error_message(), denied);
  v1::RejectCaseRequest missing = request;
  missing.set_case_id("01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07");
  const grpc::Status absent = triage_stub_->RejectCase(As(kOtherNgo).get(), missing, &answer);
  EXPECT_EQ(absent.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(absent.error_message(), denied);
  EXPECT_EQ(Stored(c.id).version, c.version);

  request.set_reason("");
  const grpc::Status no_reason = triage_stub_->RejectCase(As(kBp3mi).get(), request, &answer);
  EXPECT_EQ(no_reason.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(no_reason), std::vector<std::string>{"reason"});
}

TEST_F(ReferralServiceTest, MarkDuplicateChecksTheSurvivorAndCloseCancelsNothing) {
  const core::Case survivor = RoutedCase(10, {kPolres});
  const core::Case copy = RoutedCase(11, {kPolres});

  v1::MarkDuplicateRequest dup;
  dup.set_case_id(copy.id);
  dup.set_reason("Korban yang sama, dilaporkan dua kali");
  dup.set_duplicate_of("01JDQ3K6Y8V1T8R2M4N5P6Q7R8-06");  // well-formed, does not exist
  v1::Case answer;
  grpc::Status s = triage_stub_->MarkDuplicate(As(kBp3mi).get(), dup, &answer);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s), std::vector<std::string>{"duplicate_of"});
  EXPECT_EQ(Stored(copy.id).version, copy.version);

  dup.set_duplicate_of(survivor.id);
  s = triage_stub_->MarkDuplicate(As(kBp3mi).get(), dup, &answer);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(answer.status(), v1::CASE_STATUS_DUPLICATE);
  EXPECT_EQ(answer.duplicate_of(), survivor.id);
  EXPECT_EQ(answer.referrals(0).reason(), "merged into " + survivor.id);

  v1::CloseCaseRequest close;
  close.set_case_id(survivor.id);
  close.set_reason("Koordinasi selesai");
  s = triage_stub_->CloseCase(As(kBp3mi).get(), close, &answer);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(answer.status(), v1::CASE_STATUS_CLOSED);
  EXPECT_EQ(answer.referrals(0).status(), v1::REFERRAL_STATUS_REQUESTED);
  // The Polres keeps its referral and may still act on it; the case stays CLOSED.
  ASSERT_TRUE(Act(&Stub::Acknowledge, kPolres, survivor.id, "r1").ok());
  EXPECT_EQ(Stored(survivor.id).status, core::CaseStatus::kClosed);
}

}  // namespace
}  // namespace lintas::testing

namespace lintas::testing {
namespace {

// Every audit entry written so far, as (method, agency, case, fields, outcome).
std::vector<std::vector<std::string>> AuditRows(redis::PipelinedClient& client,
                                                const std::string& prefix) {
  std::vector<std::vector<std::string>> rows;
  const redis::AuditReader reader(client, redis::KeyLayout(prefix));
  EXPECT_TRUE(reader
                  .Scan([&](std::string_view, const std::optional<core::audit::ChainedEntry>& e) {
                    ASSERT_TRUE(e.has_value());
                    rows.push_back({e->data.method, e->data.agency, e->data.case_id, e->data.fields,
                                    e->data.outcome});
                  })
                  .ok());
  return rows;
}

TEST_F(ReferralServiceTest, ActionsTriageAndListingsAreAudited) {
  const core::Case c = RoutedCase(10, {kPolres});
  ASSERT_TRUE(Act(&Stub::Acknowledge, kPolres, c.id, "r1").ok());
  ASSERT_TRUE(Act(&Stub::Reject, kPolres, c.id, "r1", "Bukan wilayah kami").ok());
  EXPECT_EQ(Act(&Stub::Accept, kNgo, c.id, "r1").error_code(), grpc::StatusCode::NOT_FOUND);
  int pages = 0;
  ListAll(kPolres, v1::REFERRAL_STATUS_REJECTED, 10, &pages);
  v1::CloseCaseRequest close;
  close.set_case_id(c.id);
  close.set_reason("Selesai");
  v1::Case closed;
  triage_stub_->CloseCase(As(kBp3mi).get(), close, &closed);

  ASSERT_TRUE(audit_log_->Flush(std::chrono::seconds(10)).ok());
  const auto rows = AuditRows(*redis_client_, prefix_);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"lintas.v1.ReferralService/Acknowledge", kPolres,
                                               c.id, "", "OK"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"lintas.v1.ReferralService/Reject", kPolres, c.id,
                                               "referrals[r1].reason", "OK"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"lintas.v1.ReferralService/Accept", kNgo, c.id, "",
                                               "NOT_FOUND"}));
  EXPECT_EQ(rows[3], (std::vector<std::string>{"lintas.v1.ReferralService/ListReferrals", kPolres,
                                               c.id, "referrals[r1].reason", "OK"}));
  EXPECT_EQ(rows[4][0], "lintas.v1.TriageService/CloseCase");
  EXPECT_EQ(rows[4][1], kBp3mi);
  EXPECT_NE(rows[4][3].find("subject.nik"), std::string::npos) << rows[4][3];
  EXPECT_NE(rows[4][3].find("triage_reason"), std::string::npos) << rows[4][3];
}

}  // namespace
}  // namespace lintas::testing
