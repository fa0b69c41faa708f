#pragma once

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "core/domain/agency.h"
#include "core/domain/region_directory.h"
#include "core/validation/case_validator.h"

namespace lintas::config {

// gRPC listener.
struct ServerConfig {
  std::string listen = "127.0.0.1:7443";
  // Development only: the caller's agency comes from the `x-lintas-agency` metadata header.
  // Allowed only on a loopback listen address.
  bool insecure_dev_identity = true;
  int max_message_bytes = 1 << 20;
  int shutdown_grace_ms = 10000;
};

struct RedisConfig {
  std::string address = "127.0.0.1:6379";  // "host:port" or "unix:/path/to/redis.sock"
  std::string key_prefix = "lintas";       // every key starts "<prefix>:{pNN}:"
  int partitions = 16;                     // fixed for the life of the data: it is in every case id
  int connections = 1;                     // pipelined connections, each with its own I/O thread
  int connect_timeout_ms = 300;
  int command_timeout_ms = 2000;
};

struct CryptoConfig {
  std::string key_id;    // written into every ciphertext
  std::string key_file;  // 64 hex characters (32 bytes); absolute, or relative to the config file
};

struct IntakeConfig {
  core::CaseLimits limits;
};

struct LintasdConfig {
  ServerConfig server;
  RedisConfig redis;
  CryptoConfig crypto;
  IntakeConfig intake;
  core::RegionDirectory regions;
  core::AgencyRegistry agencies;
};

// True for 127.0.0.0/8, ::1 and localhost: the only places the insecure development identity
// mode may listen.
bool IsLoopbackListenAddress(std::string_view listen);

// Reads environment variables; tests pass a map-backed function.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup ProcessEnv();

// Loads and checks the YAML config at `path`, then applies the environment overrides
// LINTAS_REDIS_ADDRESS (redis.address), LINTAS_KEY_FILE (crypto.key_file) and LINTAS_LISTEN
// (server.listen). Any problem is INVALID_ARGUMENT whose message names the key, e.g.
// "redis.partitions: must be between 1 and 100" or "agencies[3].kind: unknown kind 'polis'".
absl::StatusOr<LintasdConfig> LoadLintasdConfig(const std::string& path, const EnvLookup& env);

}  // namespace lintas::config
