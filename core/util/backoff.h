#pragma once

#include <chrono>

namespace lintas::core {

// The wait after a failed worker round: `initial`, doubled after every further failure up to
// `max`, back to `initial` after a success. Pure (no clock, no sleep), so tests are exact; the
// caller sleeps what Next() returns. A worker whose Redis just came back starts again within
// `max`, not after a fixed pause, and one that keeps failing does not spin.
class Backoff {
 public:
  Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max);

  // The wait before the next attempt after a failure; the one after it is twice as long.
  std::chrono::milliseconds Next();
  // A success: the next failure waits `initial` again.
  void Reset() { next_ = initial_; }

 private:
  std::chrono::milliseconds initial_;
  std::chrono::milliseconds max_;
  std::chrono::milliseconds next_;
};

}  // namespace lintas::core
