// CaseStatusService (GetCase, ListCases, GetTimeline) over real gRPC (an in-process server on
// 127.0.0.1:0 and the generated client) on a real redis-server, with the real RedisCaseStore,
// CaseViews and CaseLister; and the inbox cursor (ReadAfter, Ack, AckedCursor, Tip).
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <variant>
#include <vector>

#include "adapters/crypto/audit_mac.h"
#include "adapters/grpc/caller_identity.h"
#include "adapters/protomap/case_mapping.h"
#include "adapters/redis/case_listing_index.h"
#include "adapters/redis/inbox.h"
#include "adapters/redis/referral_index.h"
#include "core/referral/enforcement_commands.h"
#include "core/referral/referral_commands.h"
#include "core/routing/case_routing.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "lintas/v1/case_status.grpc.pb.h"
#include "services/status/case_status_service.h"
#include "tests/integration/store_fixture.h"
#include "tests/support/fake_clock.h"

namespace lintas::testing {
namespace {

constexpr char kBp3mi[] = "bp3mi-ntt";
constexpr char kBp3miNtb[] = "bp3mi-ntb";
constexpr char kPolres[] = "polres-malaka";
constexpr char kShelter[] = "sinode-gmit";
constexpr char kSubmitter[] = "j-ruk";
constexpr char kOtherNgo[] = "rumah-perempuan-kupang";
constexpr char kNtbNgo[] = "ngo-lombok";
constexpr char kMissingId[] = "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07";

core::Agency MakeAgency(std::string id, core::AgencyKind kind, std::vector<std::string> area) {
  core::Agency a;
  a.id = std::move(id);
  a.kind = kind;
  a.jurisdiction = std::move(area);
  return a;
}

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

std::int64_t Millis(core::Timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// Stream ids compare as (ms, seq) numbers.
std::pair<long long, long long> StreamId(const std::string& id) {
  const auto dash = id.find('-');
  return {std::stoll(id.substr(0, dash)), std::stoll(id.substr(dash + 1))};
}

std::string TypeOf(const core::CaseChangeEvent& e) {
  return std::visit(
      [](const auto& event) -> std::string {
        using E = std::decay_t<decltype(event)>;
        if constexpr (std::is_same_v<E, core::ReferralRequestedEvent>) {
          return "lintas.v1.ReferralRequested";
        } else if constexpr (std::is_same_v<E, core::ReferralUpdatedEvent>) {
          return "lintas.v1.ReferralUpdated";
        } else if constexpr (std::is_same_v<E, core::ReferralEscalatedEvent>) {
          return "lintas.v1.ReferralEscalated";
        } else if constexpr (std::is_same_v<E, core::CaseStatusChangedEvent>) {
          return "lintas.v1.CaseStatusChanged";
        } else if constexpr (std::is_same_v<E, core::DuplicateSuspectedEvent>) {
          return "lintas.v1.DuplicateSuspected";
        } else if constexpr (std::is_same_v<E, core::CaseTriagedEvent>) {
          return "lintas.v1.CaseTriaged";
        } else {
          return "lintas.v1.EnforcementActionReported";
        }
      },
      e);
}

class CaseStatusTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    for (auto a : {MakeAgency(kBp3mi, core::AgencyKind::kProtectionAgency, {"53"}),
                   MakeAgency(kBp3miNtb, core::AgencyKind::kProtectionAgency, {"52"}),
                   MakeAgency(kPolres, core::AgencyKind::kPolice, {"53.21"}),
                   MakeAgency(kShelter, core::AgencyKind::kFaithOrganisation, {"53.21"}),
                   MakeAgency(kSubmitter, core::AgencyKind::kNgo, {"53"}),
                   MakeAgency(kOtherNgo, core::AgencyKind::kNgo, {"53"}),
                   MakeAgency(kNtbNgo, core::AgencyKind::kNgo, {"52"})}) {
      ASSERT_TRUE(agencies_.Add(a));
    }
    grpcx::CallerAuthenticator::Options auth;
    auth.mode = grpcx::CallerAuthenticator::Mode::kDevHeader;
    auth.rate_limit = {.per_second = 1e6, .burst = 1e6};
    auth_ = std::make_unique<grpcx::CallerAuthenticator>(agencies_, auth);
    index_ = std::make_unique<redis::ReferralIndex>(*redis_client_, redis::KeyLayout(prefix_));
    audit_mac_ = std::make_unique<crypto::AuditMac>(ring_);
    audit_log_ = std::make_unique<redis::AuditLog>(*redis_client_, redis::KeyLayout(prefix_),
                                                   audit_mac_->key_id(), audit_mac_->Function());
    audit_ = std::make_unique<services::AuditTrail>(*audit_log_, clock_);
    views_ = std::make_unique<services::CaseViews>(services::CaseViews::Deps{
        *redis_client_, redis::KeyLayout(prefix_), *store_, *cipher_, *index_, *hasher_});
    case_index_ = std::make_unique<redis::RedisCaseListingIndex>(
        *redis_client_, redis::KeyLayout(prefix_), kPartitions);
    lister_ = std::make_unique<status::CaseLister>(*case_index_, *store_);
    service_ = std::make_unique<status::CaseStatusService>(
        *auth_, *audit_, *store_, *views_, *lister_, nullptr, status::CaseStatusService::Options{});

    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_NE(port, 0);
    stub_ = v1::CaseStatusService::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                                               grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    stub_.reset();
    if (server_) server_->Shutdown();
  }

  const core::Agency& Agency(const std::string& id) const { return *agencies_.Find(id); }

  std::unique_ptr<grpc::ClientContext> As(const std::string& agency) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata(grpcx::kAgencyMetadataKey, agency);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return context;
  }

