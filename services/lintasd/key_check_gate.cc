#include "services/lintasd/key_check_gate.h"

#include <csignal>
#include <thread>

#include "adapters/crypto/key_check.h"
#include "adapters/redis/key_checks.h"
#include "core/util/string_view.h"
#include "spdlog/spdlog.h"

namespace lintas::lintasd {
namespace {

bool StopRequested() {
  sigset_t pending;
  sigemptyset(&pending);
  if (sigpending(&pending) != 0) return false;
  return sigismember(&pending, SIGTERM) == 1 || sigismember(&pending, SIGINT) == 1;
}

}  // namespace

absl::Status CheckKeysAtStart(redis::PipelinedClient& redis, const redis::KeyLayout& keys,
                              const crypto::KeyRing& ring) {
  const auto values = crypto::KeyCheckValues(ring);
  auto delay = std::chrono::milliseconds(100);
  auto next_log = std::chrono::steady_clock::now();
  for (;;) {
    const absl::Status checked = redis::VerifyKeyChecks(redis, keys, values);
    if (checked.code() != absl::StatusCode::kUnavailable) {
      if (checked.ok()) {
        spdlog::info("key ring: {} key(s) match their check values in {}", values.size(),
                     keys.KeyChecks());
      }
      return checked;
    }
    if (std::chrono::steady_clock::now() >= next_log) {
      spdlog::warn("waiting for Redis at {} to check the key ring before starting: {}",
                   redis.address().ToString(), AsStd(checked.message()));
      next_log = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    }
    // Short steps, so that a stop signal is noticed within 100 ms however long the backoff.
    for (auto slept = std::chrono::milliseconds(0); slept < delay;
         slept += std::chrono::milliseconds(100)) {
      if (StopRequested()) return absl::CancelledError("stopped while waiting for Redis");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    delay = std::min(delay * 2, std::chrono::milliseconds(2000));
  }
}

}  // namespace lintas::lintasd
