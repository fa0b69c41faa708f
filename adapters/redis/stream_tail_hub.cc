#include "adapters/redis/stream_tail_hub.h"

#include <algorithm>

#include "adapters/redis/reply.h"
#include "adapters/sync/thread_name.h"
#include "core/util/string_view.h"
#include "spdlog/spdlog.h"

namespace lintas::redis {
// A blocked XREAD must outlast its BLOCK time; anything else answers at once.
StreamTailHub::StreamTailHub(RedisAddress address, Options options)
    : options_(options),
      redis_(std::move(address),
             BlockingOptions{.connect_timeout = options.connect_timeout,
                             .command_timeout = options.block + std::chrono::seconds(5),
                             .initial_backoff = std::chrono::milliseconds(100),
                             .max_backoff = options.max_backoff}) {
  thread_ = std::thread([this] {
    sync::SetThreadName("feed-hub");
    Run();
  });
}

StreamTailHub::~StreamTailHub() {
  {
    sync::MutexLock lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void StreamTailHub::Add(const std::string& key, Listener* listener) {
  {
    sync::MutexLock lock(mu_);
    auto& set = listeners_[key];
    if (set.empty()) ++generation_;
    set.insert(listener);
  }
  cv_.notify_all();
}

void StreamTailHub::Remove(const std::string& key, Listener* listener) {
  sync::MutexLock lock(mu_);
  auto it = listeners_.find(key);
  if (it != listeners_.end()) {
    it->second.erase(listener);
    if (it->second.empty()) {
      listeners_.erase(it);
      ++generation_;
    }
  }
  // A dispatch that copied the listener before the erase finishes before this returns.
  dispatch_.WaitUntilNotCalling(listener, lock);
}

std::size_t StreamTailHub::keys() const {
  sync::MutexLock lock(mu_);
  return listeners_.size();
}

std::size_t StreamTailHub::listeners() const {
  sync::MutexLock lock(mu_);
  std::size_t n = 0;
  for (const auto& [key, set] : listeners_)
    n += set.size();
  return n;
}

bool StreamTailHub::ResolveTips(const std::vector<std::string>& keys,
                                std::map<std::string, std::string>& ids) {
  // Pipelined: one round trip however many keys are new.
  std::vector<std::vector<std::string>> commands;
  commands.reserve(keys.size());
  for (const auto& key : keys)
    commands.push_back({"XREVRANGE", key, "+", "-", "COUNT", "1"});
  auto replies = redis_.Pipeline(commands);
  if (!replies.ok()) return false;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const redisReply* reply = (*replies)[i].get();
    std::string id = "0-0";
    if (IsArray(reply) && reply->elements > 0 && IsArray(reply->element[0]) &&
        reply->element[0]->elements > 0) {
      id = Text(reply->element[0]->element[0]);
    }
    ids[keys[i]] = std::move(id);
  }
  return true;
}

template <typename Call>
void StreamTailHub::Dispatch(const std::vector<Listener*>& targets, Call call) {
  {
    sync::MutexLock lock(mu_);
    dispatch_.Begin(targets);
  }
  for (Listener* l : targets)
    call(l);
  sync::MutexLock lock(mu_);
  dispatch_.End();
}

void StreamTailHub::Wake(const std::set<std::string>& keys) {
  std::vector<Listener*> targets;
  {
    sync::MutexLock lock(mu_);
    for (const auto& key : keys) {
      auto it = listeners_.find(key);
      if (it != listeners_.end())
        targets.insert(targets.end(), it->second.begin(), it->second.end());
    }
  }
  Dispatch(targets, [](Listener* l) { l->OnAppended(); });
}

std::vector<StreamTailHub::Listener*> StreamTailHub::AllListeners() const {
  std::vector<Listener*> out;
  for (const auto& [key, set] : listeners_)
    out.insert(out.end(), set.begin(), set.end());
  return out;
}

void StreamTailHub::WakeAll() {
  std::vector<Listener*> targets;
  {
    sync::MutexLock lock(mu_);
    targets = AllListeners();
  }
  Dispatch(targets, [](Listener* l) { l->OnAppended(); });
}

void StreamTailHub::TickAll(std::chrono::steady_clock::time_point now) {
  std::vector<Listener*> targets;
  {
    sync::MutexLock lock(mu_);
    targets = AllListeners();
  }
  Dispatch(targets, [now](Listener* l) { l->OnTick(now); });
}

void StreamTailHub::Run() {
  using Clock = std::chrono::steady_clock;
  std::map<std::string, std::string> ids;  // key -> the last id seen
  std::uint64_t seen_generation = ~std::uint64_t{0};
  std::vector<std::string> keys;
  auto next_tick = Clock::now() + options_.tick;
  bool connected_once = false;
  bool healthy = true;  // log changes, not every failed attempt
  bool wake_all = false;
  for (;;) {
    {
      sync::MutexLock lock(mu_);
      if (stopping_) return;
      if (generation_ != seen_generation) {
        keys.clear();
        for (const auto& [key, set] : listeners_)
          keys.push_back(key);
        seen_generation = generation_;
      }
      if (keys.empty()) {
        cv_.wait_until(lock, next_tick, [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
          return stopping_ || generation_ != seen_generation;
        });
        if (stopping_) return;
      }
    }
    auto now = Clock::now();
    if (now >= next_tick) {
      TickAll(now);
      next_tick = now + options_.tick;
    }
    if (keys.empty()) continue;

    if (!redis_.connected()) {
      if (!redis_.Connect().ok()) {
        if (healthy) {
          spdlog::warn("feeds: redis at {} unreachable; stream wake-ups paused, retrying",
                       redis_.address().ToString());
          healthy = false;
        }
        const auto backoff = redis_.NextBackoff();
        sync::MutexLock lock(mu_);
        cv_.wait_for(lock, std::min(backoff, options_.tick),
                     [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; });
        continue;
      }
      if (connected_once)
        spdlog::info("feeds: reconnected to redis at {}", redis_.address().ToString());
      connected_once = true;
      healthy = true;
      ids.clear();  // re-read every tip, and wake everyone: something may have come meanwhile
      wake_all = true;
    }

    std::erase_if(ids, [&](const auto& kv) {
      return !std::binary_search(keys.begin(), keys.end(), kv.first);
    });
    std::vector<std::string> fresh;
    for (const auto& key : keys) {
      if (!ids.contains(key)) fresh.push_back(key);
    }
    if (!fresh.empty()) {
      if (!ResolveTips(fresh, ids)) {
        redis_.Disconnect();
        continue;
      }
      if (!wake_all) Wake(std::set<std::string>(fresh.begin(), fresh.end()));
    }
    if (wake_all) {
      WakeAll();
      wake_all = false;
    }

    now = Clock::now();
    const auto until_tick = std::chrono::duration_cast<std::chrono::milliseconds>(next_tick - now);
    const auto block = std::clamp(until_tick, std::chrono::milliseconds(1), options_.block);
    std::vector<std::string> argv = {"XREAD",  "COUNT", "1", "BLOCK", std::to_string(block.count()),
                                     "STREAMS"};
    argv.reserve(argv.size() + 2 * keys.size());
    for (const auto& key : keys)
      argv.push_back(key);
    for (const auto& key : keys)
      argv.push_back(ids[key]);
    auto reply = redis_.Command(argv);
    if (!reply.ok()) {
      // A broken connection is dropped already; an error reply drops it too, as a reset.
      if (redis_.connected())
        spdlog::warn("feeds: XREAD failed: {}", AsStd(reply.status().message()));
      redis_.Disconnect();
      continue;
    }
    const redisReply* r = reply->get();
    if (!IsArray(r)) continue;  // nil: nothing within BLOCK
    std::vector<std::string> appended;
    for (size_t s = 0; s < r->elements; ++s) {
      const redisReply* per_stream = r->element[s];
      if (per_stream->type != REDIS_REPLY_ARRAY || per_stream->elements < 1) continue;
      appended.push_back(Text(per_stream->element[0]));
    }
    reply = absl::StatusOr<Reply>();
    if (appended.empty()) continue;
    // COUNT 1 then a jump to the tip: a burst of thousands of entries costs two round trips, not
    // thousands. Whatever came between the XREAD and the jump is at or before the new tip, and
    // the wake-up below comes after the jump.
    if (!ResolveTips(appended, ids)) {
      redis_.Disconnect();
      continue;
    }
    Wake(std::set<std::string>(appended.begin(), appended.end()));
  }
}

}  // namespace lintas::redis
