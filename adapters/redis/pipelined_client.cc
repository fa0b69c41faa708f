#include "adapters/redis/pipelined_client.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <future>
#include <thread>

#include "absl/strings/str_cat.h"
#include "adapters/sync/annotated_mutex.h"
#include "adapters/sync/thread_name.h"
#include "core/util/string_view.h"

namespace lintas::redis {
namespace {

using Clock = std::chrono::steady_clock;

struct FormattedDeleter {
  void operator()(char* p) const { redisFreeCommand(p); }
};
using Formatted = std::unique_ptr<char, FormattedDeleter>;

}  // namespace

class PipelinedClient::Lane {
 public:
  Lane(const RedisAddress& address, PipelineOptions options, std::atomic<std::int64_t>& max,
       std::size_t index)
      : address_(address), options_(options), max_in_flight_(max) {
    wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    thread_ = std::thread([this, index] {
      sync::SetThreadName("redis-lane-" + std::to_string(index));
      Run();
    });
  }

  ~Lane() {
    Stop();
    Join();
    close(wake_fd_);
  }

  // Refuses new commands from now on; the thread fails what is queued or in flight, then ends.
  void Stop() {
    {
      sync::MutexLock lock(mu_);
      stopping_ = true;
    }
    Wake();
  }
  void Join() {
    if (thread_.joinable()) thread_.join();
  }

  void Push(Formatted command, int length, Done done) {
    bool was_empty = false;
    bool refused = false;
    {
      sync::MutexLock lock(mu_);
      refused = stopping_;
      if (!refused) {
        was_empty = queue_.empty();
        queue_.push_back({std::move(command), length, std::move(done)});
      }
    }
    // Refused: `done` runs after mu_ is released, since a callback may Send again (a retry),
    // which takes mu_ on this same thread.
    if (refused) {
      std::move(done)(absl::UnavailableError("redis client is shutting down"));
      return;
    }
    if (was_empty) Wake();  // the lane drains the whole queue each time it wakes
  }

 private:
  struct Queued {
    Formatted command;
    int length = 0;
    Done done;
  };
  struct InFlight {
    Done done;
    Clock::time_point deadline;
  };

  void Wake() {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto n = write(wake_fd_, &one, sizeof(one));
  }

