#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lintas::bench {

// Log-linear histogram of non-negative integers (nanoseconds here), in the manner of
// HdrHistogram: values below 2^kSubBucketBits are exact; above, every power of two is cut into
// 2^(kSubBucketBits-1) equal buckets, so a reported value is within 1/128 (< 0.8 %) of a true
// sample. Memory is fixed (~60 KiB) however many samples are recorded, and two histograms merge
// by adding counts, so each generator thread keeps its own and nothing is shared on the hot path.
class LatencyHistogram {
 public:
  static constexpr int kSubBucketBits = 8;

  LatencyHistogram();

  void Record(std::uint64_t value);
  void Merge(const LatencyHistogram& other);

  std::uint64_t count() const { return count_; }
  std::uint64_t min() const { return count_ == 0 ? 0 : min_; }
  std::uint64_t max() const { return max_; }
  double mean() const;

  // The smallest recorded value v such that at least `quantile` (0..1] of the samples are <= v,
  // reported as the upper edge of its bucket (never above max()). 0 when empty.
  std::uint64_t ValueAtQuantile(double quantile) const;

 private:
  static std::size_t BucketIndex(std::uint64_t value);
  static std::uint64_t BucketUpperEdge(std::size_t index);

  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  std::uint64_t min_ = UINT64_MAX;
  std::uint64_t max_ = 0;
  long double sum_ = 0;
};

}  // namespace lintas::bench