  // A case submitted by `submitter` in `partition`, received at `at`.
  core::Case Submit(int partition, const std::string& submitter, const std::string& region,
                    core::Timestamp at, core::Category category = core::Category::kTrafficking,
                    core::ReporterMode mode = core::ReporterMode::kConfidential) {
    std::string key;
    for (int i = 0;; ++i) {
      key = submitter + "\nstatus-test-" + std::to_string(++key_counter_) + "-" + std::to_string(i);
      if (core::PartitionOf(key, kPartitions) == partition) break;
    }
    core::Case c = NewCase(key, "Dijanjikan kerja di Malaysia, dibawa lewat Atambua.");
    c.id = core::MakeCaseId(at, partition, random_);
    c.submitted_by = submitter;
    c.region_code = region;
    c.subject.home_region_code = region;
    c.category = category;
    c.reporter.mode = mode;
    c.created_at = c.updated_at = at;
    auto created = Create(c, key);
    EXPECT_TRUE(created.ok()) << created.status();
    return c;
  }

  // Appends `change` and returns the case after it; collects its events in `log_`.
  core::Case Commit(const absl::StatusOr<core::CaseChange>& change) {
    EXPECT_TRUE(change.ok()) << change.status();
    if (!change.ok()) return {};
    auto applied = Await<bool>([&](auto done) { store_->Apply(*change, "", std::move(done)); });
    EXPECT_TRUE(applied.ok() && *applied) << applied.status();
    for (const auto& e : change->events)
      events_[change->after.id].push_back(e);
    return change->after;
  }

  core::Case Route(const core::Case& c,
                   const std::vector<std::pair<core::ReferralPurpose, std::string>>& targets,
                   core::Timestamp at) {
    std::vector<core::PlannedReferral> plan;
    for (const auto& [purpose, target] : targets) {
      plan.push_back(
          {purpose, target, "test-rule", core::Deadline{core::Deadline::Unit::kHours, 24}});
    }
    const core::Case after = Commit(core::RouteCase(c, plan, {}, calendar_, at));
    for (const core::Referral& r : after.referrals) {
      EXPECT_TRUE(index_->AddToAgency(r.target_agency, {after.id, r.id}, r.requested_at).ok());
    }
    return after;
  }

  core::Case Act(const core::Case& c, const std::string& referral, core::ReferralAction action,
                 const std::string& agency, core::Timestamp at, const std::string& reason = "",
                 const std::string& outcome = "") {
    return Commit(core::ActOnReferral(c, referral, action, Agency(agency), reason, outcome, at));
  }

  grpc::Status GetCase(const std::string& agency, const std::string& id, v1::Case* out) {
    v1::GetCaseRequest request;
    request.set_case_id(id);
    return stub_->GetCase(As(agency).get(), request, out);
  }

  grpc::Status Timeline(const std::string& agency, const std::string& id,
                        v1::GetTimelineResponse* out) {
    v1::GetTimelineRequest request;
    request.set_case_id(id);
    return stub_->GetTimeline(As(agency).get(), request, out);
  }

  // Every case `agency` lists under `request`, page by page (at most 200 pages).
  std::vector<v1::Case> ListAll(const std::string& agency, v1::ListCasesRequest request,
                                int* pages = nullptr) {
    std::vector<v1::Case> all;
    int n = 0;
    do {
      v1::ListCasesResponse page;
      const grpc::Status s = stub_->ListCases(As(agency).get(), request, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      ++n;
      EXPECT_LE(page.cases_size(), request.page_size() == 0 ? 50 : request.page_size());
      EXPECT_TRUE(page.cases_size() > 0 || page.next_page_token().empty() ||
                  page.next_page_token() != request.page_token())
          << "a page with nothing and the same token again never ends";
      if (page.cases_size() == 0 && page.next_page_token() == request.page_token()) break;
      for (const auto& c : page.cases())
        all.push_back(c);
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty() && n < 200);
    EXPECT_LT(n, 200) << "paging did not end";
    if (pages != nullptr) *pages = n;
    return all;
  }

  std::vector<std::string> ListIds(const std::string& agency, v1::ListCasesRequest request = {}) {
    std::vector<std::string> ids;
    for (const auto& c : ListAll(agency, std::move(request)))
      ids.push_back(c.id());
    return ids;
  }

  FakeClock clock_{core::Timestamp(std::chrono::sys_days(std::chrono::year{2026} / 11 / 4)) +
                   std::chrono::hours(1)};
  const core::Timestamp t0_ = clock_.Now();
  core::WorkingCalendar calendar_;
  core::AgencyRegistry agencies_;
  int key_counter_ = 0;
  std::map<std::string, std::vector<core::CaseChangeEvent>>
      events_;  // after CaseReceived, per case
  std::unique_ptr<grpcx::CallerAuthenticator> auth_;
  std::unique_ptr<redis::ReferralIndex> index_;
  std::unique_ptr<crypto::AuditMac> audit_mac_;
  std::unique_ptr<redis::AuditLog> audit_log_;
  std::unique_ptr<services::AuditTrail> audit_;
  std::unique_ptr<services::CaseViews> views_;
  std::unique_ptr<redis::RedisCaseListingIndex> case_index_;
  std::unique_ptr<status::CaseLister> lister_;
  std::unique_ptr<status::CaseStatusService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::CaseStatusService::Stub> stub_;
};

constexpr char kHoldReason[] = "Menunggu hasil visum korban";
constexpr char kRejectReason[] = "Rumah aman GMIT sedang penuh";
constexpr char kNote[] = "Saksi kakak korban diperiksa di Betun";
constexpr char kTriageReason[] = "Koordinasi BP3MI selesai";

// ---- the timeline ----------------------------------------------------------------------------

class TimelineTest : public CaseStatusTest {
 protected:
  // A case with every kind of free text on its timeline: routed to the Polres (enforcement) and
  // GMIT (victim support); the Polres accepts, starts and holds with a reason, GMIT rejects with a
  // reason, the Polres reports an investigation with a note, BP3MI closes it with a reason.
  core::Case Worked() {
    core::Case c = Submit(5, kSubmitter, "53.21.01.2006", t0_);
    c = Route(c,
              {{core::ReferralPurpose::kEnforcement, kPolres},
               {core::ReferralPurpose::kVictimSupport, kShelter}},
              t0_ + std::chrono::seconds(1));
    c = Act(c, "r1", core::ReferralAction::kAccept, kPolres, t0_ + std::chrono::seconds(2));
    c = Act(c, "r2", core::ReferralAction::kReject, kShelter, t0_ + std::chrono::seconds(3),
            kRejectReason);
    c = Act(c, "r1", core::ReferralAction::kStart, kPolres, t0_ + std::chrono::seconds(4));
    c = Act(c, "r1", core::ReferralAction::kHold, kPolres, t0_ + std::chrono::seconds(4),
            kHoldReason);
    c = Commit(core::ReportEnforcementAction(c, "r1",
                                             core::EnforcementActionKind::kInvestigationOpened,
                                             "LP/B/45/XI/2026/SPKT/POLRES MALAKA", kNote,
                                             Agency(kPolres), t0_ + std::chrono::seconds(5)));
    c = Commit(core::TriageCase(c, core::CaseTriagedEvent::Decision::kClose, kTriageReason, "",
                                Agency(kBp3mi), t0_ + std::chrono::seconds(6)));
    return c;
  }

