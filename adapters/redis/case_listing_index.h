#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "adapters/redis/key_layout.h"
#include "adapters/redis/pipelined_client.h"
#include "core/ports/case_listing_index.h"

namespace lintas::redis {

// core::CaseListingIndex on the listing zsets KeyLayout::Cases and KeyLayout::AgencyCases
// (case id -> last update, ms), written by the event store's append script.
class RedisCaseListingIndex final : public core::CaseListingIndex {
 public:
  RedisCaseListingIndex(PipelinedClient& redis, KeyLayout keys, int partitions)
      : redis_(redis), keys_(std::move(keys)), partitions_(partitions) {}

  int partitions() const override { return partitions_; }
  absl::StatusOr<std::vector<core::ListedCase>> Newest(int partition,
                                                       std::optional<std::string_view> agency,
                                                       std::optional<std::int64_t> max_ms,
                                                       std::optional<std::int64_t> min_ms,
                                                       int offset, int limit) const override;

 private:
  PipelinedClient& redis_;
  const KeyLayout keys_;
  const int partitions_;
};

}  // namespace lintas::redis
