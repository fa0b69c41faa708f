#include "core/referral/referral_lifecycle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/errors/field_violation.h"

namespace lintas::core {

// Readable names in failure messages and parameterised test names.
void PrintTo(ReferralStatus s, std::ostream* os) {
  *os << ReferralStatusName(s);
}
void PrintTo(ReferralAction a, std::ostream* os) {
  *os << ReferralActionName(a);
}
void PrintTo(CaseStatus s, std::ostream* os) {
  *os << "CaseStatus(" << static_cast<int>(s) << ")";
}

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;

constexpr ReferralStatus kAllStatuses[] = {
    ReferralStatus::kRequested, ReferralStatus::kReceived,   ReferralStatus::kAccepted,
    ReferralStatus::kRejected,  ReferralStatus::kInProgress, ReferralStatus::kOnHold,
    ReferralStatus::kCompleted, ReferralStatus::kFailed,     ReferralStatus::kCancelled,
};

constexpr ReferralAction kAllActions[] = {
    ReferralAction::kAcknowledge, ReferralAction::kAccept, ReferralAction::kReject,
    ReferralAction::kStart,       ReferralAction::kHold,   ReferralAction::kResume,
    ReferralAction::kComplete,    ReferralAction::kFail,   ReferralAction::kCancel,
};

// The allowed transitions, written out independently of the implementation's table (DESIGN §3,
// FHIR Task). Every pair not listed here must be refused.
const std::map<std::pair<ReferralStatus, ReferralAction>, ReferralStatus>& Allowed() {
  using S = ReferralStatus;
  using A = ReferralAction;
  static const auto* table = new std::map<std::pair<S, A>, S>{
      {{S::kRequested, A::kAcknowledge}, S::kReceived},
      {{S::kRequested, A::kAccept}, S::kAccepted},
      {{S::kReceived, A::kAccept}, S::kAccepted},
      {{S::kRequested, A::kReject}, S::kRejected},
      {{S::kReceived, A::kReject}, S::kRejected},
      {{S::kAccepted, A::kStart}, S::kInProgress},
      {{S::kInProgress, A::kHold}, S::kOnHold},
      {{S::kOnHold, A::kResume}, S::kInProgress},
      {{S::kInProgress, A::kComplete}, S::kCompleted},
      {{S::kInProgress, A::kFail}, S::kFailed},
      {{S::kOnHold, A::kFail}, S::kFailed},
      {{S::kRequested, A::kCancel}, S::kCancelled},
      {{S::kReceived, A::kCancel}, S::kCancelled},
      {{S::kAccepted, A::kCancel}, S::kCancelled},
      {{S::kInProgress, A::kCancel}, S::kCancelled},
      {{S::kOnHold, A::kCancel}, S::kCancelled},
  };
  return *table;
}

// ---------------------------------------------------------------------------------------------
// NextStatus: every (status x action) pair.

class TransitionTableTest
    : public ::testing::TestWithParam<std::tuple<ReferralStatus, ReferralAction>> {};

TEST_P(TransitionTableTest, AllowedOrRefusedNamingCurrentState) {
  const auto [from, action] = GetParam();
  const auto next = NextStatus(from, action);
  const auto it = Allowed().find({from, action});
  if (it != Allowed().end()) {
    ASSERT_TRUE(next.ok()) << next.status();
    EXPECT_EQ(*next, it->second);
  } else {
    ASSERT_FALSE(next.ok()) << "unexpectedly allowed, to " << ReferralStatusName(*next);
    EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(next.status().message(), "referral is " + std::string(ReferralStatusName(from)) +
                                           "; cannot " + std::string(ReferralActionName(action)));
  }
}

INSTANTIATE_TEST_SUITE_P(ReferralEveryPair, TransitionTableTest,
                         ::testing::Combine(::testing::ValuesIn(kAllStatuses),
                                            ::testing::ValuesIn(kAllActions)),
                         [](const auto& info) {
                           return std::string(ReferralStatusName(std::get<0>(info.param))) + "_" +
                                  std::string(ReferralActionName(std::get<1>(info.param)));
                         });

TEST(ReferralNextStatusTest, SixteenAllowedSixtyFiveRefused) {
  int allowed = 0, refused = 0;
  for (const auto s : kAllStatuses) {
    for (const auto a : kAllActions) {
      (NextStatus(s, a).ok() ? allowed : refused)++;
    }
  }
  EXPECT_EQ(allowed, 16);
  EXPECT_EQ(refused, 65);
}

TEST(ReferralNextStatusTest, TerminalStatesAcceptNothing) {
  for (const auto s : kAllStatuses) {
    if (IsOpen(s)) continue;
    for (const auto a : kAllActions) {
      EXPECT_EQ(NextStatus(s, a).status().code(), absl::StatusCode::kFailedPrecondition)
          << ReferralStatusName(s) << " " << ReferralActionName(a);
    }
  }
}

TEST(ReferralNextStatusTest, ExampleMessage) {
  EXPECT_EQ(NextStatus(ReferralStatus::kCompleted, ReferralAction::kAccept).status().message(),
            "referral is COMPLETED; cannot accept");
}

TEST(ReferralNextStatusTest, UnknownActionIsABadRequestNotAWrongState) {
  for (const auto a : {ReferralAction::kUnspecified, static_cast<ReferralAction>(42)}) {
    const auto next = NextStatus(ReferralStatus::kRequested, a);
    EXPECT_EQ(next.status().code(), absl::StatusCode::kInvalidArgument);
    ASSERT_EQ(ViolationsOf(next.status()).size(), 1u);
    EXPECT_EQ(ViolationsOf(next.status())[0].field, "action");
  }
}

TEST(ReferralNextStatusTest, UnspecifiedOrUnknownStatusIsRefused) {
  const auto unspecified = NextStatus(ReferralStatus::kUnspecified, ReferralAction::kCancel);
  EXPECT_EQ(unspecified.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(unspecified.status().message(), HasSubstr("UNSPECIFIED"));
  for (const int bad : {-1, 42, 1000}) {
    const auto next = NextStatus(static_cast<ReferralStatus>(bad), ReferralAction::kCancel);
    EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(next.status().message(), HasSubstr("UNKNOWN"));
  }
}

TEST(ReferralNamesTest, PurposesRoundTrip) {
  for (int i = 1; i <= 8; ++i) {
    const auto p = static_cast<ReferralPurpose>(i);
    ReferralPurpose parsed = ReferralPurpose::kUnspecified;
    ASSERT_TRUE(ParseReferralPurpose(ReferralPurposeName(p), parsed)) << i;
    EXPECT_EQ(parsed, p);
  }
  ReferralPurpose out;
  EXPECT_FALSE(ParseReferralPurpose("unknown", out));
  EXPECT_FALSE(ParseReferralPurpose("Enforcement", out));
  EXPECT_EQ(ReferralPurposeName(ReferralPurpose::kVictimSupport), "victim_support");
}

TEST(ReferralNamesTest, StatusAndActionNames) {
  EXPECT_EQ(ReferralStatusName(ReferralStatus::kInProgress), "IN_PROGRESS");
  EXPECT_EQ(ReferralStatusName(ReferralStatus::kOnHold), "ON_HOLD");
  EXPECT_EQ(ReferralActionName(ReferralAction::kAcknowledge), "acknowledge");
  int open = 0;
  for (const auto s : kAllStatuses)
    open += IsOpen(s) ? 1 : 0;
  EXPECT_EQ(open, 5);
  EXPECT_FALSE(IsOpen(ReferralStatus::kUnspecified));
}

// ---------------------------------------------------------------------------------------------
// CheckActor.

Agency MakeAgency(std::string id, AgencyKind kind) {
  Agency a;
  a.id = std::move(id);
  a.kind = kind;
  return a;
}

const Agency kPolres = MakeAgency("polres-kupang-kota", AgencyKind::kPolice);
const Agency kNgo = MakeAgency("padma-ntt", AgencyKind::kNgo);
const Agency kBp3mi = MakeAgency("bp3mi-ntt", AgencyKind::kProtectionAgency);
const Agency kPemkab = MakeAgency("pemkab-kupang", AgencyKind::kRegencyGovernment);
const Agency kPolda = MakeAgency("polda-ntt", AgencyKind::kPolice);

const Timestamp kT0 = Timestamp{} + std::chrono::hours(24 * 365 * 55);

// A referral the NGO made by hand to the Polres.
Referral MakeReferral(ReferralStatus status = ReferralStatus::kRequested) {
  Referral r;
  r.id = "r2";
  r.case_id = "07-01J9Z3K4T5V6W7X8Y9Z0ABCDEF";
  r.purpose = ReferralPurpose::kEnforcement;
  r.target_agency = kPolres.id;
  r.requested_by = kNgo.id;
  r.status = status;
  r.requested_at = kT0;
  r.ack_deadline = kT0 + std::chrono::hours(24);
  r.updated_at = kT0;
  return r;
}

TEST(ReferralActorTest, TargetMayDoEverythingButCancel) {
  for (const auto a : kAllActions) {
    const auto s = CheckActor(MakeReferral(), a, kPolres);
    if (a == ReferralAction::kCancel) {
      EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
      EXPECT_THAT(s.message(), HasSubstr("reject"));
    } else {
      EXPECT_TRUE(s.ok()) << ReferralActionName(a) << ": " << s;
    }
  }
}

TEST(ReferralActorTest, OtherAgencyGetsNotFoundForEveryAction) {
  const Referral r = MakeReferral();
  const absl::Status missing = ReferralNotFound(r.case_id, r.id);
  for (const Agency* other : {&kPemkab, &kPolda}) {
    for (const auto a : kAllActions) {
      const absl::Status s = CheckActor(r, a, *other);
      EXPECT_EQ(s, missing) << other->id << " " << ReferralActionName(a);
    }
  }
}

TEST(ReferralActorTest, NotFoundLooksLikeAMissingReferral) {
  const Referral r = MakeReferral();
  const absl::Status s = CheckActor(r, ReferralAction::kAccept, kPemkab);
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "referral 07-01J9Z3K4T5V6W7X8Y9Z0ABCDEF/r2 not found");
  // Same shape as a referral id that does not exist on the case.
  const absl::Status missing = ReferralNotFound(r.case_id, "r99");
  EXPECT_EQ(missing.code(), s.code());
  EXPECT_THAT(std::string(missing.message()), MatchesRegex("referral [^ /]+/[^ ]+ not found"));
  EXPECT_THAT(std::string(s.message()), MatchesRegex("referral [^ /]+/[^ ]+ not found"));
  // Nothing else travels with it: no status, target or payload to tell the two apart.
  EXPECT_THAT(std::string(s.message()), ::testing::Not(HasSubstr(kPolres.id)));
  EXPECT_THAT(std::string(s.message()), ::testing::Not(HasSubstr("REQUESTED")));
  EXPECT_THAT(ViolationsOf(s), IsEmpty());
}

TEST(ReferralActorTest, NotFoundEvenInATerminalState) {
  // An outsider must not learn the state either.
  const Referral r = MakeReferral(ReferralStatus::kCompleted);
  EXPECT_EQ(CheckActor(r, ReferralAction::kAccept, kPemkab), ReferralNotFound(r.case_id, r.id));
}

TEST(ReferralActorTest, RequesterMayCancel) {
  EXPECT_TRUE(CheckActor(MakeReferral(), ReferralAction::kCancel, kNgo).ok());
}

TEST(ReferralActorTest, ProtectionAgencyMayCancelAReferralItNeitherMadeNorHolds) {
  EXPECT_TRUE(CheckActor(MakeReferral(), ReferralAction::kCancel, kBp3mi).ok());
}

TEST(ReferralActorTest, RuleReferralIsCancelledOnlyByBp3mi) {
  Referral r = MakeReferral();
  r.requested_by = "routing";
  r.rule_id = "tppo-named-broker";
  EXPECT_TRUE(CheckActor(r, ReferralAction::kCancel, kBp3mi).ok());
  EXPECT_EQ(CheckActor(r, ReferralAction::kCancel, kNgo).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(CheckActor(r, ReferralAction::kCancel, kPolres).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(ReferralActorTest, RequesterAndBp3miMayNotActForTheTarget) {
  for (const Agency* side : {&kNgo, &kBp3mi}) {
    for (const auto a : kAllActions) {
      if (a == ReferralAction::kCancel) continue;
      const absl::Status s = CheckActor(MakeReferral(), a, *side);
      EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied)
          << side->id << " " << ReferralActionName(a);
      EXPECT_THAT(s.message(), HasSubstr("only the target agency"));
    }
  }
}

TEST(ReferralActorTest, Bp3miAsTargetMayDoEverything) {
  Referral r = MakeReferral();
  r.purpose = ReferralPurpose::kTriage;
  r.target_agency = kBp3mi.id;
  r.requested_by = "routing";
  for (const auto a : kAllActions) {
    EXPECT_TRUE(CheckActor(r, a, kBp3mi).ok()) << ReferralActionName(a);
  }
}

TEST(ReferralActorTest, EmptyActorIdNeverMatchesAnEmptyField) {
  Referral r = MakeReferral();
  r.requested_by.clear();
  const Agency nameless = MakeAgency("", AgencyKind::kNgo);
  EXPECT_EQ(CheckActor(r, ReferralAction::kCancel, nameless).code(), absl::StatusCode::kNotFound);
  r.target_agency.clear();
  EXPECT_EQ(CheckActor(r, ReferralAction::kAccept, nameless).code(), absl::StatusCode::kNotFound);
}

// ---------------------------------------------------------------------------------------------
// CheckDetails.

std::vector<std::string> FieldsOf(const absl::Status& s) {
  std::vector<std::string> fields;
  for (const auto& v : ViolationsOf(s))
    fields.push_back(v.field);
  return fields;
}

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i)
    out += s;
  return out;
}

TEST(ReferralDetailsTest, ReasonRequiredForRejectHoldFailCancel) {
  for (const auto a : {ReferralAction::kReject, ReferralAction::kHold, ReferralAction::kFail,
                       ReferralAction::kCancel}) {
    for (const std::string_view blank : {"", "   ", " \t\r\n "}) {
      const absl::Status s = CheckDetails(a, blank, "an outcome does not stand in for a reason");
      EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << ReferralActionName(a);
      EXPECT_THAT(FieldsOf(s), ElementsAre("reason")) << ReferralActionName(a);
      EXPECT_THAT(ViolationsOf(s)[0].description, HasSubstr(ReferralActionName(a)));
    }
    EXPECT_TRUE(CheckDetails(a, "Bukan wilayah hukum Polres ini", "").ok());
  }
}

TEST(ReferralDetailsTest, OutcomeRequiredForComplete) {
  const absl::Status s = CheckDetails(ReferralAction::kComplete, "a reason is not an outcome", " ");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(s), ElementsAre("outcome"));
  EXPECT_EQ(ViolationsOf(s)[0].description, "An outcome is required to complete a referral.");
  EXPECT_TRUE(
      CheckDetails(ReferralAction::kComplete, "", "LP/B/123/VI/2024/SPKT; two suspects held").ok());
}

