#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/config/routing_config.h"
#include "core/domain/agency.h"
#include "core/domain/region_directory.h"
#include "core/validation/case_validator.h"

namespace lintas::config {

// Mutual TLS: the caller's agency is the SPIFFE ID in its client certificate,
// spiffe://<trust_domain>/agency/<agency id>.
struct TlsConfig {
  std::string ca_file;    // PEM; the only CA client certificates may chain to. Resolved.
  std::string cert_file;  // PEM; the server's certificate (chain). Resolved.
  std::string key_file;   // PEM; its private key. Resolved.
  std::string trust_domain;
  // SHA-256 of revoked client certificates (DER), 64 lower-case hex characters each.
  std::vector<std::string> revoked_certificates;
};

// Per calling agency: a token bucket that refills at requests_per_second and holds `burst`.
struct RateLimitConfig {
  int requests_per_second = 50;
  int burst = 100;
};

// gRPC listener.
struct ServerConfig {
  std::string listen = "127.0.0.1:7443";
  // Development only: the caller's agency comes from the `x-lintas-agency` metadata header.
  // Allowed only on a loopback listen address; exclusive with `tls`, and one of them is required.
  bool insecure_dev_identity = false;
  std::optional<TlsConfig> tls;
  RateLimitConfig rate_limit;
  int max_message_bytes = 1 << 20;
  int shutdown_grace_ms = 10000;
  // This process's stable name among the workers (docs/redis-layout.md, "Consumers"): worker
  // consumer names are "<instance>-<worker kind>", the same after a restart, so a restarted
  // worker takes back its own pending entries at once. Empty: the host name (in a container,
  // the container's name). Two live processes running the same worker kind need different ones.
  std::string instance;
};

// The consumer-group workers (routing, notify) and the routing trimmer.
struct WorkersConfig {
  // An entry pending this long is presumed abandoned by a dead consumer and claimed (XAUTOCLAIM).
  int claim_idle_ms = 30000;
  // How often routing trims the partition streams behind every group.
  int trim_interval_ms = 60000;
  // A consumer with nothing pending and idle this long is removed from its group (by the trimmer).
  std::int64_t idle_consumer_removal_ms = 3600000;
};

struct RedisConfig {
  std::string address = "127.0.0.1:6379";  // "host:port" or "unix:/path/to/redis.sock"
  std::string key_prefix = "lintas";       // every key starts "<prefix>:{pNN}:"
  int partitions = 16;                     // fixed for the life of the data: it is in every case id
  int connections = 1;                     // pipelined connections, each with its own I/O thread
  int connect_timeout_ms = 300;
  int command_timeout_ms = 2000;
};

// One master key of the ring.
struct KeyConfig {
  std::string id;    // written into every ciphertext sealed under it
  std::string file;  // 64 hex characters (32 bytes); absolute, or relative to the config file
  // Where `file` came from, for error messages: "crypto.keys[1].file", "crypto.key_file", with
  // " (from LINTAS_KEY_FILE)" when the environment gave it.
  std::string source;
};

// The key ring: `keys` by id, and which key plays which role (adapters/crypto/key_ring.h).
// The older one-key form (`key_id`, `key_file`) loads as a ring of that key in every role.
struct CryptoConfig {
  std::vector<KeyConfig> keys;  // at least one; ids unique
  std::string active;           // seals new writes; rotate by changing it
  std::string index_key;        // keyed hashes (idempotency, NIK index, broker register): never
                                // change it on existing data
  std::string audit_key;        // the audit chain's MAC; defaults to index_key

  // The key with this id, or nullptr.
  const KeyConfig* Find(std::string_view id) const;
};

struct IntakeConfig {
  core::CaseLimits limits;
};

// The live feeds (NotificationService.Subscribe, CaseStatusService.WatchCase).
struct FeedsConfig {
  int heartbeat_interval_ms = 15000;  // a Heartbeat on a stream idle this long
  int slow_write_timeout_ms = 30000;  // a write outstanding this long: RESOURCE_EXHAUSTED
  int page_size = 32;                 // messages read and rendered at once per stream
  int render_threads = 2;             // shared threads that read and render for every stream
};

// An agency's webhook: its inbox POSTed as signed CloudEvents (docs/architecture.md, "Webhook
// delivery"), for agencies without a gRPC client. Kept here, next to the agency, rather than in
// core::Agency: URLs and secrets are delivery plumbing, not domain.
struct WebhookConfig {
  std::string url;          // https://..., or http:// to a loopback host only
  std::string secret_file;  // resolved against the config file's directory
  // The secret file's bytes without trailing line breaks; at least 32 bytes. Never log it.
  std::string secret;
  std::string ca_file;                     // https only; resolved; empty: the system's trust store
  int max_attempts = 30;                   // then the entry is dead-lettered...
  std::int64_t max_age_ms = 24 * 3600000;  // ...or when it has been failing this long
  int timeout_ms = 10000;                  // connect, send and receive, each
  int initial_backoff_ms = 1000;           // the retry schedule (core/notify/retry_schedule.h)
  int max_backoff_ms = 300000;
};

struct LintasdConfig {
  ServerConfig server;
  RedisConfig redis;
  CryptoConfig crypto;
  IntakeConfig intake;
  FeedsConfig feeds;
  WorkersConfig workers;
  core::RegionDirectory regions;
  core::AgencyRegistry agencies;
  // Agency id -> its webhook, for the agencies that configured one.
  std::map<std::string, WebhookConfig, std::less<>> webhooks;
  std::optional<RoutingConfig> routing;  // absent when the file has no routing section
};

// True for 127.0.0.0/8, ::1 and localhost: the only places the insecure development identity
// mode may listen.
bool IsLoopbackListenAddress(std::string_view listen);

// Reads environment variables; tests pass a map-backed function.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup ProcessEnv();

// Loads and checks the YAML config at `path`, then applies the environment overrides
// LINTAS_REDIS_ADDRESS (redis.address), LINTAS_KEY_FILE (the file of the active key),
// LINTAS_LISTEN (server.listen), LINTAS_INSTANCE (server.instance) and LINTAS_INSECURE_DEV_IDENTITY
// (true: development identity mode, the file's server.tls is then ignored; false: mutual TLS,
// server.tls required), LINTAS_TLS_CA_FILE, LINTAS_TLS_CERT_FILE and LINTAS_TLS_KEY_FILE
// (server.tls's files, used as given). Any problem is INVALID_ARGUMENT whose message names the key,
// e.g. "redis.partitions: must be between 1 and 100" or "agencies[3].kind: unknown kind 'polis'".
// Key files are named here but read by LoadKeyRing (adapters/config/key_ring_loader.h). The routing
// section alone: LoadRoutingConfig (routing_config.h).
absl::StatusOr<LintasdConfig> LoadLintasdConfig(const std::string& path, const EnvLookup& env);

}  // namespace lintas::config
