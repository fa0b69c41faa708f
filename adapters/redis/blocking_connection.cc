#include "adapters/redis/blocking_connection.h"

#include <sys/time.h>

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace lintas::redis {
namespace {

timeval ToTimeval(std::chrono::milliseconds ms) {
  return timeval{static_cast<time_t>(ms.count() / 1000),
                 static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

// hiredis takes arrays of pointers and lengths; these keep them next to the strings.
struct Argv {
  explicit Argv(const std::vector<std::string>& argv) {
    args.reserve(argv.size());
    lens.reserve(argv.size());
    for (const auto& a : argv) {
      args.push_back(a.data());
      lens.push_back(a.size());
    }
  }
  int size() const { return static_cast<int>(args.size()); }
  std::vector<const char*> args;
  std::vector<size_t> lens;
};

}  // namespace

BlockingConnection::BlockingConnection(RedisAddress address, BlockingOptions options)
    : address_(std::move(address)), options_(options), backoff_(options.initial_backoff) {}

BlockingConnection::~BlockingConnection() = default;

absl::Status BlockingConnection::Connect() {
  if (ctx_) return absl::OkStatus();
  const timeval tv = ToTimeval(options_.connect_timeout);
  redisContext* c = address_.is_unix
                        ? redisConnectUnixWithTimeout(address_.host.c_str(), tv)
                        : redisConnectWithTimeout(address_.host.c_str(), address_.port, tv);
  if (c == nullptr || c->err != 0) {
    const std::string why = c ? c->errstr : "out of memory";
    if (c) redisFree(c);
    return absl::UnavailableError(
        absl::StrCat("redis at ", address_.ToString(), " unreachable: ", why));
  }
  if (options_.command_timeout.count() > 0) redisSetTimeout(c, ToTimeval(options_.command_timeout));
  ctx_.reset(c);
  backoff_ = options_.initial_backoff;
  if (connects_++ > 0) reconnects_.fetch_add(1);
  return absl::OkStatus();
}

void BlockingConnection::Disconnect() {
  ctx_.reset();
}

absl::Status BlockingConnection::Broken() {
  const std::string why = ctx_ ? ctx_->errstr : "not connected";
  ctx_.reset();  // reconnect on the next call
  return absl::UnavailableError(absl::StrCat("redis at ", address_.ToString(), ": ", why));
}

absl::StatusOr<Reply> BlockingConnection::Command(const std::vector<std::string>& argv) {
  if (auto s = Connect(); !s.ok()) return s;
  Argv a(argv);
  auto* raw = static_cast<redisReply*>(
      redisCommandArgv(ctx_.get(), a.size(), a.args.data(), a.lens.data()));
  if (raw == nullptr) return Broken();
  Reply reply(raw);
  if (reply->type == REDIS_REPLY_ERROR) return StatusFromErrorReply(*reply);
  return reply;
}

absl::StatusOr<std::vector<Reply>> BlockingConnection::Pipeline(
    const std::vector<std::vector<std::string>>& commands) {
  if (auto s = Connect(); !s.ok()) return s;
  for (const auto& argv : commands) {
    Argv a(argv);
    if (redisAppendCommandArgv(ctx_.get(), a.size(), a.args.data(), a.lens.data()) != REDIS_OK) {
      return Broken();
    }
  }
  std::vector<Reply> replies;
  replies.reserve(commands.size());
  absl::Status first_error;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(ctx_.get(), &raw) != REDIS_OK || raw == nullptr) return Broken();
    Reply reply(static_cast<redisReply*>(raw));
    if (reply->type == REDIS_REPLY_ERROR && first_error.ok()) {
      first_error = StatusFromErrorReply(*reply);
    }
    replies.push_back(std::move(reply));
  }
  if (!first_error.ok()) return first_error;
  return replies;
}

std::chrono::milliseconds BlockingConnection::NextBackoff() {
  const auto delay = backoff_;
  backoff_ = std::min(backoff_ * 2, options_.max_backoff);
  return delay;
}

}  // namespace lintas::redis
