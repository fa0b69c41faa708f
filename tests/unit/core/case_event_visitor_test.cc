// The compile-time guarantee behind "add an event type": a visitor that does not name every
// alternative of core::CaseEvent is rejected, so a new event type does not compile until every
// reader (audience, redaction, timeline mapping, stored codec, audit paths, lintasctl) handles it.
// The complete visitors here are generated from the variant, so adding a type needs no edit here.
#include "core/events/case_event_visitor.h"

#include <gtest/gtest.h>

#include <string>

namespace lintas::core {
namespace {

// One overload for `E`, returning its index in CaseEvent.
template <typename E>
struct Names {
  template <std::size_t I = 0>
  static constexpr std::size_t IndexOf() {
    if constexpr (std::is_same_v<std::variant_alternative_t<I, CaseEvent>, E>) {
      return I;
    } else {
      return IndexOf<I + 1>();
    }
  }
  std::size_t operator()(const E&) const { return IndexOf(); }
};

// A visitor naming each alternative of `Variant`.
template <typename Variant>
struct NamesEvery;
template <typename... E>
struct NamesEvery<std::variant<E...>> : Names<E>... {
  using Names<E>::operator()...;
};

// The same, but forgetting `Left`, as every reader would the day a type is added to CaseEvent.
template <typename Left, typename Variant>
struct NamesAllBut;
template <typename Left, typename... E>
struct NamesAllBut<Left, std::variant<E...>> : NamesEvery<std::variant<E...>> {
  using NamesEvery<std::variant<E...>>::operator();
  std::size_t operator()(const Left&) const = delete;  // hides the inherited one
};

// A hand-written reader that forgot one type.
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

// A visitor that changes events (redaction) counts too.
struct EmptiesTriageReasons : NamesEvery<CaseEvent> {
  using NamesEvery<CaseEvent>::operator();
  std::size_t operator()(CaseTriagedEvent& e) const {
    e.reason.clear();
    return 0;
  }
};

static_assert(HandlesEveryCaseEvent<NamesEvery<CaseEvent>>);
static_assert(!HandlesEveryCaseEvent<NamesAllBut<UnknownEvent, CaseEvent>>);
static_assert(!HandlesEveryCaseEvent<NamesAllBut<CaseReceivedEvent, CaseEvent>>);
static_assert(!HandlesEveryCaseEvent<MissesEnforcementActions>);
static_assert(!HandlesEveryCaseEvent<NamesEvery<CaseChangeEvent>>);
static_assert(HandlesEveryCaseChangeEvent<NamesEvery<CaseChangeEvent>>);
static_assert(HandlesEveryCaseEvent<EmptiesTriageReasons>);

// The same as a requires-expression: calling the incomplete visitor with the type it forgot is
// not an expression that compiles (and std::visit with it is a hard error).
template <typename Visitor>
constexpr bool TakesEnforcementActions = requires(const Visitor& v,
                                                  const EnforcementActionReportedEvent& e) {
  v(e);
};

TEST(CaseEventVisitor, AVisitorMissingAnEventTypeIsRejected) {
  EXPECT_TRUE(TakesEnforcementActions<NamesEvery<CaseEvent>>);
  EXPECT_FALSE(TakesEnforcementActions<MissesEnforcementActions>);
  EXPECT_FALSE((TakesEnforcementActions<NamesAllBut<EnforcementActionReportedEvent, CaseEvent>>));
  EXPECT_TRUE(HandlesEveryCaseEvent<NamesEvery<CaseEvent>>);
  EXPECT_FALSE((HandlesEveryCaseEvent<NamesAllBut<EnforcementActionReportedEvent, CaseEvent>>));
  EXPECT_FALSE(HandlesEveryCaseEvent<NamesEvery<CaseChangeEvent>>);
}

TEST(CaseEventVisitor, EveryChangeEventIsACaseEventToo) {
  // CaseEvent = CaseReceived, every CaseChangeEvent alternative in order, Unknown.
  EXPECT_EQ(std::variant_size_v<CaseEvent>, std::variant_size_v<CaseChangeEvent> + 2);
  const CaseChangeEvent change = CaseTriagedEvent{};
  const CaseEvent e = std::visit([](const auto& c) { return CaseEvent(c); }, change);
  EXPECT_EQ(std::visit(NamesEvery<CaseEvent>{}, e), change.index() + 1);
  EXPECT_TRUE(std::holds_alternative<UnknownEvent>(CaseEvent(UnknownEvent{"lintas.v2.Later"})));
}

TEST(CaseEventVisitor, AVisitorMayChangeTheEvent) {
  CaseEvent e = CaseTriagedEvent{CaseTriagedEvent::Decision::kClose, "alasan", "", "bp3mi-ntt"};
  std::visit(EmptiesTriageReasons{}, e);
  EXPECT_TRUE(std::get<CaseTriagedEvent>(e).reason.empty());
  EXPECT_EQ(std::get<CaseTriagedEvent>(e).actor, "bp3mi-ntt");
}

}  // namespace
}  // namespace lintas::core