TEST(ReferralDetailsTest, OtherActionsNeedNothing) {
  for (const auto a : {ReferralAction::kAcknowledge, ReferralAction::kAccept,
                       ReferralAction::kStart, ReferralAction::kResume}) {
    EXPECT_TRUE(CheckDetails(a, "", "").ok()) << ReferralActionName(a);
    // Text they do not use is not checked either.
    EXPECT_TRUE(CheckDetails(a, Repeat("x", 5000), "\x01").ok()) << ReferralActionName(a);
  }
}

TEST(ReferralDetailsTest, LengthCountedInCodePoints) {
  // "é" is two bytes: 1000 of them are 2000 bytes but 1000 characters.
  EXPECT_TRUE(CheckDetails(ReferralAction::kReject, Repeat("é", 1000), "").ok());
  const absl::Status s = CheckDetails(ReferralAction::kReject, Repeat("é", 1001), "");
  EXPECT_THAT(FieldsOf(s), ElementsAre("reason"));
  EXPECT_EQ(ViolationsOf(s)[0].description,
            "The text may be at most 1000 characters long; this one has 1001.");
  // Surrounding white space does not count.
  EXPECT_TRUE(CheckDetails(ReferralAction::kComplete, "", "  " + Repeat("a", 1000) + "\n").ok());
  EXPECT_THAT(FieldsOf(CheckDetails(ReferralAction::kComplete, "", Repeat("a", 1001))),
              ElementsAre("outcome"));
}

