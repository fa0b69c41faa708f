#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "adapters/redis/pipelined_client.h"
#include "adapters/sync/stop_signal.h"

namespace lintas::redis {

struct LeaseOptions {
  // A SIGKILLed holder's lease lapses after at most this long, and a restarted process with the
  // same name waits at most this long for it: short, so the restart resumes within 2 s
  // (docs/reliability.md, "Recovery").
  std::chrono::milliseconds ttl{1500};
  // Renewed this often: three renewals may be lost (a slow Redis) before the lease lapses.
  std::chrono::milliseconds renew_every{400};
  // How often a waiting process tries again.
  std::chrono::milliseconds poll{100};
};

// One live process per consumer name: a key holding a token unique to the process (SET NX PX),
// renewed in the background and deleted on destruction. Two processes using one consumer name
// would take each other's pending entries back as their own and a dead-consumer sweep could not
// tell them apart; the second one waits for the first one's lease to lapse and, if the first one
// keeps renewing it, refuses to start.
class ConsumerLease {
 public:
  // Takes `key` for `token`. While another token holds it, tries every `poll` for `ttl` plus a
  // second (a dead holder's lease has lapsed by then), then FAILED_PRECONDITION naming the key,
  // the holder and `advice` (what to change). UNAVAILABLE when Redis does not answer; CANCELLED
  // when `stop` says so while waiting.
  static absl::StatusOr<std::unique_ptr<ConsumerLease>> Acquire(
      PipelinedClient& redis, std::string key, std::string token, const std::string& advice,
      LeaseOptions options, const std::function<bool()>& stop = nullptr);
  ~ConsumerLease();  // stops renewing and deletes the key if this process still holds it
  ConsumerLease(const ConsumerLease&) = delete;
  ConsumerLease& operator=(const ConsumerLease&) = delete;

  const std::string& key() const { return key_; }
  // False after a renewal found another token in the key (this lease had lapsed).
  bool held() const { return held_.load(); }

 private:
  ConsumerLease(PipelinedClient& redis, std::string key, std::string token, LeaseOptions options);
  void Renew();

  PipelinedClient& redis_;
  const std::string key_;
  const std::string token_;
  const LeaseOptions options_;
  std::atomic<bool> held_{true};
  sync::StopSignal stop_;
  std::thread renewer_;
};

}  // namespace lintas::redis
