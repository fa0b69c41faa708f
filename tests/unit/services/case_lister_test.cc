// CaseLister's paging without Redis: the listing index and the case store are in-memory fakes of
// their ports (core::CaseListingIndex, core::CaseStore).
#include "services/status/case_lister.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace lintas::status {
namespace {

// The listing zsets in memory: per partition every case and each agency's cases, id -> update ms.
class FakeListingIndex final : public core::CaseListingIndex {
 public:
  explicit FakeListingIndex(int partitions) : partitions_(partitions) {}

  void Put(int partition, const std::string& agency, const std::string& id, std::int64_t ms) {
    all_[partition][id] = ms;
    by_agency_[{partition, agency}][id] = ms;
  }
  int calls() const { return calls_; }

  int partitions() const override { return partitions_; }
  absl::StatusOr<std::vector<core::ListedCase>> Newest(int partition,
                                                       std::optional<std::string_view> agency,
                                                       std::optional<std::int64_t> max_ms,
                                                       std::optional<std::int64_t> min_ms,
                                                       int offset, int limit) const override {
    ++calls_;
    const auto& zset = agency ? by_agency_[{partition, std::string(*agency)}] : all_[partition];
    std::vector<core::ListedCase> out;
    for (const auto& [id, ms] : zset) {
      if ((max_ms && ms > *max_ms) || (min_ms && ms < *min_ms)) continue;
      out.push_back({ms, id});
    }
    // ZREVRANGEBYSCORE's order: score descending, then member descending.
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.updated_ms != b.updated_ms ? a.updated_ms > b.updated_ms : a.case_id > b.case_id;
    });
    out.erase(out.begin(), out.begin() + std::min<std::size_t>(offset, out.size()));
    if (out.size() > static_cast<std::size_t>(limit)) out.resize(limit);
    return out;
  }

 private:
  const int partitions_;
  mutable std::map<int, std::map<std::string, std::int64_t>> all_;
  mutable std::map<std::pair<int, std::string>, std::map<std::string, std::int64_t>> by_agency_;
  mutable int calls_ = 0;
};

// Cases in memory; Get answers at once, everything else is not needed by a lister.
class FakeCaseStore final : public core::CaseStore {
 public:
  void Add(core::Case c) { cases_[c.id] = std::move(c); }

  void Create(const core::Case&, std::string_view,
              core::Callback<core::CreateCaseResult> done) override {
    std::move(done)(absl::UnimplementedError("read only"));
  }
  void Get(std::string_view case_id, core::Callback<core::Case> done) override {
    auto it = cases_.find(std::string(case_id));
    if (it == cases_.end()) return std::move(done)(absl::NotFoundError("no such case"));
    std::move(done)(it->second);
  }
  void Apply(const core::CaseChange&, std::string_view, core::Callback<bool> done) override {
    std::move(done)(absl::UnimplementedError("read only"));
  }
  absl::Status Ping() override { return absl::OkStatus(); }

 private:
  std::map<std::string, core::Case> cases_;
};

constexpr int kPartitions = 3;

class CaseListerTest : public ::testing::Test {
 protected:
  CaseListerTest() {
    polres_.id = "polres-kupang";
    polres_.kind = core::AgencyKind::kPolice;
    bp3mi_.id = "bp3mi-ntt";
    bp3mi_.kind = core::AgencyKind::kProtectionAgency;
    bp3mi_.jurisdiction = {"53"};
  }

  // A case submitted by `agency` in `region`, indexed for it in partition `partition`.
  void AddCase(const std::string& id, int partition, const std::string& agency,
               const std::string& region, std::int64_t ms,
               core::CaseStatus status = core::CaseStatus::kReceived) {
    core::Case c;
    c.id = id;
    c.submitted_by = agency;
    c.region_code = region;
    c.status = status;
    c.category = core::Category::kUnspecified;
    store_.Add(c);
    index_.Put(partition, agency, id, ms);
  }

