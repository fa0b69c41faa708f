#include "core/notify/retry_schedule.h"

#include <gtest/gtest.h>

#include <chrono>
#include <limits>

namespace lintas::core {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr milliseconds kBase{100};
constexpr milliseconds kCap{10'000};
constexpr double kAlmostOne = 0.9999999999;

TEST(NextDelayTest, CeilingDoublesPerAttempt) {
  EXPECT_EQ(NextDelay(1, kBase, kCap, kAlmostOne), milliseconds{100});
  EXPECT_EQ(NextDelay(2, kBase, kCap, kAlmostOne), milliseconds{200});
  EXPECT_EQ(NextDelay(3, kBase, kCap, kAlmostOne), milliseconds{400});
  EXPECT_EQ(NextDelay(7, kBase, kCap, kAlmostOne), milliseconds{6400});
}

TEST(NextDelayTest, CeilingStopsAtCap) {
  EXPECT_EQ(NextDelay(8, kBase, kCap, kAlmostOne), kCap);
  EXPECT_EQ(NextDelay(1000, kBase, kCap, kAlmostOne), kCap);
  EXPECT_EQ(NextDelay(std::numeric_limits<int>::max(), kBase, kCap, kAlmostOne), kCap);
}

TEST(NextDelayTest, FullJitterSpansZeroToCeiling) {
  EXPECT_EQ(NextDelay(3, kBase, kCap, 0.0), milliseconds{0});
  EXPECT_EQ(NextDelay(3, kBase, kCap, 0.5), milliseconds{200});
  EXPECT_EQ(NextDelay(3, kBase, kCap, 0.25), milliseconds{100});
}

TEST(NextDelayTest, StaysInBoundsForEveryDraw) {
  for (int attempt = 1; attempt <= 20; ++attempt) {
    for (double r = 0.0; r < 1.0; r += 0.01) {
      const milliseconds d = NextDelay(attempt, kBase, kCap, r);
      EXPECT_GE(d, milliseconds{0});
      EXPECT_LE(d, kCap);
    }
  }
}

TEST(NextDelayTest, OutOfRangeInputsAreClamped) {
  EXPECT_EQ(NextDelay(0, kBase, kCap, kAlmostOne), milliseconds{100});  // attempt < 1
  EXPECT_EQ(NextDelay(-5, kBase, kCap, kAlmostOne), milliseconds{100});
  EXPECT_EQ(NextDelay(2, kBase, kCap, -1.0), milliseconds{0});
  EXPECT_EQ(NextDelay(2, kBase, kCap, 1.0), milliseconds{200});
  EXPECT_EQ(NextDelay(2, kBase, kCap, 7.0), milliseconds{200});
  EXPECT_EQ(NextDelay(2, kBase, kCap, std::numeric_limits<double>::quiet_NaN()), milliseconds{0});
  EXPECT_EQ(NextDelay(2, milliseconds{0}, kCap, 0.5), milliseconds{0});
  EXPECT_EQ(NextDelay(2, kBase, milliseconds{0}, 0.5), milliseconds{0});
  // A base above the cap is held to the cap.
  EXPECT_EQ(NextDelay(1, milliseconds{50'000}, kCap, kAlmostOne), kCap);
}

TEST(NextDelayTest, HugeCapDoesNotOverflow) {
  const milliseconds huge{std::numeric_limits<milliseconds::rep>::max()};
  const milliseconds d = NextDelay(200, milliseconds{1}, huge, 0.5);
  EXPECT_GT(d, milliseconds{0});
  EXPECT_LE(d, huge);
}

TEST(ShouldDeadLetterTest, ByAttempts) {
  const Timestamp t0 = Timestamp{} + std::chrono::hours{1000};
  EXPECT_FALSE(ShouldDeadLetter(1, 3, t0, t0, minutes{60}));
  EXPECT_FALSE(ShouldDeadLetter(2, 3, t0, t0, minutes{60}));
  EXPECT_TRUE(ShouldDeadLetter(3, 3, t0, t0, minutes{60}));
  EXPECT_TRUE(ShouldDeadLetter(4, 3, t0, t0, minutes{60}));
}

TEST(ShouldDeadLetterTest, ByAge) {
  const Timestamp t0 = Timestamp{} + std::chrono::hours{1000};
  EXPECT_FALSE(ShouldDeadLetter(1, 100, t0, t0 + minutes{59}, minutes{60}));
  EXPECT_TRUE(ShouldDeadLetter(1, 100, t0, t0 + minutes{60}, minutes{60}));
  EXPECT_TRUE(ShouldDeadLetter(1, 100, t0, t0 + std::chrono::hours{5}, minutes{60}));
  // A clock that stepped back does not dead-letter anything.
  EXPECT_FALSE(ShouldDeadLetter(1, 100, t0, t0 - minutes{90}, minutes{60}));
}

TEST(ShouldDeadLetterTest, NonPositiveLimitsAreOff) {
  const Timestamp t0 = Timestamp{} + std::chrono::hours{1000};
  EXPECT_FALSE(ShouldDeadLetter(1'000'000, 0, t0, t0 + std::chrono::hours{10'000}, seconds{0}));
  EXPECT_TRUE(ShouldDeadLetter(1'000'000, 0, t0, t0 + minutes{61}, minutes{60}));
  EXPECT_TRUE(ShouldDeadLetter(5, 5, t0, t0, seconds{0}));
}

}  // namespace
}  // namespace lintas::core
