#include "adapters/redis/connection_pool.h"

#include <sys/time.h>

#include <array>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/util/string_view.h"

namespace lintas::redis {
namespace {

timeval ToTimeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

}  // namespace

ConnectionPool::ConnectionPool(RedisAddress address, PoolOptions options)
    : address_(std::move(address)), options_(options) {}

ConnectionPool::~ConnectionPool() {
  for (auto& c : idle_)
    redisFree(c.ctx);
}

absl::StatusOr<redisContext*> ConnectionPool::Connect() const {
  const timeval connect_tv = ToTimeval(options_.connect_timeout);
  redisContext* ctx =
      address_.is_unix ? redisConnectUnixWithTimeout(address_.host.c_str(), connect_tv)
                       : redisConnectWithTimeout(address_.host.c_str(), address_.port, connect_tv);
  if (ctx == nullptr) return absl::UnavailableError("redis: out of memory creating a connection");
  if (ctx->err != 0) {
    std::string why = ctx->errstr;
    redisFree(ctx);
    return absl::UnavailableError(
        absl::StrCat("redis at ", address_.ToString(), " unreachable: ", why));
  }
  if (redisSetTimeout(ctx, ToTimeval(options_.command_timeout)) != REDIS_OK) {
    redisFree(ctx);
    return absl::UnavailableError("redis: cannot set the command timeout");
  }
  return ctx;
}

absl::StatusOr<ConnectionPool::Conn> ConnectionPool::Acquire() {
  std::unique_lock lock(mu_);
  const auto deadline = std::chrono::steady_clock::now() + options_.command_timeout;
  std::vector<redisContext*> stale;
  for (;;) {
    while (!idle_.empty()) {
      Conn c = idle_.back();
      idle_.pop_back();
      if (c.generation == generation_) {
        c.reused = true;
        for (auto* s : stale)
          redisFree(s);
        return c;
      }
      stale.push_back(c.ctx);
      --open_;
    }
    if (open_ < options_.size) {
      ++open_;
      const std::uint64_t generation = generation_;
      lock.unlock();
      for (auto* s : stale)
        redisFree(s);
      auto ctx = Connect();
      if (!ctx.ok()) {
        lock.lock();
        --open_;
        cv_.notify_one();
        return ctx.status();
      }
      return Conn{*ctx, generation, false};
    }
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout) {
      lock.unlock();
      for (auto* s : stale)
        redisFree(s);
      return absl::UnavailableError(absl::StrCat("redis: all ", options_.size,
                                                 " connections stayed busy for ",
                                                 options_.command_timeout.count(), " ms"));
    }
  }
}

void ConnectionPool::Release(Conn conn, bool broken) {
  {
    std::lock_guard lock(mu_);
    if (!broken) {
      idle_.push_back(conn);
      cv_.notify_one();
      return;
    }
    --open_;
    ++generation_;
    cv_.notify_one();
  }
  redisFree(conn.ctx);
}

absl::StatusOr<Reply> ConnectionPool::Command(std::span<const std::string_view> argv) {
  std::vector<const char*> args;
  std::vector<size_t> lens;
  args.reserve(argv.size());
  lens.reserve(argv.size());
  for (auto a : argv) {
    args.push_back(a.data());
    lens.push_back(a.size());
  }
  for (int attempt = 0;; ++attempt) {
    auto conn = Acquire();
    if (!conn.ok()) return conn.status();
    auto* raw = static_cast<redisReply*>(
        redisCommandArgv(conn->ctx, static_cast<int>(args.size()), args.data(), lens.data()));
    if (raw != nullptr) {
      Release(*conn, false);
      return Reply(raw);
    }
    std::string why = conn->ctx->errstr;
    const bool reused = conn->reused;
    Release(*conn, true);
    if (!reused || attempt > 0) {
      return absl::UnavailableError(
          absl::StrCat("redis at ", address_.ToString(), " failed: ", why));
    }
  }
}

absl::Status StatusFromErrorReply(const redisReply& reply) {
  const std::string_view text(reply.str, reply.len);
  static constexpr std::array<std::string_view, 6> kTransient = {
      "LOADING", "BUSY", "MASTERDOWN", "READONLY", "MISCONF", "TRYAGAIN"};
  for (auto prefix : kTransient) {
    if (text.starts_with(prefix))
      return absl::UnavailableError(absl::StrCat("redis: ", AsAbsl(text)));
  }
  return absl::InternalError(absl::StrCat("redis: ", AsAbsl(text)));
}

}  // namespace lintas::redis
