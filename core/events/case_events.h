#pragma once

#include <string>
#include <variant>
#include <vector>

#include "core/domain/case.h"
#include "core/domain/referral.h"

namespace lintas::core {

// What happened to a case after it was received, as the domain sees it. The store encodes each
// one as a lintas.v1 event inside a CloudEvents envelope (adapters/redis/event_codec).

struct ReferralRequestedEvent {
  Referral referral;
};

struct ReferralUpdatedEvent {
  std::string referral_id;
  ReferralAction action = ReferralAction::kUnspecified;
  ReferralStatus status = ReferralStatus::kUnspecified;  // after the action
  std::string actor;                                     // agency id
  std::string reason;                                    // free text: sealed when stored
  std::string outcome;                                   // free text: sealed when stored
};

struct ReferralEscalatedEvent {
  std::string referral_id;
  std::string escalation_id;
  std::string to_agency;
  std::string reason;  // system text, never personal data
};

struct CaseStatusChangedEvent {
  CaseStatus from = CaseStatus::kUnspecified;
  CaseStatus to = CaseStatus::kUnspecified;
};

struct DuplicateSuspectedEvent {
  std::vector<std::string> case_ids;
};

struct CaseTriagedEvent {
  enum class Decision { kReject, kDuplicate, kClose };
  Decision decision = Decision::kReject;
  std::string reason;  // free text: sealed when stored
  std::string duplicate_of;
  std::string actor;
};

struct EnforcementActionReportedEvent {
  EnforcementAction action;
};

using CaseEvent = std::variant<ReferralRequestedEvent, ReferralUpdatedEvent, ReferralEscalatedEvent,
                               CaseStatusChangedEvent, DuplicateSuspectedEvent, CaseTriagedEvent,
                               EnforcementActionReportedEvent>;

// A change to a case: the events, and the case as it is after them. `expected_version` is the
// version the change was computed from (optimistic concurrency).
struct CaseChange {
  Case after;
  std::int64_t expected_version = 0;
  std::vector<CaseEvent> events;
};

}  // namespace lintas::core
