#pragma once

#include <chrono>
#include <future>
#include <memory>

#include "absl/status/statusor.h"

namespace lintas::portal {

// Longer than the store's own command timeout, so that the store answers first.
inline constexpr auto kStoreWait = std::chrono::seconds(5);

// Waits, on a portal handler thread, for a completion that runs on the store's I/O thread. On
// time-out the promise stays alive (shared) until the late completion runs.
template <typename T, typename Start>
absl::StatusOr<T> AwaitStore(Start start) {
  auto promise = std::make_shared<std::promise<absl::StatusOr<T>>>();
  std::future<absl::StatusOr<T>> future = promise->get_future();
  start([promise](absl::StatusOr<T> result) mutable { promise->set_value(std::move(result)); });
  if (future.wait_for(kStoreWait) != std::future_status::ready) {
    return absl::DeadlineExceededError("the store did not answer in time");
  }
  return future.get();
}

}  // namespace lintas::portal
