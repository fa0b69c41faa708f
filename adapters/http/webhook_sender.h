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
  // https only: a PEM file of the CAs to trust for the receiver's certificate (a private CA);
  // empty: the system's trust store. The certificate and its host name are always verified.
  std::string ca_file;
};

// A webhook address split into what httplib::Client needs.
struct WebhookUrl {
  bool https = false;
  std::string host;        // an IPv6 literal without its brackets
  int port = 80;           // 443 by default for https
  std::string path = "/";  // with the query, if any
};

// Accepts http[s]://host[:port][/path][?query] only. INVALID_ARGUMENT otherwise: other schemes,
// user info, fragments, empty hosts, bad ports. Which hosts plain http may reach is the config's
// decision (adapters/config: loopback only).
absl::StatusOr<WebhookUrl> ParseWebhookUrl(std::string_view url);

// Posts one CloudEvents document to one agency's webhook, signed (see webhook_signer.h). One
// attempt per call: retries and dead-lettering are the caller's (see core/notify/retry_schedule.h).
// https verifies the receiver's certificate chain and host name (OpenSSL through cpp-httplib);
// plain http carries the signature but no confidentiality, so the config allows it to loopback
// only (a TLS-terminating proxy next to the receiver, or tests). Thread-safe: every call uses its
// own connection.
class WebhookSender {
 public:
  explicit WebhookSender(WebhookSenderOptions options = {}) : options_(options) {}

  // OK for 2xx.
  // UNAVAILABLE (retry later): connection or timeout errors, 5xx, 408, 429.
  // FAILED_PRECONDITION (do not retry, the receiver refuses it): 3xx and other 4xx.
  // INVALID_ARGUMENT: a bad URL or an empty secret.
  // A TLS handshake or certificate failure is UNAVAILABLE too: it is what a receiver restarting
  // behind a load balancer looks like, and an operator fixes a bad certificate without losing
  // the backlog.
  // Errors name host and port only: a path may carry an access token.
  absl::Status Send(std::string_view url, std::string_view secret, std::string_view document,
                    core::Timestamp now) const;

  static constexpr char kContentType[] = "application/cloudevents+json";

 private:
  WebhookSenderOptions options_;
};

}  // namespace lintas::http
