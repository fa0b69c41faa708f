#pragma once

#include <string_view>

#include "core/events/case_events.h"
#include "lintas/v1/envelope.pb.h"
#include "lintas/v1/timeline.pb.h"

namespace lintas::protomap {

// core::CaseEvent <-> the detail of a lintas.v1.TimelineEvent (proto/lintas/v1/timeline.proto),
// both ways in this one file.

// `event` (decoded from `envelope`, already redacted for whoever sees it) as the API shows it:
// the envelope's attributes, its place `position` in the case's timeline, and its detail. An
// UnknownEvent gets the attributes and no detail.
v1::TimelineEvent TimelineEventOf(std::string_view position, const v1::EventEnvelope& envelope,
                                  const core::CaseEvent& event);

// The event a TimelineEvent shows, read back from its detail (an UnknownEvent{type} when it has
// none): for readers of the API, such as lintasctl, that visit core::CaseEvent.
core::CaseEvent CaseEventOf(const v1::TimelineEvent& e);

}  // namespace lintas::protomap
