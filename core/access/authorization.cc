#include "core/access/authorization.h"

#include <utility>

namespace lintas::core {
namespace {

// Which kinds may call a method, as a bit set over AgencyKind.
using KindSet = unsigned;

constexpr KindSet Bit(AgencyKind kind) {
  return 1u << static_cast<unsigned>(kind);
}

constexpr KindSet kEveryKind = Bit(AgencyKind::kProtectionAgency) | Bit(AgencyKind::kPolice) |
                               Bit(AgencyKind::kProvincialGovernment) |
                               Bit(AgencyKind::kRegencyGovernment) |
                               Bit(AgencyKind::kVillageGovernment) | Bit(AgencyKind::kNgo) |
                               Bit(AgencyKind::kFaithOrganisation) | Bit(AgencyKind::kImmigration) |
                               Bit(AgencyKind::kLabourOffice);
constexpr KindSet kPoliceOnly = Bit(AgencyKind::kPolice);
constexpr KindSet kProtectionAgencyOnly = Bit(AgencyKind::kProtectionAgency);

struct Row {
  Method method;
  std::string_view name;
  KindSet allowed;
};

// The matrix. Keep it in step with the table in docs/security.md; the unit test checks every
// cell against its own copy of that table.
constexpr std::array<Row, 24> kMatrix{{
    // Every registered agency may report a case and read the cases it may view.
    {Method::kIntakeSubmitCase, "lintas.v1.IntakeService/SubmitCase", kEveryKind},
    {Method::kIntakeGetCase, "lintas.v1.IntakeService/GetCase", kEveryKind},
    // Every agency lists and acts on referrals addressed to it (the commands check the target).
    {Method::kReferralListReferrals, "lintas.v1.ReferralService/ListReferrals", kEveryKind},
    {Method::kReferralAcknowledge, "lintas.v1.ReferralService/Acknowledge", kEveryKind},
    {Method::kReferralAccept, "lintas.v1.ReferralService/Accept", kEveryKind},
    {Method::kReferralReject, "lintas.v1.ReferralService/Reject", kEveryKind},
    {Method::kReferralStart, "lintas.v1.ReferralService/Start", kEveryKind},
    {Method::kReferralHold, "lintas.v1.ReferralService/Hold", kEveryKind},
    {Method::kReferralResume, "lintas.v1.ReferralService/Resume", kEveryKind},
    {Method::kReferralComplete, "lintas.v1.ReferralService/Complete", kEveryKind},
    {Method::kReferralFail, "lintas.v1.ReferralService/Fail", kEveryKind},
    {Method::kReferralCancel, "lintas.v1.ReferralService/Cancel", kEveryKind},
    // Police report numbers, arrests and prosecutions come from the police only.
    {Method::kReferralReportEnforcementAction, "lintas.v1.ReferralService/ReportEnforcementAction",
     kPoliceOnly},
    // Triage is BP3MI's: deciding a whole case is the coordinator's job.
    {Method::kTriageRejectCase, "lintas.v1.TriageService/RejectCase", kProtectionAgencyOnly},
    {Method::kTriageMarkDuplicate, "lintas.v1.TriageService/MarkDuplicate", kProtectionAgencyOnly},
    {Method::kTriageCloseCase, "lintas.v1.TriageService/CloseCase", kProtectionAgencyOnly},
    // Status reads: what each agency sees is limited by core::MayView.
    {Method::kCaseStatusGetCase, "lintas.v1.CaseStatusService/GetCase", kEveryKind},
    {Method::kCaseStatusListCases, "lintas.v1.CaseStatusService/ListCases", kEveryKind},
    {Method::kCaseStatusGetTimeline, "lintas.v1.CaseStatusService/GetTimeline", kEveryKind},
    {Method::kCaseStatusWatchCase, "lintas.v1.CaseStatusService/WatchCase", kEveryKind},
    // Each agency reads and acknowledges its own inbox.
    {Method::kNotificationSubscribe, "lintas.v1.NotificationService/Subscribe", kEveryKind},
    {Method::kNotificationAck, "lintas.v1.NotificationService/Ack", kEveryKind},
    // The conversation with a portal reporter: any kind may hold an accepted referral, so the
    // case decides (core::MayConverseWithReporter: BP3MI for the case, accepted referrals).
    {Method::kConversationListReporterMessages,
     "lintas.v1.ConversationService/ListReporterMessages", kEveryKind},
    {Method::kConversationSendReporterMessage, "lintas.v1.ConversationService/SendReporterMessage",
     kEveryKind},
}};

const Row* FindRow(Method method) {
  for (const Row& row : kMatrix) {
    if (row.method == method) return &row;
  }
  return nullptr;
}

}  // namespace

std::string_view MethodName(Method method) {
  const Row* row = FindRow(method);
  return row == nullptr ? std::string_view("unknown method") : row->name;
}

bool IsAllowed(AgencyKind kind, Method method) {
  const Row* row = FindRow(method);
  if (row == nullptr) return false;
  const auto k = static_cast<unsigned>(kind);
  if (k >= kAllAgencyKinds.size()) return false;
  return (row->allowed & Bit(kind)) != 0;
}

}  // namespace lintas::core
