#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/domain/case.h"
#include "core/domain/referral.h"

namespace lintas::core {

// What happened to a case, as the domain sees it. The store encodes each one as a lintas.v1 event
// inside a CloudEvents envelope, and DecodeEvent reads it back (adapters/redis/event_codec).
// Readers std::visit a CaseEvent with a visitor that names every alternative
// (core/events/case_event_visitor.h), so a new event type does not compile until every reader
// handles it: docs/architecture.md, "Add an event type".

// The first event of every case (CaseStore::Create writes it with the whole case sealed). As a
// reader sees it: the case's facts that are not personal; whoever needs more reads the case,
// redacted for them.
struct CaseReceivedEvent {
  Category category = Category::kUnspecified;
  Severity severity = Severity::kUnspecified;
  std::string region_code;
  Channel channel = Channel::kUnspecified;
  std::string submitted_by;
};

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
  // Numbered as lintas.v1.CaseTriaged.Decision, like every domain enum.
  enum class Decision { kReject = 1, kDuplicate = 2, kClose = 3 };
  Decision decision = Decision::kReject;
  std::string reason;  // free text: sealed when stored
  std::string duplicate_of;
  std::string actor;
};

struct EnforcementActionReportedEvent {
  EnforcementAction action;
};

// The reporter wrote to the agencies through the public portal, with the case's tracking code
// (docs/portal.md). Who the reporter is is not recorded here: the portal knows only the code.
struct ReporterMessageAddedEvent {
  std::string text;  // free text: sealed when stored
};

// An agency that may talk with the reporter (core::MayConverseWithReporter) answered; the
// reporter sees "Petugas BP3MI", never the agency's name.
struct ReporterAnsweredEvent {
  std::string text;   // free text: sealed when stored
  std::string actor;  // agency id
};

// An event whose type this build does not know (written by a newer version): readers skip it.
struct UnknownEvent {
  std::string type;  // the CloudEvents type
};

// What a change to a case may append: every event type but CaseReceived.
using CaseChangeEvent =
    std::variant<ReferralRequestedEvent, ReferralUpdatedEvent, ReferralEscalatedEvent,
                 CaseStatusChangedEvent, DuplicateSuspectedEvent, CaseTriagedEvent,
                 EnforcementActionReportedEvent, ReporterMessageAddedEvent, ReporterAnsweredEvent>;

namespace internal {
template <typename... Variants>
struct ConcatVariants;
template <typename... A>
struct ConcatVariants<std::variant<A...>> {
  using type = std::variant<A...>;
};
template <typename... A, typename... B, typename... Rest>
struct ConcatVariants<std::variant<A...>, std::variant<B...>, Rest...>
    : ConcatVariants<std::variant<A..., B...>, Rest...> {};
}  // namespace internal

// Every event a case's history may hold, as DecodeEvent reads it. A type added to
// CaseChangeEvent is here too.
using CaseEvent = internal::ConcatVariants<std::variant<CaseReceivedEvent>, CaseChangeEvent,
                                           std::variant<UnknownEvent>>::type;

// A change to a case: the events, and the case as it is after them. `expected_version` is the
// version the change was computed from (optimistic concurrency).
struct CaseChange {
  Case after;
  std::int64_t expected_version = 0;
  std::vector<CaseChangeEvent> events;
};

}  // namespace lintas::core
