#include "adapters/config/lintasd_config.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "adapters/config/agencies_section.h"
#include "adapters/config/config_file.h"
#include "adapters/config/cross_checks.h"
#include "adapters/config/crypto_section.h"
#include "adapters/config/env_overrides.h"
#include "adapters/config/feeds_section.h"
#include "adapters/config/intake_section.h"
#include "adapters/config/redis_section.h"
#include "adapters/config/regions_file.h"
#include "adapters/config/routing_section.h"
#include "adapters/config/server_section.h"
#include "adapters/config/strict_yaml.h"
#include "adapters/config/workers_section.h"

// The order of the steps is the order of the messages: the first problem found is the one
// reported, so keep it when adding a section.
namespace lintas::config {
namespace yaml {
namespace {

namespace fs = std::filesystem;

absl::StatusOr<LintasdConfig> Load(const std::string& path, const EnvLookup& env) {
  absl::StatusOr<YAML::Node> parsed = ReadConfigRoot(path);
  if (!parsed.ok()) return parsed.status();
  const YAML::Node& root = *parsed;
  absl::StatusOr<fs::path> dir = ConfigDir(path);
  if (!dir.ok()) return dir.status();
  const fs::path& config_dir = *dir;

  // The sections that need nothing else.
  LintasdConfig config;
  if (const YAML::Node n = root["server"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ParseServer(n, config_dir, config.server));
  }
  const YAML::Node redis = root["redis"];
  if (!redis) return Bad("redis", "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(ParseRedis(redis, config.redis));
  const YAML::Node crypto = root["crypto"];
  if (!crypto) return Bad("crypto", "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(ParseCrypto(crypto, config.crypto));
  for (KeyConfig& key : config.crypto.keys) {
    if (!key.file.empty()) key.file = Resolve(config_dir, key.file);
  }
  if (const YAML::Node n = root["intake"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ParseIntake(n, config.intake.limits));
  }
  if (const YAML::Node n = root["feeds"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ParseFeeds(n, config.feeds));
  }
  if (const YAML::Node n = root["workers"]) {
    LINTAS_CONFIG_RETURN_IF_ERROR(ParseWorkers(n, config.workers));
  }

  // The environment, then what it may have changed.
  absl::StatusOr<EnvSources> sources = ApplyEnvOverrides(env, config);
  if (!sources.ok()) return sources.status();
  LINTAS_CONFIG_RETURN_IF_ERROR(CheckAcrossSections(config, *sources));

  // Regions, then the agencies that cover them, then the routing that names both.
  const YAML::Node regions_file = root["regions_file"];
  if (!regions_file) return Bad("regions_file", "required");
  std::string regions_path;
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(regions_file, "regions_file", regions_path));
  if (regions_path.empty()) return Bad("regions_file", "required");
  LINTAS_CONFIG_RETURN_IF_ERROR(LoadRegions(Resolve(config_dir, regions_path), config.regions));

  LINTAS_CONFIG_RETURN_IF_ERROR(ParseAgencies(root["agencies"], config.regions, config_dir,
                                              config.agencies, config.webhooks));

  if (const YAML::Node n = root["routing"]) {
    absl::StatusOr<RoutingConfig> routing =
        ParseRouting(n, config_dir, config.regions, config.agencies);
    if (!routing.ok()) return routing.status();
    config.routing = *std::move(routing);
  }
  return config;
}

}  // namespace
}  // namespace yaml

absl::StatusOr<LintasdConfig> LoadLintasdConfig(const std::string& path, const EnvLookup& env) {
  // Node lookups can still throw on shapes the checks above did not foresee; bad input must
  // end in an error value, never in an uncaught exception at start-up.
  try {
    return yaml::Load(path, env);
  } catch (const YAML::Exception& e) {
    return yaml::Bad("config", absl::StrCat("cannot load '", path, "': ", e.what()));
  }
}

}  // namespace lintas::config
