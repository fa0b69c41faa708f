// The Lintas-Signature header parser, on any header value: Verify must never crash, and must
// never accept a header it did not produce for this body (the input's first byte splits it into
// header and body; the secret is fixed).
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "absl/strings/ascii.h"
#include "adapters/http/webhook_signer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t split = std::min<std::size_t>(data[0], size - 1);
  const std::string_view header(reinterpret_cast<const char*>(data + 1), split);
  const std::string_view body(reinterpret_cast<const char*>(data + 1 + split), size - 1 - split);
  const lintas::core::Timestamp now{std::chrono::seconds(1'800'000'000)};
  const bool ok = lintas::http::WebhookSigner::Verify("fuzz secret", header, body, now,
                                                      std::chrono::seconds(300));
  if (ok) {
    // Accepted: then the header must contain the real signature for some t near now; a fuzzer
    // finding an HMAC by chance would be a broken HMAC. (Hex digits of either case are accepted.)
    const std::string lower = absl::AsciiStrToLower(std::string(header));
    bool genuine = false;
    for (long long t = 1'800'000'000 - 300; t <= 1'800'000'000 + 300 && !genuine; ++t) {
      auto mac = lintas::http::WebhookSigner::ComputeHex("fuzz secret", t, body);
      genuine = mac.ok() && lower.find(*mac) != std::string::npos;
    }
    if (!genuine) std::abort();
  }
  return 0;
}
