#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/config/lintasd_config.h"
#include "adapters/http/webhook_sender.h"
#include "adapters/redis/inbox.h"
#include "adapters/redis/pipelined_client.h"
#include "adapters/redis/webhook_delivery_state.h"
#include "adapters/sync/stop_signal.h"
#include "core/domain/agency.h"
#include "core/ports/clock.h"
#include "lintas/v1/notification.pb.h"
#include "services/common/case_views.h"

namespace lintas::webhook {

struct WebhookWorkerOptions {
  int page_size = 32;                               // inbox entries read at a time
  std::chrono::milliseconds idle_poll{500};         // how soon an empty inbox is read again
  std::chrono::milliseconds redis_retry{1000};      // after a Redis error
  std::chrono::milliseconds lease_ttl{30000};       // raised to outlast one POST (3 timeouts)
  std::chrono::milliseconds stats_interval{60000};  // counters logged at info this often
  std::string owner = "lintasd";                    // names the lease holder
  // True when one live process at most uses `owner` (lintasd holds its consumer lease): the
  // lease token is then the owner itself, so a restarted process takes its agencies' leases back
  // at once instead of waiting up to lease_ttl for its dead predecessor's to lapse.
  bool owner_is_unique = false;
};

// What one agency's delivery did since the worker started.
struct WebhookStats {
  std::int64_t delivered = 0;      // entries the receiver took (2xx)
  std::int64_t retries = 0;        // attempts beyond the first, over all entries
  std::int64_t dead_lettered = 0;  // entries given up on (max attempts or max age)
  std::int64_t skipped = 0;        // entries whose case the agency may no longer see
};

// The CloudEvents id and the source every webhook document carries. The id is the event's own,
// so a receiver dedupes redeliveries on it.
constexpr char kWebhookSource[] = "/lintas/notifications";

// Renders one notification as the webhook document: a CloudEvent in structured JSON mode whose
// data is the Notification in the protobuf JSON mapping.
absl::StatusOr<std::string> WebhookDocument(const redis::InboxItem& item,
                                            const v1::Notification& notification);

// Delivers each webhook agency's inbox to its URL, in inbox order (so in order per case), at
// least once:
//   - read the inbox after the agency's webhook cursor; render each entry for the agency
//     (CaseViews::Render: the same redacted Notification the gRPC feed sends); POST it signed;
//   - 2xx: move the cursor past it (in Redis, fenced by the lease) and go on;
//   - anything else: retry the SAME entry after NextDelay (exponential backoff, full jitter),
//     so nothing behind it overtakes it; after max_attempts or max_age it goes to the dead
//     letters (<prefix>:dlq:webhook:<agency>) and delivery goes on;
//   - a case the agency may no longer see (NOT_FOUND) is skipped and counted.
// A crash between a POST and the cursor write delivers that entry again: receivers dedupe on the
// CloudEvents id. One process per agency delivers, whichever holds the agency's lease (SET NX PX,
// renewed on every step); the others wait for it to lapse.
//
// One thread per webhook agency: a receiver that stalls holds its thread for up to three times
// its timeout per attempt, and with a shared thread every other agency would wait behind it.
// Webhook agencies are few (those without a gRPC client), so the threads are too.
class WebhookWorker {
 public:
  struct Deps {
    redis::PipelinedClient& redis;
    redis::Inbox& inbox;
    services::CaseViews& views;
    const core::Clock& clock;
    const core::AgencyRegistry& agencies;
  };
  // Agencies in `hooks` that are not in `deps.agencies` are INVALID_ARGUMENT at Start.
  WebhookWorker(Deps deps, std::map<std::string, config::WebhookConfig, std::less<>> hooks,
                WebhookWorkerOptions options);
  ~WebhookWorker();  // Stop()
  WebhookWorker(const WebhookWorker&) = delete;
  WebhookWorker& operator=(const WebhookWorker&) = delete;

  // Starts one delivery thread per agency.
  absl::Status Start();
  // Wakes every thread from its backoff or poll, lets a POST in flight finish, joins, and
  // releases the leases so that another process can take over at once.
  void Stop();

  WebhookStats Stats(std::string_view agency) const;
  WebhookStats Totals() const;

 private:
  class AgencyLoop;
  friend class AgencyLoop;

  // Waits up to `d`; false when the worker is stopping.
  bool Wait(std::chrono::milliseconds d) { return !stop_.WaitFor(d); }
  bool stopping() const { return stop_.stopped(); }

  Deps deps_;
  std::map<std::string, config::WebhookConfig, std::less<>> hooks_;
  WebhookWorkerOptions options_;
  redis::WebhookDeliveryState state_;  // the lease, cursor and retry state in Redis
  std::vector<std::unique_ptr<AgencyLoop>> loops_;
  std::vector<std::thread> threads_;
  sync::StopSignal stop_;
};

}  // namespace lintas::webhook
