#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/redis/referral_index.h"
#include "core/domain/agency.h"
#include "core/domain/referral.h"
#include "core/ports/case_store.h"

namespace lintas::referral {

struct ReferralPage {
  std::vector<core::Referral> referrals;
  std::string next_page_token;  // empty at the end
};

// Where a listing stands: the next index entry to read.
struct ListPosition {
  int partition = 0;
  int offset = 0;  // within the partition's index, newest first
  bool operator==(const ListPosition&) const = default;
};

// Lists the referrals an agency holds: walks the agency's per-partition index (ReferralIndex)
// from partition 0 to N-1, loads each indexed case and keeps the referrals whose target is the
// agency and whose status matches. The index only says where to look; the case snapshot decides,
// so a stale entry costs a read, never a wrong answer.
//
// Page tokens are base64url("<partition>:<offset>"): opaque to callers, checked on the way in.
// Offsets count from the newest entry, and entries are only added (normally newest, on top), so
// a referral indexed in a partition while someone pages through it shifts that partition's
// entries down by one: the next page may repeat a referral, but none is skipped. Callers that
// care dedupe on (case_id, id). The index stores no key a cursor could resume from exactly;
// this is the price.
//
// Blocking (the index calls wait on Redis): run it off gRPC's threads (BlockingExecutor).
class ReferralLister {
 public:
  static constexpr int kDefaultPageSize = 50;
  static constexpr int kMaxPageSize = 200;
  // Index entries one call reads at most. With a status filter most entries may not match; the
  // bound keeps one call's work (and latency) finite, and the page comes back short with a token.
  static constexpr int kMaxScannedPerPage = 1000;

  ReferralLister(core::CaseStore& store, redis::ReferralIndex& index, int partitions)
      : store_(store), index_(index), partitions_(partitions) {}

  // `status` kUnspecified lists every status. page_size 0 means the default; above the maximum
  // it is lowered to it; negative is INVALID_ARGUMENT on "page_size". An unknown status is
  // INVALID_ARGUMENT on "status", a token this lister did not make INVALID_ARGUMENT on
  // "page_token". Store or index failures (UNAVAILABLE) fail the whole call.
  absl::StatusOr<ReferralPage> List(const core::Agency& caller, core::ReferralStatus status,
                                    int page_size, std::string_view page_token) const;

  static std::string EncodeToken(ListPosition position);
  // INVALID_ARGUMENT on "page_token" for anything EncodeToken would not have made for
  // `partitions` partitions. An empty token is the start.
  static absl::StatusOr<ListPosition> DecodeToken(std::string_view token, int partitions);

 private:
  core::CaseStore& store_;
  redis::ReferralIndex& index_;
  const int partitions_;
};

}  // namespace lintas::referral
