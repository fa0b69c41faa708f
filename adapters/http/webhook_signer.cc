#include "adapters/http/webhook_signer.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <charconv>
#include <memory>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace lintas::http {
namespace {

constexpr size_t kMacSize = 32;
using Mac = std::array<unsigned char, kMacSize>;

struct MacFree {
  void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
};
struct MacCtxFree {
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};

std::optional<Mac> Hmac(std::string_view secret, long long unix_seconds, std::string_view body) {
  std::unique_ptr<EVP_MAC, MacFree> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  if (!mac) return std::nullopt;
  std::unique_ptr<EVP_MAC_CTX, MacCtxFree> ctx(EVP_MAC_CTX_new(mac.get()));
  if (!ctx) return std::nullopt;
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_end(),
  };
  const std::string prefix = absl::StrCat(unix_seconds, ".");
  Mac out{};
  size_t out_len = 0;
  if (EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                   params) != 1 ||
      EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(prefix.data()),
                     prefix.size()) != 1 ||
      EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(body.data()), body.size()) !=
          1 ||
      EVP_MAC_final(ctx.get(), out.data(), &out_len, out.size()) != 1 || out_len != kMacSize) {
    return std::nullopt;
  }
  return out;
}

std::string ToHex(const Mac& mac) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(mac.size() * 2);
  for (unsigned char b : mac) {
    hex.push_back(kDigits[b >> 4]);
    hex.push_back(kDigits[b & 0xf]);
  }
  return hex;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<Mac> FromHex(std::string_view hex) {
  if (hex.size() != kMacSize * 2) return std::nullopt;
  Mac out{};
  for (size_t i = 0; i < kMacSize; ++i) {
    const int hi = HexValue(hex[2 * i]);
    const int lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

absl::StatusOr<std::string> WebhookSigner::ComputeHex(std::string_view secret,
                                                      long long unix_seconds,
                                                      std::string_view body) {
  if (secret.empty()) return absl::InvalidArgumentError("webhook secret is empty");
  std::optional<Mac> mac = Hmac(secret, unix_seconds, body);
  if (!mac) return absl::InternalError("HMAC-SHA256 failed in OpenSSL");
  return ToHex(*mac);
}

absl::StatusOr<std::string> WebhookSigner::Sign(std::string_view secret, core::Timestamp at,
                                                std::string_view body) {
  const long long t = std::chrono::floor<std::chrono::seconds>(at.time_since_epoch()).count();
  absl::StatusOr<std::string> hex = ComputeHex(secret, t, body);
  if (!hex.ok()) return hex.status();
  return absl::StrCat("t=", t, ",v1=", *hex);
}

bool WebhookSigner::Verify(std::string_view secret, std::string_view header_value,
                           std::string_view body, core::Timestamp now,
                           std::chrono::seconds tolerance) {
  if (secret.empty()) return false;
  std::optional<long long> t;
  std::vector<Mac> candidates;
  while (!header_value.empty()) {
    const size_t comma = header_value.find(',');
    const std::string_view part = Trim(header_value.substr(0, comma));
    header_value =
        comma == std::string_view::npos ? std::string_view{} : header_value.substr(comma + 1);
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) return false;
    const std::string_view key = part.substr(0, eq);
    const std::string_view value = part.substr(eq + 1);
    if (key == "t") {
      // Two timestamps would make it ambiguous which one the signature covers.
      if (t.has_value() || value.empty()) return false;
      long long parsed = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
      if (ec != std::errc{} || end != value.data() + value.size() || parsed < 0) return false;
      t = parsed;
    } else if (key == "v1") {
      std::optional<Mac> mac = FromHex(value);
      if (!mac) return false;
      candidates.push_back(*mac);
    }
  }
  if (!t.has_value() || candidates.empty()) return false;

  const long long now_s = std::chrono::floor<std::chrono::seconds>(now.time_since_epoch()).count();
  const long long skew = now_s > *t ? now_s - *t : *t - now_s;
  if (skew > tolerance.count()) return false;

  std::optional<Mac> expected = Hmac(secret, *t, body);
  if (!expected) return false;
  bool match = false;
  for (const Mac& candidate : candidates) {
    // Constant time, so that response timing does not reveal how many bytes of a guess match.
    match |= CRYPTO_memcmp(candidate.data(), expected->data(), kMacSize) == 0;
  }
  return match;
}

}  // namespace lintas::http
