#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "adapters/redis/key_layout.h"
#include "adapters/redis/pipelined_client.h"
#include "core/domain/time.h"

namespace lintas::redis {

// What an inbox entry says: which case event the agency must hear of, and where the event is.
// No personal data: whoever delivers it reads the event (and redacts) at delivery time.
struct InboxItem {
  std::string event_id;  // the CloudEvents id of the source event
  std::string event_type;
  std::string case_id;
  std::string source_stream;
  std::string source_entry;  // the event's entry id in its partition stream
};

// Per-agency inbox streams, written once per source event (deduplicated on the event id by one
// script, so a notify worker that redelivers an event after a crash adds nothing).
class Inbox {
 public:
  Inbox(PipelinedClient& redis, KeyLayout keys) : redis_(redis), keys_(std::move(keys)) {}

  // True when the item was added now, false when that event was already in the agency's inbox.
  absl::StatusOr<bool> Put(std::string_view agency, const InboxItem& item, core::Timestamp now);

 private:
  PipelinedClient& redis_;
  const KeyLayout keys_;
};

}  // namespace lintas::redis
