#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/domain/time.h"

namespace lintas::core {

// Why a case is sent to an agency (DESIGN §3). Numbers match lintas.v1.ReferralPurpose.
enum class ReferralPurpose : int {
  kUnspecified = 0,
  kEnforcement = 1,
  kVictimSupport = 2,  // shelter, health
  kRepatriation = 3,
  kReintegration = 4,  // reintegration / economic empowerment
  kPreventionOutreach = 5,
  kDocumentVerification = 6,
  kInformation = 7,  // information only
  kTriage = 8,       // BP3MI's triage of a case no rule matched
};

// FHIR Task semantics (DESIGN §3): REQUESTED -> RECEIVED -> ACCEPTED | REJECTED;
// ACCEPTED -> IN_PROGRESS <-> ON_HOLD -> COMPLETED | FAILED; any open state -> CANCELLED.
// Numbers match lintas.v1.ReferralStatus.
enum class ReferralStatus : int {
  kUnspecified = 0,
  kRequested = 1,
  kReceived = 2,
  kAccepted = 3,
  kRejected = 4,
  kInProgress = 5,
  kOnHold = 6,
  kCompleted = 7,
  kFailed = 8,
  kCancelled = 9,
};

// What an agency (or the SLA clock) does to a referral. Numbers match lintas.v1.ReferralAction.
enum class ReferralAction : int {
  kUnspecified = 0,
  kAcknowledge = 1,
  kAccept = 2,
  kReject = 3,  // reason required
  kStart = 4,
  kHold = 5,  // reason required
  kResume = 6,
  kComplete = 7,  // outcome required
  kFail = 8,      // reason required
  kCancel = 9,    // reason required; by the referring side or BP3MI
};

std::string_view ReferralPurposeName(ReferralPurpose p);  // "enforcement", "victim_support", ...
bool ParseReferralPurpose(std::string_view name, ReferralPurpose& out);
std::string_view ReferralStatusName(ReferralStatus s);  // "REQUESTED", ...
std::string_view ReferralActionName(ReferralAction a);  // "acknowledge", ...
bool IsOpen(ReferralStatus s);  // not REJECTED, COMPLETED, FAILED or CANCELLED

// One case sent to one agency for one purpose.
struct Referral {
  std::string id;  // unique within its case, e.g. "r1", "r2"
  std::string case_id;
  ReferralPurpose purpose = ReferralPurpose::kUnspecified;
  std::string target_agency;
  std::string requested_by;  // agency id, or "routing" for a rule's referral
  std::string rule_id;       // the routing rule that made it, when one did
  ReferralStatus status = ReferralStatus::kRequested;
  std::string reason;   // of the last reject / hold / fail / cancel
  std::string outcome;  // when completed
  Timestamp requested_at{};
  Timestamp ack_deadline{};    // acknowledgement due by; escalates when passed
  std::string escalated_from;  // referral id this one escalates, if any
  bool escalated = false;      // an escalation was already made for this referral
  Timestamp updated_at{};
};

}  // namespace lintas::core
