#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace lintas::core {

// A case in a listing index and when it was last updated.
struct ListedCase {
  std::int64_t updated_ms = 0;
  std::string case_id;
};

// The per-partition indexes that case listings page through (Redis zsets in production,
// adapters/redis/case_listing_index.h): every case of a partition, and the cases of a
// partition an agency is on (submitted, or holds a referral on). Blocking.
class CaseListingIndex {
 public:
  virtual ~CaseListingIndex() = default;

  virtual int partitions() const = 0;
  // The cases of `partition` (of `agency`; every case when nullopt) updated within
  // [min_ms, max_ms] (unbounded where nullopt), newest first and, at equal times, case id
  // descending: after skipping `offset` of them, at most `limit`.
  virtual absl::StatusOr<std::vector<ListedCase>> Newest(int partition,
                                                         std::optional<std::string_view> agency,
                                                         std::optional<std::int64_t> max_ms,
                                                         std::optional<std::int64_t> min_ms,
                                                         int offset, int limit) const = 0;
};

}  // namespace lintas::core
