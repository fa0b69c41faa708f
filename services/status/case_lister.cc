#include "services/status/case_lister.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/domain/region_directory.h"
#include "core/errors/field_violation.h"
#include "core/intake/case_intake.h"
#include "core/util/string_view.h"

namespace lintas::status {
namespace {

// Candidates asked of each partition beyond the page: room for ties at the cursor's score.
constexpr int kTieRoom = 32;

absl::Status BadToken() {
  return core::InvalidArgumentWithViolations(
      "invalid page_token: pass next_page_token from the previous page unchanged",
      {{"page_token", "This is not a page token from an earlier ListCases answer."}});
}

// Listing order: newer first, then case id descending (Redis' order for equal scores).
bool Before(std::int64_t a_ms, const std::string& a_id, std::int64_t b_ms,
            const std::string& b_id) {
  return a_ms != b_ms ? a_ms > b_ms : a_id > b_id;
}

bool Matches(const core::Case& c, const CaseFilter& f) {
  if (f.status != core::CaseStatus::kUnspecified && c.status != f.status) return false;
  if (f.category != core::Category::kUnspecified && c.category != f.category) return false;
  if (!f.region_prefix.empty() && !core::RegionDirectory::Covers(f.region_prefix, c.region_code)) {
    return false;
  }
  return true;
}

// Loads every case at once through the asynchronous store and waits for all of them.
std::vector<absl::StatusOr<core::Case>> LoadAll(core::CaseStore& store,
                                                const std::vector<std::string>& ids) {
  std::vector<absl::StatusOr<core::Case>> out(ids.size(), absl::UnknownError("not loaded"));
  std::mutex mu;
  std::condition_variable cv;
  std::size_t left = ids.size();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    store.Get(ids[i], [&, i](absl::StatusOr<core::Case> c) {
      std::lock_guard lock(mu);
      out[i] = std::move(c);
      if (--left == 0) cv.notify_all();
    });
  }
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return left == 0; });
  return out;
}

}  // namespace

std::string CaseLister::EncodeToken(const CaseCursor& cursor) {
  return absl::WebSafeBase64Escape(absl::StrCat(cursor.updated_ms, ":", cursor.case_id));
}

absl::StatusOr<std::optional<CaseCursor>> CaseLister::DecodeToken(std::string_view token) {
  if (token.empty()) return std::optional<CaseCursor>();
  std::string plain;
  if (token.size() > 128 || !absl::WebSafeBase64Unescape(AsAbsl(token), &plain)) return BadToken();
  const auto colon = plain.find(':');
  CaseCursor cursor;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(absl::string_view(plain).substr(0, colon), &cursor.updated_ms) ||
      cursor.updated_ms < 0) {
    return BadToken();
  }
  cursor.case_id = plain.substr(colon + 1);
  if (cursor.case_id.empty() || cursor.case_id.size() > 64) return BadToken();
  return std::optional<CaseCursor>(std::move(cursor));
}

