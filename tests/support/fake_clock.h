#pragma once

#include <atomic>
#include <chrono>

#include "core/ports/clock.h"

namespace lintas::testing {

// A clock the test moves: deadlines fire by advancing it, never by sleeping.
class FakeClock final : public core::Clock {
 public:
  explicit FakeClock(core::Timestamp start) : now_(start.time_since_epoch().count()) {}
  core::Timestamp Now() const override {
    return core::Timestamp(core::Timestamp::duration(now_.load()));
  }
  void Advance(core::Timestamp::duration d) { now_.fetch_add(d.count()); }

 private:
  std::atomic<core::Timestamp::duration::rep> now_;
};

}  // namespace lintas::testing