  // The free text of each event, by type: what a viewer was shown.
  struct Shown {
    std::string reject_reason, hold_reason, note, triage_reason;
  };
  static Shown FreeText(const v1::GetTimelineResponse& t) {
    Shown s;
    for (const auto& e : t.events()) {
      if (e.has_referral_updated() && e.referral_updated().referral_id() == "r2" &&
          e.referral_updated().action() == v1::REFERRAL_ACTION_REJECT) {
        s.reject_reason = e.referral_updated().reason();
      }
      if (e.has_referral_updated() && e.referral_updated().action() == v1::REFERRAL_ACTION_HOLD) {
        s.hold_reason = e.referral_updated().reason();
      }
      if (e.has_enforcement_action_reported()) s.note = e.enforcement_action_reported().note();
      if (e.has_case_triaged()) s.triage_reason = e.case_triaged().reason();
    }
    return s;
  }
};

TEST_F(TimelineTest, HoldsEveryEventInOrderWithFreeTextOpenedPerViewer) {
  const core::Case c = Worked();
  const std::vector<core::CaseChangeEvent>& later = events_[c.id];
  ASSERT_GE(later.size(), 8u);
  ASSERT_EQ(c.version, 1 + static_cast<std::int64_t>(later.size()));

  v1::GetTimelineResponse as_bp3mi;
  const grpc::Status s = Timeline(kBp3mi, c.id, &as_bp3mi);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(as_bp3mi.events_size(), c.version);
  EXPECT_EQ(as_bp3mi.events(0).type(), "lintas.v1.CaseReceived");
  EXPECT_EQ(as_bp3mi.events(0).case_received().submitted_by(), kSubmitter);
  EXPECT_EQ(as_bp3mi.events(0).case_received().region_code(), "53.21.01.2006");
  std::set<std::string> event_ids;
  for (int i = 0; i < as_bp3mi.events_size(); ++i) {
    const v1::TimelineEvent& e = as_bp3mi.events(i);
    EXPECT_EQ(e.sequence(), i + 1) << "event " << i;
    EXPECT_EQ(e.case_id(), c.id);
    if (i > 0) {
      EXPECT_EQ(e.type(), TypeOf(later[static_cast<std::size_t>(i - 1)])) << "event " << i;
      EXPECT_LT(StreamId(as_bp3mi.events(i - 1).position()), StreamId(e.position()))
          << "positions grow";
    }
    event_ids.insert(e.event_id());
  }
  EXPECT_EQ(event_ids.size(), static_cast<std::size_t>(as_bp3mi.events_size()));
  // The enforcement action carries everything it was reported with.
  bool found_action = false;
  for (const auto& e : as_bp3mi.events()) {
    if (!e.has_enforcement_action_reported()) continue;
    found_action = true;
    EXPECT_EQ(e.enforcement_action_reported().police_report_number(),
              "LP/B/45/XI/2026/SPKT/POLRES MALAKA");
    EXPECT_EQ(e.enforcement_action_reported().actor(), kPolres);
    EXPECT_EQ(e.enforcement_action_reported().kind(),
              v1::ENFORCEMENT_ACTION_KIND_INVESTIGATION_OPENED);
  }
  EXPECT_TRUE(found_action);

  // Who sees which free text: BP3MI and the submitter all of it, each holder its own.
  struct Row {
    const char* agency;
    bool reject, hold, note, triage;
  };
  for (const Row& row :
       {Row{kBp3mi, true, true, true, true}, Row{kSubmitter, true, true, true, true},
        Row{kPolres, false, true, true, false}, Row{kShelter, true, false, false, false}}) {
    v1::GetTimelineResponse t;
    const grpc::Status got = Timeline(row.agency, c.id, &t);
    ASSERT_TRUE(got.ok()) << row.agency << ": " << got.error_message();
    EXPECT_EQ(t.events_size(), as_bp3mi.events_size()) << row.agency << " sees every event";
    const Shown shown = FreeText(t);
    EXPECT_EQ(shown.reject_reason, row.reject ? kRejectReason : "") << row.agency;
    EXPECT_EQ(shown.hold_reason, row.hold ? kHoldReason : "") << row.agency;
    EXPECT_EQ(shown.note, row.note ? kNote : "") << row.agency;
    EXPECT_EQ(shown.triage_reason, row.triage ? kTriageReason : "") << row.agency;
    for (int i = 0; i < t.events_size(); ++i) {
      EXPECT_EQ(t.events(i).event_id(), as_bp3mi.events(i).event_id()) << row.agency;
      EXPECT_EQ(t.events(i).position(), as_bp3mi.events(i).position()) << row.agency;
    }
  }

  // Anyone else: NOT_FOUND, worded as for a case that does not exist.
  v1::GetTimelineResponse none;
  const grpc::Status stranger = Timeline(kOtherNgo, c.id, &none);
  const grpc::Status missing = Timeline(kOtherNgo, kMissingId, &none);
  EXPECT_EQ(stranger.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(stranger.error_message(), "case " + c.id + " not found");
  EXPECT_EQ(missing.error_message(), std::string("case ") + kMissingId + " not found");
  EXPECT_EQ(Timeline(kBp3miNtb, c.id, &none).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(TimelineTest, SurvivesTrimmingThePartitionStream) {
  const core::Case c = Worked();
  const core::Case other = Submit(5, kSubmitter, "53.21.01.2006", t0_ + std::chrono::seconds(7));
  v1::GetTimelineResponse before;
  ASSERT_TRUE(Timeline(kBp3mi, c.id, &before).ok());
  ASSERT_EQ(before.events_size(), c.version);

  const std::string stream = EventsKey(c.id);
  ASSERT_GE(Xlen(stream), c.version + 1) << "both cases' events are in the partition stream";
  redis_->Run({"XTRIM", stream, "MAXLEN", "0"});
  ASSERT_EQ(Xlen(stream), 0);

  v1::GetTimelineResponse after;
  const grpc::Status s = Timeline(kBp3mi, c.id, &after);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(after.events_size(), before.events_size());
  for (int i = 0; i < after.events_size(); ++i) {
    EXPECT_EQ(after.events(i).SerializeAsString(), before.events(i).SerializeAsString())
        << "event " << i;
  }
  EXPECT_EQ(FreeText(after).note, kNote);
  // The timeline holds only its own case's events.
  v1::GetTimelineResponse mine;
  ASSERT_TRUE(Timeline(kSubmitter, other.id, &mine).ok());
  ASSERT_EQ(mine.events_size(), 1);
  EXPECT_EQ(mine.events(0).case_id(), other.id);

  // The position of each event is its id in the partition stream (as the append script wrote it).
  for (const auto& e : before.events()) {
    EXPECT_EQ(redis_
                  ->Run({"XRANGE", redis::KeyLayout(prefix_).Timeline(5, c.id), e.position(),
                         e.position()})
                  .empty(),
              false)
        << e.position();
  }
}

TEST_F(TimelineTest, ANotificationRendersFromTheTimelineOrForOlderCasesFromThePartitionStream) {
  const core::Case c = Worked();
  v1::GetTimelineResponse t;
  ASSERT_TRUE(Timeline(kBp3mi, c.id, &t).ok());
  const v1::TimelineEvent* note = nullptr;
  for (const auto& e : t.events()) {
    if (e.has_enforcement_action_reported()) note = &e;
  }
  ASSERT_NE(note, nullptr);
  const redis::InboxEntry entry{
      "1-0", {note->event_id(), note->type(), c.id, EventsKey(c.id), note->position()}};
  const auto render = [&](const std::string& agency) {
    return views_->Render(Agency(agency), entry, nullptr);
  };
  auto n = render(kBp3mi);
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(n->cursor(), "1-0");
  EXPECT_EQ(n->event().event_id(), note->event_id());
  EXPECT_EQ(n->event().enforcement_action_reported().note(), kNote);
  EXPECT_EQ(n->case_().id(), c.id);
  // Redacted for the recipient: GMIT rejected its referral, so no free text of others.
  auto shelter = render(kShelter);
  ASSERT_TRUE(shelter.ok()) << shelter.status();
  EXPECT_EQ(shelter->event().enforcement_action_reported().note(), "");
  EXPECT_EQ(render(kOtherNgo).status().code(), absl::StatusCode::kNotFound);

  // A case stored before timelines existed: the partition stream still has the event.
  redis_->Run({"DEL", redis::KeyLayout(prefix_).Timeline(5, c.id)});
  n = render(kBp3mi);
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(n->event().enforcement_action_reported().note(), kNote);
  // Gone from both: nothing to deliver, said as NOT_FOUND (feeds and webhooks skip it).
  redis_->Run({"XTRIM", EventsKey(c.id), "MAXLEN", "0"});
  EXPECT_EQ(render(kBp3mi).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(TimelineTest, CaseViewsTimelineResumesAfterAPosition) {
  const core::Case c = Worked();
  auto all = views_->Timeline(Agency(kBp3mi), c, "", 1000);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(static_cast<std::int64_t>(all->size()), c.version);
  auto rest = views_->Timeline(Agency(kBp3mi), c, (*all)[2].position(), 1000);
  ASSERT_TRUE(rest.ok()) << rest.status();
  ASSERT_EQ(rest->size(), all->size() - 3);
  EXPECT_EQ(rest->front().event_id(), (*all)[3].event_id());
  auto two = views_->Timeline(Agency(kBp3mi), c, "", 2);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->size(), 2u);
  auto bad = views_->Timeline(Agency(kBp3mi), c, "not-a-position", 10);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(services::FreeTextFieldsIn(*all).size(), 4u)
      << "reject and hold reasons, the note and the triage reason";
}

// ---- GetCase ---------------------------------------------------------------------------------

TEST_F(CaseStatusTest, GetCaseRedactsPerAgency) {
  core::Case c = Submit(3, kSubmitter, "53.21.01.2006", t0_);
  c = Route(c,
            {{core::ReferralPurpose::kEnforcement, kPolres},
             {core::ReferralPurpose::kVictimSupport, kShelter}},
            t0_ + std::chrono::seconds(1));

  v1::Case got;
  ASSERT_TRUE(GetCase(kPolres, c.id, &got).ok());
  EXPECT_EQ(got.reported_persons(0).name(), "Yohanes Calo Bria") << "from REQUESTED on";
  EXPECT_EQ(got.reported_persons(0).phone(), "+6281398765432");
  EXPECT_EQ(got.reported_persons(0).role(), "calo");
  EXPECT_EQ(got.subject().nik(), "") << "not before the police accept";
  EXPECT_EQ(got.subject().phone(), "");
  EXPECT_EQ(got.subject().full_name(), "");
  EXPECT_EQ(got.reporter().name(), "");
  EXPECT_EQ(got.reporter().contact_phone(), "");
  EXPECT_EQ(got.reporter().mode(), v1::REPORTER_MODE_CONFIDENTIAL);
  EXPECT_EQ(got.narrative(), c.narrative);
  EXPECT_EQ(got.status(), v1::CASE_STATUS_REFERRED);

  c = Act(c, "r1", core::ReferralAction::kAccept, kPolres, t0_ + std::chrono::seconds(2));
  got.Clear();
  ASSERT_TRUE(GetCase(kPolres, c.id, &got).ok());
  EXPECT_EQ(got.subject().nik(), "5321014507950001");
  EXPECT_EQ(got.subject().phone(), "+6281234567890");
  EXPECT_EQ(got.subject().full_name(), "Maria Goreti Seran");
  EXPECT_EQ(got.reporter().name(), "") << "still not the confidential reporter";

  got.Clear();
  ASSERT_TRUE(GetCase(kShelter, c.id, &got).ok());
  EXPECT_EQ(got.subject().nik(), "") << "GMIT has not accepted";
  EXPECT_EQ(got.reported_persons(0).name(), "") << "victim support never needs the brokers";
  EXPECT_EQ(got.narrative(), c.narrative);

  got.Clear();
  ASSERT_TRUE(GetCase(kSubmitter, c.id, &got).ok());
  EXPECT_EQ(got.subject().nik(), "5321014507950001");
  EXPECT_EQ(got.reporter().name(), "") << "the submitter does not see a confidential reporter";

  got.Clear();
  ASSERT_TRUE(GetCase(kBp3mi, c.id, &got).ok());
  EXPECT_EQ(got.reporter().name(), "Agustina Luruk");
  EXPECT_EQ(got.reporter().contact_phone(), "+6285311112222");
  EXPECT_EQ(got.subject().nik(), "5321014507950001");

  for (const char* outsider : {kOtherNgo, kBp3miNtb}) {
    v1::Case none;
    const grpc::Status other = GetCase(outsider, c.id, &none);
    const grpc::Status missing = GetCase(outsider, kMissingId, &none);
    EXPECT_EQ(other.error_code(), grpc::StatusCode::NOT_FOUND) << outsider;
    EXPECT_EQ(other.error_message(), "case " + c.id + " not found") << outsider;
    EXPECT_EQ(missing.error_message(), std::string("case ") + kMissingId + " not found");
    EXPECT_EQ(GetCase(outsider, "garbage", &none).error_code(), grpc::StatusCode::NOT_FOUND);
  }
}

// ---- ListCases: visibility and filters ---------------------------------------------------------

class ListCasesTest : public CaseStatusTest {
 protected:
  void SetUp() override {
    CaseStatusTest::SetUp();
    if (HasFatalFailure()) return;
    using std::chrono::seconds;
    // A: the NGO's trafficking case in Malaka, referred to the Polres.
    a_ = Submit(1, kSubmitter, "53.21.01.2006", t0_);
    a_ = Route(a_, {{core::ReferralPurpose::kEnforcement, kPolres}}, t0_ + seconds(10));
    // B: the NGO's recruitment case in TTS, not referred.
    b_ = Submit(6, kSubmitter, "53.02.01.2012", t0_ + seconds(20),
                core::Category::kIllegalRecruitment);
    // C: another NGO's case in Kota Kupang.
    c_ = Submit(11, kOtherNgo, "53.71.01.1001", t0_ + seconds(30),
                core::Category::kNonProceduralDeparture);
    // D: a case in another province (NTB).
    d_ = Submit(14, kNtbNgo, "52.01", t0_ + seconds(40));
  }

  static std::vector<std::string> Ids(std::initializer_list<const core::Case*> cases) {
    std::vector<std::string> out;
    for (const core::Case* c : cases)
      out.push_back(c->id);
    return out;
  }

  core::Case a_, b_, c_, d_;
};

// The handler skeleton's audit step: with an audit log that refuses every entry, each read of
// personal data answers UNAVAILABLE and carries nothing; a read that fails anyway keeps its error.
TEST_F(CaseStatusTest, ReadsFailClosedWhenTheAuditLogRefuses) {
  const core::Case c = Submit(3, kSubmitter, "53.21.01.2006", t0_);
  redis::AuditLog::Options full;
  full.capacity = 0;
  redis::AuditLog refusing_log(*redis_client_, redis::KeyLayout(prefix_), audit_mac_->key_id(),
                               audit_mac_->Function(), full);
  const services::AuditTrail refusing(refusing_log, clock_);
  status::CaseStatusService service(*auth_, refusing, *store_, *views_, *lister_, nullptr,
                                    status::CaseStatusService::Options{});
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  const std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);
  const auto stub = v1::CaseStatusService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  const std::string unavailable(services::AuditUnavailable().message());

  v1::GetCaseRequest get;
  get.set_case_id(c.id);
  v1::Case got;
  grpc::Status s = stub->GetCase(As(kSubmitter).get(), get, &got);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  EXPECT_EQ(s.error_message(), unavailable);
  EXPECT_EQ(got.id(), "");
  s = stub->GetCase(As(kOtherNgo).get(), get, &got);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << "not its case: NOT_FOUND as before";

  v1::GetTimelineRequest timeline;
  timeline.set_case_id(c.id);
  v1::GetTimelineResponse events;
  s = stub->GetTimeline(As(kSubmitter).get(), timeline, &events);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  EXPECT_EQ(events.events_size(), 0);

  v1::ListCasesResponse listed;
  s = stub->ListCases(As(kSubmitter).get(), v1::ListCasesRequest{}, &listed);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  EXPECT_EQ(s.error_message(), unavailable);
  EXPECT_EQ(listed.cases_size(), 0);
  EXPECT_GE(refusing_log.stats().dropped, 3u);
  server->Shutdown();
}

// A read's answer waits for its audit entry: when GetCase answers OK the entry is already in
// Redis (no Flush), so no crash after the answer can leave it without a trace.
TEST_F(CaseStatusTest, GetCaseAnswersOnlyOnceItsAuditEntryIsInRedis) {
  const core::Case c = Submit(3, kSubmitter, "53.21.01.2006", t0_);
  const std::string stream = redis::KeyLayout(prefix_).AuditStream();
  for (int i = 1; i <= 20; ++i) {
    v1::GetCaseRequest get;
    get.set_case_id(c.id);
    v1::Case got;
    const grpc::Status s = stub_->GetCase(As(kSubmitter).get(), get, &got);
    ASSERT_TRUE(s.ok()) << s.error_message();
    ASSERT_EQ(got.subject().full_name(), c.subject.full_name);
    const auto len = redis_->Run({"XLEN", stream});
    ASSERT_FALSE(len.empty());
    EXPECT_GE(std::stoll(len[0]), i) << "answer " << i << " left before its audit entry";
  }
}

// Redis cannot take the audit entry (the audit log's connection is dead, the store's is not):
// the read waits, then fails closed with UNAVAILABLE and no personal data.
TEST_F(CaseStatusTest, ReadsFailClosedWhenTheAuditEntryCannotBeWritten) {
  const core::Case c = Submit(3, kSubmitter, "53.21.01.2006", t0_);
  auto dead = RedisServer::Start();
  ASSERT_NE(dead, nullptr);
  auto dead_address = redis::RedisAddress::Parse(dead->address());
  ASSERT_TRUE(dead_address.ok());
  dead->Kill();
  redis::PipelinedClient dead_client(*dead_address, redis::PipelineOptions{});
  redis::AuditLog failing_log(dead_client, redis::KeyLayout(prefix_), audit_mac_->key_id(),
                              audit_mac_->Function(),
                              {.retry_delay = std::chrono::milliseconds(20)});
  const services::AuditTrail failing(failing_log, clock_);
  status::CaseStatusService service(*auth_, failing, *store_, *views_, *lister_, nullptr,
                                    status::CaseStatusService::Options{});
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  const std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);
  const auto stub = v1::CaseStatusService::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));

  v1::GetCaseRequest get;
  get.set_case_id(c.id);
  v1::Case got;
  grpc::Status s = stub->GetCase(As(kSubmitter).get(), get, &got);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  EXPECT_EQ(s.error_message(), services::AuditUnavailable().message());
  EXPECT_EQ(got.id(), "");
  EXPECT_EQ(got.subject().full_name(), "");
  s = stub->GetCase(As(kOtherNgo).get(), get, &got);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << "an error answer keeps its status";
  v1::ListCasesResponse listed;
  s = stub->ListCases(As(kSubmitter).get(), v1::ListCasesRequest{}, &listed);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  EXPECT_EQ(listed.cases_size(), 0);
  EXPECT_EQ(failing_log.stats().dropped, 0u) << "accepted, then not written: not a full queue";
  EXPECT_EQ(failing_log.stats().written, 0u);
  server->Shutdown();
}

TEST_F(ListCasesTest, EachAgencySeesItsOwnCasesMostRecentlyUpdatedFirst) {
  EXPECT_EQ(ListIds(kSubmitter), Ids({&b_, &a_}));
  EXPECT_EQ(ListIds(kPolres), Ids({&a_}));
  EXPECT_EQ(ListIds(kOtherNgo), Ids({&c_}));
  EXPECT_EQ(ListIds(kBp3mi), Ids({&c_, &b_, &a_})) << "BP3MI NTT: its province, not NTB";
  EXPECT_EQ(ListIds(kBp3miNtb), Ids({&d_}));
  EXPECT_EQ(ListIds(kNtbNgo), Ids({&d_}));
  EXPECT_TRUE(ListIds(kShelter).empty());

  // A listing shows each case as GetCase does.
  const auto as_police = ListAll(kPolres, {});
  ASSERT_EQ(as_police.size(), 1u);
  EXPECT_EQ(as_police[0].subject().nik(), "");
  EXPECT_EQ(as_police[0].reported_persons(0).phone(), "+6281398765432");
  EXPECT_EQ(as_police[0].reporter().name(), "");
  const auto as_bp3mi = ListAll(kBp3mi, {});
  ASSERT_EQ(as_bp3mi.size(), 3u);
  EXPECT_EQ(as_bp3mi[2].reporter().name(), "Agustina Luruk");

  // Acting on a case moves it to the top.
  a_ = Act(a_, "r1", core::ReferralAction::kAcknowledge, kPolres, t0_ + std::chrono::minutes(5));
  EXPECT_EQ(ListIds(kBp3mi), Ids({&a_, &c_, &b_}));
  EXPECT_EQ(ListIds(kSubmitter), Ids({&a_, &b_}));
}

TEST_F(ListCasesTest, FiltersByStatusCategoryRegionAndUpdatedSince) {
  v1::ListCasesRequest r;
  r.set_status(v1::CASE_STATUS_REFERRED);
  EXPECT_EQ(ListIds(kBp3mi, r), Ids({&a_}));
  r.set_status(v1::CASE_STATUS_RECEIVED);
  EXPECT_EQ(ListIds(kBp3mi, r), Ids({&c_, &b_}));
  EXPECT_EQ(ListIds(kPolres, r), std::vector<std::string>{});

  r.Clear();
  r.set_category(v1::CATEGORY_ILLEGAL_RECRUITMENT);
  EXPECT_EQ(ListIds(kBp3mi, r), Ids({&b_}));
  r.set_category(v1::CATEGORY_TRAFFICKING);
  EXPECT_EQ(ListIds(kBp3mi, r), Ids({&a_}));
  EXPECT_EQ(ListIds(kBp3miNtb, r), Ids({&d_}));

  r.Clear();
  r.set_region_prefix("53.71");
  EXPECT_EQ(ListIds(kBp3mi, r), Ids({&c_}));
  r.set_region_prefix("53.21");
  EXPECT_EQ(ListIds(kBp3mi, r), Ids({&a_}));
  r.set_region_prefix("53.2");  // not a whole segment: covers nothing
  EXPECT_EQ(ListIds(kBp3mi, r), std::vector<std::string>{});
  r.set_region_prefix("53");
  EXPECT_EQ(ListIds(kBp3mi, r), Ids({&c_, &b_, &a_}));
  EXPECT_EQ(ListIds(kSubmitter, r), Ids({&b_, &a_}));

  r.Clear();
  *r.mutable_updated_since() = protomap::TimestampToProto(t0_ + std::chrono::seconds(20));
  EXPECT_EQ(ListIds(kBp3mi, r), Ids({&c_, &b_})) << "inclusive";
  *r.mutable_updated_since() = protomap::TimestampToProto(t0_ + std::chrono::seconds(21));
  EXPECT_EQ(ListIds(kBp3mi, r), Ids({&c_}));
  EXPECT_EQ(ListIds(kSubmitter, r), std::vector<std::string>{});

  // Filters combine.
  r.set_status(v1::CASE_STATUS_RECEIVED);
  r.set_category(v1::CATEGORY_NON_PROCEDURAL_DEPARTURE);
  r.set_region_prefix("53.71");
  EXPECT_EQ(ListIds(kBp3mi, r), Ids({&c_}));
  r.set_region_prefix("53.02");
  EXPECT_EQ(ListIds(kBp3mi, r), std::vector<std::string>{});
}

TEST_F(ListCasesTest, BadRequestsNameTheField) {
  v1::ListCasesResponse page;
  const std::vector<std::string> tokens = {"not-a-token!", "%%%%",   "MTIz",
                                           "eDph",         "LTE6YQ", std::string(200, 'A')};
  for (const std::string& token : tokens) {
    v1::ListCasesRequest r;
    r.set_page_token(token);
    const grpc::Status s = stub_->ListCases(As(kBp3mi).get(), r, &page);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << token;
    EXPECT_EQ(ViolatedFields(s), std::vector<std::string>{"page_token"}) << token;
  }
  v1::ListCasesRequest r;
  r.set_page_size(-1);
  grpc::Status s = stub_->ListCases(As(kBp3mi).get(), r, &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedFields(s), std::vector<std::string>{"page_size"});
  r.Clear();
  r.set_category(static_cast<v1::Category>(77));
  s = stub_->ListCases(As(kBp3mi).get(), r, &page);
  EXPECT_EQ(ViolatedFields(s), std::vector<std::string>{"category"});
  r.Clear();
  r.set_status(static_cast<v1::CaseStatus>(42));
  s = stub_->ListCases(As(kBp3mi).get(), r, &page);
  EXPECT_EQ(ViolatedFields(s), std::vector<std::string>{"status"});
  // A token the lister made is accepted.
  r.Clear();
  r.set_page_token(status::CaseLister::EncodeToken({Millis(t0_), a_.id}));
  EXPECT_TRUE(stub_->ListCases(As(kBp3mi).get(), r, &page).ok());
}

// ---- ListCases: paging across partitions --------------------------------------------------------

// The ids of `cases` in listing order: updated most recently first, then id descending.
std::vector<std::string> InListingOrder(std::vector<core::Case> cases) {
  std::sort(cases.begin(), cases.end(), [](const core::Case& a, const core::Case& b) {
    const auto am = Millis(a.updated_at), bm = Millis(b.updated_at);
    return am != bm ? am > bm : a.id > b.id;
  });
  std::vector<std::string> ids;
  for (const auto& c : cases)
    ids.push_back(c.id);
  return ids;
}

TEST_F(CaseStatusTest, PagingReturnsEachVisibleCaseOnceInOrderAcrossPartitions) {
  std::vector<core::Case> mine, police, others;
  for (int i = 0; i < 48; ++i) {
    // Many ties: 12 distinct times over 16 partitions, ids breaking the ties.
    const core::Timestamp at = t0_ + std::chrono::seconds(i % 12);
    core::Case c = Submit(i % kPartitions, i % 5 == 4 ? kOtherNgo : kSubmitter,
                          i % 3 == 0 ? "53.21.01.2006" : "53.02.01.2012", at);
    if (i % 5 == 4) {
      others.push_back(c);
      continue;
    }
    if (i % 3 == 0) {
      c = Route(c, {{core::ReferralPurpose::kEnforcement, kPolres}}, at);
      police.push_back(c);
    }
    mine.push_back(c);
  }
  std::vector<core::Case> everything = mine;
  everything.insert(everything.end(), others.begin(), others.end());
  ASSERT_GT(police.size(), 5u);

  for (int size : {1, 3, 7, 50}) {
    v1::ListCasesRequest r;
    r.set_page_size(size);
    int pages = 0;
    const auto listed = ListAll(kSubmitter, r, &pages);
    std::vector<std::string> ids;
    for (const auto& c : listed)
      ids.push_back(c.id());
    EXPECT_EQ(ids, InListingOrder(mine)) << "page size " << size;
    EXPECT_GE(pages, static_cast<int>((mine.size() + size - 1) / size)) << "page size " << size;

    std::vector<std::string> bp3mi_ids;
    for (const auto& c : ListAll(kBp3mi, r))
      bp3mi_ids.push_back(c.id());
    EXPECT_EQ(bp3mi_ids, InListingOrder(everything)) << "page size " << size;

    std::vector<std::string> police_ids;
    for (const auto& c : ListAll(kPolres, r))
      police_ids.push_back(c.id());
    EXPECT_EQ(police_ids, InListingOrder(police)) << "page size " << size;
  }

  // With a filter that leaves few, paging still finds exactly those.
  v1::ListCasesRequest r;
  r.set_page_size(2);
  r.set_status(v1::CASE_STATUS_REFERRED);
  std::vector<std::string> referred;
  for (const auto& c : ListAll(kBp3mi, r))
    referred.push_back(c.id());
  EXPECT_EQ(referred, InListingOrder(police));
}

TEST_F(CaseStatusTest, PagingEndsWhenManyCasesOfOnePartitionShareTheirUpdateTime) {
  // A bulk import (or a burst) can give dozens of cases of one partition the same millisecond.
  std::vector<core::Case> cases;
  for (int i = 0; i < 45; ++i)
    cases.push_back(Submit(9, kSubmitter, "53.21.01.2006", t0_));
  cases.push_back(Submit(2, kSubmitter, "53.21.01.2006", t0_));
  for (int size : {1, 5}) {
    v1::ListCasesRequest r;
    r.set_page_size(size);
    std::vector<std::string> ids;
    for (const auto& c : ListAll(kSubmitter, r))
      ids.push_back(c.id());
    EXPECT_EQ(ids, InListingOrder(cases)) << "page size " << size;
  }
}

// ---- the inbox cursor --------------------------------------------------------------------------

TEST_F(CaseStatusTest, InboxReadsAfterACursorAndItsAckNeverGoesBackwards) {
  redis::Inbox inbox(*redis_client_, redis::KeyLayout(prefix_));
  ASSERT_EQ(*inbox.Tip(kPolres), "0-0");
  ASSERT_EQ(*inbox.AckedCursor(kPolres), "");
  auto empty = inbox.ReadAfter(kPolres, "", 10);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());

