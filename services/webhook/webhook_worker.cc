#include "services/webhook/webhook_worker.h"

#include <algorithm>
#include <charconv>
#include <random>

#include "absl/strings/str_cat.h"
#include "adapters/http/cloudevent_json.h"
#include "core/notify/retry_schedule.h"
#include "core/util/string_view.h"
#include "google/protobuf/util/json_util.h"
#include "lintas/v1/envelope.pb.h"
#include "spdlog/spdlog.h"

namespace lintas::webhook {
namespace {

using std::chrono::milliseconds;

// KEYS[1] lease  ARGV[1] token  ARGV[2] ttl ms
// 1: renewed (still ours), 2: acquired now (it was free), 0: another process holds it.
constexpr char kLeaseScript[] = R"lua(
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 2
)lua";

// KEYS[1] lease  ARGV[1] token
constexpr char kReleaseScript[] = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
)lua";

// KEYS[1] cursor  KEYS[2] lease  KEYS[3] retry state  ARGV[1] token  ARGV[2] cursor  ARGV[3] ttl
// Moves the cursor forward only, and only for the lease holder: a process that lost its lease
// while a POST hung cannot move the cursor of the one that took over. 1 done, 0 lease lost.
constexpr char kAdvanceScript[] = R"lua(
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  if not ms then return nil end
  return tonumber(ms), tonumber(seq)
end
local nms, nseq = parse(ARGV[2])
if not nms then return redis.error_reply('ERR cursor is not a stream id') end
local current = redis.call('GET', KEYS[1])
local cms, cseq = nil, nil
if current then cms, cseq = parse(current) end
if not cms or cms < nms or (cms == nms and cseq < nseq) then
  redis.call('SET', KEYS[1], ARGV[2])
