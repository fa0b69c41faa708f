// Redaction by need to know and personal data at rest, through the real lintasd (dev identity,
// --services=all) on a private redis-server:
//  - the police see the reported persons on their enforcement referral but never a confidential
//    reporter, and the victim's NIK and phone only once they accept; BP3MI sees everything; an
//    NGO without a referral gets the NOT_FOUND of a case that does not exist;
//  - after a scripted run of intake, routing, notification, referral work, an enforcement action
//    and reads, none of the known personal values is in clear in any Redis key (names and values
//    of every type), in the AOF, or in lintasd's log.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>
#include <thread>

#include "lintas/v1/case_status.grpc.pb.h"
#include "lintas/v1/intake.grpc.pb.h"
#include "lintas/v1/referral_service.grpc.pb.h"
#include "tests/e2e/lintasd_process.h"
#include "tests/support/redis_dump.h"
#include "tests/support/redis_server.h"

namespace lintas::testing {
namespace {

constexpr char kBp3mi[] = "bp3mi-ntt";
constexpr char kChurchNgo[] = "j-ruk";  // submits as an agency, so BP3MI is not the submitter
constexpr char kPolresMalaka[] = "polres-malaka";
constexpr char kPolresTts[] = "polres-tts";
constexpr char kNgoWithoutReferral[] = "rumah-perempuan-kupang";
constexpr char kMissingId[] = "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07";

// One person's known values, as submitted and as lintasd normalises them.
struct Victim {
  std::string name, nik, phone_typed, phone_e164;
  v1::Sex sex;  // as the NIK says: day + 40 for women
};
struct Broker {
  std::string name, nik, phone_typed, phone_e164;
};
struct Witness {
  std::string name, phone_typed, phone_e164;
};

// A trafficking case from Malaka (53.21.01.2006, Wehali) with a named broker and a confidential
// reporter. NIK: region 53.21.01, day 58 (a woman born on the 18th), September 1996, serial 7.
const Victim kTheresia{"Theresia Abuk Nahak", "5321015809960007", "0821-4455-6677",
                       "+6282144556677", v1::SEX_FEMALE};
const Broker kFransiskus{"Fransiskus Liurai Mauk", "5321011503800004", "+62 852 3344 7788",
                         "+6285233447788"};
const Witness kYuliana{"Yuliana Hoar Klau", "0813 9900 1122", "+6281399001122"};
const char kNarrative1[] =
    "Korban dijanjikan kerja di perkebunan sawit Tawau oleh perekrut, berangkat diam-diam "
    "dari pelabuhan Atapupu tanpa paspor kerja.";

// A second case, from TTS (53.02.01.2012, Kuatae), with a named reporter and a victim who needs
// shelter. NIK: region 53.02.01, 12 July 2001, serial 9.
const Victim kYakobus{"Yakobus Tefa Nenometa", "5302011207010009", "085737001234", "+6285737001234",
                      v1::SEX_MALE};
const Broker kMarthen{"Marthen Sabu Lado", "", "0818-1234-5678", "+6281812345678"};
const Witness kOktovianus{"Oktovianus Bani Seko", "+62 877 1234 0000", "+6287712340000"};
const char kNarrative2[] =
    "Dibawa dengan visa ziarah ke Kuching, paspor ditahan majikan selama sebelas bulan.";

// Free text agencies type into the referral work.
const char kHoldReason[] = "Menunggu visum korban dari rumah sakit Betun minggu depan";
const char kRejectReason[] = "Rumah aman kami penuh sampai akhir bulan, mohon dialihkan";
const char kEnforcementNote[] =
    "Perekrut diamankan di pos perbatasan Motaain bersama dua calon pekerja";
const char kCompleteOutcome[] = "Berkas dilimpahkan, korban sudah kembali ke keluarganya";
const char kCloseReason[] = "Koordinasi antarinstansi dinyatakan tuntas oleh kepala balai";
const char kReportNumber[] = "LP/B/101/XI/2026/SPKT/POLRES MALAKA";

v1::Case MakeCase(const Victim& v, const Broker& b, const Witness& w, v1::ReporterMode mode,
                  const std::string& region, const std::string& narrative, bool needs_support) {
  v1::Case c;
  c.set_category(v1::CATEGORY_TRAFFICKING);
  c.set_severity(v1::SEVERITY_HIGH);
  c.set_region_code(region);
  c.set_channel(v1::CHANNEL_AGENCY_SYSTEM);
  auto* s = c.mutable_subject();
  s->set_full_name(v.name);
  s->set_nik(v.nik);
  s->set_phone(v.phone_typed);
  s->set_sex(v.sex);
  s->set_home_region_code(region);
  s->set_destination_country("MY");
  s->set_needs_support(needs_support);
  auto* p = c.add_reported_persons();
  p->set_name(b.name);
  p->set_phone(b.phone_typed);
  p->set_nik(b.nik);
  p->set_role("calo");
  auto* r = c.mutable_reporter();
  r->set_mode(mode);
  r->set_name(w.name);
  r->set_contact_phone(w.phone_typed);
  r->set_relation("kakak");
  c.set_narrative(narrative);
  return c;
}

class NeedToKnowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = RedisServer::Start();
    ASSERT_NE(redis_, nullptr);
    key_file_ = LintasdProcess::MakeKeyFile();
    ASSERT_FALSE(key_file_.empty());
  }

