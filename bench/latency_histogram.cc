#include "bench/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace lintas::bench {
namespace {

constexpr std::uint64_t kSubBucketCount = std::uint64_t{1} << LatencyHistogram::kSubBucketBits;
constexpr std::uint64_t kHalfCount = kSubBucketCount / 2;
// Exact buckets for [0, kSubBucketCount), then kHalfCount buckets per remaining power of two.
constexpr std::size_t kBucketCount =
    kSubBucketCount + (64 - LatencyHistogram::kSubBucketBits) * kHalfCount;

}  // namespace

LatencyHistogram::LatencyHistogram() : counts_(kBucketCount, 0) {}

std::size_t LatencyHistogram::BucketIndex(std::uint64_t value) {
  if (value < kSubBucketCount) return static_cast<std::size_t>(value);
  const int msb = std::bit_width(value) - 1;   // >= kSubBucketBits
  const int shift = msb - kSubBucketBits + 1;  // >= 1
  const std::uint64_t top = value >> shift;    // in [kHalfCount, kSubBucketCount)
  return static_cast<std::size_t>(kSubBucketCount + (shift - 1) * kHalfCount + (top - kHalfCount));
}

std::uint64_t LatencyHistogram::BucketUpperEdge(std::size_t index) {
  if (index < kSubBucketCount) return index;
  const std::size_t rest = index - kSubBucketCount;
  const int shift = static_cast<int>(rest / kHalfCount) + 1;
  const std::uint64_t top = kHalfCount + rest % kHalfCount;
  // Computed as low + (width - 1) so the last bucket does not overflow.
  return (top << shift) + ((std::uint64_t{1} << shift) - 1);
}

void LatencyHistogram::Record(std::uint64_t value) {
  ++counts_[BucketIndex(value)];
  ++count_;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
  sum_ += static_cast<long double>(value);
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  for (std::size_t i = 0; i < counts_.size(); ++i)
    counts_[i] += other.counts_[i];
  count_ += other.count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
}

double LatencyHistogram::mean() const {
  return count_ == 0 ? 0.0 : static_cast<double>(sum_ / static_cast<long double>(count_));
}

std::uint64_t LatencyHistogram::ValueAtQuantile(double quantile) const {
  if (count_ == 0) return 0;
  quantile = std::clamp(quantile, 0.0, 1.0);
  // Rank of the sample we want, 1-based: p99 of 1000 samples is the 990th.
  const auto rank = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(quantile * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::min(BucketUpperEdge(i), max_);
  }
  return max_;
}

}  // namespace lintas::bench
