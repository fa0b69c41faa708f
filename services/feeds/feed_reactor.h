#pragma once

#include <grpcpp/support/server_callback.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "adapters/grpc/status_mapping.h"
#include "adapters/redis/stream_tail_hub.h"
#include "adapters/sync/annotated_mutex.h"
#include "google/protobuf/timestamp.pb.h"
#include "services/common/blocking_executor.h"
#include "services/feeds/feed_registry.h"
#include "spdlog/spdlog.h"

namespace lintas::feeds {

// What a feed reactor needs from outside, shared by every stream of a service.
struct FeedSettings {
  std::chrono::milliseconds heartbeat_interval{15000};
  std::chrono::milliseconds slow_write_timeout{30000};
  int page_size = 32;
};

// A stream refused before it starts (bad request, unauthenticated): finishes at once and
// deletes itself when gRPC is done with it.
template <typename Response>
class RefusedStream final : public grpc::ServerWriteReactor<Response> {
 public:
  explicit RefusedStream(grpc::Status status) { this->Finish(std::move(status)); }
  void OnDone() override { delete this; }
};

// One page read from a feed's source: the messages to send and where the next read starts.
template <typename Response>
struct FeedPage {
  struct Entry {
    Response message;
    std::string position;  // what the client resumes after (a cursor, a timeline position)
  };
  std::vector<Entry> entries;
  std::string last_position;  // "" when nothing was read; past skipped entries too
  bool full = false;          // the read hit its limit: more may be waiting
};

// Where a stream's messages come from. Start and Fetch block (Redis, decryption) and run on
// the shared render threads, one at a time for a given stream.
template <typename Response>
class FeedSource {
 public:
  virtual ~FeedSource() = default;
  // Resolves where the stream starts (an error ends the call with it); returns the position to
  // read after ("" from the start).
  virtual absl::StatusOr<std::string> Start() = 0;
  // The key whose appends wake this stream (valid after Start).
  virtual std::string WatchKey() const = 0;
  // Up to `limit` messages after `after`.
  virtual absl::StatusOr<FeedPage<Response>> Fetch(const std::string& after, int limit) = 0;
  // For logs and the slow-reader message: what the client resumes from, e.g. "cursor".
  virtual const char* PositionName() const = 0;
};

// A server stream fed from a Redis stream, on gRPC's callback API: no thread per subscriber.
// State is a position, at most one page of rendered messages and at most one write in flight,
// so a subscriber costs O(page_size) memory however far behind it is. The hub wakes it when its
// key grows and ticks it for heartbeats and the slow-reader cut-off.
//
// Threads: gRPC's (OnWriteDone, OnCancel, OnDone), the hub's (OnAppended, OnTick), the
// registry's (Stop) and the render threads (Start, Fetch) meet under mu_; gRPC calls (StartWrite,
// Finish) are made outside it.
//
// Lifetime, by reference count: gRPC holds one reference until OnDone, each queued or running
// job one, and every other entry point one for its duration (a Hold), so a thread that has left
// mu_ to call Finish or StartWrite still owns the reactor when OnDone runs meanwhile on a gRPC
// thread. The last reference deletes it. The hub and the registry cannot call in after OnDone:
// it removes the reactor from both (their Remove/Leave wait out a call in progress) before it
// drops gRPC's reference.
template <typename Response>
class FeedReactor final : public grpc::ServerWriteReactor<Response>,
                          public redis::StreamTailHub::Listener,
                          public FeedRegistry::Member {
 public:
  struct Deps {
    redis::StreamTailHub& hub;
    services::BlockingExecutor& executor;
    FeedRegistry& registry;
    const FeedSettings& settings;
  };

  // Starts the stream; the reactor deletes itself when OnDone and its last job have run.
  static FeedReactor* Create(Deps deps, std::unique_ptr<FeedSource<Response>> source,
                             std::string log_name) {
    auto* r = new FeedReactor(deps, std::move(source), std::move(log_name));
    Hold hold(r);
    r->Begin();
    return r;
  }

  void OnWriteDone(bool ok) override {
    Hold hold(this);
    sync::MutexLock lock(mu_);
    writing_ = false;
    last_write_ = std::chrono::steady_clock::now();
    if (!ok) {
      // The stream is broken (client gone, call cancelled): nothing more can be written.
      FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "stream broken"));
      return;
    }
    if (in_flight_position_.has_value()) written_position_ = *std::move(in_flight_position_);
    in_flight_position_.reset();
    Pump();
  }

  void OnCancel() override {
    Hold hold(this);
    sync::MutexLock lock(mu_);
    FinishLocked(grpc::Status::CANCELLED);
  }

  void OnDone() override {
    bool watching = false;
    std::string key;
    {
      sync::MutexLock lock(mu_);
      done_ = true;
      watching = std::exchange(watching_, false);
      key = watch_key_;
    }
    if (watching) deps_.hub.Remove(key, this);
    deps_.registry.Leave(this);
    Unref();  // gRPC's reference
  }

  // Hub thread.
  void OnAppended() override {
    Hold hold(this);
    sync::MutexLock lock(mu_);
    more_ = true;
    Pump();
  }

  // Hub thread.
  void OnTick(std::chrono::steady_clock::time_point now) override {
    Hold hold(this);
    sync::MutexLock lock(mu_);
    if (finished_) return;
    if (writing_ && now - write_started_ > deps_.settings.slow_write_timeout) {
      spdlog::info("feeds: {} cut off: a write waited over {} ms; last {} written: {}", log_name_,
                   deps_.settings.slow_write_timeout.count(), source_->PositionName(),
                   written_position_.empty() ? "-" : written_position_);
      FinishLocked(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                absl::StrCat("reading too slowly; resume from the last ",
                                             source_->PositionName(), " received")));
      return;
    }
    if (started_ && !writing_ && queue_.empty() &&
        now - last_write_ >= deps_.settings.heartbeat_interval) {
      Response heartbeat;
      const auto wall = std::chrono::system_clock::now().time_since_epoch();
      const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(wall).count();
      heartbeat.mutable_heartbeat()->mutable_time()->set_seconds(ns / 1000000000);
      heartbeat.mutable_heartbeat()->mutable_time()->set_nanos(static_cast<int>(ns % 1000000000));
      queue_.push_back(Item{std::move(heartbeat), std::nullopt});
      Pump();
    }
    if (more_ && !job_running_) Pump();  // a refused submission, retried
  }

  // Registry: the server is stopping.
  void Stop() override {
    Hold hold(this);
    sync::MutexLock lock(mu_);
    FinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                              "server shutting down; resume from the last position received"));
  }

 private:
  struct Item {
    Response message;
    std::optional<std::string> position;  // none for heartbeats
  };

  // One reference for the scope it lives in. Declared before the MutexLock of an entry point,
  // so that mu_ is released before the reference (and maybe the reactor) goes.
  class Hold {
   public:
    explicit Hold(FeedReactor* r) : r_(r) { r_->refs_.fetch_add(1, std::memory_order_relaxed); }
    Hold(Hold&& other) noexcept : r_(std::exchange(other.r_, nullptr)) {}
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;
    Hold& operator=(Hold&&) = delete;
    ~Hold() {
      if (r_ != nullptr) r_->Unref();
    }

   private:
    FeedReactor* r_;
  };

  void Unref() {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

  FeedReactor(Deps deps, std::unique_ptr<FeedSource<Response>> source, std::string log_name)
      : deps_(deps), source_(std::move(source)), log_name_(std::move(log_name)) {
    last_write_ = std::chrono::steady_clock::now();
  }

  void Begin() {
    if (!deps_.registry.Join(this)) {
      sync::MutexLock lock(mu_);
      FinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE, "server shutting down"));
      return;
    }
    {
      sync::MutexLock lock(mu_);
      job_running_ = true;
    }
    if (!deps_.executor.TrySubmit([this, hold = Hold(this)] { RunStart(); })) {
      sync::MutexLock lock(mu_);
      job_running_ = false;
      FinishLocked(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                "too many streams starting at once; retry shortly"));
    }
  }

  // Render thread.
  void RunStart() {
    absl::StatusOr<std::string> position = source_->Start();
    const std::string key = position.ok() ? source_->WatchKey() : std::string();
    // Watch before the first read: whatever is appended from now on wakes us, and the hub wakes
    // us once when it first sees the key, covering appends between our read and its tip. The job's
    // Hold keeps us alive, so the hub may call us before the state below is set.
    if (position.ok()) deps_.hub.Add(key, this);
    bool unwatch = false;
    {
      sync::MutexLock lock(mu_);
      job_running_ = false;
      if (position.ok()) {
        watch_key_ = key;
        watching_ = true;
      }
      // OnDone ran before we watched: unwatch here (the job's Hold keeps us).
      if (done_) unwatch = std::exchange(watching_, false);
    }
    if (unwatch) deps_.hub.Remove(key, this);
    sync::MutexLock lock(mu_);
    if (done_) return;
    if (finished_) return;
    if (!position.ok()) {
      spdlog::info("feeds: {} refused: {}", log_name_, grpcx::StatusForLog(position.status()));
      FinishLocked(grpcx::ToGrpcStatus(position.status()));
      return;
    }
    read_position_ = *std::move(position);
    written_position_ = read_position_;
    started_ = true;
    more_ = true;
    Pump();
  }

  // Render thread.
  void RunFetch(std::string after) {
    auto page = source_->Fetch(after, deps_.settings.page_size);
    sync::MutexLock lock(mu_);
    job_running_ = false;
    if (done_ || finished_) return;
    if (!page.ok()) {
      const absl::Status s = page.status();
      spdlog::warn("feeds: {} ended: {}", log_name_, grpcx::StatusForLog(s));
      // Anything but a vanished case is the server's trouble: the client resumes from its last
      // position.
      FinishLocked(s.code() == absl::StatusCode::kNotFound ||
                           s.code() == absl::StatusCode::kInvalidArgument
                       ? grpcx::ToGrpcStatus(s)
                       : grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                      "cannot read the feed now; resume from the last "
                                      "position received"));
      return;
    }
    if (page->full) more_ = true;
    if (!page->last_position.empty()) read_position_ = page->last_position;
    for (auto& entry : page->entries)
      queue_.push_back(Item{std::move(entry.message), std::move(entry.position)});
    Pump();
  }

  // Starts whatever is due: a write when none is in flight, a read when the page ran dry.
  void Pump() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_ || !started_) return;
    const Response* to_write = nullptr;
    if (!writing_ && !queue_.empty()) {
      in_flight_ = std::move(queue_.front());
      queue_.pop_front();
      in_flight_position_ = in_flight_.position;
      writing_ = true;
      write_started_ = std::chrono::steady_clock::now();
      to_write = &in_flight_.message;
    }
    bool submit = false;
    std::string after;
    if (queue_.empty() && more_ && !job_running_) {
      more_ = false;
      job_running_ = true;
      submit = true;
      after = read_position_;
    }
    mu_.unlock();
    if (to_write != nullptr) CallStartWrite(to_write);
    if (submit &&
        !deps_.executor.TrySubmit([this, after, hold = Hold(this)] { RunFetch(after); })) {
      mu_.lock();
      job_running_ = false;
      more_ = true;  // the executor is full: the next tick retries
      return;
    }
    mu_.lock();
  }

  void FinishLocked(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_) return;
    finished_ = true;
    queue_.clear();
    mu_.unlock();
    // Finish while a write is outstanding is allowed: gRPC sends the status after the message,
    // and the write completes (ok=false if it never leaves).
    CallFinish(std::move(status));
    mu_.lock();
  }

  // gRPC's calls, made outside mu_ but ordered by call_mu_: a write decided just before another
  // thread finished the call must not start after the Finish.
  void CallStartWrite(const Response* message) {
    sync::MutexLock order(call_mu_);
    if (!finish_called_) this->StartWrite(message);
  }
  void CallFinish(grpc::Status status) {
    sync::MutexLock order(call_mu_);
    finish_called_ = true;
    this->Finish(std::move(status));
  }

  std::atomic<int> refs_{1};  // gRPC's, until OnDone
  Deps deps_;
  std::unique_ptr<FeedSource<Response>> source_;
  const std::string log_name_;

  // Taken after mu_ is released, never the other way round. gRPC never runs a reaction inline
  // inside StartWrite or Finish called from our threads (only from its own pollers), so
  // OnWriteDone, which ends in CallStartWrite, cannot run under call_mu_.
  sync::Mutex call_mu_;
  bool finish_called_ ABSL_GUARDED_BY(call_mu_) = false;

  sync::Mutex mu_;
  std::deque<Item> queue_ ABSL_GUARDED_BY(mu_);  // at most one page
  Item in_flight_ ABSL_GUARDED_BY(mu_);          // the one write gRPC holds
  std::optional<std::string> in_flight_position_ ABSL_GUARDED_BY(mu_);
  std::string read_position_ ABSL_GUARDED_BY(mu_);  // the next read starts after it
  // The last position handed to gRPC and written.
  std::string written_position_ ABSL_GUARDED_BY(mu_);
  std::string watch_key_ ABSL_GUARDED_BY(mu_);
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  bool watching_ ABSL_GUARDED_BY(mu_) = false;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool more_ ABSL_GUARDED_BY(mu_) = false;  // the source may hold entries after read_position_
  // Start or Fetch is queued or running: one at a time.
  bool job_running_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  std::chrono::steady_clock::time_point write_started_ ABSL_GUARDED_BY(mu_);
  std::chrono::steady_clock::time_point last_write_ ABSL_GUARDED_BY(mu_);
};

}  // namespace lintas::feeds