  void StartLintasd(std::vector<std::string> args) {
    lintasd_ = LintasdProcess::Start({"",
                                      std::move(args),
                                      {{"LINTAS_REDIS_ADDRESS", redis_->address()},
                                       {"LINTAS_KEY_FILE", key_file_},
                                       {"LINTAS_LISTEN", "127.0.0.1:0"}}});
    ASSERT_NE(lintasd_, nullptr);
    channel_ = grpc::CreateChannel(lintasd_->target(), grpc::InsecureChannelCredentials());
    intake_ = v1::IntakeService::NewStub(channel_);
    status_ = v1::CaseStatusService::NewStub(channel_);
    referrals_ = v1::ReferralService::NewStub(channel_);
    triage_ = v1::TriageService::NewStub(channel_);
  }

  // Idle channels hold lintasd's graceful shutdown back: let them go first.
  int StopLintasd() {
    intake_.reset();
    status_.reset();
    referrals_.reset();
    triage_.reset();
    channel_.reset();
    return lintasd_->Terminate();
  }

  static std::unique_ptr<grpc::ClientContext> As(const std::string& agency) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->AddMetadata("x-lintas-agency", agency);
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return ctx;
  }

  std::string Submit(const std::string& agency, const std::string& key, const v1::Case& c) {
    v1::SubmitCaseRequest req;
    req.set_idempotency_key(key);
    *req.mutable_case_() = c;
    v1::SubmitCaseResponse out;
    const grpc::Status s = intake_->SubmitCase(As(agency).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out.case_id();
  }

  grpc::Status StatusGet(const std::string& agency, const std::string& id, v1::Case* out) {
    v1::GetCaseRequest req;
    req.set_case_id(id);
    return status_->GetCase(As(agency).get(), req, out);
  }
  grpc::Status IntakeGet(const std::string& agency, const std::string& id, v1::Case* out) {
    v1::GetCaseRequest req;
    req.set_case_id(id);
    return intake_->GetCase(As(agency).get(), req, out);
  }

  // Waits (up to 10 s) until BP3MI sees a referral of `purpose` on the case; returns it.
  v1::Referral AwaitReferral(const std::string& case_id, v1::ReferralPurpose purpose) {
    for (int i = 0; i < 500; ++i) {
      v1::Case c;
      if (StatusGet(kBp3mi, case_id, &c).ok()) {
        for (const auto& r : c.referrals()) {
          if (r.purpose() == purpose) return r;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "no referral of purpose " << purpose << " on " << case_id << "; log:\n"
                  << lintasd_->Log();
    return {};
  }

  using Action = grpc::Status (v1::ReferralService::Stub::*)(grpc::ClientContext*,
                                                             const v1::ReferralActionRequest&,
                                                             v1::Referral*);
  grpc::Status Act(Action action, const std::string& agency, const v1::Referral& r,
                   const std::string& reason = "", const std::string& outcome = "") {
    v1::ReferralActionRequest req;
    req.set_case_id(r.case_id());
    req.set_referral_id(r.id());
    req.set_reason(reason);
    req.set_outcome(outcome);
    v1::Referral out;
    return (referrals_.get()->*action)(As(agency).get(), req, &out);
  }

  grpc::Status ReportAction(const std::string& agency, const v1::Referral& r,
                            v1::EnforcementActionKind kind, const std::string& number,
                            const std::string& note, v1::EnforcementAction* out) {
    v1::ReportEnforcementActionRequest req;
    req.set_case_id(r.case_id());
    req.set_referral_id(r.id());
    req.set_kind(kind);
    req.set_police_report_number(number);
    req.set_note(note);
    return referrals_->ReportEnforcementAction(As(agency).get(), req, out);
  }

  std::unique_ptr<RedisServer> redis_;
  std::string key_file_;
  std::unique_ptr<LintasdProcess> lintasd_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::IntakeService::Stub> intake_;
  std::unique_ptr<v1::CaseStatusService::Stub> status_;
  std::unique_ptr<v1::ReferralService::Stub> referrals_;
  std::unique_ptr<v1::TriageService::Stub> triage_;
};

using Stub = v1::ReferralService::Stub;

// The message of a NOT_FOUND with the case id replaced, to compare two answers' shapes.
std::string WithoutId(std::string message, const std::string& id) {
  const auto at = message.find(id);
  if (at != std::string::npos) message.replace(at, id.size(), "<ID>");
  return message;
}

TEST_F(NeedToKnowTest, PoliceSeeReportedPersonsButNotAConfidentialReporterAndAnNgoGetsNotFound) {
  StartLintasd({"--services=all"});
  const std::string id =
      Submit(kChurchNgo, "e2e-need-to-know-1",
             MakeCase(kTheresia, kFransiskus, kYuliana, v1::REPORTER_MODE_CONFIDENTIAL,
                      "53.21.01.2006", kNarrative1, false));
  ASSERT_FALSE(id.empty());
  const v1::Referral police = AwaitReferral(id, v1::REFERRAL_PURPOSE_ENFORCEMENT);
  ASSERT_EQ(police.target_agency(), kPolresMalaka) << lintasd_->Log();
  ASSERT_EQ(police.status(), v1::REFERRAL_STATUS_REQUESTED);

  // The police, through both ways of reading a case, before accepting.
  using Getter = std::function<grpc::Status(const std::string&, const std::string&, v1::Case*)>;
  const std::vector<std::pair<std::string, Getter>> getters = {
      {"CaseStatusService", [&](auto& a, auto& i, auto* o) { return StatusGet(a, i, o); }},
      {"IntakeService", [&](auto& a, auto& i, auto* o) { return IntakeGet(a, i, o); }}};
  for (const auto& [service, get] : getters) {
    v1::Case c;
    const grpc::Status s = get(kPolresMalaka, id, &c);
    ASSERT_TRUE(s.ok()) << service << ": " << s.error_message();
    ASSERT_EQ(c.reported_persons_size(), 1) << service;
    EXPECT_EQ(c.reported_persons(0).name(), kFransiskus.name) << service;
    EXPECT_EQ(c.reported_persons(0).phone(), kFransiskus.phone_e164) << service;
    EXPECT_EQ(c.reported_persons(0).nik(), kFransiskus.nik) << service;
    EXPECT_EQ(c.reporter().mode(), v1::REPORTER_MODE_CONFIDENTIAL) << service;
    EXPECT_EQ(c.reporter().name(), "") << service;
    EXPECT_EQ(c.reporter().contact_phone(), "") << service;
    EXPECT_EQ(c.subject().nik(), "") << service << ": not before accepting";
    EXPECT_EQ(c.subject().phone(), "") << service;
    EXPECT_EQ(c.subject().full_name(), "") << service;
    EXPECT_EQ(c.narrative(), kNarrative1) << service;
    EXPECT_EQ(c.region_code(), "53.21.01.2006") << service;
  }

  // An NGO without a referral: NOT_FOUND, worded as for a case that does not exist.
  for (const auto& [service, get] : getters) {
    v1::Case c;
    const grpc::Status hidden = get(kNgoWithoutReferral, id, &c);
    const grpc::Status missing = get(kNgoWithoutReferral, kMissingId, &c);
    EXPECT_EQ(hidden.error_code(), grpc::StatusCode::NOT_FOUND) << service;
    EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND) << service;
    EXPECT_EQ(WithoutId(hidden.error_message(), id), WithoutId(missing.error_message(), kMissingId))
        << service;
    EXPECT_EQ(c.subject().full_name(), "") << service;
  }
  v1::GetTimelineRequest timeline_req;
  timeline_req.set_case_id(id);
  v1::GetTimelineResponse timeline;
  EXPECT_EQ(
      status_->GetTimeline(As(kNgoWithoutReferral).get(), timeline_req, &timeline).error_code(),
      grpc::StatusCode::NOT_FOUND);
  v1::ListCasesResponse listed;
  ASSERT_TRUE(status_->ListCases(As(kNgoWithoutReferral).get(), {}, &listed).ok());
  EXPECT_EQ(listed.cases_size(), 0);

  // Only after accepting do the police see the victim; never the confidential reporter.
  ASSERT_TRUE(Act(&Stub::Acknowledge, kPolresMalaka, police).ok());
  ASSERT_TRUE(Act(&Stub::Accept, kPolresMalaka, police).ok());
  for (const auto& [service, get] : getters) {
    v1::Case c;
    ASSERT_TRUE(get(kPolresMalaka, id, &c).ok()) << service;
    EXPECT_EQ(c.subject().nik(), kTheresia.nik) << service;
    EXPECT_EQ(c.subject().phone(), kTheresia.phone_e164) << service;
    EXPECT_EQ(c.subject().full_name(), kTheresia.name) << service;
    EXPECT_EQ(c.reporter().name(), "") << service;
    EXPECT_EQ(c.reporter().contact_phone(), "") << service;
  }

  // The submitting NGO sees its case, but not the reporter it marked confidential.
  v1::Case as_submitter;
  ASSERT_TRUE(StatusGet(kChurchNgo, id, &as_submitter).ok());
  EXPECT_EQ(as_submitter.subject().nik(), kTheresia.nik);
  EXPECT_EQ(as_submitter.reporter().name(), "");

  // The police report an action; BP3MI sees it, with everything else.
  v1::EnforcementAction reported;
  const grpc::Status r =
      ReportAction(kPolresMalaka, police, v1::ENFORCEMENT_ACTION_KIND_INVESTIGATION_OPENED,
                   kReportNumber, kEnforcementNote, &reported);
  ASSERT_TRUE(r.ok()) << r.error_message();
  EXPECT_EQ(reported.police_report_number(), kReportNumber);
  // Another police agency cannot report on it: NOT_FOUND like a missing referral.
  v1::EnforcementAction refused;
  EXPECT_EQ(ReportAction("polda-ntt", police, v1::ENFORCEMENT_ACTION_KIND_SUSPECT_ARRESTED, "", "",
                         &refused)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  for (const auto& [service, get] : getters) {
    v1::Case c;
    ASSERT_TRUE(get(kBp3mi, id, &c).ok()) << service;
    EXPECT_EQ(c.reporter().name(), kYuliana.name) << service;
    EXPECT_EQ(c.reporter().contact_phone(), kYuliana.phone_e164) << service;
    EXPECT_EQ(c.subject().nik(), kTheresia.nik) << service;
    EXPECT_EQ(c.subject().phone(), kTheresia.phone_e164) << service;
    EXPECT_EQ(c.reported_persons(0).phone(), kFransiskus.phone_e164) << service;
    EXPECT_EQ(c.narrative(), kNarrative1) << service;
    ASSERT_EQ(c.enforcement_actions_size(), 1) << service;
    EXPECT_EQ(c.enforcement_actions(0).kind(), v1::ENFORCEMENT_ACTION_KIND_INVESTIGATION_OPENED);
    EXPECT_EQ(c.enforcement_actions(0).police_report_number(), kReportNumber);
    EXPECT_EQ(c.enforcement_actions(0).note(), kEnforcementNote);
    EXPECT_EQ(c.enforcement_actions(0).actor(), kPolresMalaka);
    EXPECT_EQ(c.status(), v1::CASE_STATUS_IN_PROGRESS) << service;
  }
  // The timeline shows it too, for BP3MI with the note.
  ASSERT_TRUE(status_->GetTimeline(As(kBp3mi).get(), timeline_req, &timeline).ok());
  int actions = 0;
  for (const auto& e : timeline.events()) {
    if (!e.has_enforcement_action_reported()) continue;
    ++actions;
    EXPECT_EQ(e.enforcement_action_reported().note(), kEnforcementNote);
  }
  EXPECT_EQ(actions, 1);
  EXPECT_EQ(StopLintasd(), 0);
}

// Every form a phone number may take in clear: E.164, without "+", national with the trunk 0,
// and the national significant number alone (which all the others contain).
std::vector<std::string> PhoneForms(const std::string& e164, const std::string& typed) {
  const std::string nsn = e164.substr(3);
  return {e164, "62" + nsn, "0" + nsn, nsn, typed};
}

// The words of a name or text long enough not to occur by chance in ciphertext.
std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out{text};
  std::string word;
  for (char ch : text + " ") {
    if (ch == ' ' || ch == ',' || ch == '.') {
      if (word.size() >= 6) out.push_back(word);
      word.clear();
    } else {
      word += ch;
    }
  }
  return out;
}

TEST_F(NeedToKnowTest, AfterAScriptedRunNoPersonalValueIsInClearInRedisOrTheLog) {
  StartLintasd({"--services=all", "--log-level=debug"});

  // Intake: two cases, by an NGO (confidential reporter) and by BP3MI (named reporter).
  const std::string id1 =
      Submit(kChurchNgo, "e2e-leak-1",
             MakeCase(kTheresia, kFransiskus, kYuliana, v1::REPORTER_MODE_CONFIDENTIAL,
                      "53.21.01.2006", kNarrative1, false));
  const std::string id2 = Submit(kBp3mi, "e2e-leak-2",
                                 MakeCase(kYakobus, kMarthen, kOktovianus, v1::REPORTER_MODE_NAMED,
                                          "53.02.01.2012", kNarrative2, true));
  ASSERT_FALSE(id1.empty());
  ASSERT_FALSE(id2.empty());

  // Routing: enforcement referrals for both, victim support for the second.
  const v1::Referral police1 = AwaitReferral(id1, v1::REFERRAL_PURPOSE_ENFORCEMENT);
  const v1::Referral police2 = AwaitReferral(id2, v1::REFERRAL_PURPOSE_ENFORCEMENT);
  const v1::Referral shelter = AwaitReferral(id2, v1::REFERRAL_PURPOSE_VICTIM_SUPPORT);
  ASSERT_EQ(police1.target_agency(), kPolresMalaka);
  ASSERT_EQ(police2.target_agency(), kPolresTts);
  ASSERT_FALSE(shelter.target_agency().empty());

  // Referral work with free text, an enforcement action, triage.
  ASSERT_TRUE(Act(&Stub::Acknowledge, kPolresMalaka, police1).ok());
  ASSERT_TRUE(Act(&Stub::Accept, kPolresMalaka, police1).ok());
  ASSERT_TRUE(Act(&Stub::Start, kPolresMalaka, police1).ok());
  ASSERT_TRUE(Act(&Stub::Hold, kPolresMalaka, police1, kHoldReason).ok());
  ASSERT_TRUE(Act(&Stub::Resume, kPolresMalaka, police1).ok());
  v1::EnforcementAction action;
  ASSERT_TRUE(ReportAction(kPolresMalaka, police1, v1::ENFORCEMENT_ACTION_KIND_SUSPECT_ARRESTED,
                           kReportNumber, kEnforcementNote, &action)
                  .ok());
  ASSERT_TRUE(Act(&Stub::Complete, kPolresMalaka, police1, "", kCompleteOutcome).ok());
  ASSERT_TRUE(Act(&Stub::Reject, shelter.target_agency(), shelter, kRejectReason).ok());
  ASSERT_TRUE(Act(&Stub::Acknowledge, kPolresTts, police2).ok());
  // Refused calls carry personal text too: they must not log it either.
  EXPECT_EQ(Act(&Stub::Reject, kNgoWithoutReferral, police2, kRejectReason).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::CloseCaseRequest close;
  close.set_case_id(id2);
  close.set_reason(kCloseReason);
  v1::Case closed;
  ASSERT_TRUE(triage_->CloseCase(As(kBp3mi).get(), close, &closed).ok());

  // Reads: every way out, by several agencies.
  v1::Case shown;
  ASSERT_TRUE(StatusGet(kBp3mi, id1, &shown).ok());
  // The values are there to be found: BP3MI reads them back in clear through lintasd.
  EXPECT_EQ(shown.subject().nik(), kTheresia.nik);
  EXPECT_EQ(shown.reporter().contact_phone(), kYuliana.phone_e164);
  ASSERT_EQ(shown.enforcement_actions_size(), 1);
  EXPECT_EQ(shown.enforcement_actions(0).note(), kEnforcementNote);
  ASSERT_TRUE(IntakeGet(kPolresMalaka, id1, &shown).ok());
  ASSERT_TRUE(StatusGet(kPolresTts, id2, &shown).ok());
  for (const char* agency : {kBp3mi, kChurchNgo, kPolresMalaka, kPolresTts}) {
    v1::ListCasesResponse page;
    ASSERT_TRUE(status_->ListCases(As(agency).get(), {}, &page).ok()) << agency;
    EXPECT_GE(page.cases_size(), 1) << agency;
    for (const std::string& id : {id1, id2}) {
      v1::GetTimelineRequest req;
      req.set_case_id(id);
      v1::GetTimelineResponse timeline;
      status_->GetTimeline(As(agency).get(), req, &timeline);
    }
    v1::ListReferralsResponse referrals;
    ASSERT_TRUE(referrals_->ListReferrals(As(agency).get(), {}, &referrals).ok()) << agency;
  }

  // Notification: the notify worker puts the police's referrals in their inboxes.
  const std::string inbox = "lintas:{a:polres-malaka}:inbox";
  const auto inbox_length = [&] {
    const auto r = redis_->Run({"XLEN", inbox});
    return r.empty() ? 0LL : std::stoll(r[0]);
  };
  for (int i = 0; i < 500 && inbox_length() < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_EQ(StopLintasd(), 0);  // flushes the audit queue
  const std::string log = lintasd_->Log();

  // What must not be anywhere in clear.
  std::vector<std::string> needles;
  const auto add = [&](const std::vector<std::string>& values) {
    for (const auto& v : values)
      if (!v.empty()) needles.push_back(v);
  };
  for (const Victim* v : {&kTheresia, &kYakobus}) {
    add(Words(v->name));
    add({v->nik});
    add(PhoneForms(v->phone_e164, v->phone_typed));
  }
  for (const Broker* b : {&kFransiskus, &kMarthen}) {
    add(Words(b->name));
    add({b->nik});
    add(PhoneForms(b->phone_e164, b->phone_typed));
  }
  for (const Witness* w : {&kYuliana, &kOktovianus}) {
    add(Words(w->name));
    add(PhoneForms(w->phone_e164, w->phone_typed));
  }
  for (const char* text : {kNarrative1, kNarrative2, kHoldReason, kRejectReason, kEnforcementNote,
                           kCompleteOutcome, kCloseReason}) {
    add(Words(text));
  }

  const RedisDump dump = DumpEverything(*redis_);
  for (const auto& needle : needles) {
    const auto where = WhereIn(dump, needle);
    EXPECT_TRUE(where.empty()) << "'" << needle << "' in clear in " << where.front();
    EXPECT_EQ(log.find(needle), std::string::npos) << "'" << needle << "' in lintasd's log";
  }
  const std::string aof = ReadAllFilesUnder(redis_->dir());
  ASSERT_FALSE(aof.empty()) << "the AOF should hold the writes";
  for (const auto& needle : needles)
    EXPECT_EQ(aof.find(needle), std::string::npos) << "'" << needle << "' in the AOF";

  // The scan saw what it should have: it cannot pass on an empty or unread Redis.
  const auto has_key = [&](const std::string& key) { return dump.types.count(key) == 1; };
  for (const std::string& id : {id1, id2}) {
    const std::string tag = "lintas:{p" + id.substr(id.size() - 2) + "}:";
    EXPECT_TRUE(has_key(tag + "case:" + id)) << "case hash of " << id;
    EXPECT_EQ(dump.types.count(tag + "case:" + id) ? dump.types.at(tag + "case:" + id) : "",
              "hash");
    EXPECT_TRUE(has_key(tag + "timeline:" + id)) << "timeline of " << id;
    EXPECT_TRUE(has_key(tag + "events")) << "events of " << id;
    EXPECT_TRUE(has_key(tag + "agency-cases:" + kBp3mi) ||
                has_key(tag + "agency-cases:" + kChurchNgo));
  }
  ASSERT_TRUE(has_key(inbox)) << "the police inbox";
  EXPECT_GE(dump.values.at(inbox).size(), 2u);
  ASSERT_TRUE(has_key("lintas:{audit}")) << "the audit stream";
  const auto& audit = dump.values.at("lintas:{audit}");
  const auto audit_mentions = [&](const std::string& text) {
    return std::any_of(audit.begin(), audit.end(),
                       [&](const std::string& v) { return v.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(audit_mentions("lintas.v1.CaseStatusService/GetTimeline"));
  EXPECT_TRUE(audit_mentions("lintas.v1.ReferralService/ReportEnforcementAction"));
  EXPECT_TRUE(audit_mentions("subject.nik")) << "field paths, never values";
  const auto counts = dump.CountByType();
  for (const char* type : {"hash", "stream", "zset", "set"})
    EXPECT_GE(counts.count(type) ? counts.at(type) : 0, 1) << "no key of type " << type;
  // The scan looks at the real values: the inbox names the case, the log the ids and the action.
  EXPECT_FALSE(WhereIn(dump, id1).empty());
  EXPECT_NE(log.find(id1), std::string::npos);
  EXPECT_NE(log.find("enforcement action suspect_arrested by polres-malaka"), std::string::npos)
      << log;
}

}  // namespace
}  // namespace lintas::testing
