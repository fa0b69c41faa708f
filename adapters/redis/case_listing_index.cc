#include "adapters/redis/case_listing_index.h"

#include <string>

#include "absl/strings/numbers.h"
#include "adapters/redis/reply.h"
#include "core/util/string_view.h"

namespace lintas::redis {

absl::StatusOr<std::vector<core::ListedCase>> RedisCaseListingIndex::Newest(
    int partition, std::optional<std::string_view> agency, std::optional<std::int64_t> max_ms,
    std::optional<std::int64_t> min_ms, int offset, int limit) const {
  const std::string key = agency ? keys_.AgencyCases(partition, *agency) : keys_.Cases(partition);
  const std::string max = max_ms ? std::to_string(*max_ms) : "+inf";
  const std::string min = min_ms ? std::to_string(*min_ms) : "-inf";
  auto reply = redis_.Command({"ZREVRANGEBYSCORE", key, max, min, "WITHSCORES", "LIMIT",
                               std::to_string(offset), std::to_string(limit)});
  if (!reply.ok()) return reply.status();
  const redisReply* r = reply->get();
  if (r->type == REDIS_REPLY_ERROR) return StatusFromErrorReply(*r);
  std::vector<core::ListedCase> out;
  if (!IsArray(r)) return out;
  out.reserve(r->elements / 2);
  for (std::size_t i = 0; i + 1 < r->elements; i += 2) {
    double score = 0;
    // Scores are the ms timestamps this index writes; a non-number means a corrupt index.
    if (!absl::SimpleAtod(AsAbsl(TextView(r->element[i + 1])), &score)) {
      return absl::InternalError("redis: non-numeric score in the case listing index");
    }
    out.push_back({static_cast<std::int64_t>(score), Text(r->element[i])});
  }
  return out;
}

}  // namespace lintas::redis
