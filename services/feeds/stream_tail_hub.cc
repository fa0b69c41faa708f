#include "services/feeds/stream_tail_hub.h"

#include <sys/time.h>

#include <algorithm>

#include "spdlog/spdlog.h"

namespace lintas::feeds {
namespace {

timeval ToTimeval(std::chrono::milliseconds ms) {
  return timeval{static_cast<time_t>(ms.count() / 1000),
                 static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

std::string Text(const redisReply* r) {
  return r != nullptr && (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS ||
                          r->type == REDIS_REPLY_ERROR)
             ? std::string(r->str, r->len)
             : std::string();
}

}  // namespace

StreamTailHub::StreamTailHub(redis::RedisAddress address, Options options)
    : address_(std::move(address)), options_(options) {
  thread_ = std::thread([this] { Run(); });
}

StreamTailHub::~StreamTailHub() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void StreamTailHub::Add(const std::string& key, Listener* listener) {
  {
    std::lock_guard lock(mu_);
    auto& set = listeners_[key];
    if (set.empty()) ++generation_;
    set.insert(listener);
  }
  cv_.notify_all();
}

void StreamTailHub::Remove(const std::string& key, Listener* listener) {
  {
    std::lock_guard lock(mu_);
    auto it = listeners_.find(key);
    if (it != listeners_.end()) {
      it->second.erase(listener);
      if (it->second.empty()) {
        listeners_.erase(it);
        ++generation_;
      }
    }
  }
  // A dispatch that copied the listener before the erase finishes before this returns.
  std::lock_guard wait(dispatch_mu_);
}

std::size_t StreamTailHub::keys() const {
  std::lock_guard lock(mu_);
  return listeners_.size();
}

std::size_t StreamTailHub::listeners() const {
  std::lock_guard lock(mu_);
  std::size_t n = 0;
  for (const auto& [key, set] : listeners_)
    n += set.size();
  return n;
}

bool StreamTailHub::Connect() {
  const timeval tv = ToTimeval(options_.connect_timeout);
  redisContext* c = address_.is_unix
                        ? redisConnectUnixWithTimeout(address_.host.c_str(), tv)
                        : redisConnectWithTimeout(address_.host.c_str(), address_.port, tv);
  if (c == nullptr || c->err != 0) {
    if (c != nullptr) redisFree(c);
    return false;
  }
  // A blocked XREAD must outlast its BLOCK time; anything else answers at once.
  redisSetTimeout(c, ToTimeval(options_.block + std::chrono::seconds(5)));
  ctx_.reset(c);
  return true;
}

StreamTailHub::Reply StreamTailHub::Command(const std::vector<std::string>& argv) {
  std::vector<const char*> args;
  std::vector<size_t> lens;
  args.reserve(argv.size());
  lens.reserve(argv.size());
  for (const auto& a : argv) {
    args.push_back(a.data());
    lens.push_back(a.size());
  }
  auto* raw = static_cast<redisReply*>(
      redisCommandArgv(ctx_.get(), static_cast<int>(args.size()), args.data(), lens.data()));
  return Reply(raw);
}

bool StreamTailHub::ResolveTips(const std::vector<std::string>& keys,
                                std::map<std::string, std::string>& ids) {
  // Pipelined: one round trip however many keys are new.
  for (const auto& key : keys) {
    const char* argv[] = {"XREVRANGE", key.c_str(), "+", "-", "COUNT", "1"};
    const size_t lens[] = {9, key.size(), 1, 1, 5, 1};
    if (redisAppendCommandArgv(ctx_.get(), 6, argv, lens) != REDIS_OK) return false;
  }
  for (const auto& key : keys) {
    void* raw = nullptr;
    if (redisGetReply(ctx_.get(), &raw) != REDIS_OK || raw == nullptr) return false;
    Reply reply(static_cast<redisReply*>(raw));
    if (reply->type == REDIS_REPLY_ERROR) return false;
    std::string id = "0-0";
    if (reply->type == REDIS_REPLY_ARRAY && reply->elements > 0 &&
        reply->element[0]->type == REDIS_REPLY_ARRAY && reply->element[0]->elements > 0) {
      id = Text(reply->element[0]->element[0]);
    }
    ids[key] = std::move(id);
  }
  return true;
}

void StreamTailHub::Wake(const std::set<std::string>& keys) {
  std::lock_guard dispatch(dispatch_mu_);
  std::vector<Listener*> targets;
  {
    std::lock_guard lock(mu_);
    for (const auto& key : keys) {
      auto it = listeners_.find(key);
      if (it != listeners_.end())
        targets.insert(targets.end(), it->second.begin(), it->second.end());
    }
  }
  for (Listener* l : targets)
    l->OnAppended();
}

std::vector<StreamTailHub::Listener*> StreamTailHub::AllListeners() const {
  std::vector<Listener*> out;
  std::lock_guard lock(mu_);
  for (const auto& [key, set] : listeners_)
    out.insert(out.end(), set.begin(), set.end());
  return out;
}

void StreamTailHub::WakeAll() {
  std::lock_guard dispatch(dispatch_mu_);
  for (Listener* l : AllListeners())
    l->OnAppended();
}

void StreamTailHub::TickAll(std::chrono::steady_clock::time_point now) {
  std::lock_guard dispatch(dispatch_mu_);
  for (Listener* l : AllListeners())
    l->OnTick(now);
}

void StreamTailHub::Run() {
  using Clock = std::chrono::steady_clock;
  std::map<std::string, std::string> ids;  // key -> the last id seen
  std::uint64_t seen_generation = ~std::uint64_t{0};
  std::vector<std::string> keys;
  auto next_tick = Clock::now() + options_.tick;
  auto backoff = std::chrono::milliseconds(100);
  bool connected_once = false;
  bool healthy = true;  // log changes, not every failed attempt
  bool wake_all = false;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      if (stopping_) return;
      if (generation_ != seen_generation) {
        keys.clear();
        for (const auto& [key, set] : listeners_)
          keys.push_back(key);
        seen_generation = generation_;
      }
      if (keys.empty()) {
        cv_.wait_until(lock, next_tick,
                       [&] { return stopping_ || generation_ != seen_generation; });
        if (stopping_) return;
      }
    }
    auto now = Clock::now();
    if (now >= next_tick) {
      TickAll(now);
      next_tick = now + options_.tick;
    }
    if (keys.empty()) continue;

    if (!ctx_) {
      if (!Connect()) {
        if (healthy) {
          spdlog::warn("feeds: redis at {} unreachable; stream wake-ups paused, retrying",
                       address_.ToString());
          healthy = false;
        }
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, std::min(backoff, options_.tick), [&] { return stopping_; });
        backoff = std::min(backoff * 2, options_.max_backoff);
        continue;
      }
      if (connected_once) {
        reconnects_.fetch_add(1);
        spdlog::info("feeds: reconnected to redis at {}", address_.ToString());
      }
      connected_once = true;
      healthy = true;
      backoff = std::chrono::milliseconds(100);
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
        ctx_.reset();
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
    Reply reply = Command(argv);
    if (!reply || reply->type == REDIS_REPLY_ERROR) {
      if (reply) spdlog::warn("feeds: XREAD failed: {}", Text(reply.get()));
      ctx_.reset();
      continue;
    }
    if (reply->type != REDIS_REPLY_ARRAY) continue;  // nil: nothing within BLOCK
    std::vector<std::string> appended;
    for (size_t s = 0; s < reply->elements; ++s) {
      const redisReply* per_stream = reply->element[s];
      if (per_stream->type != REDIS_REPLY_ARRAY || per_stream->elements < 1) continue;
      appended.push_back(Text(per_stream->element[0]));
    }
    reply.reset();
    if (appended.empty()) continue;
    // COUNT 1 then a jump to the tip: a burst of thousands of entries costs two round trips, not
    // thousands. Whatever came between the XREAD and the jump is at or before the new tip, and
    // the wake-up below comes after the jump.
    if (!ResolveTips(appended, ids)) {
      ctx_.reset();
      continue;
    }
    Wake(std::set<std::string>(appended.begin(), appended.end()));
  }
}

}  // namespace lintas::feeds
