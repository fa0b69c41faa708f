#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "adapters/redis/case_codec.h"
#include "lintas/v1/envelope.pb.h"
#include "lintas/v1/timeline.pb.h"

namespace lintas::redis {

// A stored event (its envelope, at `position` in the case's timeline) as a lintas.v1.TimelineEvent
// with its free text opened. Not redacted: whoever shows it to an agency applies
// core::ShowsFreeTextOf to the free text (reasons, outcomes, notes). INVALID_ARGUMENT for an
// envelope that does not parse; an event type this build does not know is returned with its
// attributes and no detail.
absl::StatusOr<v1::TimelineEvent> DecodeTimelineEvent(std::string_view position,
                                                      const v1::EventEnvelope& envelope,
                                                      const CaseCodec& codec);

}  // namespace lintas::redis
