#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "adapters/redis/case_codec.h"
#include "core/events/case_events.h"
#include "google/protobuf/message.h"

namespace lintas::redis {

// core::CaseEvent -> its lintas.v1 event message, free text sealed under the case id.
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> EncodeCaseEvent(
    const core::CaseEvent& event, std::string_view case_id, const CaseCodec& codec);

}  // namespace lintas::redis
