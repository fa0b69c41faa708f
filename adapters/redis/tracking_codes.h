#pragma once

#include <string>
#include <string_view>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "adapters/redis/key_layout.h"
#include "adapters/redis/pipelined_client.h"

namespace lintas::redis {

// The public portal's tracking codes: keyed hash of a code -> case id (KeyLayout::TrackingCode).
// The code itself is never sent here. Asynchronous on the pipelined client; completions run on
// its I/O thread.
class TrackingCodes {
 public:
  TrackingCodes(PipelinedClient& redis, KeyLayout keys) : redis_(redis), keys_(std::move(keys)) {}

  // Records the mapping; writing the same pair again (a re-sent form) is harmless.
  void Put(std::string_view digest_hex, std::string_view case_id,
           absl::AnyInvocable<void(absl::Status) &&> done);
  // The case id, or NOT_FOUND.
  void Find(std::string_view digest_hex,
            absl::AnyInvocable<void(absl::StatusOr<std::string>) &&> done);

 private:
  PipelinedClient& redis_;
  const KeyLayout keys_;
};

}  // namespace lintas::redis
