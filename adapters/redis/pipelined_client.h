#pragma once

#include <hiredis/hiredis.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "adapters/redis/redis_address.h"
#include "adapters/redis/reply.h"

namespace lintas::redis {

struct PipelineOptions {
  int lanes = 1;  // connections, each with its own I/O thread
  std::chrono::milliseconds connect_timeout{300};
  std::chrono::milliseconds command_timeout{2000};
};

// Redis commands from many threads, pipelined: each lane owns one non-blocking connection and an
// I/O thread that writes every queued command in one go and hands replies back in order. No
// caller thread ever blocks on a socket, requests never queue behind one another's round trip,
// and Redis sees batches, so with appendfsync always one fsync covers many writes.
//
// When Redis is unreachable every command fails fast with UNAVAILABLE; the next command after
// it is back reconnects. A command whose reply does not come within command_timeout fails the
// connection (UNAVAILABLE for everything in flight on it), since a pipeline cannot skip a reply.
// Blocking commands (BLPOP, XREADGROUP BLOCK) must not be sent here: they would hold the lane.
class PipelinedClient {
 public:
  // Runs on the lane's I/O thread: keep it short, never block in it.
  using Done = absl::AnyInvocable<void(absl::StatusOr<Reply>) &&>;

  PipelinedClient(RedisAddress address, PipelineOptions options);
  ~PipelinedClient();  // commands still pending fail with UNAVAILABLE
  PipelinedClient(const PipelinedClient&) = delete;
  PipelinedClient& operator=(const PipelinedClient&) = delete;

  // Queues one command (arguments are binary-safe and copied before this returns).
  void Send(std::span<const std::string_view> argv, Done done);
  void Send(std::initializer_list<std::string_view> argv, Done done) {
    Send(std::span<const std::string_view>(argv.begin(), argv.size()), std::move(done));
  }
  // Sends and waits: for start-up, health probes and tests, never on a request path.
  absl::StatusOr<Reply> Command(std::span<const std::string_view> argv);
  absl::StatusOr<Reply> Command(std::initializer_list<std::string_view> argv) {
    return Command(std::span<const std::string_view>(argv.begin(), argv.size()));
  }

  const RedisAddress& address() const { return address_; }
  // The most commands one lane has had on the wire at once (observability and tests).
  std::int64_t max_in_flight() const { return max_in_flight_.load(); }

 private:
  class Lane;
  const RedisAddress address_;
  std::vector<std::unique_ptr<Lane>> lanes_;
  std::atomic<std::uint64_t> next_lane_{0};
  std::atomic<std::int64_t> max_in_flight_{0};
};

}  // namespace lintas::redis