TEST(ReferralDetailsTest, MalformedText) {
  EXPECT_THAT(FieldsOf(CheckDetails(ReferralAction::kHold, "bad \xC3(", "")),
              ElementsAre("reason"));
  EXPECT_THAT(FieldsOf(CheckDetails(ReferralAction::kHold, "bell\x07", "")), ElementsAre("reason"));
  EXPECT_TRUE(CheckDetails(ReferralAction::kHold, "menunggu dokumen\n- paspor\n- KTP", "").ok());
}

TEST(ReferralDetailsTest, DescriptionNeverQuotesTheText) {
  const std::string secret = Repeat("Maria ", 200);
  const absl::Status s = CheckDetails(ReferralAction::kFail, secret, "");
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), ::testing::Not(HasSubstr("Maria")));
  EXPECT_THAT(ViolationsOf(s)[0].description, ::testing::Not(HasSubstr("Maria")));
}

TEST(ReferralDetailsTest, UnknownActionIsAViolationOfAction) {
  EXPECT_THAT(FieldsOf(CheckDetails(ReferralAction::kUnspecified, "x", "x")),
              ElementsAre("action"));
  EXPECT_THAT(FieldsOf(CheckDetails(static_cast<ReferralAction>(77), "x", "x")),
              ElementsAre("action"));
}

