#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/domain/time.h"

namespace lintas::http {

struct WebhookSenderOptions {
  std::chrono::milliseconds connect_timeout{2000};
  // A receiver that accepts the connection and then stalls must not hold a delivery slot forever.
  std::chrono::milliseconds read_timeout{5000};
  std::chrono::milliseconds write_timeout{5000};
};

// An http:// webhook address split into what httplib::Client needs.
struct WebhookUrl {
  std::string host;
  int port = 80;
  std::string path = "/";  // with the query, if any
};

// Accepts http://host[:port][/path][?query] only. INVALID_ARGUMENT otherwise: other schemes,
// user info, fragments, empty hosts, bad ports.
absl::StatusOr<WebhookUrl> ParseWebhookUrl(std::string_view url);

// Posts one CloudEvents document to one agency's webhook, signed (see webhook_signer.h). One
// attempt per call: retries and dead-lettering are the caller's (see core/notify/retry_schedule.h).
// Plain HTTP: receivers terminate TLS in front of themselves, or sit on a private network.
// Thread-safe: every call uses its own connection.
class WebhookSender {
 public:
  explicit WebhookSender(WebhookSenderOptions options = {}) : options_(options) {}

  // OK for 2xx.
  // UNAVAILABLE (retry later): connection or timeout errors, 5xx, 408, 429.
  // FAILED_PRECONDITION (do not retry, the receiver refuses it): 3xx and other 4xx.
  // INVALID_ARGUMENT: a bad URL or an empty secret.
  // Errors name host and port only: a path may carry an access token.
  absl::Status Send(std::string_view url, std::string_view secret, std::string_view document,
                    core::Timestamp now) const;

  static constexpr char kContentType[] = "application/cloudevents+json";

 private:
  WebhookSenderOptions options_;
};

}  // namespace lintas::http