  std::vector<redis::InboxItem> items;
  for (int i = 0; i < 6; ++i) {
    items.push_back({"01JDQ3K6Y8V1T8R2M4N5P6Q7E" + std::to_string(i), "lintas.v1.ReferralRequested",
                     kMissingId, prefix_ + ":{p07}:events", "1790000000000-" + std::to_string(i)});
    auto put = inbox.Put(kPolres, items.back(), t0_);
    ASSERT_TRUE(put.ok() && *put) << put.status();
  }
  auto again = inbox.Put(kPolres, items[2], t0_);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again) << "the same event is put once";

  auto all = inbox.ReadAfter(kPolres, "", 100);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ((*all)[i].item.event_id, items[i].event_id);
    EXPECT_EQ((*all)[i].item.event_type, items[i].event_type);
    EXPECT_EQ((*all)[i].item.case_id, items[i].case_id);
    EXPECT_EQ((*all)[i].item.source_stream, items[i].source_stream);
    EXPECT_EQ((*all)[i].item.source_entry, items[i].source_entry);
    if (i > 0) {
      EXPECT_LT(StreamId((*all)[i - 1].cursor), StreamId((*all)[i].cursor));
    }
  }
  EXPECT_EQ(*inbox.Tip(kPolres), all->back().cursor);
  EXPECT_EQ(*inbox.Tip(kShelter), "0-0") << "inboxes are per agency";
  auto from_zero = inbox.ReadAfter(kPolres, "0", 2);
  ASSERT_TRUE(from_zero.ok());
  ASSERT_EQ(from_zero->size(), 2u);
  EXPECT_EQ((*from_zero)[1].cursor, (*all)[1].cursor);

  // ReadAfter resumes strictly after the cursor.
  auto rest = inbox.ReadAfter(kPolres, (*all)[1].cursor, 3);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 3u);
  EXPECT_EQ((*rest)[0].cursor, (*all)[2].cursor);
  EXPECT_EQ((*rest)[2].cursor, (*all)[4].cursor);
  auto tail = inbox.ReadAfter(kPolres, all->back().cursor, 10);
  ASSERT_TRUE(tail.ok());
  EXPECT_TRUE(tail->empty());
  EXPECT_EQ(inbox.ReadAfter(kPolres, "abc", 10).status().code(),
            absl::StatusCode::kInvalidArgument);

  // Ack moves forward only.
  const core::Timestamp keep_seen = t0_ - std::chrono::hours(1);
  EXPECT_EQ(*inbox.Ack(kPolres, (*all)[3].cursor, keep_seen), (*all)[3].cursor);
  EXPECT_EQ(*inbox.Ack(kPolres, (*all)[1].cursor, keep_seen), (*all)[3].cursor);
  EXPECT_EQ(*inbox.Ack(kPolres, (*all)[3].cursor, keep_seen), (*all)[3].cursor);
  EXPECT_EQ(*inbox.AckedCursor(kPolres), (*all)[3].cursor);
  EXPECT_EQ(*inbox.Ack(kPolres, (*all)[5].cursor, keep_seen), (*all)[5].cursor);
  EXPECT_EQ(*inbox.Ack(kPolres, "1-0", keep_seen), (*all)[5].cursor);
  EXPECT_EQ(*inbox.AckedCursor(kPolres), (*all)[5].cursor);
  EXPECT_EQ(inbox.Ack(kPolres, "nope", keep_seen).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*inbox.AckedCursor(kShelter), "");

  // Numeric, not textual, order: 999-5 < 1000-0 and 5-9 < 5-10.
  EXPECT_EQ(*inbox.Ack(kShelter, "1000-0", keep_seen), "1000-0");
  EXPECT_EQ(*inbox.Ack(kShelter, "999-5", keep_seen), "1000-0");
  EXPECT_EQ(*inbox.Ack(kOtherNgo, "5-10", keep_seen), "5-10");
  EXPECT_EQ(*inbox.Ack(kOtherNgo, "5-9", keep_seen), "5-10");
  EXPECT_EQ(*inbox.Ack(kOtherNgo, "5-11", keep_seen), "5-11");

  // The dedupe records are kept until an ack that moves forward forgets those older than its
  // horizon: then the event could be put again.
  again = inbox.Put(kPolres, items[0], t0_);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  const redis::InboxItem late{"01JDQ3K6Y8V1T8R2M4N5P6Q7F0", "lintas.v1.ReferralUpdated", kMissingId,
                              prefix_ + ":{p07}:events", "1790000000001-0"};
  ASSERT_TRUE(*inbox.Put(kPolres, late, t0_ + std::chrono::seconds(5)));
  const std::string tip = *inbox.Tip(kPolres);
  EXPECT_EQ(*inbox.Ack(kPolres, tip, t0_ + std::chrono::seconds(1)), tip);
  again = inbox.Put(kPolres, items[0], t0_ + std::chrono::seconds(6));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(*again) << "forgotten: older than the horizon";
  again = inbox.Put(kPolres, late, t0_ + std::chrono::seconds(6));
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again) << "newer than the horizon: still remembered";
}

}  // namespace
}  // namespace lintas::testing