// ---------------------------------------------------------------------------------------------
// ApplyAction.

TEST(ReferralApplyTest, ChecksRunActorThenDetailsThenState) {
  // Everything wrong: an outsider, no reason, a terminal state. The outsider learns nothing.
  const Referral done = MakeReferral(ReferralStatus::kCompleted);
  const auto t1 = kT0 + std::chrono::hours(1);
  EXPECT_EQ(ApplyAction(done, ReferralAction::kReject, kPemkab, "", "", t1).status().code(),
            absl::StatusCode::kNotFound);
  // The target: its bad request is reported before the state it would meet.
  const auto bad = ApplyAction(done, ReferralAction::kReject, kPolres, "", "", t1);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(bad.status()), ElementsAre("reason"));
  // A good request meets the state.
  const auto late = ApplyAction(done, ReferralAction::kReject, kPolres, "duplikat", "", t1);
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(late.status().message(), "referral is COMPLETED; cannot reject");
}

TEST(ReferralApplyTest, RejectStoresTrimmedReasonAndTime) {
  const Referral r = MakeReferral(ReferralStatus::kReceived);
  const auto t1 = kT0 + std::chrono::minutes(90);
  const auto out =
      ApplyAction(r, ReferralAction::kReject, kPolres, "  bukan wilayah hukum kami \n", "", t1);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->status, ReferralStatus::kRejected);
  EXPECT_EQ(out->reason, "bukan wilayah hukum kami");
  EXPECT_EQ(out->outcome, "");
  EXPECT_EQ(out->updated_at, t1);
  // Everything else is kept.
  EXPECT_EQ(out->id, r.id);
  EXPECT_EQ(out->case_id, r.case_id);
  EXPECT_EQ(out->target_agency, r.target_agency);
  EXPECT_EQ(out->requested_by, r.requested_by);
  EXPECT_EQ(out->requested_at, r.requested_at);
  EXPECT_EQ(out->ack_deadline, r.ack_deadline);
}