  absl::Status Connect() {
    redisContext* ctx = address_.is_unix
                            ? redisConnectUnixNonBlock(address_.host.c_str())
                            : redisConnectNonBlock(address_.host.c_str(), address_.port);
    if (ctx == nullptr) return absl::UnavailableError("redis: out of memory connecting");
    if (ctx->err != 0) {
      const std::string why = ctx->errstr;
      redisFree(ctx);
      return Unreachable(why);
    }
    pollfd p{ctx->fd, POLLOUT, 0};
    const int ready = poll(&p, 1, static_cast<int>(options_.connect_timeout.count()));
    int error = 0;
    socklen_t len = sizeof(error);
    if (ready <= 0 || getsockopt(ctx->fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0 || error != 0) {
      redisFree(ctx);
      return Unreachable(ready == 0 ? "connect timed out" : std::strerror(error ? error : errno));
    }
    ctx_ = ctx;
    return absl::OkStatus();
  }

  absl::Status Unreachable(std::string_view why) const {
    return absl::UnavailableError(
        absl::StrCat("redis at ", address_.ToString(), " unreachable: ", AsAbsl(why)));
  }

  // The connection is unusable: everything on it fails, the next batch reconnects.
  void Fail(const absl::Status& status) {
    if (ctx_ != nullptr) {
      redisFree(ctx_);
      ctx_ = nullptr;
    }
    write_pending_ = false;
    std::deque<InFlight> failed;
    failed.swap(in_flight_);
    for (auto& f : failed)
      std::move(f.done)(status);
  }

  absl::Status ConnectionError(std::string_view what) const {
    return absl::UnavailableError(absl::StrCat("redis at ", address_.ToString(), " ", AsAbsl(what),
                                               ": ", ctx_ ? ctx_->errstr : ""));
  }

  void Enqueue(std::vector<Queued>& batch) {
    if (ctx_ == nullptr) {
      if (absl::Status s = Connect(); !s.ok()) {
        for (auto& q : batch)
          std::move(q.done)(s);
        return;
      }
    }
    const auto deadline = Clock::now() + options_.command_timeout;
    for (auto& q : batch) {
      redisAppendFormattedCommand(ctx_, q.command.get(), static_cast<size_t>(q.length));
      in_flight_.push_back({std::move(q.done), deadline});
    }
    write_pending_ = true;
    const auto n = static_cast<std::int64_t>(in_flight_.size());
    for (auto seen = max_in_flight_.load(); n > seen;) {
      if (max_in_flight_.compare_exchange_weak(seen, n)) break;
    }
  }

  void ReadReplies() {
    if (redisBufferRead(ctx_) == REDIS_ERR) return Fail(ConnectionError("read failed"));
    for (;;) {
      void* raw = nullptr;
      if (redisGetReplyFromReader(ctx_, &raw) == REDIS_ERR) {
        return Fail(ConnectionError("sent a reply that does not parse"));
      }
      if (raw == nullptr) return;
      Reply reply(static_cast<redisReply*>(raw));
      if (in_flight_.empty()) return Fail(ConnectionError("sent a reply nobody asked for"));
      InFlight f = std::move(in_flight_.front());
      in_flight_.pop_front();
      std::move(f.done)(std::move(reply));
    }
  }

  void Run() {
    std::vector<Queued> batch;
    for (;;) {
      {
        sync::MutexLock lock(mu_);
        if (stopping_ && queue_.empty()) break;
        batch.swap(queue_);
      }
      if (!batch.empty()) Enqueue(batch);
      batch.clear();
      if (ctx_ != nullptr && write_pending_) {
        int done = 0;
        if (redisBufferWrite(ctx_, &done) == REDIS_ERR) {
          Fail(ConnectionError("write failed"));
          continue;
        }
        write_pending_ = done == 0;
      }
      std::array<pollfd, 2> fds{{{wake_fd_, POLLIN, 0}, {-1, 0, 0}}};
      if (ctx_ != nullptr) {
        fds[1] = {ctx_->fd, static_cast<short>(POLLIN | (write_pending_ ? POLLOUT : 0)), 0};
      }
      int timeout_ms = -1;
      if (!in_flight_.empty()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            in_flight_.front().deadline - Clock::now());
        timeout_ms = static_cast<int>(std::max<std::int64_t>(left.count(), 0));
      }
      if (poll(fds.data(), fds.size(), timeout_ms) < 0 && errno != EINTR) {
        Fail(absl::InternalError("poll failed"));
        continue;
      }
      if (fds[0].revents & POLLIN) {
        std::uint64_t count = 0;
        [[maybe_unused]] auto n = read(wake_fd_, &count, sizeof(count));
      }
      if (ctx_ != nullptr && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) ReadReplies();
      if (!in_flight_.empty() && in_flight_.front().deadline <= Clock::now()) {
        Fail(absl::UnavailableError(absl::StrCat("redis at ", address_.ToString(),
                                                 " did not answer within ",
                                                 options_.command_timeout.count(), " ms")));
      }
    }
    Fail(absl::UnavailableError("redis client is shutting down"));
  }

  const RedisAddress& address_;
  const PipelineOptions options_;
  std::atomic<std::int64_t>& max_in_flight_;
  int wake_fd_ = -1;
  sync::Mutex mu_;
  std::vector<Queued> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Touched by the lane's thread only.
  redisContext* ctx_ = nullptr;
  bool write_pending_ = false;
  std::deque<InFlight> in_flight_;
  std::thread thread_;
};

PipelinedClient::PipelinedClient(RedisAddress address, PipelineOptions options)
    : address_(std::move(address)) {
  for (int i = 0; i < std::max(1, options.lanes); ++i) {
    lanes_.push_back(std::make_unique<Lane>(address_, options, max_in_flight_, lanes_.size()));
  }
}

PipelinedClient::~PipelinedClient() {
  // Every lane refuses before any is joined or freed: a callback failing on one lane's thread
  // may Send again, to any lane, and must find it alive and refusing.
  for (auto& lane : lanes_)
    lane->Stop();
  for (auto& lane : lanes_)
    lane->Join();
}

void PipelinedClient::Send(std::span<const std::string_view> argv, Done done) {
  std::vector<const char*> args;
  std::vector<size_t> lens;
  args.reserve(argv.size());
  lens.reserve(argv.size());
  for (auto a : argv) {
    args.push_back(a.data());
    lens.push_back(a.size());
  }
  char* raw = nullptr;
  const int length =
      redisFormatCommandArgv(&raw, static_cast<int>(args.size()), args.data(), lens.data());
  if (length < 0) {
    std::move(done)(absl::InternalError("redis: cannot format the command"));
    return;
  }
  const auto lane = next_lane_.fetch_add(1, std::memory_order_relaxed) % lanes_.size();
  lanes_[lane]->Push(Formatted(raw), length, std::move(done));
}

absl::StatusOr<Reply> PipelinedClient::Command(std::span<const std::string_view> argv) {
  std::promise<absl::StatusOr<Reply>> promise;
  auto future = promise.get_future();
  Send(argv, [&promise](absl::StatusOr<Reply> reply) { promise.set_value(std::move(reply)); });
  return future.get();
}

}  // namespace lintas::redis
