#pragma once

#include <type_traits>
#include <variant>

#include "core/events/case_events.h"

namespace lintas::core {

// Every reader of case events (audience, redaction, timeline mapping, stored codec, lintasctl)
// std::visits them with a visitor that names each alternative: no catch-all `auto` overload, so
// that a type added to CaseEvent is a compile error in every reader until it says what the new
// event means there. The concepts below say so where the visitor is written:
//   static_assert(HandlesEveryCaseEvent<MyVisitor>);

namespace internal {
template <typename Visitor, typename Variant>
struct HandlesEvery;
template <typename Visitor, typename... E>
struct HandlesEvery<Visitor, std::variant<E...>>
    : std::bool_constant<(std::is_invocable_v<Visitor, E&> && ...)> {};
}  // namespace internal

// `Visitor` can be called with each alternative of `Variant` (as an lvalue, const or not).
template <typename Visitor, typename Variant>
concept HandlesEvery = internal::HandlesEvery<Visitor, Variant>::value;

template <typename Visitor>
concept HandlesEveryCaseEvent = HandlesEvery<Visitor, CaseEvent>;

template <typename Visitor>
concept HandlesEveryCaseChangeEvent = HandlesEvery<Visitor, CaseChangeEvent>;

}  // namespace lintas::core
