#pragma once

#include <hiredis/hiredis.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/redis/redis_address.h"
#include "adapters/redis/reply.h"

namespace lintas::redis {

struct BlockingOptions {
  std::chrono::milliseconds connect_timeout{300};
  // How long a reply may take; it must outlast any BLOCK the caller sends. 0: no limit.
  std::chrono::milliseconds command_timeout{2000};
  // Reconnect delay (NextBackoff): starts here, doubles with every failed attempt up to the max.
  std::chrono::milliseconds initial_backoff{100};
  std::chrono::milliseconds max_backoff{5000};
};

// One blocking hiredis connection owned by one thread: for the readers that block in Redis
// (XREADGROUP BLOCK, XREAD BLOCK, which would hold a pipelined lane), for tools and for tests.
// It connects on first use and again on the first use after a failure, so a caller that gets
// UNAVAILABLE just tries again later (NextBackoff says when). Not thread-safe.
class BlockingConnection {
 public:
  BlockingConnection(RedisAddress address, BlockingOptions options);
  ~BlockingConnection();
  BlockingConnection(const BlockingConnection&) = delete;
  BlockingConnection& operator=(const BlockingConnection&) = delete;

  // Connects unless connected. UNAVAILABLE when Redis cannot be reached.
  absl::Status Connect();
  bool connected() const { return ctx_ != nullptr; }
  // Drops the connection; the next command reconnects.
  void Disconnect();

  // Sends one command (binary-safe arguments) and waits for its reply. An error reply is its
  // status (StatusFromErrorReply); a broken connection is UNAVAILABLE and is dropped.
  absl::StatusOr<Reply> Command(const std::vector<std::string>& argv);
  // Sends every command in one write (pipelined) and reads every reply: one round trip. The
  // first error reply is the result (after all replies are read, so the connection stays in
  // step).
  absl::StatusOr<std::vector<Reply>> Pipeline(
      const std::vector<std::vector<std::string>>& commands);

  // The delay to wait before the next attempt after a failure; each call doubles the next one
  // (up to max_backoff) until a connect succeeds.
  std::chrono::milliseconds NextBackoff();
  // Successful connects after the first (observability and tests). Thread-safe.
  std::int64_t reconnects() const { return reconnects_.load(); }
  const RedisAddress& address() const { return address_; }

 private:
  struct ContextFree {
    void operator()(redisContext* c) const { redisFree(c); }
  };
  absl::Status Broken();  // drops the connection, UNAVAILABLE with hiredis' reason

  const RedisAddress address_;
  const BlockingOptions options_;
  std::unique_ptr<redisContext, ContextFree> ctx_;
  std::chrono::milliseconds backoff_;
  std::int64_t connects_ = 0;
  std::atomic<std::int64_t> reconnects_{0};
};

}  // namespace lintas::redis
