#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "adapters/redis/blocking_connection.h"
#include "adapters/redis/redis_address.h"
#include "adapters/sync/annotated_mutex.h"
#include "adapters/sync/dispatch_tracker.h"

namespace lintas::redis {

// One thread with its own blocking Redis connection (the live feeds' only Redis reader, used by
// services/feeds) that tails a changing set of streams with
// `XREAD BLOCK ... STREAMS k1..kn id1..idn` and wakes the listeners registered on a key when
// entries arrive. A wake-up carries no data: listeners read from their own cursor themselves, so
// a wake-up that comes twice or late costs a read, never an entry. It also ticks every listener
// periodically (heartbeats, stall checks).
//
// One XREAD over many keys spans hash slots: this works against one Redis (what Lintas runs
// today); under Redis Cluster the hub would need one connection per node.
class StreamTailHub {
 public:
  // Called on the hub's thread with no hub lock held: keep it short and never block (every
  // listener waits for it). It may call Remove (on itself or others) and Add.
  class Listener {
   public:
    virtual ~Listener() = default;
    // Entries were appended to a key this listener watches (or may have been: after the key was
    // first seen and after a reconnect the hub wakes everyone once, so nothing slips between a
    // listener's own read and the hub's).
    virtual void OnAppended() = 0;
    virtual void OnTick(std::chrono::steady_clock::time_point now) = 0;
  };

  struct Options {
    std::chrono::milliseconds block{500};  // XREAD BLOCK; also bounds how late a new key is seen
    std::chrono::milliseconds tick{500};
    std::chrono::milliseconds connect_timeout{300};
    std::chrono::milliseconds max_backoff{5000};  // reconnect delay doubles up to this
  };

  StreamTailHub(RedisAddress address, Options options);
  // Stops the thread (within one block interval). Every listener must be removed before.
  ~StreamTailHub();
  StreamTailHub(const StreamTailHub&) = delete;
  StreamTailHub& operator=(const StreamTailHub&) = delete;

  // Thread-safe. A key starts being watched from its tip at the time the hub first sees it, and
  // the listener is woken once then.
  void Add(const std::string& key, Listener* listener);
  // Thread-safe. When it returns, the hub is not calling `listener` and never will again
  // (unless it is called from inside that listener's callback).
  void Remove(const std::string& key, Listener* listener);

  // Observability and tests.
  std::size_t keys() const;
  std::size_t listeners() const;
  std::int64_t reconnects() const { return redis_.reconnects(); }

 private:
  void Run();
  bool ResolveTips(const std::vector<std::string>& keys, std::map<std::string, std::string>& ids);
  void Wake(const std::set<std::string>& keys);
  void WakeAll();
  void TickAll(std::chrono::steady_clock::time_point now);
  // Calls `call` on each of `targets` with mu_ released; Remove waits out a call in progress.
  template <typename Call>
  void Dispatch(const std::vector<Listener*>& targets, Call call);
  std::vector<Listener*> AllListeners() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Options options_;

  // Registrations; the thread copies the key set between XREADs.
  mutable sync::Mutex mu_;
  std::condition_variable_any cv_;
  std::map<std::string, std::set<Listener*>> listeners_ ABSL_GUARDED_BY(mu_);
  std::uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;  // bumped on every change of the key set
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  sync::DispatchTracker<Listener> dispatch_ ABSL_GUARDED_BY(mu_);

  BlockingConnection redis_;  // the thread's only
  std::thread thread_;
};

}  // namespace lintas::redis
