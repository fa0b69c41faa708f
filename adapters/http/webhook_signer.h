#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/domain/time.h"

namespace lintas::http {

// Signs webhook bodies so that an agency can tell a Lintas delivery from a forgery or a replay.
//
// The scheme (stable; agencies implement it in their own language):
//   - Every POST carries the header
//         Lintas-Signature: t=<unix seconds>,v1=<lowercase hex HMAC-SHA256>
//   - v1 = HMAC-SHA256(key = the agency's webhook secret as bytes,
//                      message = "<t as decimal ASCII>" + "." + <the raw request body bytes>).
//   - The receiver recomputes v1 over the body exactly as received (before any JSON parsing),
//     compares in constant time, and refuses a t more than a few minutes (we use 5) away from
//     its own clock, so that a captured request cannot be replayed later.
//   - Unknown keys in the header are ignored, so a future "v2" can be added alongside v1.
//
// Verification in Python 3 (secret and body are bytes, header the Lintas-Signature value):
//   p = dict(kv.split("=", 1) for kv in header.split(","))
//   mac = hmac.new(secret, p["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
//   ok = hmac.compare_digest(mac, p["v1"]) and abs(time.time() - int(p["t"])) <= 300
class WebhookSigner {
 public:
  static constexpr char kHeaderName[] = "Lintas-Signature";

  // Lowercase hex HMAC-SHA256(secret, "<unix_seconds>.<body>").
  static absl::StatusOr<std::string> ComputeHex(std::string_view secret, long long unix_seconds,
                                                std::string_view body);

  // The Lintas-Signature header value for `body` sent at `at` (truncated to whole seconds).
  // INVALID_ARGUMENT for an empty secret: anyone could forge such a signature.
  static absl::StatusOr<std::string> Sign(std::string_view secret, core::Timestamp at,
                                          std::string_view body);

  // True only if `header_value` is well formed, its timestamp is within `tolerance` of `now`
  // (either side) and one of its v1 signatures matches `body` under `secret`.
  static bool Verify(std::string_view secret, std::string_view header_value, std::string_view body,
                     core::Timestamp now, std::chrono::seconds tolerance);
};

}  // namespace lintas::http