end
redis.call('DEL', KEYS[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
)lua";

std::int64_t ToMillis(core::Timestamp t) {
  return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
}

std::string Text(const redisReply* r) {
  return r != nullptr && (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS)
             ? std::string(r->str, r->len)
             : std::string();
}

absl::StatusOr<redis::Reply> Call(redis::PipelinedClient& redis,
                                  std::initializer_list<std::string_view> argv) {
  auto reply = redis.Command(argv);
  if (!reply.ok()) return reply.status();
  if ((*reply)->type == REDIS_REPLY_ERROR) return redis::StatusFromErrorReply(**reply);
  return reply;
}

std::int64_t ParseInt(const std::string& s) {
  std::int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// Redis being away is worth waiting for; anything else about an entry counts as a failed attempt.
bool IsTransient(const absl::Status& s) {
  return s.code() == absl::StatusCode::kUnavailable ||
         s.code() == absl::StatusCode::kDeadlineExceeded;
}

}  // namespace

absl::StatusOr<std::string> WebhookDocument(const redis::InboxItem& item,
                                            const v1::Notification& notification) {
  v1::EventEnvelope attributes;
  attributes.set_id(item.event_id);
  attributes.set_source(kWebhookSource);
  attributes.set_type(item.event_type);
  attributes.set_subject(item.case_id);
  if (notification.event().has_time()) *attributes.mutable_time() = notification.event().time();
  attributes.set_sequence(notification.event().sequence());
  std::string data;
  const auto printed = google::protobuf::util::MessageToJsonString(notification, &data);
  if (!printed.ok()) {
    return absl::InternalError(
        absl::StrCat("notification does not print as JSON: ", printed.ToString()));
  }
  return http::RenderCloudEventJson(attributes, data);
}

class WebhookWorker::AgencyLoop {
 public:
  AgencyLoop(WebhookWorker& worker, const core::Agency& agency, const config::WebhookConfig& hook)
      : w_(worker),
        agency_(agency),
        hook_(hook),
        sender_(SenderOptions(hook)),
        // Long enough for one POST at its worst (connect, send and receive each time out).
        lease_ttl_(std::max(worker.options_.lease_ttl, milliseconds(3 * hook.timeout_ms + 5000))),
        rng_(std::random_device{}()) {
    token_ = absl::StrCat(worker.options_.owner, "/", rng_());
  }

  void Run() {
    spdlog::info("webhook {}: delivering its inbox (max {} attempts or {} ms of failures)",
                 agency_.id, hook_.max_attempts, hook_.max_age_ms);
    next_stats_ = std::chrono::steady_clock::now() + w_.options_.stats_interval;
    bool holding = false;
    while (!w_.stopping()) {
      LogStatsIfDue();
      const int lease = Lease();
      if (lease <= 0) {
        if (holding) spdlog::info("webhook {}: another process holds the lease now", agency_.id);
        holding = false;
        // Another process delivers (0), or Redis is away (-1): look again later.
        if (!w_.Wait(lease == 0 ? lease_ttl_ / 3 : w_.options_.redis_retry)) break;
        continue;
      }
      if (!holding) spdlog::info("webhook {}: lease taken, delivering", agency_.id);
      holding = true;
      auto cursor = Call(w_.deps_.redis, {"GET", w_.keys_.WebhookCursor(agency_.id)});
      if (!cursor.ok()) {
        RedisTrouble(cursor.status());
        continue;
      }
      auto page = w_.deps_.inbox.ReadAfter(agency_.id, Text(cursor->get()), w_.options_.page_size);
      if (!page.ok()) {
        RedisTrouble(page.status());
        continue;
      }
      if (page->empty()) {
        w_.Wait(w_.options_.idle_poll);
        continue;
      }
      for (const redis::InboxEntry& entry : *page) {
        if (Deliver(entry) != Step::kDone) break;  // the outer loop re-reads the cursor
      }
    }
    LogStats();
  }

  void ReleaseLease() {
    auto released = Call(w_.deps_.redis,
                         {"EVAL", kReleaseScript, "1", w_.keys_.WebhookLease(agency_.id), token_});
    if (!released.ok()) {
      spdlog::warn("webhook {}: lease not released (it lapses by itself): {}", agency_.id,
                   AsStd(released.status().message()));
    }
  }

  const std::string& id() const { return agency_.id; }
  WebhookStats Stats() const {
    return {delivered_.load(), retries_.load(), dead_lettered_.load(), skipped_.load()};
  }

 private:
  enum class Step { kDone, kStop, kLeaseLost };

  static http::WebhookSenderOptions SenderOptions(const config::WebhookConfig& hook) {
    http::WebhookSenderOptions o;
    o.connect_timeout = o.read_timeout = o.write_timeout = milliseconds(hook.timeout_ms);
    o.ca_file = hook.ca_file;
    return o;
  }

  // 1 renewed, 2 acquired, 0 held by another process, -1 Redis error.
  int Lease() {
    auto r = Call(w_.deps_.redis, {"EVAL", kLeaseScript, "1", w_.keys_.WebhookLease(agency_.id),
                                   token_, std::to_string(lease_ttl_.count())});
    if (!r.ok()) {
      spdlog::warn("webhook {}: redis: {}", agency_.id, AsStd(r.status().message()));
      return -1;
    }
    return static_cast<int>((*r)->integer);
  }

  void RedisTrouble(const absl::Status& s) {
    spdlog::warn("webhook {}: redis: {}", agency_.id, AsStd(s.message()));
    w_.Wait(w_.options_.redis_retry);
  }

  // Moves the cursor past `cursor`; kLeaseLost if this process no longer holds the lease.
  // Retries while Redis is away: the effect (a POST, a dead letter) already happened.
  Step Advance(const std::string& cursor) {
    while (true) {
      auto r = Call(w_.deps_.redis,
                    {"EVAL", kAdvanceScript, "3", w_.keys_.WebhookCursor(agency_.id),
                     w_.keys_.WebhookLease(agency_.id), w_.keys_.WebhookRetry(agency_.id), token_,
                     cursor, std::to_string(lease_ttl_.count())});
      if (r.ok()) return (*r)->integer == 1 ? Step::kDone : Step::kLeaseLost;
      RedisTrouble(r.status());
      if (w_.stopping()) return Step::kStop;
    }
  }

  struct RetryState {
    int attempts = 0;
    core::Timestamp first;
  };

  // The entry's earlier failures, when this (or a previous) holder was retrying it.
  RetryState LoadRetryState(const std::string& cursor) {
    RetryState state{0, w_.deps_.clock.Now()};
    auto r = Call(w_.deps_.redis,
                  {"HMGET", w_.keys_.WebhookRetry(agency_.id), "entry", "attempts", "first"});
    if (!r.ok() || (*r)->type != REDIS_REPLY_ARRAY || (*r)->elements != 3) return state;
    if (Text((*r)->element[0]) != cursor) return state;
    state.attempts = static_cast<int>(ParseInt(Text((*r)->element[1])));
    state.first = core::Timestamp(milliseconds(ParseInt(Text((*r)->element[2]))));
    return state;
  }

  void SaveRetryState(const std::string& cursor, const RetryState& state) {
    auto r = Call(w_.deps_.redis,
                  {"HSET", w_.keys_.WebhookRetry(agency_.id), "entry", cursor, "attempts",
                   std::to_string(state.attempts), "first", std::to_string(ToMillis(state.first))});
    if (!r.ok()) {
      // Only the limits' memory across a restart is lost; delivery goes on.
      spdlog::warn("webhook {}: retry state not saved: {}", agency_.id,
                   AsStd(r.status().message()));
    }
  }

  // Same fields and layout as StreamConsumer::DeadLetter, so the dlq tooling reads it.
  absl::Status DeadLetter(const redis::InboxEntry& entry, const absl::Status& why, int attempts) {
    const redis::InboxItem& i = entry.item;
    auto r = Call(w_.deps_.redis, {"XADD",
                                   w_.keys_.WebhookDeadLetters(agency_.id),
                                   "*",
                                   "source_stream",
                                   w_.keys_.Inbox(agency_.id),
                                   "source_id",
                                   entry.cursor,
                                   "group",
                                   absl::StrCat("webhook:", agency_.id),
                                   "error",
                                   absl::StrCat("after ", attempts, " attempts: ", why.message()),
                                   "f:event",
                                   i.event_id,
                                   "f:type",
                                   i.event_type,
                                   "f:case",
                                   i.case_id,
                                   "f:stream",
                                   i.source_stream,
                                   "f:entry",
                                   i.source_entry});
    return r.ok() ? absl::OkStatus() : r.status();
  }

  // Delivers one entry, retrying it until it is delivered, skipped or dead-lettered.
  Step Deliver(const redis::InboxEntry& entry) {
    const redis::InboxItem& item = entry.item;
    RetryState state = LoadRetryState(entry.cursor);
    while (!w_.stopping()) {
      // Renewed before every attempt; a lapse means another process may have moved on.
      const int lease = Lease();
      if (lease != 1) {
        if (lease == -1) w_.Wait(w_.options_.redis_retry);
        return Step::kLeaseLost;
      }
      absl::Status failure;
      auto notification = w_.deps_.views.Render(agency_, entry);
      if (notification.status().code() == absl::StatusCode::kNotFound) {
        // The agency may no longer see the case (or the event is gone): nothing to send.
        spdlog::info("webhook {}: skipped event {} of case {}: not visible to the agency, or gone",
                     agency_.id, item.event_id, item.case_id);
        const Step step = Advance(entry.cursor);
        if (step == Step::kDone) ++skipped_;
        return step;
      }
      if (!notification.ok() && IsTransient(notification.status())) {
        RedisTrouble(notification.status());
        continue;  // not the receiver's fault: no attempt counted
      }
      if (!notification.ok()) {
        failure = notification.status();
      } else {
        auto document = WebhookDocument(item, *notification);
        failure = document.ok()
                      ? sender_.Send(hook_.url, hook_.secret, *document, w_.deps_.clock.Now())
                      : document.status();
      }
      ++state.attempts;
      if (state.attempts > 1) ++retries_;
      if (failure.ok()) {
        ++delivered_;  // the receiver has it, whether or not this process moves the cursor
        return Advance(entry.cursor);
      }
      const core::Timestamp now = w_.deps_.clock.Now();
      if (core::ShouldDeadLetter(state.attempts, hook_.max_attempts, state.first, now,
                                 milliseconds(hook_.max_age_ms))) {
        spdlog::error("webhook {}: event {} of case {} dead-lettered after {} attempts: {}",
                      agency_.id, item.event_id, item.case_id, state.attempts,
                      AsStd(failure.message()));
        while (true) {
          const absl::Status s = DeadLetter(entry, failure, state.attempts);
          if (s.ok()) break;
          RedisTrouble(s);
          if (w_.stopping()) return Step::kStop;
        }
        const Step step = Advance(entry.cursor);
        if (step != Step::kStop) ++dead_lettered_;
        return step;
      }
      SaveRetryState(entry.cursor, state);
      const milliseconds delay =
          core::NextDelay(state.attempts, milliseconds(hook_.initial_backoff_ms),
                          milliseconds(hook_.max_backoff_ms),
                          std::uniform_real_distribution<double>(0.0, 1.0)(rng_));
      // Error messages name host and port only (a URL path may carry a token), never the body.
      spdlog::warn("webhook {}: attempt {} for event {} of case {} failed, next in {} ms: {}",
                   agency_.id, state.attempts, item.event_id, item.case_id, delay.count(),
                   AsStd(failure.message()));
      if (!w_.Wait(delay)) break;
    }
    return Step::kStop;
  }

  void LogStatsIfDue() {
    if (std::chrono::steady_clock::now() < next_stats_) return;
    next_stats_ = std::chrono::steady_clock::now() + w_.options_.stats_interval;
    LogStats();
  }

  void LogStats() const {
    const WebhookStats s = Stats();
    spdlog::info("webhook {}: delivered {} retries {} dead-lettered {} skipped {}", agency_.id,
                 s.delivered, s.retries, s.dead_lettered, s.skipped);
  }

  WebhookWorker& w_;
  const core::Agency agency_;
  const config::WebhookConfig hook_;
  const http::WebhookSender sender_;
  const milliseconds lease_ttl_;
  std::mt19937_64 rng_;  // jitter only: it needs spread, not secrecy
  std::string token_;
  std::chrono::steady_clock::time_point next_stats_;
  std::atomic<std::int64_t> delivered_{0}, retries_{0}, dead_lettered_{0}, skipped_{0};
};

WebhookWorker::WebhookWorker(Deps deps,
                             std::map<std::string, config::WebhookConfig, std::less<>> hooks,
                             WebhookWorkerOptions options)
    : deps_(deps),
      hooks_(std::move(hooks)),
      options_(std::move(options)),
      keys_(deps.inbox.keys()) {}

WebhookWorker::~WebhookWorker() {
  Stop();
}

absl::Status WebhookWorker::Start() {
  if (!loops_.empty() || stop_) {
    return absl::FailedPreconditionError("a webhook worker starts once");
  }
  for (const auto& [id, hook] : hooks_) {
    const core::Agency* agency = deps_.agencies.Find(id);
    if (agency == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("webhook for unknown agency '", id, "'"));
    }
    loops_.push_back(std::make_unique<AgencyLoop>(*this, *agency, hook));
  }
  for (auto& loop : loops_)
    threads_.emplace_back([l = loop.get()] { l->Run(); });
  return absl::OkStatus();
}

void WebhookWorker::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stop_.exchange(true)) return;  // stopped already
  }
  cv_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
  // The loops stay (their counters too); only the leases go.
  for (auto& loop : loops_)
    loop->ReleaseLease();
}

bool WebhookWorker::Wait(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  return !cv_.wait_for(lock, d, [this] { return stop_.load(); });
}

WebhookStats WebhookWorker::Stats(std::string_view agency) const {
  for (const auto& loop : loops_) {
    if (loop->id() == agency) return loop->Stats();
  }
  return {};
}

WebhookStats WebhookWorker::Totals() const {
  WebhookStats total;
  for (const auto& loop : loops_) {
    const WebhookStats s = loop->Stats();
    total.delivered += s.delivered;
    total.retries += s.retries;
    total.dead_lettered += s.dead_lettered;
    total.skipped += s.skipped;
  }
  return total;
}

}  // namespace lintas::webhook
