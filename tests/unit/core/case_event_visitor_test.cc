// The compile-time guarantee behind "add an event type": a visitor that does not name every
// alternative of core::CaseEvent is rejected, so a new event type does not compile until every
// reader (audience, redaction, timeline mapping, stored codec, lintasctl) handles it.
#include "core/events/case_event_visitor.h"

#include <gtest/gtest.h>

#include <string>

namespace lintas::core {
namespace {

// Names every alternative.
struct Complete {
  int operator()(const CaseReceivedEvent&) const { return 0; }
  int operator()(const ReferralRequestedEvent&) const { return 1; }
  int operator()(const ReferralUpdatedEvent&) const { return 2; }
  int operator()(const ReferralEscalatedEvent&) const { return 3; }
  int operator()(const CaseStatusChangedEvent&) const { return 4; }
  int operator()(const DuplicateSuspectedEvent&) const { return 5; }
  int operator()(const CaseTriagedEvent&) const { return 6; }
  int operator()(const EnforcementActionReportedEvent&) const { return 7; }
  int operator()(const UnknownEvent&) const { return 8; }
};

// Forgets one alternative, as every reader would the day a type is added to CaseEvent.
struct MissesEnforcementActions {
  int operator()(const CaseReceivedEvent&) const { return 0; }
  int operator()(const ReferralRequestedEvent&) const { return 1; }
  int operator()(const ReferralUpdatedEvent&) const { return 2; }
  int operator()(const ReferralEscalatedEvent&) const { return 3; }
  int operator()(const CaseStatusChangedEvent&) const { return 4; }
  int operator()(const DuplicateSuspectedEvent&) const { return 5; }
  int operator()(const CaseTriagedEvent&) const { return 6; }
  int operator()(const UnknownEvent&) const { return 8; }
};

// Handles what a change appends, not what a reader finds.
struct ChangesOnly {
  void operator()(const ReferralRequestedEvent&) const {}
  void operator()(const ReferralUpdatedEvent&) const {}
  void operator()(const ReferralEscalatedEvent&) const {}
  void operator()(const CaseStatusChangedEvent&) const {}
  void operator()(const DuplicateSuspectedEvent&) const {}
  void operator()(const CaseTriagedEvent&) const {}
  void operator()(const EnforcementActionReportedEvent&) const {}
};

// A visitor that takes events to change them (redaction) counts too.
struct MutatesEvery {
  void operator()(CaseReceivedEvent&) const {}
  void operator()(ReferralRequestedEvent&) const {}
  void operator()(ReferralUpdatedEvent&) const {}
  void operator()(ReferralEscalatedEvent&) const {}
  void operator()(CaseStatusChangedEvent&) const {}
  void operator()(DuplicateSuspectedEvent&) const {}
  void operator()(CaseTriagedEvent&) const {}
  void operator()(EnforcementActionReportedEvent&) const {}
  void operator()(UnknownEvent&) const {}
};

static_assert(HandlesEveryCaseEvent<Complete>);
static_assert(!HandlesEveryCaseEvent<MissesEnforcementActions>);
static_assert(!HandlesEveryCaseEvent<ChangesOnly>);
static_assert(HandlesEveryCaseChangeEvent<ChangesOnly>);
static_assert(HandlesEveryCaseEvent<MutatesEvery>);

// The same as a requires-expression, checked at run time too: calling the incomplete visitor with
// the alternative it forgot is not an expression that compiles (std::visit would be a hard error).
template <typename Visitor>
constexpr bool TakesEnforcementActions = requires(const Visitor& v,
                                                  const EnforcementActionReportedEvent& e) {
  v(e);
};

TEST(CaseEventVisitor, AVisitorMissingAnEventTypeIsRejected) {
  EXPECT_TRUE(TakesEnforcementActions<Complete>);
  EXPECT_FALSE(TakesEnforcementActions<MissesEnforcementActions>);
  EXPECT_TRUE(HandlesEveryCaseEvent<Complete>);
  EXPECT_FALSE(HandlesEveryCaseEvent<MissesEnforcementActions>);
  EXPECT_FALSE(HandlesEveryCaseEvent<ChangesOnly>);
  EXPECT_TRUE(HandlesEveryCaseChangeEvent<ChangesOnly>);
}

TEST(CaseEventVisitor, EveryChangeEventIsACaseEventToo) {
  // CaseEvent = CaseReceived, every CaseChangeEvent alternative in order, Unknown.
  EXPECT_EQ(std::variant_size_v<CaseEvent>, std::variant_size_v<CaseChangeEvent> + 2);
  const CaseEvent e =
      std::visit([](const auto& c) { return CaseEvent(c); }, CaseChangeEvent(CaseTriagedEvent{}));
  EXPECT_EQ(std::visit(Complete{}, e), 6);
}

TEST(CaseEventVisitor, OverloadedLambdasVisitToo) {
  const auto text = Overloaded{
      [](const CaseReceivedEvent&) { return std::string("received"); },
      [](const ReferralRequestedEvent&) { return std::string("requested"); },
      [](const ReferralUpdatedEvent&) { return std::string("updated"); },
      [](const ReferralEscalatedEvent&) { return std::string("escalated"); },
      [](const CaseStatusChangedEvent&) { return std::string("status"); },
      [](const DuplicateSuspectedEvent&) { return std::string("duplicates"); },
      [](const CaseTriagedEvent&) { return std::string("triaged"); },
      [](const EnforcementActionReportedEvent&) { return std::string("action"); },
      [](const UnknownEvent& u) { return u.type; },
  };
  static_assert(HandlesEveryCaseEvent<decltype(text)>);
  EXPECT_EQ(std::visit(text, CaseEvent(UnknownEvent{"lintas.v2.Later"})), "lintas.v2.Later");
  EXPECT_EQ(std::visit(text, CaseEvent(CaseStatusChangedEvent{})), "status");
}

}  // namespace
}  // namespace lintas::core
