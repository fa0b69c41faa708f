#pragma once

#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "adapters/redis/case_codec.h"
#include "core/events/case_events.h"
#include "google/protobuf/message.h"
#include "lintas/v1/envelope.pb.h"

namespace lintas::redis {

// How each core event type is stored: as a lintas.v1 event message (proto/lintas/v1/
// case_record.proto) in a CloudEvents envelope, its free text sealed under the case id. This file
// is the one table from event types to messages; adding a type to core::CaseEvent does not
// compile until it is in the table here.

// core::CaseChangeEvent -> its lintas.v1 event message, free text sealed under the case id.
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> EncodeCaseEvent(
    const core::CaseChangeEvent& event, std::string_view case_id, const CaseCodec& codec);

// The event in a stored envelope, its free text opened with `codec`. INVALID_ARGUMENT when the
// envelope's data does not parse as its type; a type this build does not know is an
// UnknownEvent. A CaseReceived carries the case's facts that are not personal (nothing opened).
absl::StatusOr<core::CaseEvent> DecodeEvent(const v1::EventEnvelope& envelope,
                                            const CaseCodec& codec);

// The same with every free-text field (reasons, outcomes, notes) left empty, for readers that
// hold no key and need none (the notify worker: who hears of an event does not depend on it).
absl::StatusOr<core::CaseEvent> DecodeEventWithoutFreeText(const v1::EventEnvelope& envelope);

}  // namespace lintas::redis
