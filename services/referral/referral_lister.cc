#include "services/referral/referral_lister.h"

#include <algorithm>
#include <future>
#include <map>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/errors/field_violation.h"
#include "core/util/string_view.h"

namespace lintas::referral {
namespace {

// Offsets past this are not something EncodeToken makes (nobody holds a billion referrals in
// one partition); refusing them keeps offset + limit far from int overflow.
constexpr int kMaxOffset = 1'000'000'000;

absl::Status BadToken() {
  return core::InvalidArgumentWithViolations(
      "invalid page_token: pass next_page_token from the previous page unchanged",
      {{"page_token", "This is not a page token from an earlier ListReferrals answer."}});
}

bool IsKnownStatus(core::ReferralStatus s) {
  const int v = static_cast<int>(s);
  return v >= static_cast<int>(core::ReferralStatus::kUnspecified) &&
         v <= static_cast<int>(core::ReferralStatus::kCancelled);
}

// Loads the cases of one chunk of index entries at once (the store is asynchronous and
// pipelined), then waits for all of them.
absl::StatusOr<std::map<std::string, absl::StatusOr<core::Case>>> LoadCases(
    core::CaseStore& store, const std::vector<redis::ReferralRef>& refs) {
  std::map<std::string, std::future<absl::StatusOr<core::Case>>> pending;
  for (const redis::ReferralRef& ref : refs) {
    if (pending.contains(ref.case_id)) continue;
    auto promise = std::make_shared<std::promise<absl::StatusOr<core::Case>>>();
    pending.emplace(ref.case_id, promise->get_future());
    store.Get(ref.case_id,
              [promise](absl::StatusOr<core::Case> c) { promise->set_value(std::move(c)); });
  }
  std::map<std::string, absl::StatusOr<core::Case>> loaded;
  for (auto& [id, future] : pending) {
    absl::StatusOr<core::Case> c = future.get();
    // A case the index names but the store does not have is a stale entry: skip it. Anything
    // else (Redis away) fails the page rather than silently dropping referrals from it.
    if (!c.ok() && c.status().code() != absl::StatusCode::kNotFound) return c.status();
    loaded.emplace(id, std::move(c));
  }
  return loaded;
}

}  // namespace

std::string ReferralLister::EncodeToken(ListPosition position) {
  return absl::WebSafeBase64Escape(absl::StrCat(position.partition, ":", position.offset));
}

absl::StatusOr<ListPosition> ReferralLister::DecodeToken(std::string_view token, int partitions) {
  if (token.empty()) return ListPosition{};
  std::string plain;
  if (token.size() > 64 || !absl::WebSafeBase64Unescape(AsAbsl(token), &plain)) return BadToken();
  const std::vector<absl::string_view> parts = absl::StrSplit(plain, ':');
  ListPosition p;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &p.partition) ||
      !absl::SimpleAtoi(parts[1], &p.offset) || p.partition < 0 || p.partition >= partitions ||
      p.offset < 0 || p.offset > kMaxOffset) {
    return BadToken();
  }
  return p;
}

absl::StatusOr<ReferralPage> ReferralLister::List(const core::Agency& caller,
                                                  core::ReferralStatus status, int page_size,
                                                  std::string_view page_token) const {
  if (!IsKnownStatus(status)) {
    return core::InvalidArgumentWithViolations(
        "invalid status filter", {{"status", absl::StrCat("The value ", static_cast<int>(status),
                                                          " is not a known referral status.")}});
  }
  if (page_size < 0) {
    return core::InvalidArgumentWithViolations(
        "invalid page_size", {{"page_size", "The page size cannot be negative."}});
  }
  const int want = page_size == 0 ? kDefaultPageSize : std::min(page_size, kMaxPageSize);
  absl::StatusOr<ListPosition> pos = DecodeToken(page_token, partitions_);
  if (!pos.ok()) return pos.status();

  ReferralPage page;
  int scanned = 0;
  while (pos->partition < partitions_ && static_cast<int>(page.referrals.size()) < want &&
         scanned < kMaxScannedPerPage) {
    // Each entry yields at most one referral, so reading no more than the page still needs means
    // the page never overflows and the token can point right after the last entry read.
    const int limit =
        std::min(want - static_cast<int>(page.referrals.size()), kMaxScannedPerPage - scanned);
    auto refs = index_.ListForAgency(caller.id, pos->partition, pos->offset, limit);
    if (!refs.ok()) return refs.status();
    auto cases = LoadCases(store_, *refs);
    if (!cases.ok()) return cases.status();
    for (const redis::ReferralRef& ref : *refs) {
      const absl::StatusOr<core::Case>& c = cases->at(ref.case_id);
      if (!c.ok()) continue;
      for (const core::Referral& r : c->referrals) {
        if (r.id != ref.referral_id) continue;
        // The snapshot decides, not the index: the target and status are checked here.
        if (r.target_agency == caller.id &&
            (status == core::ReferralStatus::kUnspecified || r.status == status)) {
          page.referrals.push_back(r);
        }
        break;
      }
    }
    scanned += static_cast<int>(refs->size());
    if (static_cast<int>(refs->size()) < limit) {
      *pos = ListPosition{pos->partition + 1, 0};  // this partition is done
    } else {
      pos->offset += static_cast<int>(refs->size());
    }
  }
  if (pos->partition < partitions_) page.next_page_token = EncodeToken(*pos);
  return page;
}

}  // namespace lintas::referral
