#include "core/util/backoff.h"

#include <gtest/gtest.h>

namespace lintas::core {
namespace {

using std::chrono::milliseconds;

TEST(BackoffTest, DoublesFrom100MsUpTo2SecondsAndStaysThere) {
  Backoff b(milliseconds(100), milliseconds(2000));
  EXPECT_EQ(b.Next(), milliseconds(100));
  EXPECT_EQ(b.Next(), milliseconds(200));
  EXPECT_EQ(b.Next(), milliseconds(400));
  EXPECT_EQ(b.Next(), milliseconds(800));
  EXPECT_EQ(b.Next(), milliseconds(1600));
  EXPECT_EQ(b.Next(), milliseconds(2000));
  EXPECT_EQ(b.Next(), milliseconds(2000));
}

TEST(BackoffTest, ASuccessStartsAgainFromTheInitialWait) {
  Backoff b(milliseconds(100), milliseconds(2000));
  b.Next();
  b.Next();
  b.Next();
  b.Reset();
  EXPECT_EQ(b.Next(), milliseconds(100));
  EXPECT_EQ(b.Next(), milliseconds(200));
}

TEST(BackoffTest, NonsenseBoundsStillGiveAPositiveCappedWait) {
  Backoff zero(milliseconds(0), milliseconds(0));
  EXPECT_EQ(zero.Next(), milliseconds(1));
  EXPECT_EQ(zero.Next(), milliseconds(1));
  Backoff inverted(milliseconds(500), milliseconds(100));
  EXPECT_EQ(inverted.Next(), milliseconds(500));
  EXPECT_EQ(inverted.Next(), milliseconds(500));
}

}  // namespace
}  // namespace lintas::core
