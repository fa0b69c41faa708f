#include "adapters/config/config_file.h"

#include <array>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "adapters/config/strict_yaml.h"

namespace lintas::config::yaml {
namespace {

namespace fs = std::filesystem;

// The sections of the config file.
// std::to_array counts them: a wrong count padded the list with an empty name (UBSan).
constexpr auto kTopKeys =
    std::to_array<absl::string_view>({"server", "redis", "crypto", "intake", "regions_file",
                                      "agencies", "routing", "feeds", "workers", "portal"});

}  // namespace

absl::StatusOr<YAML::Node> ReadConfigRoot(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path, "config");
  if (!text.ok()) return text.status();
  absl::StatusOr<YAML::Node> parsed = ParseYaml(*text, path, "config");
  if (!parsed.ok()) return parsed.status();
  if (!parsed->IsMap()) return Bad("config", absl::StrCat("expected a mapping in '", path, "'"));
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(*parsed, "", kTopKeys));
  return parsed;
}

absl::StatusOr<fs::path> ConfigDir(const std::string& path) {
  std::error_code ec;
  const fs::path dir = fs::absolute(fs::path(path), ec).parent_path();
  if (ec) return Bad("config", absl::StrCat("cannot resolve '", path, "': ", ec.message()));
  return dir;
}

}  // namespace lintas::config::yaml
