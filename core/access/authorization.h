#pragma once

#include <array>
#include <string_view>

#include "core/domain/agency.h"

namespace lintas::core {

// Every RPC of the lintas.v1 services. The authorization matrix (IsAllowed) and the caller
// check in adapters/grpc/caller_identity name calls by this enum, never by strings.
enum class Method {
  // lintas.v1.IntakeService
  kIntakeSubmitCase,
  kIntakeGetCase,
  // lintas.v1.ReferralService
  kReferralListReferrals,
  kReferralAcknowledge,
  kReferralAccept,
  kReferralReject,
  kReferralStart,
  kReferralHold,
  kReferralResume,
  kReferralComplete,
  kReferralFail,
  kReferralCancel,
  kReferralReportEnforcementAction,
  // lintas.v1.TriageService
  kTriageRejectCase,
  kTriageMarkDuplicate,
  kTriageCloseCase,
  // lintas.v1.CaseStatusService
  kCaseStatusGetCase,
  kCaseStatusListCases,
  kCaseStatusGetTimeline,
  kCaseStatusWatchCase,
  // lintas.v1.NotificationService
  kNotificationSubscribe,
  kNotificationAck,
  // lintas.v1.ConversationService
  kConversationListReporterMessages,
  kConversationSendReporterMessage,
};

inline constexpr std::array<Method, 24> kAllMethods{
    Method::kIntakeSubmitCase,
    Method::kIntakeGetCase,
    Method::kReferralListReferrals,
    Method::kReferralAcknowledge,
    Method::kReferralAccept,
    Method::kReferralReject,
    Method::kReferralStart,
    Method::kReferralHold,
    Method::kReferralResume,
    Method::kReferralComplete,
    Method::kReferralFail,
    Method::kReferralCancel,
    Method::kReferralReportEnforcementAction,
    Method::kTriageRejectCase,
    Method::kTriageMarkDuplicate,
    Method::kTriageCloseCase,
    Method::kCaseStatusGetCase,
    Method::kCaseStatusListCases,
    Method::kCaseStatusGetTimeline,
    Method::kCaseStatusWatchCase,
    Method::kNotificationSubscribe,
    Method::kNotificationAck,
    Method::kConversationListReporterMessages,
    Method::kConversationSendReporterMessage,
};

inline constexpr std::array<AgencyKind, 9> kAllAgencyKinds{
    AgencyKind::kProtectionAgency,     AgencyKind::kPolice,
    AgencyKind::kProvincialGovernment, AgencyKind::kRegencyGovernment,
    AgencyKind::kVillageGovernment,    AgencyKind::kNgo,
    AgencyKind::kFaithOrganisation,    AgencyKind::kImmigration,
    AgencyKind::kLabourOffice,
};

// The full gRPC method name without the leading slash, e.g. "lintas.v1.ReferralService/Accept".
std::string_view MethodName(Method method);

// The method × agency-kind matrix (docs/security.md has it as a table). Deny by default: a
// method or kind the table does not list is refused. This says only whether a kind may call a
// method at all; which cases and referrals it then reaches is core::MayView's and the
// referral commands' business.
bool IsAllowed(AgencyKind kind, Method method);

}  // namespace lintas::core
