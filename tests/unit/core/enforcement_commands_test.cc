// ReportEnforcementAction (core/referral/enforcement_commands.h): every refusal in the order the
// header promises, the happy path, and the carry-forward of the police report number.
#include "core/referral/enforcement_commands.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <variant>
#include <vector>

#include "core/errors/field_violation.h"
#include "core/referral/referral_lifecycle.h"

namespace lintas::core {
namespace {

using ::testing::HasSubstr;

constexpr char kCaseId[] = "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07";
const Timestamp kCreated = Timestamp{} + std::chrono::hours(24 * 20000);
const Timestamp kNow = kCreated + std::chrono::hours(30);

Agency MakeAgency(std::string id, AgencyKind kind, std::vector<std::string> jurisdiction) {
  Agency a;
  a.id = std::move(id);
  a.kind = kind;
  a.jurisdiction = std::move(jurisdiction);
  return a;
}

const Agency kPolres = MakeAgency("polres-malaka", AgencyKind::kPolice, {"53.21"});
const Agency kPolda = MakeAgency("polda-ntt", AgencyKind::kPolice, {"53"});
const Agency kBp3mi = MakeAgency("bp3mi-ntt", AgencyKind::kProtectionAgency, {"53"});
const Agency kShelter = MakeAgency("sinode-gmit", AgencyKind::kFaithOrganisation, {"53.21"});
const Agency kSubmitter = MakeAgency("j-ruk", AgencyKind::kNgo, {"53"});
const Agency kStranger = MakeAgency("rumah-perempuan-kupang", AgencyKind::kNgo, {"53"});

Referral MakeReferral(std::string id, ReferralPurpose purpose, std::string target,
                      ReferralStatus status) {
  Referral r;
  r.id = std::move(id);
  r.case_id = kCaseId;
  r.purpose = purpose;
  r.target_agency = std::move(target);
  r.requested_by = "routing";
  r.status = status;
  r.requested_at = r.updated_at = kCreated;
  return r;
}

// A trafficking case in Malaka (53.21.01.2006, Wehali) submitted by an NGO: r1 enforcement to
// Polres Malaka (in `police`), r2 victim support to the GMIT synod (ACCEPTED), r3 information to
// Polda NTT (ACCEPTED). The case status is the one its referrals derive, so that a report that
// changes nothing else adds exactly one event.
Case MakeCase(ReferralStatus police = ReferralStatus::kAccepted) {
  Case c;
  c.id = kCaseId;
  c.category = Category::kTrafficking;
  c.region_code = "53.21.01.2006";
  c.submitted_by = kSubmitter.id;
  c.status = CaseStatus::kInProgress;
  c.version = 7;
  c.created_at = c.updated_at = kCreated;
  c.referrals = {
      MakeReferral("r1", ReferralPurpose::kEnforcement, kPolres.id, police),
      MakeReferral("r2", ReferralPurpose::kVictimSupport, kShelter.id, ReferralStatus::kAccepted),
      MakeReferral("r3", ReferralPurpose::kInformation, kPolda.id, ReferralStatus::kAccepted),
  };
  return c;
}

std::vector<std::string> Fields(const absl::Status& s) {
  std::vector<std::string> out;
  for (const FieldViolation& v : ViolationsOf(s))
    out.push_back(v.field);
  return out;
}

using K = EnforcementActionKind;

absl::StatusOr<CaseChange> Report(const Case& c, const Agency& actor, K kind,
                                  std::string_view number = "LP/B/45/XI/2026/SPKT/POLRES MALAKA",
                                  std::string_view note = "", std::string_view referral = "r1") {
  return ReportEnforcementAction(c, referral, kind, number, note, actor, kNow);
}

// ---- NOT_FOUND: no standing, no referral -----------------------------------------------------

TEST(ReportEnforcementAction, AnyoneButTheTargetGetsTheNotFoundOfAMissingReferral) {
  const Case c = MakeCase();
  const std::string words = std::string("referral ") + kCaseId + "/r1 not found";
  // A stranger, BP3MI (who may see the case), the submitter, an agency holding another
  // referral on the case, and another police agency: the same answer, even with bad input.
  for (const Agency* actor : {&kStranger, &kBp3mi, &kSubmitter, &kShelter, &kPolda}) {
    const auto got = Report(c, *actor, K::kSuspectArrested);
    EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound) << actor->id;
    EXPECT_EQ(got.status().message(), words) << actor->id;
    const auto bad = Report(c, *actor, static_cast<K>(42), std::string(300, 'x'), "\x01");
    EXPECT_EQ(bad.status().code(), absl::StatusCode::kNotFound) << actor->id;
    EXPECT_EQ(bad.status().message(), words) << actor->id;
  }
  Agency nameless = kPolres;
  nameless.id.clear();
  EXPECT_EQ(Report(c, nameless, K::kSuspectArrested).status().code(), absl::StatusCode::kNotFound);
}

TEST(ReportEnforcementAction, AnUnknownReferralIsNotFoundBeforeAnythingElse) {
  const Case c = MakeCase();
  for (const char* id : {"r9", "", "R1", "r1 "}) {
    const auto got = Report(c, kPolres, static_cast<K>(0), "", "", id);
    EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound) << "'" << id << "'";
    EXPECT_EQ(got.status().message(), std::string("referral ") + kCaseId + "/" + id + " not found");
  }
  // A referral id that exists in the case but is held by someone else looks the same as one that
  // does not exist.
  EXPECT_EQ(Report(c, kPolres, K::kSuspectArrested, "", "", "r2").status().message(),
            std::string("referral ") + kCaseId + "/r2 not found");
}

