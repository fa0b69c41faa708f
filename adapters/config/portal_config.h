#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/config/lintasd_config.h"

namespace lintas::config {

// The public reporting portal (services/portal, docs/portal.md): its HTTP listener and limits,
// and the agency identity its reports are submitted under.
struct PortalConfig {
  std::string listen = "127.0.0.1:8080";  // host:port or [v6]:port; an IP literal, not a name
  // PEM server certificate (chain) and key, resolved. Both or neither; neither means plain HTTP,
  // allowed on a loopback listen address only (a reverse proxy may terminate TLS in front).
  std::string cert_file;
  std::string key_file;
  std::string agency;               // a registered agency: reports are submitted as it
  std::string regions_root = "53";  // the region whose kabupaten/kota the form offers
  // The regions under regions_root, (code, name) sorted by code: what the form offers, read from
  // the same regions_file as the directory intake checks against.
  std::vector<std::pair<std::string, std::string>> offered_regions;
  int threads = 4;
  int max_connections = 512;
  int max_connections_per_ip = 16;
  int idle_timeout_ms = 10000;
  int header_timeout_ms = 10000;
  int body_timeout_ms = 20000;
  int max_body_bytes = 64 * 1024;
  int max_header_bytes = 16 * 1024;   // request line and headers
  int form_lifetime_minutes = 120;    // a form older than this is refused (CSRF token window)
  int status_checks_per_minute = 10;  // per client address, in memory only
};

// The `portal` section of the config file at `path` (nullopt when it has none), checked against
// the agencies and regions of `config` (loaded from the same file by LoadLintasdConfig), with the
// environment overrides LINTAS_PORTAL_LISTEN, LINTAS_PORTAL_CERT_FILE and LINTAS_PORTAL_KEY_FILE.
// INVALID_ARGUMENT naming the key, e.g. "portal.agency: 'x' is not a registered agency".
absl::StatusOr<std::optional<PortalConfig>> LoadPortalConfig(const std::string& path,
                                                             const EnvLookup& env,
                                                             const LintasdConfig& config);

}  // namespace lintas::config
