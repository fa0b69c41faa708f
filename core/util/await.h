#pragma once

#include <future>

#include "absl/status/statusor.h"

namespace lintas {

// Waits for an asynchronous call that reports through a completion callback, for code that runs
// on a thread of its own (workers, tests) and has nothing better to do meanwhile. Never call it
// on a thread that the completion itself needs.
//   auto c = Await<core::Case>([&](auto done) { store.Get(id, std::move(done)); });
template <typename T, typename Start>
absl::StatusOr<T> Await(Start start) {
  std::promise<absl::StatusOr<T>> promise;
  auto answer = promise.get_future();
  start([&promise](absl::StatusOr<T> r) { promise.set_value(std::move(r)); });
  return answer.get();
}

}  // namespace lintas
