#include "services/webhook/webhook_worker.h"

#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"
#include "adapters/http/cloudevent_json.h"
#include "adapters/sync/thread_name.h"
#include "core/notify/retry_schedule.h"
#include "core/util/string_view.h"
#include "google/protobuf/util/json_util.h"
#include "lintas/v1/envelope.pb.h"
#include "spdlog/spdlog.h"

namespace lintas::webhook {
namespace {

using std::chrono::milliseconds;

std::int64_t ToMillis(core::Timestamp t) {
  return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
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
    token_ = worker.options_.owner_is_unique ? worker.options_.owner
                                             : absl::StrCat(worker.options_.owner, "/", rng_());
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
      auto cursor = w_.state_.Cursor(agency_.id);
      if (!cursor.ok()) {
        RedisTrouble(cursor.status());
        continue;
      }
      auto page = w_.deps_.inbox.ReadAfter(agency_.id, *cursor, w_.options_.page_size);
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
    const absl::Status released = w_.state_.ReleaseLease(agency_.id, token_);
    if (!released.ok()) {
      spdlog::warn("webhook {}: lease not released (it lapses by itself): {}", agency_.id,
                   AsStd(released.message()));
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
    auto r = w_.state_.TakeLease(agency_.id, token_, lease_ttl_);
    if (!r.ok()) {
      spdlog::warn("webhook {}: redis: {}", agency_.id, AsStd(r.status().message()));
      return -1;
    }
    return static_cast<int>(*r);
  }

  void RedisTrouble(const absl::Status& s) {
    spdlog::warn("webhook {}: redis: {}", agency_.id, AsStd(s.message()));
    w_.Wait(w_.options_.redis_retry);
  }

  // Moves the cursor past `cursor`; kLeaseLost if this process no longer holds the lease.
  // Retries while Redis is away: the effect (a POST, a dead letter) already happened.
  Step Advance(const std::string& cursor) {
    while (true) {
      auto r = w_.state_.Advance(agency_.id, token_, cursor, lease_ttl_);
      if (r.ok()) return *r ? Step::kDone : Step::kLeaseLost;
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
    auto r = w_.state_.LoadRetry(agency_.id);
    if (!r.ok() || r->entry != cursor) return state;
    state.attempts = r->attempts;
    state.first = core::Timestamp(milliseconds(r->first_ms));
    return state;
  }

  void SaveRetryState(const std::string& cursor, const RetryState& state) {
    const absl::Status s =
        w_.state_.SaveRetry(agency_.id, {cursor, state.attempts, ToMillis(state.first)});
    if (!s.ok()) {
      // Only the limits' memory across a restart is lost; delivery goes on.
      spdlog::warn("webhook {}: retry state not saved: {}", agency_.id, AsStd(s.message()));
    }
  }

  absl::Status DeadLetter(const redis::InboxEntry& entry, const absl::Status& why, int attempts) {
    return w_.state_.DeadLetter(agency_.id, entry,
                                absl::StrCat("after ", attempts, " attempts: ", why.message()));
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
      state_(deps.redis, deps.inbox.keys()) {}

WebhookWorker::~WebhookWorker() {
  Stop();
}

absl::Status WebhookWorker::Start() {
  if (!loops_.empty() || stop_.stopped()) {
    return absl::FailedPreconditionError("a webhook worker starts once");
  }
  for (const auto& [id, hook] : hooks_) {
    const core::Agency* agency = deps_.agencies.Find(id);
    if (agency == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("webhook for unknown agency '", id, "'"));
    }
    loops_.push_back(std::make_unique<AgencyLoop>(*this, *agency, hook));
  }
  for (std::size_t i = 0; i < loops_.size(); ++i) {
    threads_.emplace_back([l = loops_[i].get(), i] {
      sync::SetThreadName("webhook-" + std::to_string(i));
      l->Run();
    });
  }
  return absl::OkStatus();
}

void WebhookWorker::Stop() {
  if (!stop_.Stop()) return;  // stopped already
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
  // The loops stay (their counters too); only the leases go.
  for (auto& loop : loops_)
    loop->ReleaseLease();
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
