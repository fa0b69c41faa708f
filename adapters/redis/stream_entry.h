#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/redis/reply.h"

namespace lintas::redis {

// One entry of a stream. `fields` is empty when Redis no longer has the entry (it was trimmed or
// deleted while pending): a consumer acknowledges and counts such an entry, never processes it.
struct StreamEntry {
  std::string stream;
  std::string id;
  std::vector<std::pair<std::string, std::string>> fields;
  // The value of a field, or nullptr.
  const std::string* Field(std::string_view name) const;
};

// True for "<ms>-<seq>", the form of a stream id (what cursors and timeline positions are).
bool IsStreamId(std::string_view id);

// [id, [field, value, ...] or nil] of `stream`.
StreamEntry ParseEntry(const std::string& stream, const redisReply* e);
// An XRANGE reply: [[id, [field, value, ...]], ...]; empty for anything else.
std::vector<StreamEntry> ParseRange(const std::string& stream, const redisReply* r);

}  // namespace lintas::redis
