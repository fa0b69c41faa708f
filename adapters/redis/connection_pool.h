#pragma once

#include <hiredis/hiredis.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/redis/redis_address.h"

namespace lintas::redis {

struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

struct PoolOptions {
  int size = 16;
  std::chrono::milliseconds connect_timeout{300};
  std::chrono::milliseconds command_timeout{2000};
};

// A bounded pool of blocking hiredis connections, so that concurrent requests reach Redis
// concurrently instead of queueing on one socket. Connections open lazily; when Redis is down
// every call fails fast with UNAVAILABLE, and once it is back the next call reconnects.
class ConnectionPool {
 public:
  ConnectionPool(RedisAddress address, PoolOptions options);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Runs one command; arguments are binary-safe. A Redis error reply comes back as a Reply of
  // type REDIS_REPLY_ERROR for the caller to judge. A broken connection is UNAVAILABLE. A
  // command that failed on a connection reused from the pool is retried once on a fresh one:
  // after a Redis restart every idle connection is dead, and every write Lintas makes is guarded
  // by an idempotency key or an expected version, so a repeat cannot apply twice.
  absl::StatusOr<Reply> Command(std::span<const std::string_view> argv);
  absl::StatusOr<Reply> Command(std::initializer_list<std::string_view> argv) {
    return Command(std::span<const std::string_view>(argv.begin(), argv.size()));
  }

  const RedisAddress& address() const { return address_; }

 private:
  struct Conn {
    redisContext* ctx = nullptr;
    std::uint64_t generation = 0;
    bool reused = false;
  };

  absl::StatusOr<Conn> Acquire();
  void Release(Conn conn, bool broken);
  absl::StatusOr<redisContext*> Connect() const;

  const RedisAddress address_;
  const PoolOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Conn> idle_;
  int open_ = 0;
  // Bumped whenever a connection breaks: idle connections from an older generation were opened
  // before the break and are closed instead of reused.
  std::uint64_t generation_ = 0;
};

// Maps a Redis error reply to a status: LOADING, BUSY, MASTERDOWN, READONLY, MISCONF and
// TRYAGAIN are UNAVAILABLE (the next call may succeed); anything else is INTERNAL.
absl::Status StatusFromErrorReply(const redisReply& reply);

}  // namespace lintas::redis
