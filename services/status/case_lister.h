#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/domain/agency.h"
#include "core/domain/case.h"
#include "core/ports/case_listing_index.h"
#include "core/ports/case_store.h"

namespace lintas::status {

struct CaseFilter {
  core::CaseStatus status = core::CaseStatus::kUnspecified;  // any
  core::Category category = core::Category::kUnspecified;    // any
  std::string region_prefix;                                 // any when empty
  std::int64_t updated_since_ms = 0;                         // any when 0
};

struct CasePage {
  std::vector<core::Case> cases;  // not redacted: the caller shows them
  std::string next_page_token;    // empty at the end
};

// Where a listing stands: after the case (updated_ms, case_id) in the order "most recently
// updated first, then case id descending".
struct CaseCursor {
  std::int64_t updated_ms = 0;
  std::string case_id;
};

// Lists the cases an agency may see, most recently updated first, across all partitions: from
// the per-agency listing indexes (cases it submitted or holds a referral on), or for BP3MI from
// the partitions' indexes of every case, kept to its jurisdiction. Every candidate is loaded and
// checked with core::MayView and the filter, so a stale index entry costs a read, never a wrong
// answer. The order is global (a merge of the partitions), and the cursor names the last case
// returned, so a case updated while someone pages moves to the top and is not seen twice on
// later pages; one updated between two pages is not seen either until the listing restarts.
//
// Page tokens are base64url("<updated ms>:<case id>"), opaque to callers, checked on the way in.
// Blocking: run it off gRPC's threads.
class CaseLister {
 public:
  static constexpr int kDefaultPageSize = 50;
  static constexpr int kMaxPageSize = 200;
  // Cases one call loads at most; with a filter the page may come back short with a token.
  static constexpr int kMaxLoadedPerPage = 400;

  CaseLister(const core::CaseListingIndex& index, core::CaseStore& store)
      : index_(index), store_(store) {}

  // page_size 0: the default; above the maximum: lowered to it; negative: INVALID_ARGUMENT on
  // "page_size". An unknown status or category: INVALID_ARGUMENT on that field. A token this
  // lister did not make: INVALID_ARGUMENT on "page_token".
  absl::StatusOr<CasePage> List(const core::Agency& caller, const CaseFilter& filter, int page_size,
                                std::string_view page_token) const;

  static std::string EncodeToken(const CaseCursor& cursor);
  static absl::StatusOr<std::optional<CaseCursor>> DecodeToken(std::string_view token);

 private:
  using Candidate = core::ListedCase;
  // The next candidates after `after` in every partition, merged in listing order, and whether
  // a partition may hold more than it returned below the last one kept.
  absl::StatusOr<std::vector<Candidate>> Candidates(const core::Agency& caller,
                                                    const std::optional<CaseCursor>& after,
                                                    std::int64_t since_ms, int want,
                                                    bool& more) const;

  const core::CaseListingIndex& index_;
  core::CaseStore& store_;
};

}  // namespace lintas::status