  // Every page from the start; the ids in the order they came.
  std::vector<std::string> ListAll(const core::Agency& caller, int page_size,
                                   const CaseFilter& filter = {}) {
    std::vector<std::string> ids;
    std::string token;
    for (int pages = 0; pages < 1000; ++pages) {
      auto page = lister_.List(caller, filter, page_size, token);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      EXPECT_LE(page->cases.size(),
                static_cast<std::size_t>(page_size > 0 ? page_size : CaseLister::kDefaultPageSize));
      for (const auto& c : page->cases)
        ids.push_back(c.id);
      if (page->next_page_token.empty()) break;
      token = page->next_page_token;
    }
    return ids;
  }

  FakeListingIndex index_{kPartitions};
  FakeCaseStore store_;
  CaseLister lister_{index_, store_};
  core::Agency polres_, bp3mi_;
};

TEST_F(CaseListerTest, PagesMergeThePartitionsNewestFirstWithoutRepeats) {
  AddCase("c-a", 0, polres_.id, "53.71", 1000);
  AddCase("c-b", 1, polres_.id, "53.71", 3000);
  AddCase("c-c", 2, polres_.id, "53.71", 2000);
  AddCase("c-d", 0, polres_.id, "53.71", 5000);
  AddCase("c-e", 1, polres_.id, "53.71", 4000);
  AddCase("other", 2, "ngo-x", "53.71", 6000);  // another agency's: not in polres' index
  EXPECT_EQ(ListAll(polres_, 2), (std::vector<std::string>{"c-d", "c-e", "c-b", "c-c", "c-a"}));
  EXPECT_EQ(ListAll(polres_, 0), (std::vector<std::string>{"c-d", "c-e", "c-b", "c-c", "c-a"}));
}

TEST_F(CaseListerTest, ManyCasesInOneMillisecondStillMoveTheCursorOn) {
  // More ties at one score than one index read returns (page + kTieRoom): the lister must read
  // on past them instead of handing back the same cursor.
  std::set<std::string> expected;
  for (int i = 0; i < 120; ++i) {
    const std::string id = "c-" + std::to_string(1000 + i);
    AddCase(id, i % kPartitions, polres_.id, "53.71", 7000);
    expected.insert(id);
  }
  const auto ids = ListAll(polres_, 10);
  EXPECT_EQ(ids.size(), expected.size());
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), expected);
  EXPECT_TRUE(std::is_sorted(ids.rbegin(), ids.rend())) << "case id descending at equal times";
}

TEST_F(CaseListerTest, StaleIndexEntriesCostAReadNotAWrongAnswer) {
  AddCase("c-mine", 0, polres_.id, "53.71", 2000);
  index_.Put(1, polres_.id, "c-gone", 3000);  // indexed, but the store has no such case
  AddCase("c-theirs", 2, "ngo-x", "53.71", 2500);
  index_.Put(2, polres_.id, "c-theirs", 2500);  // indexed for polres, which may not see it
  EXPECT_EQ(ListAll(polres_, 5), (std::vector<std::string>{"c-mine"}));
}

TEST_F(CaseListerTest, Bp3miListsEveryCaseInItsJurisdictionAndFilters) {
  AddCase("c-ntt-1", 0, polres_.id, "53.71", 1000);
  AddCase("c-ntt-2", 1, "ngo-x", "53.01", 2000, core::CaseStatus::kResolved);
  AddCase("c-jatim", 2, "ngo-y", "35.01", 3000);  // outside 53: not BP3MI NTT's
  EXPECT_EQ(ListAll(bp3mi_, 1), (std::vector<std::string>{"c-ntt-2", "c-ntt-1"}));
  CaseFilter resolved;
  resolved.status = core::CaseStatus::kResolved;
  EXPECT_EQ(ListAll(bp3mi_, 5, resolved), (std::vector<std::string>{"c-ntt-2"}));
  CaseFilter recent;
  recent.updated_since_ms = 1500;
  EXPECT_EQ(ListAll(bp3mi_, 5, recent), (std::vector<std::string>{"c-ntt-2"}));
}

TEST_F(CaseListerTest, ATokenItDidNotMakeIsRefusedBeforeAnyRead) {
  auto page = lister_.List(polres_, {}, 5, "not a token!");
  EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(index_.calls(), 0);
}

}  // namespace
}  // namespace lintas::status