TEST(ReferralApplyTest, FullLifecycleByTheTarget) {
  Referral r = MakeReferral();
  auto t = kT0;
  const auto step = [&](ReferralAction a, std::string_view reason, std::string_view outcome,
                        ReferralStatus want) {
    t += std::chrono::hours(1);
    auto next = ApplyAction(r, a, kPolres, reason, outcome, t);
    ASSERT_TRUE(next.ok()) << ReferralActionName(a) << ": " << next.status();
    EXPECT_EQ(next->status, want);
    EXPECT_EQ(next->updated_at, t);
    r = *std::move(next);
  };
  step(ReferralAction::kAcknowledge, "", "", ReferralStatus::kReceived);
  step(ReferralAction::kAccept, "ignored", "ignored", ReferralStatus::kAccepted);
  EXPECT_EQ(r.reason, "");  // accept carries no reason
  step(ReferralAction::kStart, "", "", ReferralStatus::kInProgress);
  step(ReferralAction::kHold, "menunggu saksi", "", ReferralStatus::kOnHold);
  EXPECT_EQ(r.reason, "menunggu saksi");
  step(ReferralAction::kResume, "", "", ReferralStatus::kInProgress);
  EXPECT_EQ(r.reason, "menunggu saksi");  // the last reason given stays
  step(ReferralAction::kComplete, "", "LP diterbitkan; 2 tersangka", ReferralStatus::kCompleted);
  EXPECT_EQ(r.outcome, "LP diterbitkan; 2 tersangka");
}

