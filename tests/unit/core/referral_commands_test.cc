// ActOnReferral, TriageCase and CheckDuplicateTarget (core/referral/referral_commands.h), and
// the referral-holder clause of MayView.
#include "core/referral/referral_commands.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <variant>
#include <vector>

#include "core/errors/field_violation.h"
#include "core/intake/case_intake.h"

namespace lintas::core {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kCaseId[] = "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07";
constexpr char kOtherCaseId[] = "01JDQ3K6Y8V1T8R2M4N5P6Q7R9-03";

const Timestamp kNow = Timestamp{} + std::chrono::hours(24 * 20000);

Agency MakeAgency(std::string id, AgencyKind kind, std::vector<std::string> jurisdiction = {}) {
  Agency a;
  a.id = std::move(id);
  a.kind = kind;
  a.jurisdiction = std::move(jurisdiction);
  return a;
}

const Agency kBp3mi = MakeAgency("bp3mi-ntt", AgencyKind::kProtectionAgency, {"53"});
const Agency kBp3miNtb = MakeAgency("bp3mi-ntb", AgencyKind::kProtectionAgency, {"52"});
const Agency kPolres = MakeAgency("polres-tts", AgencyKind::kPolice, {"53.04"});
const Agency kNgo = MakeAgency("padma-kupang", AgencyKind::kNgo, {"53"});
const Agency kStranger = MakeAgency("ngo-elsewhere", AgencyKind::kNgo, {"53"});
const Agency kSubmitter = MakeAgency("gereja-soe", AgencyKind::kFaithOrganisation, {"53.04"});

Referral MakeReferral(std::string id, std::string target, ReferralStatus status) {
  Referral r;
  r.id = std::move(id);
  r.case_id = kCaseId;
  r.purpose = ReferralPurpose::kEnforcement;
  r.target_agency = std::move(target);
  r.requested_by = "routing";
  r.status = status;
  return r;
}

// A trafficking case in TTS (53.04) with an enforcement referral to the Polres and a victim
// support referral to an NGO, both waiting.
Case MakeCase(ReferralStatus polres = ReferralStatus::kRequested,
              ReferralStatus ngo = ReferralStatus::kRequested,
              CaseStatus status = CaseStatus::kReferred) {
  Case c;
  c.id = kCaseId;
  c.region_code = "53.04.01.2001";
  c.submitted_by = kSubmitter.id;
  c.status = status;
  c.version = 5;
  c.referrals = {MakeReferral("r1", kPolres.id, polres), MakeReferral("r2", kNgo.id, ngo)};
  return c;
}

std::vector<std::string> Fields(const absl::Status& s) {
  std::vector<std::string> out;
  for (const FieldViolation& v : ViolationsOf(s))
    out.push_back(v.field);
  return out;
}

template <typename E>
const E& EventAt(const CaseChange& change, std::size_t i) {
  EXPECT_LT(i, change.events.size());
  return std::get<E>(change.events.at(i));
}

// ---- ActOnReferral: the happy path and how the case follows ---------------------------------

struct ActRow {
  const char* name;
  ReferralStatus polres_before;
  ReferralStatus ngo_before;
  CaseStatus case_before;
  ReferralAction action;  // by the Polres, on r1
  const char* reason;
  const char* outcome;
  ReferralStatus polres_after;
  CaseStatus case_after;  // a CaseStatusChanged event is expected when it differs
};

class ActOnReferralTable : public ::testing::TestWithParam<ActRow> {};

TEST_P(ActOnReferralTable, MovesTheReferralAndTheCase) {
  const ActRow& row = GetParam();
  const Case before = MakeCase(row.polres_before, row.ngo_before, row.case_before);
  auto change = ActOnReferral(before, "r1", row.action, kPolres, row.reason, row.outcome, kNow);
  ASSERT_TRUE(change.ok()) << change.status();

  const bool moved = row.case_after != row.case_before;
  ASSERT_EQ(change->events.size(), moved ? 2u : 1u);
  const auto& updated = EventAt<ReferralUpdatedEvent>(*change, 0);
  EXPECT_EQ(updated.referral_id, "r1");
  EXPECT_EQ(updated.action, row.action);
  EXPECT_EQ(updated.status, row.polres_after);
  EXPECT_EQ(updated.actor, kPolres.id);
  if (moved) {
    const auto& status = EventAt<CaseStatusChangedEvent>(*change, 1);
    EXPECT_EQ(status.from, row.case_before);
    EXPECT_EQ(status.to, row.case_after);
  }

  EXPECT_EQ(change->expected_version, 5);
  EXPECT_EQ(change->after.version, 5 + static_cast<std::int64_t>(change->events.size()));
  EXPECT_EQ(change->after.status, row.case_after);
  EXPECT_EQ(change->after.updated_at, kNow);
  ASSERT_EQ(change->after.referrals.size(), 2u);
  EXPECT_EQ(change->after.referrals[0].status, row.polres_after);
  EXPECT_EQ(change->after.referrals[0].updated_at, kNow);
  EXPECT_EQ(change->after.referrals[1].status, row.ngo_before);  // the other one is untouched
}

using S = ReferralStatus;
using A = ReferralAction;
using C = CaseStatus;

INSTANTIATE_TEST_SUITE_P(
    Rows, ActOnReferralTable,
    ::testing::Values(
        ActRow{"AcknowledgeKeepsReferred", S::kRequested, S::kRequested, C::kReferred,
               A::kAcknowledge, "", "", S::kReceived, C::kReferred},
        ActRow{"AcceptStartsTheWork", S::kReceived, S::kRequested, C::kReferred, A::kAccept, "", "",
               S::kAccepted, C::kInProgress},
        ActRow{"AcceptStraightFromRequested", S::kRequested, S::kRequested, C::kReferred,
               A::kAccept, "", "", S::kAccepted, C::kInProgress},
        ActRow{"StartWhileTheOtherWaits", S::kAccepted, S::kRequested, C::kInProgress, A::kStart,
               "", "", S::kInProgress, C::kInProgress},
        ActRow{"HoldStaysInProgress", S::kInProgress, S::kCompleted, C::kInProgress, A::kHold,
               "menunggu saksi", "", S::kOnHold, C::kInProgress},
        ActRow{"ResumeStaysInProgress", S::kOnHold, S::kCompleted, C::kInProgress, A::kResume, "",
               "", S::kInProgress, C::kInProgress},
        ActRow{"LastCompletionResolves", S::kInProgress, S::kCompleted, C::kInProgress,
               A::kComplete, "", "LP/B/12/2026 filed", S::kCompleted, C::kResolved},
        ActRow{"CompletionWhileTheOtherWaitsIsReferred", S::kInProgress, S::kRequested,
               C::kInProgress, A::kComplete, "", "done", S::kCompleted, C::kReferred},
        ActRow{"RejectWhenTheOtherCompletedGoesBackToTriage", S::kReceived, S::kCompleted,
               C::kReferred, A::kReject, "outside our jurisdiction", "", S::kRejected, C::kTriaged},
        ActRow{"FailWhileTheOtherWorks", S::kOnHold, S::kInProgress, C::kInProgress, A::kFail,
               "victim withdrew", "", S::kFailed, C::kInProgress},
        ActRow{"ActingOnAClosedCaseKeepsItClosed", S::kInProgress, S::kCompleted, C::kClosed,
               A::kComplete, "", "berkas P21", S::kCompleted, C::kClosed}),
    [](const ::testing::TestParamInfo<ActRow>& info) { return std::string(info.param.name); });

TEST(ActOnReferral, EventsCarryOnlyTheTextTheActionGave) {
  auto held = ActOnReferral(MakeCase(S::kInProgress), "r1", A::kHold, kPolres, "  menunggu  ",
                            "ignored", kNow);
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_EQ(EventAt<ReferralUpdatedEvent>(*held, 0).reason, "menunggu");  // trimmed
  EXPECT_EQ(EventAt<ReferralUpdatedEvent>(*held, 0).outcome, "");

  // Resuming keeps the earlier reason on the referral but does not repeat it in the event.
  auto resumed = ActOnReferral(held->after, "r1", A::kResume, kPolres, "", "", kNow);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(EventAt<ReferralUpdatedEvent>(*resumed, 0).reason, "");
  EXPECT_EQ(resumed->after.referrals[0].reason, "menunggu");
  EXPECT_EQ(resumed->expected_version, held->after.version);

  auto done = ActOnReferral(resumed->after, "r1", A::kComplete, kPolres, "ignored",
                            " tersangka ditahan ", kNow);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(EventAt<ReferralUpdatedEvent>(*done, 0).outcome, "tersangka ditahan");
  EXPECT_EQ(EventAt<ReferralUpdatedEvent>(*done, 0).reason, "");
}

// ---- ActOnReferral: refusals ---------------------------------------------------------------

struct RefusalRow {
  const char* name;
  ReferralStatus polres_before;
  const char* referral_id;
  const Agency* actor;
  ReferralAction action;
  const char* reason;
  absl::StatusCode code;
  const char* message_part;  // expected in the message
  const char* field;         // expected violation, or ""
};

class ActOnReferralRefusals : public ::testing::TestWithParam<RefusalRow> {};

TEST_P(ActOnReferralRefusals, AreRefused) {
  const RefusalRow& row = GetParam();
  auto change = ActOnReferral(MakeCase(row.polres_before), row.referral_id, row.action, *row.actor,
                              row.reason, "", kNow);
  ASSERT_FALSE(change.ok());
  EXPECT_EQ(change.status().code(), row.code) << change.status();
  EXPECT_THAT(std::string(change.status().message()), HasSubstr(row.message_part));
  if (*row.field) {
    EXPECT_THAT(Fields(change.status()), ElementsAre(row.field));
  } else {
    EXPECT_THAT(Fields(change.status()), IsEmpty());
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rows, ActOnReferralRefusals,
    ::testing::Values(
        RefusalRow{"UnknownReferral", S::kRequested, "r9", &kPolres, A::kAccept, "",
                   absl::StatusCode::kNotFound,
                   "referral 01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07/r9 not found", ""},
        // Worded exactly like a referral that does not exist.
        RefusalRow{"AgencyWithoutStanding", S::kRequested, "r1", &kStranger, A::kAccept, "",
                   absl::StatusCode::kNotFound,
                   "referral 01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07/r1 not found", ""},
        RefusalRow{"HolderOfAnotherReferralOnTheCase", S::kRequested, "r1", &kNgo, A::kAccept, "",
                   absl::StatusCode::kNotFound, "not found", ""},
        RefusalRow{"SubmitterIsNotTheTarget", S::kRequested, "r1", &kSubmitter, A::kAccept, "",
                   absl::StatusCode::kNotFound, "not found", ""},
        RefusalRow{"Bp3miOfAnotherProvinceCannotEvenCancel", S::kRequested, "r1", &kBp3miNtb,
                   A::kCancel, "wrong", absl::StatusCode::kNotFound, "not found", ""},
        // Bad input from a stranger is still NOT_FOUND: it learns nothing.
        RefusalRow{"StrangerWithBadInput", S::kRequested, "r1", &kStranger, A::kReject, "",
                   absl::StatusCode::kNotFound, "not found", ""},
        RefusalRow{"Bp3miMayOnlyCancel", S::kRequested, "r1", &kBp3mi, A::kAccept, "",
                   absl::StatusCode::kPermissionDenied, "only the target agency", ""},
        RefusalRow{"TargetRejectsRatherThanCancels", S::kRequested, "r1", &kPolres, A::kCancel, "x",
                   absl::StatusCode::kPermissionDenied, "cannot cancel", ""},
        RefusalRow{"RejectNeedsAReason", S::kReceived, "r1", &kPolres, A::kReject, "  ",
                   absl::StatusCode::kInvalidArgument, "reason", "reason"},
        RefusalRow{"CompleteNeedsAnOutcome", S::kInProgress, "r1", &kPolres, A::kComplete, "x",
                   absl::StatusCode::kInvalidArgument, "outcome", "outcome"},
        RefusalRow{"AcceptAfterCompletion", S::kCompleted, "r1", &kPolres, A::kAccept, "",
                   absl::StatusCode::kFailedPrecondition, "referral is COMPLETED; cannot accept",
                   ""},
        RefusalRow{"StartBeforeAccept", S::kReceived, "r1", &kPolres, A::kStart, "",
                   absl::StatusCode::kFailedPrecondition, "referral is RECEIVED; cannot start", ""},
        RefusalRow{"AcknowledgeTwice", S::kReceived, "r1", &kPolres, A::kAcknowledge, "",
                   absl::StatusCode::kFailedPrecondition,
                   "referral is RECEIVED; cannot acknowledge", ""},
        RefusalRow{"UnknownAction", S::kRequested, "r1", &kPolres, static_cast<A>(42), "",
                   absl::StatusCode::kInvalidArgument, "action", "action"}),
    [](const ::testing::TestParamInfo<RefusalRow>& info) { return std::string(info.param.name); });

TEST(ActOnReferral, Bp3miCancelsARoutingReferral) {
  auto change = ActOnReferral(MakeCase(), "r2", A::kCancel, kBp3mi, "referred twice", "", kNow);
  ASSERT_TRUE(change.ok()) << change.status();
  EXPECT_EQ(change->after.referrals[1].status, S::kCancelled);
  EXPECT_EQ(change->after.status, C::kReferred);  // r1 still waits
  EXPECT_EQ(EventAt<ReferralUpdatedEvent>(*change, 0).actor, kBp3mi.id);
}

// ---- TriageCase ----------------------------------------------------------------------------

TEST(TriageCase, RejectCancelsEveryOpenReferral) {
  Case c = MakeCase(S::kInProgress, S::kRequested, C::kInProgress);
  c.referrals.push_back(MakeReferral("r3", "pemkab-tts", S::kCompleted));
  auto change =
      TriageCase(c, CaseTriagedEvent::Decision::kReject, "  laporan palsu  ", "", kBp3mi, kNow);
  ASSERT_TRUE(change.ok()) << change.status();

  ASSERT_EQ(change->events.size(), 4u);
  const auto& triaged = EventAt<CaseTriagedEvent>(*change, 0);
  EXPECT_EQ(triaged.decision, CaseTriagedEvent::Decision::kReject);
  EXPECT_EQ(triaged.reason, "laporan palsu");
  EXPECT_EQ(triaged.actor, kBp3mi.id);
  EXPECT_EQ(triaged.duplicate_of, "");
  for (std::size_t i : {1u, 2u}) {
    const auto& cancel = EventAt<ReferralUpdatedEvent>(*change, i);
    EXPECT_EQ(cancel.referral_id, i == 1 ? "r1" : "r2");
    EXPECT_EQ(cancel.action, A::kCancel);
    EXPECT_EQ(cancel.status, S::kCancelled);
    EXPECT_EQ(cancel.actor, kBp3mi.id);
    EXPECT_EQ(cancel.reason, "case rejected");
  }
  const auto& status = EventAt<CaseStatusChangedEvent>(*change, 3);
  EXPECT_EQ(status.from, C::kInProgress);
  EXPECT_EQ(status.to, C::kRejected);

  const Case& after = change->after;
  EXPECT_EQ(after.status, C::kRejected);
  EXPECT_EQ(after.triage_reason, "laporan palsu");
  EXPECT_EQ(after.version, 9);
  EXPECT_EQ(change->expected_version, 5);
  EXPECT_EQ(after.referrals[0].status, S::kCancelled);
  EXPECT_EQ(after.referrals[0].reason, "case rejected");
  EXPECT_EQ(after.referrals[1].status, S::kCancelled);
  EXPECT_EQ(after.referrals[2].status, S::kCompleted);  // closed referrals stay as they were
}

TEST(TriageCase, DuplicateNamesTheSurvivor) {
  auto change = TriageCase(MakeCase(), CaseTriagedEvent::Decision::kDuplicate, "same victim",
                           kOtherCaseId, kBp3mi, kNow);
  ASSERT_TRUE(change.ok()) << change.status();
  ASSERT_EQ(change->events.size(), 4u);
  EXPECT_EQ(EventAt<CaseTriagedEvent>(*change, 0).duplicate_of, kOtherCaseId);
  EXPECT_EQ(EventAt<ReferralUpdatedEvent>(*change, 1).reason,
            std::string("merged into ") + kOtherCaseId);
  EXPECT_EQ(change->after.status, C::kDuplicate);
  EXPECT_EQ(change->after.duplicate_of, kOtherCaseId);
  EXPECT_EQ(change->after.version, 9);
}

TEST(TriageCase, CloseCancelsNothing) {
  auto change =
      TriageCase(MakeCase(S::kInProgress, S::kCompleted, C::kInProgress),
                 CaseTriagedEvent::Decision::kClose, "coordination done", "", kBp3mi, kNow);
  ASSERT_TRUE(change.ok()) << change.status();
  ASSERT_EQ(change->events.size(), 2u);
  EXPECT_EQ(EventAt<CaseTriagedEvent>(*change, 0).decision, CaseTriagedEvent::Decision::kClose);
  EXPECT_EQ(EventAt<CaseStatusChangedEvent>(*change, 1).to, C::kClosed);
  EXPECT_EQ(change->after.status, C::kClosed);
  EXPECT_EQ(change->after.referrals[0].status, S::kInProgress);
  EXPECT_EQ(change->after.version, 7);
  EXPECT_EQ(change->after.updated_at, kNow);
}

TEST(TriageCase, EveryUndecidedStatusMayBeDecided) {
  for (C status : {C::kReceived, C::kTriaged, C::kReferred, C::kInProgress, C::kResolved}) {
    for (auto decision :
         {CaseTriagedEvent::Decision::kReject, CaseTriagedEvent::Decision::kDuplicate,
          CaseTriagedEvent::Decision::kClose}) {
      Case c = MakeCase();
      c.status = status;
      auto change = TriageCase(c, decision, "reason", kOtherCaseId, kBp3mi, kNow);
      EXPECT_TRUE(change.ok()) << static_cast<int>(status) << ": " << change.status();
    }
  }
}

struct TriageRefusalRow {
  const char* name;
  CaseStatus status;
  const Agency* actor;
  CaseTriagedEvent::Decision decision;
  const char* reason;
  const char* duplicate_of;
  absl::StatusCode code;
  const char* message_part;
  const char* field;
};

class TriageCaseRefusals : public ::testing::TestWithParam<TriageRefusalRow> {};

TEST_P(TriageCaseRefusals, AreRefused) {
  const TriageRefusalRow& row = GetParam();
  Case c = MakeCase();
  c.status = row.status;
  auto change = TriageCase(c, row.decision, row.reason, row.duplicate_of, *row.actor, kNow);
  ASSERT_FALSE(change.ok());
  EXPECT_EQ(change.status().code(), row.code) << change.status();
  EXPECT_THAT(std::string(change.status().message()), HasSubstr(row.message_part));
  if (*row.field) {
    EXPECT_THAT(Fields(change.status()), ElementsAre(row.field));
  } else {
    EXPECT_THAT(Fields(change.status()), IsEmpty());
  }
}

using D = CaseTriagedEvent::Decision;

INSTANTIATE_TEST_SUITE_P(
    Rows, TriageCaseRefusals,
    ::testing::Values(
        TriageRefusalRow{"AlreadyRejected", C::kRejected, &kBp3mi, D::kReject, "again", "",
                         absl::StatusCode::kFailedPrecondition, "case is REJECTED; cannot reject",
                         ""},
        TriageRefusalRow{"AlreadyDuplicate", C::kDuplicate, &kBp3mi, D::kClose, "x", "",
                         absl::StatusCode::kFailedPrecondition, "case is DUPLICATE; cannot close",
                         ""},
        TriageRefusalRow{"AlreadyClosed", C::kClosed, &kBp3mi, D::kDuplicate, "x", kOtherCaseId,
                         absl::StatusCode::kFailedPrecondition,
                         "case is CLOSED; cannot mark duplicate", ""},
        TriageRefusalRow{"NoReason", C::kReferred, &kBp3mi, D::kReject, "", "",
                         absl::StatusCode::kInvalidArgument, "A reason is required to reject",
                         "reason"},
        TriageRefusalRow{"BlankReason", C::kReferred, &kBp3mi, D::kClose, " \n\t ", "",
                         absl::StatusCode::kInvalidArgument, "A reason is required to close",
                         "reason"},
        TriageRefusalRow{"ControlCharacterInReason", C::kReferred, &kBp3mi, D::kReject,
                         "spam\x1b[2J", "", absl::StatusCode::kInvalidArgument, "control character",
                         "reason"},
        TriageRefusalRow{"InvalidUtf8Reason", C::kReferred, &kBp3mi, D::kReject, "spam \xff", "",
                         absl::StatusCode::kInvalidArgument, "UTF-8", "reason"},
        TriageRefusalRow{"DuplicateOfMissing", C::kReferred, &kBp3mi, D::kDuplicate, "x", "",
                         absl::StatusCode::kInvalidArgument, "is required", "duplicate_of"},
        TriageRefusalRow{"DuplicateOfMalformed", C::kReferred, &kBp3mi, D::kDuplicate, "x",
                         "case-12", absl::StatusCode::kInvalidArgument, "not a case id",
                         "duplicate_of"},
        TriageRefusalRow{"DuplicateOfItself", C::kReferred, &kBp3mi, D::kDuplicate, "x", kCaseId,
                         absl::StatusCode::kInvalidArgument, "itself", "duplicate_of"},
        // Bad input is reported before the state it would meet.
        TriageRefusalRow{"BadInputOnADecidedCase", C::kClosed, &kBp3mi, D::kReject, "", "",
                         absl::StatusCode::kInvalidArgument, "reason", "reason"},
        // Standing first: who may not triage learns nothing from its input or the state.
        TriageRefusalRow{"SubmitterIsNotBp3mi", C::kReferred, &kSubmitter, D::kReject, "x", "",
                         absl::StatusCode::kPermissionDenied, "only BP3MI", ""},
        TriageRefusalRow{"ReferralHolderIsNotBp3mi", C::kReferred, &kPolres, D::kClose, "", "",
                         absl::StatusCode::kPermissionDenied, "only BP3MI", ""},
        TriageRefusalRow{"Stranger", C::kRejected, &kStranger, D::kReject, "", "",
                         absl::StatusCode::kNotFound,
                         "case 01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07 not found", ""},
        TriageRefusalRow{"Bp3miOfAnotherProvince", C::kReferred, &kBp3miNtb, D::kReject, "x", "",
                         absl::StatusCode::kNotFound, "not found", ""}),
    [](const ::testing::TestParamInfo<TriageRefusalRow>& info) {
      return std::string(info.param.name);
    });

// ---- CheckDuplicateTarget ------------------------------------------------------------------

TEST(CheckDuplicateTarget, AcceptsAVisibleOpenOrFinishedCase) {
  for (C status : {C::kReceived, C::kReferred, C::kInProgress, C::kResolved, C::kClosed}) {
    Case target = MakeCase();
    target.id = kOtherCaseId;
    target.status = status;
    EXPECT_TRUE(CheckDuplicateTarget(kOtherCaseId, target, kBp3mi).ok());
  }
}

TEST(CheckDuplicateTarget, RefusesMissingInvisibleRejectedAndDuplicateTargets) {
  const auto field_of = [](const absl::Status& s) {
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
    return Fields(s);
  };
  EXPECT_THAT(field_of(CheckDuplicateTarget(kOtherCaseId, absl::NotFoundError("gone"), kBp3mi)),
              ElementsAre("duplicate_of"));

  Case target = MakeCase();
  target.id = kOtherCaseId;
  const absl::Status invisible = CheckDuplicateTarget(kOtherCaseId, target, kBp3miNtb);
  EXPECT_THAT(field_of(invisible), ElementsAre("duplicate_of"));
  EXPECT_THAT(std::string(invisible.message()), HasSubstr("not found"));

  target.status = C::kRejected;
  EXPECT_THAT(field_of(CheckDuplicateTarget(kOtherCaseId, target, kBp3mi)),
              ElementsAre("duplicate_of"));

  target.status = C::kDuplicate;
  target.duplicate_of = "01JDQ3K6Y8V1T8R2M4N5P6QAAA-01";
  const absl::Status chained = CheckDuplicateTarget(kOtherCaseId, target, kBp3mi);
  EXPECT_THAT(field_of(chained), ElementsAre("duplicate_of"));
  EXPECT_THAT(std::string(chained.message()), HasSubstr("01JDQ3K6Y8V1T8R2M4N5P6QAAA-01"));
}

TEST(CheckDuplicateTarget, PassesStoreFailuresOn) {
  EXPECT_EQ(CheckDuplicateTarget(kOtherCaseId, absl::UnavailableError("redis"), kBp3mi).code(),
            absl::StatusCode::kUnavailable);
}

// ---- MayView: referral holders ---------------------------------------------------------------

TEST(MayViewReferralHolders, AnyReferralToTheCallerIsStanding) {
  Case c = MakeCase(S::kCancelled, S::kRejected);
  EXPECT_TRUE(MayView(kPolres, c));  // even after its referral was cancelled
  EXPECT_TRUE(MayView(kNgo, c));
  EXPECT_FALSE(MayView(kStranger, c));
  EXPECT_TRUE(MayView(kSubmitter, c));
  EXPECT_TRUE(MayView(kBp3mi, c));
  EXPECT_FALSE(MayView(kBp3miNtb, c));
}

TEST(MayViewReferralHolders, AnEmptyIdMatchesNothing) {
  Case c = MakeCase();
  c.submitted_by.clear();
  c.referrals[0].target_agency.clear();
  EXPECT_FALSE(MayView(MakeAgency("", AgencyKind::kNgo), c));
}

}  // namespace
}  // namespace lintas::core
