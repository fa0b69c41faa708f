#include "adapters/config/webhook_section.h"

#include <array>
#include <cstdint>
#include <utility>

#include "absl/strings/str_cat.h"
#include "adapters/config/strict_yaml.h"
#include "adapters/http/webhook_sender.h"

namespace lintas::config::yaml {
namespace {

constexpr auto kWebhookKeys =
    std::to_array<absl::string_view>({"url", "secret_file", "ca_file", "max_attempts", "max_age_ms",
                                      "timeout_ms", "initial_backoff_ms", "max_backoff_ms"});
// HMAC-SHA256 keys shorter than the hash add no strength; longer than a page is a wrong file.
constexpr std::size_t kMinWebhookSecretBytes = 32;
constexpr std::size_t kMaxWebhookSecretBytes = 4096;

}  // namespace

absl::Status ParseWebhook(const YAML::Node& node, const std::string& path,
                          const std::filesystem::path& config_dir, WebhookConfig& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, path, kWebhookKeys));
  const std::string upath = Sub(path, "url");
  if (!node["url"]) return Bad(upath, "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(node["url"], upath, out.url));
  // Messages name the host only: a URL's path or query may carry the receiver's access token.
  absl::StatusOr<http::WebhookUrl> url = http::ParseWebhookUrl(out.url);
  if (!url.ok()) return Bad(upath, url.status().message());
  const bool v6 = url->host.find(':') != std::string::npos;
  const std::string host_port =
      absl::StrCat(v6 ? "[" : "", url->host, v6 ? "]" : "", ":", url->port);
  if (!url->https && !IsLoopbackListenAddress(host_port)) {
    return Bad(upath, absl::StrCat("plain http is allowed to a loopback host only (127.0.0.0/8, "
                                   "::1, localhost), not '",
                                   url->host, "'; use https"));
  }

  const std::string spath = Sub(path, "secret_file");
  if (!node["secret_file"]) {
    return Bad(spath, "required (the shared secret lives in a file of its own, never in this one)");
  }
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(node["secret_file"], spath, out.secret_file));
  if (out.secret_file.empty()) return Bad(spath, "required");
  out.secret_file = Resolve(config_dir, out.secret_file);
  absl::StatusOr<std::string> secret = ReadFile(out.secret_file, spath);
  if (!secret.ok()) return secret.status();
  // `echo secret > file` adds a line break the receiver's copy will not have.
  while (!secret->empty() && (secret->back() == '\n' || secret->back() == '\r')) {
    secret->pop_back();
  }
  if (secret->size() < kMinWebhookSecretBytes || secret->size() > kMaxWebhookSecretBytes) {
    return Bad(spath, absl::StrCat("'", out.secret_file, "' holds ", secret->size(),
                                   " bytes; a webhook secret must be 32 to 4096 bytes"));
  }
  out.secret = *std::move(secret);

  if (const YAML::Node ca = node["ca_file"]) {
    const std::string cpath = Sub(path, "ca_file");
    if (!url->https) return Bad(cpath, "only for an https url");
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(ca, cpath, out.ca_file));
    if (out.ca_file.empty()) return Bad(cpath, "empty (omit it to use the system's CAs)");
    out.ca_file = Resolve(config_dir, out.ca_file);
    absl::StatusOr<std::string> pem = ReadFile(out.ca_file, cpath);
    if (!pem.ok()) return pem.status();
    if (pem->find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
      return Bad(cpath, absl::StrCat("'", out.ca_file, "' holds no PEM certificate"));
    }
  }
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadIntInto(node, path, "max_attempts", 1, 1000, out.max_attempts));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, path, "max_age_ms", 1000, std::int64_t{30} * 24 * 3600000, out.max_age_ms));
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadIntInto(node, path, "timeout_ms", 100, 120000, out.timeout_ms));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, path, "initial_backoff_ms", 1, 600000, out.initial_backoff_ms));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, path, "max_backoff_ms", 1, 86400000, out.max_backoff_ms));
  if (out.max_backoff_ms < out.initial_backoff_ms) {
    return Bad(Sub(path, "max_backoff_ms"),
               absl::StrCat("must be at least initial_backoff_ms (", out.initial_backoff_ms, ")"));
  }
  return absl::OkStatus();
}

}  // namespace lintas::config::yaml