TEST(ReferralApplyTest, CancelByRequesterAndBp3mi) {
  for (const Agency* who : {&kNgo, &kBp3mi}) {
    const auto out = ApplyAction(MakeReferral(ReferralStatus::kInProgress), ReferralAction::kCancel,
                                 *who, "korban sudah kembali", "", kT0);
    ASSERT_TRUE(out.ok()) << who->id << ": " << out.status();
    EXPECT_EQ(out->status, ReferralStatus::kCancelled);
    EXPECT_EQ(out->reason, "korban sudah kembali");
  }
  EXPECT_EQ(
      ApplyAction(MakeReferral(), ReferralAction::kCancel, kPolres, "x", "", kT0).status().code(),
      absl::StatusCode::kPermissionDenied);
}

// ---------------------------------------------------------------------------------------------
// DeriveCaseStatus.

struct DeriveRow {
  const char* name;
  CaseStatus current;
  std::vector<ReferralStatus> referrals;
  CaseStatus want;
};

void PrintTo(const DeriveRow& row, std::ostream* os) {
  *os << row.name;
}

class DeriveCaseStatusTest : public ::testing::TestWithParam<DeriveRow> {};

TEST_P(DeriveCaseStatusTest, FollowsReferrals) {
  const DeriveRow& row = GetParam();
  std::vector<Referral> referrals;
  for (const auto s : row.referrals) {
    Referral r = MakeReferral(s);
    r.id = "r" + std::to_string(referrals.size() + 1);
    referrals.push_back(std::move(r));
  }
  EXPECT_EQ(DeriveCaseStatus(row.current, referrals), row.want);
}

using C = CaseStatus;
using R = ReferralStatus;

INSTANTIATE_TEST_SUITE_P(
    CaseStatusTable, DeriveCaseStatusTest,
    ::testing::Values(
        DeriveRow{"NoReferralsKeepsReceived", C::kReceived, {}, C::kReceived},
        DeriveRow{"NoReferralsKeepsTriaged", C::kTriaged, {}, C::kTriaged},
        DeriveRow{"OneRequested", C::kReceived, {R::kRequested}, C::kReferred},
        DeriveRow{"OneReceived", C::kTriaged, {R::kReceived}, C::kReferred},
        DeriveRow{"OneAccepted", C::kReferred, {R::kAccepted}, C::kInProgress},
        DeriveRow{"OnHoldStillInProgress", C::kInProgress, {R::kOnHold}, C::kInProgress},
        DeriveRow{"WorkingOutranksWaiting",
                  C::kReferred,
                  {R::kRequested, R::kInProgress},
                  C::kInProgress},
        DeriveRow{"WaitingOutranksCompleted",
                  C::kInProgress,
                  {R::kCompleted, R::kReceived},
                  C::kReferred},
        DeriveRow{"AllCompleted", C::kInProgress, {R::kCompleted, R::kCompleted}, C::kResolved},
        DeriveRow{
            "CompletedAndCancelled", C::kInProgress, {R::kCompleted, R::kCancelled}, C::kResolved},
        DeriveRow{"CompletedButRejectedGoesBackToBp3mi",
                  C::kInProgress,
                  {R::kCompleted, R::kRejected},
                  C::kTriaged},
        DeriveRow{"CompletedButFailedGoesBackToBp3mi",
                  C::kInProgress,
                  {R::kFailed, R::kCompleted},
                  C::kTriaged},
        DeriveRow{"AllRejected", C::kReferred, {R::kRejected}, C::kTriaged},
        DeriveRow{"AllCancelled", C::kReferred, {R::kCancelled, R::kCancelled}, C::kTriaged},
        DeriveRow{"RejectedWhileAnotherWorks",
                  C::kReferred,
                  {R::kRejected, R::kAccepted},
                  C::kInProgress},
        DeriveRow{"NewReferralReopensResolved",
                  C::kResolved,
                  {R::kCompleted, R::kRequested},
                  C::kReferred},
        DeriveRow{"ClosedNeverChanges", C::kClosed, {R::kInProgress}, C::kClosed},
        DeriveRow{"RejectedCaseNeverChanges", C::kRejected, {R::kRequested}, C::kRejected},
        DeriveRow{"DuplicateNeverChanges", C::kDuplicate, {R::kCompleted}, C::kDuplicate},
        DeriveRow{"UnknownReferralStatusIgnored",
                  C::kTriaged,
                  {R::kUnspecified, static_cast<R>(42)},
                  C::kTriaged},
        DeriveRow{"UnknownIgnoredNextToKnown",
                  C::kTriaged,
                  {static_cast<R>(42), R::kCompleted},
                  C::kResolved}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace lintas::core
