#include "adapters/redis/timeline_reader.h"

#include "absl/strings/str_cat.h"
#include "adapters/redis/stream_entry.h"
#include "core/ids/ids.h"
#include "core/util/string_view.h"

namespace lintas::redis {
namespace {

absl::StatusOr<std::vector<StreamEntry>> XRange(PipelinedClient& redis, const std::string& key,
                                                std::string_view start, std::string_view end,
                                                int count) {
  const std::string n = std::to_string(count);
  auto reply = redis.Command({"XRANGE", key, start, end, "COUNT", n});
  if (!reply.ok()) return reply.status();
  if ((*reply)->type == REDIS_REPLY_ERROR) return StatusFromErrorReply(**reply);
  return ParseRange(key, reply->get());
}

}  // namespace

absl::StatusOr<std::vector<StoredEvent>> TimelineReader::Range(std::string_view case_id,
                                                               std::string_view after, int limit) {
  const auto partition = core::PartitionOfCaseId(case_id);
  if (!partition) return absl::InvalidArgumentError("not a case id");
  if (!after.empty() && !IsStreamId(after)) {
    return absl::InvalidArgumentError("after: not a timeline position");
  }
  const std::string start = after.empty() ? "-" : absl::StrCat("(", AsAbsl(after));
  auto entries = XRange(redis_, keys_.Timeline(*partition, case_id), start, "+", limit);
  if (!entries.ok()) return entries.status();
  std::vector<StoredEvent> out;
  out.reserve(entries->size());
  for (const StreamEntry& entry : *entries) {
    const std::string* bytes = entry.Field("e");
    StoredEvent event{entry.id, {}};
    if (bytes == nullptr || !event.envelope.ParseFromString(*bytes)) {
      return absl::DataLossError(
          absl::StrCat("case ", AsAbsl(case_id), ": timeline entry ", entry.id, " does not parse"));
    }
    out.push_back(std::move(event));
  }
  return out;
}

absl::StatusOr<std::optional<StoredEvent>> TimelineReader::At(std::string_view case_id,
                                                              std::string_view position,
                                                              std::string_view fallback_stream) {
  const auto partition = core::PartitionOfCaseId(case_id);
  if (!partition || !IsStreamId(position)) return std::optional<StoredEvent>();
  for (const std::string& key :
       {keys_.Timeline(*partition, case_id), std::string(fallback_stream)}) {
    if (key.empty()) continue;
    auto entries = XRange(redis_, key, position, position, 1);
    if (!entries.ok()) return entries.status();
    const std::string* bytes = entries->empty() ? nullptr : entries->front().Field("e");
    StoredEvent event{std::string(position), {}};
    if (bytes != nullptr && event.envelope.ParseFromString(*bytes) &&
        event.envelope.subject() == case_id) {
      return std::optional<StoredEvent>(std::move(event));
    }
  }
  return std::optional<StoredEvent>();
}

}  // namespace lintas::redis
