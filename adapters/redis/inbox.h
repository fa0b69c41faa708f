#pragma once

#include <string>
#include <string_view>
#include <vector>

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

// An inbox entry and where it sits in the inbox (its stream id: the subscriber's cursor).
struct InboxEntry {
  std::string cursor;
  InboxItem item;
};

// Per-agency inbox streams, written once per source event (deduplicated on the event id by one
// script, so a notify worker that redelivers an event after a crash adds nothing).
class Inbox {
 public:
  Inbox(PipelinedClient& redis, KeyLayout keys) : redis_(redis), keys_(std::move(keys)) {}

  // True when the item was added now, false when that event was already in the agency's inbox.
  absl::StatusOr<bool> Put(std::string_view agency, const InboxItem& item, core::Timestamp now);

  // Blocking reads and writes for delivery (subscribers, webhooks), through the pipelined client.
  // Up to `count` entries after `cursor` ("" or "0": from the start), oldest first.
  // INVALID_ARGUMENT for a cursor that is not a stream id.
  absl::StatusOr<std::vector<InboxEntry>> ReadAfter(std::string_view agency,
                                                    std::string_view cursor, int count);
  // Records that the agency handled everything up to `cursor`; never moves backwards. Returns
  // the acknowledged cursor after the call. Also forgets dedupe records older than
  // `forget_seen_before` (the inbox-seen set would otherwise grow for ever): an event older than
  // that is never redelivered by the notify worker, whose entries are long acknowledged.
  absl::StatusOr<std::string> Ack(std::string_view agency, std::string_view cursor,
                                  core::Timestamp forget_seen_before);
  // The acknowledged cursor, "" when the agency never acknowledged.
  absl::StatusOr<std::string> AckedCursor(std::string_view agency);
  // The id of the newest entry, "0-0" for an empty inbox.
  absl::StatusOr<std::string> Tip(std::string_view agency);
  const KeyLayout& keys() const { return keys_; }

 private:
  PipelinedClient& redis_;
  const KeyLayout keys_;
};

}  // namespace lintas::redis
