#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/redis/case_codec.h"
#include "adapters/redis/key_layout.h"
#include "adapters/redis/pipelined_client.h"
#include "adapters/redis/timeline_reader.h"
#include "core/conversation/reporter_conversation.h"
#include "core/ports/field_cipher.h"

namespace lintas::services {

// The conversation with a portal reporter, read from the case's timeline: its ReporterMessageAdded
// and ReporterAnswered events, texts opened. Blocking (Redis round trips): for worker threads and
// the portal's handler threads, never gRPC's. Who may read it is the caller's check
// (core::CheckMayConverse for agencies; the tracking code for the reporter), and so is the audit.
class ConversationReader {
 public:
  struct Page {
    std::vector<core::ConversationMessage> messages;  // oldest first
    std::string next_page_token;                      // "" when there is nothing more
  };

  ConversationReader(redis::PipelinedClient& redis, redis::KeyLayout keys,
                     core::FieldCipher& cipher)
      : timeline_(redis, std::move(keys)), codec_(cipher) {}

  // Up to `max_messages` messages after timeline position `after` ("" from the start).
  // INVALID_ARGUMENT for an `after` that is not a position.
  absl::StatusOr<Page> Read(std::string_view case_id, std::string_view after, int max_messages);

 private:
  redis::TimelineReader timeline_;
  redis::CaseCodec codec_;
};

}  // namespace lintas::services
