#include "adapters/config/portal_section.h"

#include <algorithm>
#include <array>
#include <optional>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "adapters/config/config_file.h"
#include "adapters/config/network_address.h"
#include "adapters/config/strict_yaml.h"

namespace lintas::config::yaml {
namespace {

constexpr auto kPortalKeys = std::to_array<absl::string_view>(
    {"listen", "cert_file", "key_file", "agency", "regions_root", "threads", "max_connections",
     "max_connections_per_ip", "idle_timeout_ms", "header_timeout_ms", "body_timeout_ms",
     "max_body_bytes", "form_lifetime_minutes", "status_checks_per_minute", "max_header_bytes"});

// `file` (resolved) holds `marker`; `path` names it in messages.
absl::Status CheckPemFile(const std::string& file, const std::string& path,
                          absl::string_view marker) {
  if (file.empty()) return Bad(path, "empty (omit cert_file and key_file for plain HTTP)");
  const std::string& out = file;
  absl::StatusOr<std::string> pem = ReadFile(out, path);
  if (!pem.ok()) return pem.status();
  if (pem->find(std::string_view(marker.data(), marker.size())) == std::string::npos) {
    return Bad(path,
               absl::StrCat("'", out, "' holds no PEM ",
                            marker == "-----BEGIN CERTIFICATE" ? "certificate" : "private key"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ParsePortal(const YAML::Node& node, const std::filesystem::path& config_dir,
                         const core::AgencyRegistry& agencies, const core::RegionDirectory& regions,
                         const EnvLookup& env, PortalConfig& out) {
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(node, "portal", kPortalKeys));
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadStringInto(node, "portal", "listen", out.listen));
  for (const char* key : {"cert_file", "key_file"}) {
    if (const YAML::Node n = node[key]) {
      std::string& field = std::string_view(key) == "cert_file" ? out.cert_file : out.key_file;
      LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(n, Sub("portal", key), field));
      if (field.empty()) return Bad(Sub("portal", key), "empty (omit it for plain HTTP)");
      field = Resolve(config_dir, field);
    }
  }
  // The run script gives the development certificate; tests give a free port.
  std::string listen_from;
  std::string cert_from;
  std::string key_from;
  for (auto [var, field, from] : {std::tuple{"LINTAS_PORTAL_LISTEN", &out.listen, &listen_from},
                                  std::tuple{"LINTAS_PORTAL_CERT_FILE", &out.cert_file, &cert_from},
                                  std::tuple{"LINTAS_PORTAL_KEY_FILE", &out.key_file, &key_from}}) {
    const std::optional<std::string> value = env ? env(var) : std::nullopt;
    if (!value) continue;
    if (value->empty()) return Bad("portal", absl::StrCat(var, " is set but empty"));
    *field = *value;
    *from = absl::StrCat(" (from ", var, ")");
  }
  if (std::string problem = AddressProblem(out.listen, 0); !problem.empty()) {
    return Bad(absl::StrCat("portal.listen", listen_from), problem);
  }
  if (out.listen.rfind("unix:", 0) == 0) {
    return Bad(absl::StrCat("portal.listen", listen_from), "must be host:port");
  }
  if (out.cert_file.empty() != out.key_file.empty()) {
    return Bad(out.cert_file.empty() ? "portal.cert_file" : "portal.key_file",
               "give both cert_file and key_file (TLS), or neither (plain HTTP on loopback)");
  }
  if (!out.cert_file.empty()) {
    LINTAS_CONFIG_RETURN_IF_ERROR(CheckPemFile(
        out.cert_file, absl::StrCat("portal.cert_file", cert_from), "-----BEGIN CERTIFICATE"));
    LINTAS_CONFIG_RETURN_IF_ERROR(
        CheckPemFile(out.key_file, absl::StrCat("portal.key_file", key_from), "PRIVATE KEY-----"));
  } else if (!IsLoopbackListenAddress(out.listen)) {
    return Bad("portal.listen",
               absl::StrCat("'", out.listen,
                            "' is not a loopback address: give portal.cert_file and "
                            "portal.key_file to serve the portal over TLS"));
  }

  if (!node["agency"]) return Bad("portal.agency", "required: the agency reports are submitted as");
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(node["agency"], "portal.agency", out.agency));
  if (agencies.Find(out.agency) == nullptr) {
    return Bad("portal.agency", absl::StrCat("'", out.agency, "' is not a registered agency"));
  }
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadStringInto(node, "portal", "regions_root", out.regions_root));
  if (!regions.Contains(out.regions_root)) {
    return Bad("portal.regions_root",
               absl::StrCat("'", out.regions_root, "' is not in the regions file"));
  }
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadIntInto(node, "portal", "threads", 1, 256, out.threads));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "portal", "max_connections", 1, 100000, out.max_connections));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "portal", "max_connections_per_ip", 1, 10000, out.max_connections_per_ip));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "portal", "idle_timeout_ms", 1000, 600000, out.idle_timeout_ms));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "portal", "header_timeout_ms", 100, 600000, out.header_timeout_ms));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "portal", "body_timeout_ms", 100, 600000, out.body_timeout_ms));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "portal", "max_body_bytes", 1024, 1 << 20, out.max_body_bytes));
  LINTAS_CONFIG_RETURN_IF_ERROR(
      ReadIntInto(node, "portal", "max_header_bytes", 4096, 1 << 20, out.max_header_bytes));
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadIntInto(node, "portal", "form_lifetime_minutes", 5, 7 * 24 * 60,
                                            out.form_lifetime_minutes));
  return ReadIntInto(node, "portal", "status_checks_per_minute", 1, 1000000,
                     out.status_checks_per_minute);
}

}  // namespace lintas::config::yaml

namespace lintas::config {

absl::StatusOr<std::optional<PortalConfig>> LoadPortalConfig(const std::string& path,
                                                             const EnvLookup& env,
                                                             const LintasdConfig& config) {
  try {
    absl::StatusOr<YAML::Node> root = yaml::ReadConfigRoot(path);
    if (!root.ok()) return root.status();
    const YAML::Node node = (*root)["portal"];
    if (!node) return std::nullopt;
    absl::StatusOr<std::filesystem::path> dir = yaml::ConfigDir(path);
    if (!dir.ok()) return dir.status();
    PortalConfig portal;
    LINTAS_CONFIG_RETURN_IF_ERROR(
        yaml::ParsePortal(node, *dir, config.agencies, config.regions, env, portal));
    // The regions file was read and checked by LoadLintasdConfig; take the offered subtree.
    std::string regions_path;
    LINTAS_CONFIG_RETURN_IF_ERROR(
        yaml::ReadString((*root)["regions_file"], "regions_file", regions_path));
    regions_path = yaml::Resolve(*dir, regions_path);
    absl::StatusOr<std::string> text = yaml::ReadFile(regions_path, "regions_file");
    if (!text.ok()) return text.status();
    const YAML::Node list = YAML::Load(*text);
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string code = list[i]["code"].as<std::string>();
      if (code != portal.regions_root && core::RegionDirectory::Covers(portal.regions_root, code)) {
        portal.offered_regions.emplace_back(code, list[i]["name"].as<std::string>());
      }
    }
    std::sort(portal.offered_regions.begin(), portal.offered_regions.end());
    return portal;
  } catch (const YAML::Exception& e) {
    return yaml::Bad("portal", absl::StrCat("cannot load '", path, "': ", e.what()));
  }
}

}  // namespace lintas::config