// ---- FAILED_PRECONDITION: not an enforcement referral ----------------------------------------

TEST(ReportEnforcementAction, ANonEnforcementReferralIsRefusedBeforeTheInputIsChecked) {
  const Case c = MakeCase();
  // Polda NTT holds r3, an information referral: standing, but nothing to report on.
  auto got = Report(c, kPolda, K::kSuspectArrested, "LP/1", "", "r3");
  EXPECT_EQ(got.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(got.status().message(), "referral r3 is not an enforcement referral");
  // With bad input too: the purpose is checked first, and no violation is listed.
  got = Report(c, kPolda, static_cast<K>(0), "", "", "r3");
  EXPECT_EQ(got.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(ViolationsOf(got.status()).empty());
  // The shelter on its victim support referral.
  got = Report(c, kShelter, K::kSuspectIdentified, "LP/1", "", "r2");
  EXPECT_EQ(got.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(got.status().message(), "referral r2 is not an enforcement referral");
}

// ---- INVALID_ARGUMENT: the exact violations --------------------------------------------------

struct InputRow {
  const char* name;
  K kind;
  std::string number;
  std::string note;
  std::vector<std::string> fields;  // in order
};

class ReportInput : public ::testing::TestWithParam<InputRow> {};

TEST_P(ReportInput, ListsExactlyTheViolatedFields) {
  const InputRow& row = GetParam();
  // On an ACCEPTED and on a REQUESTED referral alike: input is checked before the status.
  for (ReferralStatus s : {ReferralStatus::kAccepted, ReferralStatus::kRequested}) {
    const Case c = MakeCase(s);
    const auto got = Report(c, kPolres, row.kind, row.number, row.note);
    if (row.fields.empty()) {
      if (s == ReferralStatus::kAccepted) {
        EXPECT_TRUE(got.ok()) << got.status();
      } else {
        EXPECT_EQ(got.status().code(), absl::StatusCode::kFailedPrecondition);
      }
      continue;
    }
    ASSERT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << got.status();
    EXPECT_EQ(Fields(got.status()), row.fields);
    // The message names the first violation and never repeats what was typed.
    EXPECT_THAT(std::string(got.status().message()),
                HasSubstr("invalid enforcement action: " + row.fields.front() + ": "));
    for (const FieldViolation& v : ViolationsOf(got.status())) {
      EXPECT_FALSE(v.description.empty());
      if (row.note.size() > 3) {
        EXPECT_EQ(v.description.find(row.note), std::string::npos);
      }
      if (row.number.size() > 3) {
        EXPECT_EQ(v.description.find(row.number), std::string::npos);
      }
    }
  }
}

std::string Repeat(const std::string& unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i)
    out += unit;
  return out;
}

INSTANTIATE_TEST_SUITE_P(
    Rows, ReportInput,
    ::testing::Values(
        InputRow{"UnspecifiedKind", K::kUnspecified, "LP/1", "", {"kind"}},
        InputRow{"KindOutOfRange", static_cast<K>(7), "LP/1", "", {"kind"}},
        InputRow{"NegativeKind", static_cast<K>(-1), "", "", {"kind"}},
        InputRow{"InvestigationWithoutNumber",
                 K::kInvestigationOpened,
                 "",
                 "penyidikan dimulai",
                 {"police_report_number"}},
        InputRow{"InvestigationWithBlankNumber",
                 K::kInvestigationOpened,
                 " \t ",
                 "",
                 {"police_report_number"}},
        InputRow{"NoActionWithoutNote", K::kNoAction, "", "", {"note"}},
        InputRow{"NoActionWithBlankNote", K::kNoAction, "LP/1", "  \n ", {"note"}},
        InputRow{"NumberOf101Chars",
                 K::kSuspectArrested,
                 std::string(101, '7'),
                 "",
                 {"police_report_number"}},
        InputRow{"NumberOf100CharsIsFine", K::kSuspectArrested, std::string(100, '7'), "", {}},
        InputRow{
            "NumberOf100TwoByteCharsIsFine", K::kSuspectArrested, Repeat("\xc3\xa9", 100), "", {}},
        InputRow{"NumberWithAControlChar",
                 K::kSuspectArrested,
                 "LP/B/\x07"
                 "45",
                 "",
                 {"police_report_number"}},
        InputRow{"NumberOnTwoLines",
                 K::kSuspectArrested,
                 "LP/B/45\nXI/2026",
                 "",
                 {"police_report_number"}},
        InputRow{
            "NumberWithATab", K::kSuspectArrested, "LP/B/45\tXI", "", {"police_report_number"}},
        InputRow{"NumberNotUtf8", K::kSuspectArrested, "LP/\xff/45", "", {"police_report_number"}},
        InputRow{"NoteOf1001Chars", K::kSuspectArrested, "", std::string(1001, 'n'), {"note"}},
        InputRow{"NoteOf1000CharsIsFine", K::kSuspectArrested, "", std::string(1000, 'n'), {}},
        InputRow{"NoteWithAControlChar", K::kSuspectArrested, "", "ditangkap\x1b[31m", {"note"}},
        InputRow{"NoteWithDel", K::kSuspectArrested, "", "ditangkap\x7f", {"note"}},
        InputRow{"NoteOnSeveralLinesIsFine", K::kSuspectArrested, "", "baris satu\nbaris\tdua", {}},
        InputRow{"EverythingWrongAtOnce",
                 static_cast<K>(99),
                 std::string(150, '1'),
                 "catatan\x01",
                 {"kind", "police_report_number", "note"}},
        InputRow{"InvestigationWithoutNumberAndBadNote",
                 K::kInvestigationOpened,
                 "",
                 std::string(1200, 'x'),
                 {"police_report_number", "note"}}),
    [](const ::testing::TestParamInfo<InputRow>& info) { return std::string(info.param.name); });

TEST(ReportEnforcementAction, TheNumberIsOptionalExceptWhenAnInvestigationOpens) {
  for (K kind :
       {K::kSuspectIdentified, K::kSuspectArrested, K::kCaseFileToProsecutor, K::kConvicted}) {
    const auto got = Report(MakeCase(), kPolres, kind, "", "");
    EXPECT_TRUE(got.ok()) << static_cast<int>(kind) << ": " << got.status();
  }
  const auto no_action = Report(MakeCase(), kPolres, K::kNoAction, "", "Pelapor mencabut laporan");
  EXPECT_TRUE(no_action.ok()) << no_action.status();
}

// ---- FAILED_PRECONDITION: the referral's status ----------------------------------------------

TEST(ReportEnforcementAction, OnlyAnAcceptedInProgressOrOnHoldReferralTakesReports) {
  struct Row {
    ReferralStatus status;
    bool takes;
  };
  for (const Row& row :
       {Row{ReferralStatus::kRequested, false}, Row{ReferralStatus::kReceived, false},
        Row{ReferralStatus::kAccepted, true}, Row{ReferralStatus::kInProgress, true},
        Row{ReferralStatus::kOnHold, true}, Row{ReferralStatus::kRejected, false},
        Row{ReferralStatus::kCompleted, false}, Row{ReferralStatus::kFailed, false},
        Row{ReferralStatus::kCancelled, false}}) {
    const std::string name(ReferralStatusName(row.status));
    const auto got = Report(MakeCase(row.status), kPolres, K::kSuspectArrested);
    if (row.takes) {
      EXPECT_TRUE(got.ok()) << name << ": " << got.status();
      continue;
    }
    EXPECT_EQ(got.status().code(), absl::StatusCode::kFailedPrecondition) << name;
    EXPECT_EQ(got.status().message(),
              "referral is " + name +
                  "; enforcement actions are reported on an ACCEPTED, IN_PROGRESS or ON_HOLD "
                  "referral");
    EXPECT_TRUE(ViolationsOf(got.status()).empty()) << name;
  }
}

// ---- the happy path --------------------------------------------------------------------------

TEST(ReportEnforcementAction, AddsOneActionAndOneEventAndChangesNoStatus) {
  for (ReferralStatus s :
       {ReferralStatus::kAccepted, ReferralStatus::kInProgress, ReferralStatus::kOnHold}) {
    const Case before = MakeCase(s);
    const auto change =
        Report(before, kPolres, K::kInvestigationOpened, "  LP/B/45/XI/2026/SPKT/POLRES MALAKA  ",
               "\n Penyidikan dibuka atas laporan korban. \t");
    ASSERT_TRUE(change.ok()) << change.status();
    EXPECT_EQ(change->expected_version, 7);
    EXPECT_EQ(change->after.version, 8);
    EXPECT_EQ(change->after.updated_at, kNow);
    EXPECT_EQ(change->after.created_at, kCreated);
    EXPECT_EQ(change->after.status, before.status);
    ASSERT_EQ(change->after.referrals.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(change->after.referrals[i].status, before.referrals[i].status);
      EXPECT_EQ(change->after.referrals[i].updated_at, kCreated);  // no referral moved
    }

    ASSERT_EQ(change->after.enforcement_actions.size(), 1u);
    const EnforcementAction& a = change->after.enforcement_actions[0];
    EXPECT_EQ(a.case_id, kCaseId);
    EXPECT_EQ(a.referral_id, "r1");
    EXPECT_EQ(a.kind, K::kInvestigationOpened);
    EXPECT_EQ(a.police_report_number, "LP/B/45/XI/2026/SPKT/POLRES MALAKA");  // trimmed
    EXPECT_EQ(a.note, "Penyidikan dibuka atas laporan korban.");              // trimmed
    EXPECT_EQ(a.actor, kPolres.id);
    EXPECT_EQ(a.reported_at, kNow);

    ASSERT_EQ(change->events.size(), 1u);
    const auto* event = std::get_if<EnforcementActionReportedEvent>(&change->events[0]);
    ASSERT_NE(event, nullptr);
    EXPECT_EQ(event->action.referral_id, a.referral_id);
    EXPECT_EQ(event->action.kind, a.kind);
    EXPECT_EQ(event->action.police_report_number, a.police_report_number);
    EXPECT_EQ(event->action.note, a.note);
    EXPECT_EQ(event->action.actor, a.actor);
    EXPECT_EQ(event->action.reported_at, kNow);
    EXPECT_EQ(event->action.case_id, kCaseId);
  }
}

TEST(ReportEnforcementAction, TheInputCaseIsLeftAlone) {
  const Case before = MakeCase();
  ASSERT_TRUE(Report(before, kPolres, K::kSuspectArrested).ok());
  EXPECT_TRUE(before.enforcement_actions.empty());
  EXPECT_EQ(before.version, 7);
  EXPECT_EQ(before.updated_at, kCreated);
}

// ---- carry-forward ---------------------------------------------------------------------------

TEST(ReportEnforcementAction, AReportWithoutANumberCarriesTheLatestOneOfItsReferral) {
  Case c = MakeCase();
  // A second enforcement referral on the same case, to the same Polres (after an escalation, say),
  // with its own investigation.
  c.referrals.push_back(
      MakeReferral("r4", ReferralPurpose::kEnforcement, kPolres.id, ReferralStatus::kInProgress));

  const auto apply = [&](std::string_view referral, K kind, std::string_view number,
                         std::string_view note = "") {
    auto change = ReportEnforcementAction(c, referral, kind, number, note, kPolres, kNow);
    EXPECT_TRUE(change.ok()) << change.status();
    if (!change.ok()) return EnforcementAction{};
    c = change->after;
    return c.enforcement_actions.back();
  };

  // Nothing reported yet: no number to carry.
  EXPECT_EQ(apply("r1", K::kSuspectIdentified, "").police_report_number, "");
  EXPECT_EQ(apply("r1", K::kInvestigationOpened, "LP/B/45/XI/2026").police_report_number,
            "LP/B/45/XI/2026");
  EXPECT_EQ(apply("r4", K::kInvestigationOpened, "LP/B/77/XII/2026").police_report_number,
            "LP/B/77/XII/2026");
  // Each referral carries its own number, not the other's, even though r4's is newer.
  const EnforcementAction arrested = apply("r1", K::kSuspectArrested, "");
  EXPECT_EQ(arrested.police_report_number, "LP/B/45/XI/2026");
  EXPECT_EQ(arrested.kind, K::kSuspectArrested);
  EXPECT_EQ(apply("r4", K::kSuspectArrested, "   ").police_report_number, "LP/B/77/XII/2026");
  // A new number replaces the old one for later reports: the latest is carried.
  EXPECT_EQ(apply("r1", K::kCaseFileToProsecutor, "LP/B/45/XI/2026 (P-21)").police_report_number,
            "LP/B/45/XI/2026 (P-21)");
  EXPECT_EQ(apply("r1", K::kConvicted, "").police_report_number, "LP/B/45/XI/2026 (P-21)");
  EXPECT_EQ(apply("r1", K::kNoAction, "", "Terdakwa meninggal").police_report_number,
            "LP/B/45/XI/2026 (P-21)");

  ASSERT_EQ(c.enforcement_actions.size(), 8u);
  EXPECT_EQ(c.version, 7 + 8);
  // Earlier actions are kept unchanged, oldest first.
  EXPECT_EQ(c.enforcement_actions[0].police_report_number, "");
  EXPECT_EQ(c.enforcement_actions[0].kind, K::kSuspectIdentified);
  EXPECT_EQ(c.enforcement_actions[3].police_report_number, "LP/B/45/XI/2026");
}

TEST(ReportEnforcementAction, ANumberOfAnotherReferralIsNeverCarried) {
  Case c = MakeCase();
  EnforcementAction other;
  other.case_id = kCaseId;
  other.referral_id = "r9";  // a referral the Polres does not hold
  other.kind = K::kInvestigationOpened;
  other.police_report_number = "LP/A/1/I/2026/POLDA NTT";
  other.actor = kPolda.id;
  c.enforcement_actions.push_back(other);
  const auto change = Report(c, kPolres, K::kSuspectArrested, "");
  ASSERT_TRUE(change.ok()) << change.status();
  ASSERT_EQ(change->after.enforcement_actions.size(), 2u);
  EXPECT_EQ(change->after.enforcement_actions[1].police_report_number, "");
  EXPECT_THAT(change->after.enforcement_actions[0].police_report_number,
              ::testing::StrEq("LP/A/1/I/2026/POLDA NTT"));
}

TEST(ReportEnforcementAction, ACaseClosedByBp3miStillTakesReportsOnAnOpenReferral) {
  // Closing a case leaves its referrals as they are (triage); the police keep reporting on
  // theirs, and the case status stays CLOSED.
  Case c = MakeCase(ReferralStatus::kInProgress);
  c.status = CaseStatus::kClosed;
  const auto change = Report(c, kPolres, K::kSuspectArrested);
  ASSERT_TRUE(change.ok()) << change.status();
  EXPECT_EQ(change->after.status, CaseStatus::kClosed);
  EXPECT_EQ(change->events.size(), 1u);
}

}  // namespace
}  // namespace lintas::core
