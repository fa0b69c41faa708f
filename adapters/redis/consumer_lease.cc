#include "adapters/redis/consumer_lease.h"

#include "absl/strings/str_cat.h"
#include "adapters/redis/reply.h"
#include "adapters/sync/thread_name.h"
#include "core/util/string_view.h"
#include "spdlog/spdlog.h"

namespace lintas::redis {
namespace {

// Takes the lease when free, renews it when ours; 1, or 0 when another token holds it.
constexpr char kTakeScript[] = R"lua(
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
)lua";

constexpr char kReleaseScript[] = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
)lua";

absl::StatusOr<Reply> Call(PipelinedClient& redis, std::initializer_list<std::string_view> argv) {
  auto reply = redis.Command(argv);
  if (!reply.ok()) return reply.status();
  if ((*reply)->type == REDIS_REPLY_ERROR) return StatusFromErrorReply(**reply);
  return reply;
}

absl::StatusOr<bool> Take(PipelinedClient& redis, const std::string& key, const std::string& token,
                          std::chrono::milliseconds ttl) {
  auto r = Call(redis, {"EVAL", kTakeScript, "1", key, token, std::to_string(ttl.count())});
  if (!r.ok()) return r.status();
  return Integer(r->get()) == 1;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ConsumerLease>> ConsumerLease::Acquire(
    PipelinedClient& redis, std::string key, std::string token, const std::string& advice,
    LeaseOptions options, const std::function<bool()>& stop) {
  const auto give_up = std::chrono::steady_clock::now() + options.ttl + std::chrono::seconds(1);
  std::string holder;
  for (;;) {
    auto taken = Take(redis, key, token, options.ttl);
    if (!taken.ok()) return taken.status();
    if (*taken) break;
    auto held_by = Call(redis, {"GET", key});
    const std::string now_held_by = held_by.ok() ? Text(held_by->get()) : "";
    if (holder.empty() && !now_held_by.empty()) {
      spdlog::warn("{} is held by {}: waiting up to {} ms for it to lapse (its holder died?)", key,
                   now_held_by, (options.ttl + std::chrono::seconds(1)).count());
    }
    if (!now_held_by.empty()) holder = now_held_by;
    if (std::chrono::steady_clock::now() >= give_up) {
      return absl::FailedPreconditionError(absl::StrCat(key, ": another live process (", holder,
                                                        ") keeps renewing this consumer name; ",
                                                        advice));
    }
    if (stop && stop())
      return absl::CancelledError(absl::StrCat("stopped while waiting for ", key));
    std::this_thread::sleep_for(options.poll);
  }
  if (!holder.empty()) spdlog::info("{} lapsed and is now held by {}", key, token);
  std::unique_ptr<ConsumerLease> lease(
      new ConsumerLease(redis, std::move(key), std::move(token), options));
  lease->renewer_ = std::thread([l = lease.get()] { l->Renew(); });
  return lease;
}

ConsumerLease::ConsumerLease(PipelinedClient& redis, std::string key, std::string token,
                             LeaseOptions options)
    : redis_(redis), key_(std::move(key)), token_(std::move(token)), options_(options) {}

void ConsumerLease::Renew() {
  sync::SetThreadName("lease");
  while (!stop_.WaitFor(options_.renew_every)) {
    // During a Redis outage the lease may lapse; the first renewal after it takes it again
    // unless another process did, which is then reported once.
    auto renewed = Take(redis_, key_, token_, options_.ttl);
    if (renewed.ok() && *renewed != held_.load()) {
      held_ = *renewed;
      if (*renewed) {
        spdlog::info("{}: held again by {}", key_, token_);
      } else {
        spdlog::error(
            "{}: lapsed and another process took it: two processes now use this "
            "consumer name; give each its own server.instance",
            key_);
      }
    }
  }
}

ConsumerLease::~ConsumerLease() {
  stop_.Stop();
  if (renewer_.joinable()) renewer_.join();
  if (auto released = Call(redis_, {"EVAL", kReleaseScript, "1", key_, token_}); !released.ok()) {
    spdlog::warn("{} not released (it lapses by itself within {} ms): {}", key_,
                 options_.ttl.count(), AsStd(released.status().message()));
  }
}

}  // namespace lintas::redis
