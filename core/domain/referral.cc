#include "core/domain/referral.h"

#include <array>
#include <utility>

namespace lintas::core {
namespace {

// Config spelling of each purpose; kUnspecified has none, so config cannot name it.
constexpr std::array<std::pair<ReferralPurpose, std::string_view>, 8> kPurposeNames{{
    {ReferralPurpose::kEnforcement, "enforcement"},
    {ReferralPurpose::kVictimSupport, "victim_support"},
    {ReferralPurpose::kRepatriation, "repatriation"},
    {ReferralPurpose::kReintegration, "reintegration"},
    {ReferralPurpose::kPreventionOutreach, "prevention_outreach"},
    {ReferralPurpose::kDocumentVerification, "document_verification"},
    {ReferralPurpose::kInformation, "information"},
    {ReferralPurpose::kTriage, "triage"},
}};

}  // namespace

std::string_view ReferralPurposeName(ReferralPurpose p) {
  for (const auto& [purpose, name] : kPurposeNames) {
    if (purpose == p) return name;
  }
  return "unknown";
}

bool ParseReferralPurpose(std::string_view name, ReferralPurpose& out) {
  for (const auto& [purpose, n] : kPurposeNames) {
    if (n == name) {
      out = purpose;
      return true;
    }
  }
  return false;
}

std::string_view ReferralStatusName(ReferralStatus s) {
  switch (s) {
    case ReferralStatus::kUnspecified:
      return "UNSPECIFIED";
    case ReferralStatus::kRequested:
      return "REQUESTED";
    case ReferralStatus::kReceived:
      return "RECEIVED";
    case ReferralStatus::kAccepted:
      return "ACCEPTED";
    case ReferralStatus::kRejected:
      return "REJECTED";
    case ReferralStatus::kInProgress:
      return "IN_PROGRESS";
    case ReferralStatus::kOnHold:
      return "ON_HOLD";
    case ReferralStatus::kCompleted:
      return "COMPLETED";
    case ReferralStatus::kFailed:
      return "FAILED";
    case ReferralStatus::kCancelled:
      return "CANCELLED";
  }
  // A value off the wire that no enumerator names: the cast to the enum keeps it.
  return "UNKNOWN";
}

std::string_view ReferralActionName(ReferralAction a) {
  switch (a) {
    case ReferralAction::kUnspecified:
      return "unspecified";
    case ReferralAction::kAcknowledge:
      return "acknowledge";
    case ReferralAction::kAccept:
      return "accept";
    case ReferralAction::kReject:
      return "reject";
    case ReferralAction::kStart:
      return "start";
    case ReferralAction::kHold:
      return "hold";
    case ReferralAction::kResume:
      return "resume";
    case ReferralAction::kComplete:
      return "complete";
    case ReferralAction::kFail:
      return "fail";
    case ReferralAction::kCancel:
      return "cancel";
  }
  return "unknown";
}

bool IsOpen(ReferralStatus s) {
  switch (s) {
    case ReferralStatus::kRequested:
    case ReferralStatus::kReceived:
    case ReferralStatus::kAccepted:
    case ReferralStatus::kInProgress:
    case ReferralStatus::kOnHold:
      return true;
    default:
      // Terminal states, and values no enumerator names: nothing can move those forward.
      return false;
  }
}

}  // namespace lintas::core