absl::StatusOr<std::vector<CaseLister::Candidate>> CaseLister::Candidates(
    const core::Agency& caller, const std::optional<CaseCursor>& after, std::int64_t since_ms,
    int want, bool& more) const {
  const bool everything = caller.kind == core::AgencyKind::kProtectionAgency;
  const std::optional<std::string_view> agency =
      everything ? std::nullopt : std::optional<std::string_view>(caller.id);
  const std::optional<std::int64_t> max =
      after ? std::optional<std::int64_t>(after->updated_ms) : std::nullopt;
  const std::optional<std::int64_t> min =
      since_ms > 0 ? std::optional<std::int64_t>(since_ms) : std::nullopt;
  const int limit = want + kTieRoom;
  std::vector<Candidate> merged;
  std::vector<Candidate> horizons;  // the last raw entry of each partition that had more
  for (int p = 0; p < index_.partitions(); ++p) {
    // Entries at the cursor's own score up to the cursor were listed already and are skipped.
    // When a whole batch is such entries (many cases updated in the same millisecond), read on
    // past them: stopping there would hand back the same cursor for ever.
    for (int offset = 0;; offset += limit) {
      auto batch = index_.Newest(p, agency, max, min, offset, limit);
      if (!batch.ok()) return batch.status();
      Candidate last{0, {}};
      int skipped = 0;
      for (Candidate& c : *batch) {
        last = c;
        if (after && !Before(after->updated_ms, after->case_id, c.updated_ms, c.case_id)) {
          ++skipped;
          continue;
        }
        merged.push_back(std::move(c));
      }
      const bool full = static_cast<int>(batch->size()) == limit;
      if (full && skipped == limit) continue;
      if (full) horizons.push_back(std::move(last));
      break;
    }
  }
  std::sort(merged.begin(), merged.end(), [](const Candidate& a, const Candidate& b) {
    return Before(a.updated_ms, a.case_id, b.updated_ms, b.case_id);
  });
  // A partition that was cut short may hold cases between its last one and the next merged one:
  // keep only what is certainly in order.
  std::size_t keep = merged.size();
  for (const Candidate& h : horizons) {
    for (std::size_t i = 0; i < keep; ++i) {
      if (Before(h.updated_ms, h.case_id, merged[i].updated_ms, merged[i].case_id)) {
        keep = i;
        break;
      }
    }
  }
  more = !horizons.empty();
  if (keep > static_cast<std::size_t>(want)) {
    keep = static_cast<std::size_t>(want);
    more = true;
  }
  merged.resize(keep);
  return merged;
}

absl::StatusOr<CasePage> CaseLister::List(const core::Agency& caller, const CaseFilter& filter,
                                          int page_size, std::string_view page_token) const {
  if (page_size < 0) {
    return core::InvalidArgumentWithViolations(
        "invalid page_size: must not be negative",
        {{"page_size", "The page size must be 0 (the default) or more."}});
  }
  if (!core::IsKnown(filter.category) && filter.category != core::Category::kUnspecified) {
    return core::InvalidArgumentWithViolations("invalid category",
                                               {{"category", "Unknown category."}});
  }
  if (static_cast<int>(filter.status) < 0 ||
      static_cast<int>(filter.status) > static_cast<int>(core::CaseStatus::kDuplicate)) {
    return core::InvalidArgumentWithViolations("invalid status", {{"status", "Unknown status."}});
  }
  auto cursor = DecodeToken(page_token);
  if (!cursor.ok()) return cursor.status();
  const int size = page_size == 0 ? kDefaultPageSize : std::min(page_size, kMaxPageSize);

  CasePage page;
  int loaded = 0;
  bool more = true;
  while (more && static_cast<int>(page.cases.size()) < size && loaded < kMaxLoadedPerPage) {
    const int want =
        std::min(size - static_cast<int>(page.cases.size()), kMaxLoadedPerPage - loaded);
    auto candidates = Candidates(caller, *cursor, filter.updated_since_ms, want, more);
    if (!candidates.ok()) return candidates.status();
    if (candidates->empty()) break;
    std::vector<std::string> ids;
    for (const auto& c : *candidates)
      ids.push_back(c.case_id);
    auto cases = LoadAll(store_, ids);
    for (std::size_t i = 0; i < cases.size(); ++i) {
      *cursor = CaseCursor{(*candidates)[i].updated_ms, (*candidates)[i].case_id};
      ++loaded;
      if (!cases[i].ok()) {
        if (cases[i].status().code() == absl::StatusCode::kNotFound) continue;
        return cases[i].status();
      }
      if (!core::MayView(caller, *cases[i]) || !Matches(*cases[i], filter)) continue;
      page.cases.push_back(*std::move(cases[i]));
    }
  }
  if (more && *cursor) page.next_page_token = EncodeToken(**cursor);
  return page;
}

}  // namespace lintas::status
