#include "core/ids/ids.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace lintas::core {
namespace {

using std::chrono::milliseconds;

// Fills every byte with `value`: the extremes make ordering failures easy to provoke.
class FixedRandom : public RandomSource {
 public:
  explicit FixedRandom(std::uint8_t value) : value_(value) {}
  void Fill(std::span<std::uint8_t> out) override { std::fill(out.begin(), out.end(), value_); }

 private:
  std::uint8_t value_;
};

// Deterministic but varied bytes (xorshift), so that many ids differ in their random part.
class SequenceRandom : public RandomSource {
 public:
  void Fill(std::span<std::uint8_t> out) override {
    for (auto& b : out) {
      state_ ^= state_ << 13;
      state_ ^= state_ >> 7;
      state_ ^= state_ << 17;
      b = static_cast<std::uint8_t>(state_);
    }
  }

 private:
  std::uint64_t state_ = 0x9E3779B97F4A7C15ull;
};

Timestamp AtMillis(std::int64_t ms) {
  return Timestamp(milliseconds(ms));
}

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

TEST(UlidTest, Is26CrockfordCharacters) {
  SequenceRandom random;
  const std::string id = MakeUlid(AtMillis(1'767'225'600'000), random);  // 2026-01-01
  ASSERT_EQ(id.size(), 26u);
  for (char c : id)
    EXPECT_NE(kCrockford.find(c), std::string_view::npos) << c;
  EXPECT_LE(id[0], '7');  // the first character holds only 3 bits
}

TEST(UlidTest, KnownEncodings) {
  FixedRandom zeros(0x00), ones(0xFF);
  EXPECT_EQ(MakeUlid(AtMillis(0), zeros), "00000000000000000000000000");
  EXPECT_EQ(MakeUlid(AtMillis(0), ones), "0000000000ZZZZZZZZZZZZZZZZ");
  // The ULID specification's example time, 1469918176385 ms, is "01ARYZ6S41".
  EXPECT_EQ(MakeUlid(AtMillis(1469918176385), zeros).substr(0, 10), "01ARYZ6S41");
}

TEST(UlidTest, OrderedByTimeAcrossMilliseconds) {
  // The earlier id gets the largest random part and the later one the smallest: time must win.
  FixedRandom ones(0xFF), zeros(0x00);
  const std::int64_t t0 = 1'767'225'600'000;
  for (std::int64_t step : {1, 2, 999, 1000, 86'400'000}) {
    SCOPED_TRACE(step);
    EXPECT_LT(MakeUlid(AtMillis(t0), ones), MakeUlid(AtMillis(t0 + step), zeros));
  }

  SequenceRandom random;
  std::vector<std::string> ids;
  for (int i = 0; i < 1000; ++i)
    ids.push_back(MakeUlid(AtMillis(t0 + i * 7), random));
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());  // all distinct
}

TEST(CaseIdTest, PartitionRoundTrips) {
  SequenceRandom random;
  for (int p = 0; p < 100; ++p) {
    SCOPED_TRACE(p);
    const std::string id = MakeCaseId(AtMillis(1'767'225'600'000 + p), p, random);
    ASSERT_EQ(id.size(), 29u);
    EXPECT_EQ(id[26], '-');
    EXPECT_EQ(PartitionOfCaseId(id), p);
  }
  FixedRandom zeros(0);
  EXPECT_EQ(MakeCaseId(AtMillis(0), 7, zeros), "00000000000000000000000000-07");
}

TEST(CaseIdTest, MalformedIdsAreRefused) {
  const std::string good = "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07";
  ASSERT_EQ(PartitionOfCaseId(good), 7);
  for (const std::string& bad : {
           std::string(),
           std::string("01JDQ3K6Y8V1T8R2M4N5P6Q7R8"),      // no partition
           std::string("01JDQ3K6Y8V1T8R2M4N5P6Q7R8-7"),    // one digit
           std::string("01JDQ3K6Y8V1T8R2M4N5P6Q7R8-007"),  // three digits
           std::string("01JDQ3K6Y8V1T8R2M4N5P6Q7R8_07"),   // wrong separator
           std::string("01JDQ3K6Y8V1T8R2M4N5P6Q7R-807"),   // separator misplaced
           std::string("01JDQ3K6Y8V1T8R2M4N5P6Q7R8-0A"),   // letter in the partition
           std::string("81JDQ3K6Y8V1T8R2M4N5P6Q7R8-07"),   // first character above 7
           std::string("01jdq3k6y8v1t8r2m4n5p6q7r8-07"),   // lower case
           std::string("01JDQ3K6Y8V1T8R2M4N5P6Q7RU-07"),   // U is not Crockford
           std::string("01JDQ3K6Y8V1T8R2M4N5P6Q7RI-07"),   // nor I
           std::string("01JDQ3K6Y8V1T8R2M4N5P6Q7RL-07"),   // nor L
           std::string("01JDQ3K6Y8V1T8R2M4N5P6Q7RO-07"),   // nor O
           std::string("01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07 "),  // trailing space
           std::string(" 01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07"),  // leading space
           std::string("01JDQ3K6Y8V1T8R2M4N5P6Q7R\0-07", 29),
       }) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(PartitionOfCaseId(bad), std::nullopt);
  }
}

TEST(PartitionTest, FixedValuesOfFnv1a64) {
  // FNV-1a 64: offset basis 0xcbf29ce484222325, prime 0x100000001b3, xor then multiply.
  // "" hashes to the offset basis itself: 14695981039346656037. Mod 16 is its last hex digit
  // (5); mod 100 its last two decimal digits (37).
  EXPECT_EQ(PartitionOf("", 16), 5);
  EXPECT_EQ(PartitionOf("", 100), 37);
  // "a" -> 0xaf63dc4c8601ec8c and "foobar" -> 0x85944171f73967e8 (the FNV reference vectors):
  // the last hex digit gives the partition of 16.
  EXPECT_EQ(PartitionOf("a", 16), 0xc);
  EXPECT_EQ(PartitionOf("foobar", 16), 0x8);
  // (0xcbf29ce484222325 ^ 'a') * 0x100000001b3 mod 2^64 = 12638187200555641996, so mod 100:
  EXPECT_EQ(PartitionOf("a", 100), 96);
  // A key shaped like an idempotency key.
  EXPECT_EQ(PartitionOf("case-0001", 16), 7);  // 0xbbfad7e8b06206e7
}

TEST(PartitionTest, StableAndInRange) {
  for (int i = 0; i < 1000; ++i) {
    const std::string key = "pemkab-kupang:" + std::to_string(i);
    const int p = PartitionOf(key, 16);
    EXPECT_GE(p, 0);
    EXPECT_LT(p, 16);
    EXPECT_EQ(PartitionOf(key, 16), p);
  }
  EXPECT_EQ(PartitionOf("anything", 1), 0);
  EXPECT_EQ(PartitionOf("anything", 0), 0);  // no division by zero
  EXPECT_EQ(PartitionOf("anything", -3), 0);
}

TEST(PartitionTest, TenThousandKeysFillSixteenPartitions) {
  std::array<int, 16> counts{};
  for (int i = 0; i < 10'000; ++i)
    ++counts[PartitionOf("key-" + std::to_string(i), 16)];
  for (int p = 0; p < 16; ++p) {
    SCOPED_TRACE(p);
    EXPECT_GT(counts[p], 0);
    // Far from the 625 mean would mean the hash is broken, not unlucky.
    EXPECT_GT(counts[p], 625 / 2);
    EXPECT_LT(counts[p], 625 * 2);
  }
}

}  // namespace
}  // namespace lintas::core
