#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "adapters/config/key_ring_loader.h"
#include "adapters/config/lintasd_config.h"

namespace lintas::config {
namespace {

namespace fs = std::filesystem;

const std::string kShipped = LINTAS_SOURCE_DIR "/deploy/config/lintas.yaml";

EnvLookup NoEnv() {
  return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

EnvLookup MapEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

// A small, valid regions file: the province, two regencies, one district, one village.
constexpr char kRegions[] = R"(- {code: "53", name: Provinsi Nusa Tenggara Timur}
- {code: "53.02", name: Kabupaten Timor Tengah Selatan}
- {code: "53.21", name: Kabupaten Malaka}
- {code: "53.21.01", name: Malaka Tengah}
- {code: "53.21.01.2006", name: Wehali}
)";

// A valid config; each bad case below changes one thing in it.
constexpr char kHead[] = R"(server:
  listen: 127.0.0.1:7443
  insecure_dev_identity: true
redis:
  address: 127.0.0.1:6390
  key_prefix: lintas
  partitions: 16
  connections: 2
crypto:
  key_id: dev-1
  key_file: keys/dev-1.key
intake:
  max_reported_persons: 20
regions_file: regions.yaml
)";

constexpr char kAgencies[] = R"(agencies:
  - id: bp3mi-ntt
    kind: protection_agency
    name: BP3MI Nusa Tenggara Timur
    jurisdiction: ["53"]
  - id: pemprov-ntt
    kind: provincial_government
    name: Pemerintah Provinsi Nusa Tenggara Timur
    jurisdiction: ["53"]
    parent: bp3mi-ntt
  - id: pemkab-malaka
    kind: regency_government
    name: Pemerintah Kabupaten Malaka
    jurisdiction: ["53.21"]
    parent: pemprov-ntt
  - id: desa-wehali
    kind: village_government
    name: Pemerintah Desa Wehali
    jurisdiction: ["53.21.01.2006"]
    parent: pemkab-malaka
)";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "test bug: '" << from << "' not in the base config";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

class ConfigFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "lintas-config-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    Write("regions.yaml", kRegions);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string Write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  fs::path dir_;
};

TEST(ShippedConfig, LoadsWithEveryRegencyAndPolres) {
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(kShipped, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  // The demo runs mutual TLS with the certificates scripts/run.sh makes.
  ASSERT_TRUE(config->server.tls.has_value());
  EXPECT_FALSE(config->server.insecure_dev_identity);
  EXPECT_EQ(config->server.tls->trust_domain, "dev.lintas.local");
  EXPECT_TRUE(absl::EndsWith(config->server.tls->ca_file, "/var/certs/ca.crt"))
      << config->server.tls->ca_file;

  const core::RegionDirectory& regions = config->regions;
  EXPECT_EQ(regions.NameOf("53"), "Provinsi Nusa Tenggara Timur");
  int regencies = 0;
  for (int k = 1; k <= 99; ++k) {
    char code[8];
    std::snprintf(code, sizeof code, "53.%02d", k);
    if (regions.Contains(code)) ++regencies;
  }
  EXPECT_EQ(regencies, 22);
  EXPECT_EQ(regions.NameOf("53.71"), "Kota Kupang");
  EXPECT_EQ(regions.NameOf("53.17"), "Kabupaten Sumba Tengah");
  EXPECT_EQ(regions.NameOf("53.21.01.2006"), "Wehali");

  int polres = 0;
  std::set<std::string> policed;
  for (const auto& [id, agency] : config->agencies.all()) {
    if (agency.kind != core::AgencyKind::kPolice || id == "polda-ntt") continue;
    ++polres;
    EXPECT_EQ(agency.parent, "polda-ntt") << id;
    policed.insert(agency.jurisdiction.begin(), agency.jurisdiction.end());
  }
  EXPECT_EQ(polres, 21);
  EXPECT_EQ(policed.size(), 22u) << "every regency and city has exactly one Polres";

  const core::Agency* sumba_barat = config->agencies.Find("polres-sumba-barat");
  ASSERT_NE(sumba_barat, nullptr);
  EXPECT_EQ(sumba_barat->jurisdiction, (std::vector<std::string>{"53.12", "53.17"}));
  const core::Agency* kupang_kota = config->agencies.Find("polresta-kupang-kota");
  ASSERT_NE(kupang_kota, nullptr);
  EXPECT_EQ(kupang_kota->jurisdiction, std::vector<std::string>{"53.71"});

  const core::Agency* bp3mi = config->agencies.Find("bp3mi-ntt");
  ASSERT_NE(bp3mi, nullptr);
  EXPECT_EQ(bp3mi->kind, core::AgencyKind::kProtectionAgency);
  EXPECT_EQ(config->redis.address, "127.0.0.1:6390");
  ASSERT_EQ(config->crypto.keys.size(), 1u);
  EXPECT_EQ(config->crypto.keys[0].file,
            (fs::path(LINTAS_SOURCE_DIR) / "var/keys/dev-1.key").lexically_normal().string());
  EXPECT_EQ(config->crypto.active, "dev-1");
  EXPECT_EQ(config->crypto.index_key, "dev-1");
  EXPECT_EQ(config->crypto.audit_key, "dev-1");
}

TEST(ShippedConfig, VillageEscalationReachesBp3mi) {
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(kShipped, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  std::vector<std::string> chain;
  for (const core::Agency* a = config->agencies.Find("desa-wehali"); a != nullptr;
       a = a->parent.empty() ? nullptr : config->agencies.Find(a->parent)) {
    chain.push_back(a->id);
  }
  EXPECT_EQ(chain,
            (std::vector<std::string>{"desa-wehali", "pemkab-malaka", "pemprov-ntt", "bp3mi-ntt"}));
}

TEST_F(ConfigFiles, ValidConfigLoads) {
  const std::string path = Write("lintas.yaml", std::string(kHead) + kAgencies);
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(path, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->regions.size(), 5u);
  EXPECT_EQ(config->agencies.all().size(), 4u);
  EXPECT_EQ(config->intake.limits.max_reported_persons, 20u);
  EXPECT_EQ(config->intake.limits.max_narrative_chars, 8000u);  // default kept
  EXPECT_EQ(config->redis.connections, 2);
  // The one-key form: a ring of that key in every role.
  ASSERT_EQ(config->crypto.keys.size(), 1u);
  EXPECT_EQ(config->crypto.keys[0].id, "dev-1");
  EXPECT_EQ(config->crypto.active, "dev-1");
  EXPECT_EQ(config->crypto.index_key, "dev-1");
  EXPECT_EQ(config->crypto.audit_key, "dev-1");
}

TEST_F(ConfigFiles, FeedsSectionIsOptionalWithDefaults) {
  const std::string defaults_path = Write("lintas.yaml", std::string(kHead) + kAgencies);
  const absl::StatusOr<LintasdConfig> defaults = LoadLintasdConfig(defaults_path, NoEnv());
  ASSERT_TRUE(defaults.ok()) << defaults.status();
  EXPECT_EQ(defaults->feeds.heartbeat_interval_ms, 15000);
  EXPECT_EQ(defaults->feeds.slow_write_timeout_ms, 30000);
  EXPECT_EQ(defaults->feeds.page_size, 32);
  EXPECT_EQ(defaults->feeds.render_threads, 2);

  const std::string path = Write(
      "lintas.yaml", std::string(kHead) + kAgencies +
                         "feeds:\n  heartbeat_interval_ms: 200\n  slow_write_timeout_ms: 1500\n"
                         "  page_size: 8\n  render_threads: 3\n");
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(path, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->feeds.heartbeat_interval_ms, 200);
  EXPECT_EQ(config->feeds.slow_write_timeout_ms, 1500);
  EXPECT_EQ(config->feeds.page_size, 8);
  EXPECT_EQ(config->feeds.render_threads, 3);
}

TEST_F(ConfigFiles, RelativeKeyFileResolvesAgainstConfigDirectory) {
  const std::string path = Write("lintas.yaml", std::string(kHead) + kAgencies);
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(path, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->crypto.keys[0].file, (dir_ / "keys/dev-1.key").string());
}

TEST_F(ConfigFiles, AbsoluteKeyFileIsKept) {
  const std::string path =
      Write("lintas.yaml",
            Replace(std::string(kHead) + kAgencies, "keys/dev-1.key", "/run/secrets/lintas.key"));
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(path, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->crypto.keys[0].file, "/run/secrets/lintas.key");
}

TEST_F(ConfigFiles, EnvironmentOverridesApply) {
  const std::string path = Write("lintas.yaml", std::string(kHead) + kAgencies);
  const absl::StatusOr<LintasdConfig> config =
      LoadLintasdConfig(path, MapEnv({{"LINTAS_REDIS_ADDRESS", "unix:/run/redis/redis.sock"},
                                      {"LINTAS_KEY_FILE", "secrets/k.key"},
                                      {"LINTAS_LISTEN", "127.0.0.1:9443"}}));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->redis.address, "unix:/run/redis/redis.sock");
  EXPECT_EQ(config->crypto.keys[0].file, "secrets/k.key");  // as given: relative to the CWD
  EXPECT_EQ(config->server.listen, "127.0.0.1:9443");
}

TEST_F(ConfigFiles, EnvironmentSuppliesRequiredRedisAddress) {
  const std::string path = Write(
      "lintas.yaml", Replace(std::string(kHead) + kAgencies, "  address: 127.0.0.1:6390\n", ""));
  EXPECT_EQ(LoadLintasdConfig(path, NoEnv()).status().message(), "redis.address: required");
  const absl::StatusOr<LintasdConfig> config =
      LoadLintasdConfig(path, MapEnv({{"LINTAS_REDIS_ADDRESS", "10.0.0.5:6379"}}));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->redis.address, "10.0.0.5:6379");
}

TEST_F(ConfigFiles, DevIdentityAcceptsEveryLoopbackForm) {
  const std::string good = std::string(kHead) + kAgencies;
  for (const char* listen : {"localhost:7443", "127.0.0.2:7443", "\"[::1]:7443\""}) {
    const std::string path = Write("lintas.yaml", Replace(good, "127.0.0.1:7443", listen));
    const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(path, NoEnv());
    EXPECT_TRUE(config.ok()) << listen << ": " << config.status();
  }
  // A name that merely starts like a loopback address is not one.
  const std::string path =
      Write("lintas.yaml", Replace(good, "127.0.0.1:7443", "127.example.org:7443"));
  EXPECT_TRUE(absl::StartsWith(LoadLintasdConfig(path, NoEnv()).status().message(),
                               "server.insecure_dev_identity: allowed only on a loopback"));
}

struct BadCase {
  const char* what;
  std::string config;
  const char* prefix;  // the message must start with this
};

constexpr char kTlsServer[] = R"(server:
  listen: 0.0.0.0:7443
  tls:
    ca_file: certs/ca.crt
    cert_file: /etc/lintas/server.crt
    key_file: certs/server.key
    trust_domain: lintas.ntt.go.id
    revoked_certificates:
      - "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"
      - 0000000000000000000000000000000000000000000000000000000000000001
  rate_limit:
    requests_per_second: 5
    burst: 7
)";

// kHead with its dev-mode server section replaced by kTlsServer.
std::string TlsConfig() {
  return Replace(std::string(kHead) + kAgencies,
                 "server:\n  listen: 127.0.0.1:7443\n  insecure_dev_identity: true\n", kTlsServer);
}

TEST_F(ConfigFiles, MutualTlsLoadsResolvesPathsAndNormalisesFingerprints) {
  const std::string path =
      Write("lintas.yaml", Replace(TlsConfig(), "    parent: pemkab-malaka\n",
                                   "    parent: pemkab-malaka\n    revoked: true\n"));
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(path, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  const ServerConfig& server = config->server;
  EXPECT_FALSE(server.insecure_dev_identity);
  ASSERT_TRUE(server.tls.has_value());
  EXPECT_EQ(server.tls->ca_file, (dir_ / "certs/ca.crt").string());
  EXPECT_EQ(server.tls->cert_file, "/etc/lintas/server.crt");
  EXPECT_EQ(server.tls->key_file, (dir_ / "certs/server.key").string());
  EXPECT_EQ(server.tls->trust_domain, "lintas.ntt.go.id");
  EXPECT_EQ(server.tls->revoked_certificates,
            (std::vector<std::string>{
                "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
                "0000000000000000000000000000000000000000000000000000000000000001"}));
  EXPECT_EQ(server.rate_limit.requests_per_second, 5);
  EXPECT_EQ(server.rate_limit.burst, 7);
  EXPECT_TRUE(config->agencies.Find("desa-wehali")->revoked);
  EXPECT_FALSE(config->agencies.Find("pemkab-malaka")->revoked);
}

TEST_F(ConfigFiles, RateLimitDefaultsTo50PerSecondBurst100) {
  const absl::StatusOr<LintasdConfig> config =
      LoadLintasdConfig(Write("lintas.yaml", std::string(kHead) + kAgencies), NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->server.rate_limit.requests_per_second, 50);
  EXPECT_EQ(config->server.rate_limit.burst, 100);
  EXPECT_FALSE(config->server.tls.has_value());
}

TEST_F(ConfigFiles, TlsAndDevIdentityAreExclusiveAndOneIsRequired) {
  const std::string both = Replace(TlsConfig(), "  listen: 0.0.0.0:7443\n",
                                   "  listen: 127.0.0.1:7443\n  insecure_dev_identity: true\n");
  EXPECT_EQ(LoadLintasdConfig(Write("lintas.yaml", both), NoEnv()).status().message(),
            "server.tls: exclusive with server.insecure_dev_identity: true (remove one of them)");
  const std::string neither =
      Replace(std::string(kHead) + kAgencies, "  insecure_dev_identity: true\n", "");
  EXPECT_TRUE(absl::StartsWith(
      LoadLintasdConfig(Write("lintas.yaml", neither), NoEnv()).status().message(),
      "server.tls: required (mutual TLS), unless server.insecure_dev_identity is true"));
  const std::string no_server =
      Replace(std::string(kHead) + kAgencies,
              "server:\n  listen: 127.0.0.1:7443\n  insecure_dev_identity: true\n", "");
  EXPECT_TRUE(absl::StartsWith(
      LoadLintasdConfig(Write("lintas.yaml", no_server), NoEnv()).status().message(),
      "server.tls: required"));
}

TEST_F(ConfigFiles, DevIdentityFromTheEnvironmentSetsTlsAside) {
  // A loopback listen address, as the development mode requires.
  const std::string path = Write("lintas.yaml", Replace(TlsConfig(), "0.0.0.0", "127.0.0.1"));
  const absl::StatusOr<LintasdConfig> dev =
      LoadLintasdConfig(path, MapEnv({{"LINTAS_INSECURE_DEV_IDENTITY", "true"}}));
  ASSERT_TRUE(dev.ok()) << dev.status();
  EXPECT_TRUE(dev->server.insecure_dev_identity);
  EXPECT_FALSE(dev->server.tls.has_value());

  // Off loopback the override is refused, naming both sources.
  const absl::Status off = LoadLintasdConfig(Write("lintas.yaml", TlsConfig()),
                                             MapEnv({{"LINTAS_INSECURE_DEV_IDENTITY", "true"}}))
                               .status();
  EXPECT_TRUE(absl::StartsWith(off.message(),
                               "server.insecure_dev_identity: allowed only on a loopback listen "
                               "address, not '0.0.0.0:7443' (from LINTAS_INSECURE_DEV_IDENTITY)"))
      << off.message();

  // false on a dev config: TLS is then required.
  const std::string dev_file = Write("dev.yaml", std::string(kHead) + kAgencies);
  EXPECT_TRUE(absl::StartsWith(
      LoadLintasdConfig(dev_file, MapEnv({{"LINTAS_INSECURE_DEV_IDENTITY", "false"}}))
          .status()
          .message(),
      "server.tls: required (mutual TLS), unless server.insecure_dev_identity is true for "
      "development on loopback (from LINTAS_INSECURE_DEV_IDENTITY)"));
  EXPECT_EQ(LoadLintasdConfig(dev_file, MapEnv({{"LINTAS_INSECURE_DEV_IDENTITY", "yes"}}))
                .status()
                .message(),
            "server.insecure_dev_identity: LINTAS_INSECURE_DEV_IDENTITY must be true or false, "
            "not 'yes'");
}

TEST_F(ConfigFiles, BadTlsAndRateLimitSettingsNameTheKey) {
  const std::string good = TlsConfig();
  const std::vector<BadCase> cases = {
      {"unknown tls key",
       Replace(good, "    trust_domain:", "    trustdomain: x\n    trust_domain:"),
       "server.tls.trustdomain: unknown key (expected one of ca_file, cert_file, key_file,"},
      {"missing ca", Replace(good, "    ca_file: certs/ca.crt\n", ""),
       "server.tls.ca_file: required"},
      {"missing cert", Replace(good, "    cert_file: /etc/lintas/server.crt\n", ""),
       "server.tls.cert_file: required"},
      {"empty key", Replace(good, "key_file: certs/server.key", "key_file: \"\""),
       "server.tls.key_file: required"},
      {"missing trust domain", Replace(good, "    trust_domain: lintas.ntt.go.id\n", ""),
       "server.tls.trust_domain: required"},
      {"bad trust domain", Replace(good, "lintas.ntt.go.id", "Lintas/NTT"),
       "server.tls.trust_domain: malformed 'Lintas/NTT'"},
      {"short fingerprint",
       Replace(good, "0000000000000000000000000000000000000000000000000000000000000001", "abc"),
       "server.tls.revoked_certificates[1]: malformed 'abc'"},
      {"fingerprints not a list",
       Replace(
           good,
           "revoked_certificates:\n      - \"AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:"
           "EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89\"\n      - "
           "0000000000000000000000000000000000000000000000000000000000000001",
           "revoked_certificates: abc"),
       "server.tls.revoked_certificates: expected a list"},
      {"zero rate", Replace(good, "requests_per_second: 5", "requests_per_second: 0"),
       "server.rate_limit.requests_per_second: must be between 1 and 1000000"},
      {"unknown rate key", Replace(good, "burst: 7", "bursts: 7"),
       "server.rate_limit.bursts: unknown key"},
      {"revoked not a bool",
       Replace(good, "    parent: pemkab-malaka\n",
               "    parent: pemkab-malaka\n    revoked: yes\n"),
       "agencies[3].revoked: expected true or false"},
  };
  for (const BadCase& c : cases) {
    const absl::Status status = LoadLintasdConfig(Write("lintas.yaml", c.config), NoEnv()).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.what;
    EXPECT_TRUE(absl::StartsWith(status.message(), c.prefix))
        << c.what << ": got '" << status.message() << "'";
  }
}

struct EnvCase {
  const char* variable;
  const char* value;
  const char* prefix;
};

TEST_F(ConfigFiles, BadEnvironmentOverridesNameTheKeyAndVariable) {
  const std::string path = Write("lintas.yaml", std::string(kHead) + kAgencies);
  const EnvCase cases[] = {
      {"LINTAS_REDIS_ADDRESS", "", "redis.address: LINTAS_REDIS_ADDRESS is set but empty"},
      {"LINTAS_KEY_FILE", "", "crypto.key_file: LINTAS_KEY_FILE is set but empty"},
      {"LINTAS_LISTEN", "", "server.listen: LINTAS_LISTEN is set but empty"},
      {"LINTAS_REDIS_ADDRESS", "redis",
       "redis.address: malformed 'redis' (from "
       "LINTAS_REDIS_ADDRESS)"},
      {"LINTAS_LISTEN", "0.0.0.0:7443", "server.insecure_dev_identity: allowed only on a loopback"},
  };
  for (const EnvCase& c : cases) {
    const absl::Status status = LoadLintasdConfig(path, MapEnv({{c.variable, c.value}})).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.variable;
    EXPECT_TRUE(absl::StartsWith(status.message(), c.prefix))
        << c.variable << "='" << c.value << "' gave: " << status.message();
  }
}

TEST_F(ConfigFiles, BadConfigsNameTheKey) {
  const std::string good = std::string(kHead) + kAgencies;
  const std::vector<BadCase> cases = {
      {"syntax", Replace(good, "connections: 2", "connections: [2"), "config: syntax error in '"},
      {"unknown top-level key", good + "redsi: {}\n", "redsi: unknown key (expected one of "},
      {"unknown section key", Replace(good, "  connections: 2", "  conections: 2"),
       "redis.conections: unknown key (expected one of address, key_prefix,"},
      {"repeated key", Replace(good, "  connections: 2", "  connections: 2\n  connections: 4"),
       "redis.connections: duplicate key"},
      {"partitions range", Replace(good, "partitions: 16", "partitions: 101"),
       "redis.partitions: must be between 1 and 100"},
      {"partitions zero", Replace(good, "partitions: 16", "partitions: 0"),
       "redis.partitions: must be between 1 and 100"},
      {"wrong type", Replace(good, "connections: 2", "connections: many"),
       "redis.connections: expected an integer"},
      {"quoted integer", Replace(good, "connections: 2", "connections: \"2\""),
       "redis.connections: expected an integer"},
      {"fractional integer", Replace(good, "max_reported_persons: 20", "max_reported_persons: 2.5"),
       "intake.max_reported_persons: expected an integer"},
      {"yes is not a bool",
       Replace(good, "insecure_dev_identity: true", "insecure_dev_identity: yes"),
       "server.insecure_dev_identity: expected true or false"},
      {"dev identity off loopback", Replace(good, "listen: 127.0.0.1:7443", "listen: 0.0.0.0:7443"),
       "server.insecure_dev_identity: allowed only on a loopback listen address"},
      {"bad port", Replace(good, "listen: 127.0.0.1:7443", "listen: 127.0.0.1:70000"),
       "server.listen: malformed '127.0.0.1:70000'"},
      {"feeds unknown key",
       Replace(good, "regions_file: regions.yaml\n",
               "regions_file: regions.yaml\nfeeds:\n  heartbeat_ms: 10\n"),
       "feeds.heartbeat_ms: unknown key (expected one of heartbeat_interval_ms,"},
      {"feeds page size range",
       Replace(good, "regions_file: regions.yaml\n",
               "regions_file: regions.yaml\nfeeds:\n  page_size: 0\n"),
       "feeds.page_size: must be between 1 and 256"},
      {"missing redis address", Replace(good, "  address: 127.0.0.1:6390\n", ""),
       "redis.address: required"},
      {"misspelled section", Replace(good, "redis:\n", "redis_:\n"), "redis_: unknown key"},
      {"missing redis section",
       Replace(good,
               "redis:\n  address: 127.0.0.1:6390\n  key_prefix: lintas\n  partitions: 16\n  "
               "connections: 2\n",
               ""),
       "redis: required"},
      {"hash tag in prefix", Replace(good, "key_prefix: lintas", "key_prefix: \"lin{tas}\""),
       "redis.key_prefix: malformed 'lin{tas}'"},
      {"missing key id", Replace(good, "  key_id: dev-1\n", ""), "crypto.key_id: required"},
      {"missing key file", Replace(good, "  key_file: keys/dev-1.key\n", ""),
       "crypto.key_file: required"},
      {"missing regions file", Replace(good, "regions_file: regions.yaml\n", ""),
       "regions_file: required"},
      {"unreadable regions file", Replace(good, "regions.yaml", "nowhere.yaml"),
       "regions_file: cannot read '"},
      {"no agencies", std::string(kHead), "agencies: required"},
      {"empty agencies", std::string(kHead) + "agencies: []\n", "agencies: required"},
      {"unknown kind", Replace(good, "kind: village_government", "kind: polis"),
       "agencies[3].kind: unknown kind 'polis' (expected one of protection_agency, police,"},
      {"bad agency id", Replace(good, "id: pemkab-malaka", "id: Pemkab_Malaka"),
       "agencies[2].id: malformed 'Pemkab_Malaka'"},
      {"duplicate agency id", Replace(good, "id: desa-wehali", "id: pemprov-ntt"),
       "agencies[3].id: duplicate 'pemprov-ntt'"},
      {"region not listed", Replace(good, "[\"53.21\"]", "[\"53.99\"]"),
       "agencies[2].jurisdiction[0]: region '53.99' is not in regions_file"},
      {"malformed jurisdiction", Replace(good, "[\"53.21\"]", "[\"5321\"]"),
       "agencies[2].jurisdiction[0]: malformed region code '5321'"},
      {"jurisdiction not a list", Replace(good, "[\"53.21\"]", "\"53.21\""),
       "agencies[2].jurisdiction: expected a list of region codes"},
      {"government at the wrong level", Replace(good, "[\"53.21\"]", "[\"53.21.01\"]"),
       "agencies[2].jurisdiction[0]: a regency_government covers regency codes"},
      {"unknown parent", Replace(good, "parent: pemkab-malaka", "parent: x"),
       "agencies[3].parent: unknown agency 'x'"},
      {"parent cycle",
       Replace(good, "    name: BP3MI Nusa Tenggara Timur\n",
               "    name: BP3MI Nusa Tenggara Timur\n    parent: pemprov-ntt\n"),
       "agencies[0].parent: cycle bp3mi-ntt -> pemprov-ntt -> bp3mi-ntt"},
      {"parent does not cover", Replace(good, "[\"53.21\"]", "[\"53.02\"]"),
       "agencies[3].parent: 'pemkab-malaka' does not cover region '53.21.01.2006'"},
      {"no coordinator", Replace(good, "kind: protection_agency", "kind: ngo"),
       "agencies: at least one agency of kind protection_agency is required"},
      {"unknown agency key", Replace(good, "    parent: bp3mi-ntt\n", "    parnet: bp3mi-ntt\n"),
       "agencies[1].parnet: unknown key"},
      {"two documents", good + "---\nserver: {}\n", "config: '"},
  };
  ASSERT_GE(cases.size(), 15u);
  for (const BadCase& c : cases) {
    const std::string path = Write("bad.yaml", c.config);
    const absl::Status status = LoadLintasdConfig(path, NoEnv()).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.what << ": " << status;
    EXPECT_TRUE(absl::StartsWith(status.message(), c.prefix))
        << c.what << "\n  want prefix: " << c.prefix << "\n  got:         " << status.message();
  }
}

// The Wehali village government with a webhook; `webhook` is the YAML under its "webhook:" key.
std::string WithWebhook(const std::string& webhook) {
  return Replace(
      std::string(kHead) + kAgencies,
      "    jurisdiction: [\"53.21.01.2006\"]\n    parent: pemkab-malaka\n",
      "    jurisdiction: [\"53.21.01.2006\"]\n    parent: pemkab-malaka\n    webhook:\n" + webhook);
}

constexpr char kSecret[] = "0123456789abcdef0123456789abcdef-wehali";

TEST_F(ConfigFiles, WebhookLoadsWithItsSecretAndDefaults) {
  Write("wehali.secret", std::string(kSecret) + "\n");
  const std::string path =
      Write("lintas.yaml", WithWebhook("      url: http://127.0.0.1:9000/hook\n"
                                       "      secret_file: wehali.secret\n"
                                       "      max_attempts: 5\n"));
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(path, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->webhooks.size(), 1u);
  const WebhookConfig& hook = config->webhooks.at("desa-wehali");
  EXPECT_EQ(hook.url, "http://127.0.0.1:9000/hook");
  EXPECT_EQ(hook.secret_file, (dir_ / "wehali.secret").string());
  EXPECT_EQ(hook.secret, kSecret) << "the trailing line break is not part of the secret";
  EXPECT_EQ(hook.max_attempts, 5);
  EXPECT_EQ(hook.max_age_ms, 24 * 3600000);
  EXPECT_EQ(hook.timeout_ms, 10000);
  EXPECT_EQ(hook.initial_backoff_ms, 1000);
  EXPECT_EQ(hook.max_backoff_ms, 300000);
  EXPECT_TRUE(hook.ca_file.empty());
}

TEST_F(ConfigFiles, HttpsWebhookMayNameItsCa) {
  Write("wehali.secret", kSecret);
  Write("private-ca.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
  const std::string path =
      Write("lintas.yaml", WithWebhook("      url: https://hooks.wehali.desa.id/lintas\n"
                                       "      secret_file: wehali.secret\n"
                                       "      ca_file: private-ca.crt\n"
                                       "      max_age_ms: 3600000\n"
                                       "      timeout_ms: 2000\n"
                                       "      initial_backoff_ms: 500\n"
                                       "      max_backoff_ms: 60000\n"));
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(path, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  const WebhookConfig& hook = config->webhooks.at("desa-wehali");
  EXPECT_EQ(hook.ca_file, (dir_ / "private-ca.crt").string());
  EXPECT_EQ(hook.max_age_ms, 3600000);
  EXPECT_EQ(hook.timeout_ms, 2000);
  EXPECT_EQ(hook.initial_backoff_ms, 500);
  EXPECT_EQ(hook.max_backoff_ms, 60000);
}

TEST_F(ConfigFiles, BadWebhooksNameTheKeyAndNeverTheSecret) {
  Write("wehali.secret", kSecret);
  Write("short.secret", "too-short-secret\n");
  const std::string ok_secret = "      secret_file: wehali.secret\n";
  const std::vector<BadCase> cases = {
      {"no url", WithWebhook(ok_secret), "agencies[3].webhook.url: required"},
      {"plain http off loopback",
       WithWebhook("      url: http://hooks.wehali.desa.id/lintas\n" + ok_secret),
       "agencies[3].webhook.url: plain http is allowed to a loopback host only"},
      {"plain http to a private address",
       WithWebhook("      url: http://10.0.0.5:8080/lintas\n" + ok_secret),
       "agencies[3].webhook.url: plain http is allowed to a loopback host only"},
      {"other scheme", WithWebhook("      url: ftp://127.0.0.1/x\n" + ok_secret),
       "agencies[3].webhook.url: webhook URL must start with https:// or http://"},
      {"user info", WithWebhook("      url: https://u:p@hooks.example/x\n" + ok_secret),
       "agencies[3].webhook.url: webhook URL must not carry user info"},
      {"no secret file", WithWebhook("      url: https://hooks.example/x\n"),
       "agencies[3].webhook.secret_file: required"},
      {"missing secret file",
       WithWebhook("      url: https://hooks.example/x\n      secret_file: nope.secret\n"),
       "agencies[3].webhook.secret_file: cannot read '"},
      {"short secret",
       WithWebhook("      url: https://hooks.example/x\n      secret_file: short.secret\n"),
       "agencies[3].webhook.secret_file: '"},
      {"ca_file with http",
       WithWebhook("      url: http://127.0.0.1:9/x\n" + ok_secret + "      ca_file: ca.crt\n"),
       "agencies[3].webhook.ca_file: only for an https url"},
      {"ca_file not PEM",
       WithWebhook("      url: https://hooks.example/x\n" + ok_secret +
                   "      ca_file: wehali.secret\n"),
       "agencies[3].webhook.ca_file: '"},
      {"zero attempts",
       WithWebhook("      url: https://hooks.example/x\n" + ok_secret + "      max_attempts: 0\n"),
       "agencies[3].webhook.max_attempts: must be between 1 and 1000"},
      {"backoff cap below start",
       WithWebhook("      url: https://hooks.example/x\n" + ok_secret +
                   "      initial_backoff_ms: 5000\n      max_backoff_ms: 1000\n"),
       "agencies[3].webhook.max_backoff_ms: must be at least initial_backoff_ms"},
      {"secret in the YAML",
       WithWebhook("      url: https://hooks.example/x\n      secret: hunter2hunter2\n"),
       "agencies[3].webhook.secret: unknown key"},
  };
  for (const BadCase& c : cases) {
    const std::string path = Write("bad.yaml", c.config);
    const absl::Status status = LoadLintasdConfig(path, NoEnv()).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.what << ": " << status;
    EXPECT_TRUE(absl::StartsWith(status.message(), c.prefix))
        << c.what << "\n  want prefix: " << c.prefix << "\n  got:         " << status.message();
    EXPECT_EQ(status.message().find(kSecret), absl::string_view::npos) << c.what;
    EXPECT_EQ(status.message().find("too-short-secret"), absl::string_view::npos) << c.what;
  }
}

TEST_F(ConfigFiles, SyntaxErrorCarriesLineAndColumn) {
  const std::string path = Write("lintas.yaml", "server:\n  listen: [127.0.0.1:7443\nredis: {}\n");
  const absl::Status status = LoadLintasdConfig(path, NoEnv()).status();
  EXPECT_TRUE(absl::StartsWith(status.message(), "config: syntax error in '" + path + "' at line "))
      << status.message();
  EXPECT_NE(status.message().find(", column "), std::string::npos) << status.message();
}

TEST_F(ConfigFiles, MissingConfigFileIsAnError) {
  const absl::Status status = LoadLintasdConfig((dir_ / "absent.yaml").string(), NoEnv()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(status.message(), "config: cannot read '")) << status.message();
}

TEST_F(ConfigFiles, BadRegionsFilesNameTheEntry) {
  const std::string path = Write("lintas.yaml", std::string(kHead) + kAgencies);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {std::string(kRegions) + "- {code: \"53.7x\", name: Somewhere}\n",
       "regions[5].code: malformed '53.7x'"},
      {std::string(kRegions) + "- {code: \"53.21\", name: Malaka again}\n",
       "regions[5].code: duplicate '53.21'"},
      {std::string(kRegions) + "- {code: \"53.71.01\", name: Alak}\n",
       "regions[5].code: '53.71.01' has no parent '53.71' in regions_file"},
      {std::string(kRegions) + "- {code: \"53.71\"}\n", "regions[5].name: required"},
      {std::string(kRegions) + "- {code: \"53.71\", name: Kota Kupang, nama: x}\n",
       "regions[5].nama: unknown key"},
      {"[]\n", "regions_file: no regions in '"},
      {"53: Nusa Tenggara Timur\n", "regions_file: expected a list of {code, name}"},
      {"- {code: \"53\", name: [x\n", "regions_file: syntax error in '"},
  };
  for (const auto& [regions, prefix] : cases) {
    Write("regions.yaml", regions);
    const absl::Status status = LoadLintasdConfig(path, NoEnv()).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << prefix;
    EXPECT_TRUE(absl::StartsWith(status.message(), prefix))
        << "want prefix: " << prefix << "\ngot:         " << status.message();
  }
}

// ---------------------------------------------------------------------------------------------
// routing: section, rules file and holidays file.

constexpr char kRouting[] = R"(routing:
  rules_file: rules.yaml
  triage_agency: bp3mi-ntt
  triage_deadline: {working_days: 3}
  holidays_file: holidays.yaml
)";

// Two valid rules using every match condition; each bad case changes one thing.
constexpr char kRules[] = R"(- id: nonprocedural-prevention
  description: Prevention in the village, else the regency.
  match:
    categories: [non_procedural_departure]
    regions: ["53.21"]
  refer:
    - purpose: prevention_outreach
      kind: [village_government, regency_government]
      ack_deadline: {working_days: 5}
- id: deceased-repatriation
  description: Bodies come home through BP3MI.
  match:
    categories: [deceased_repatriation]
    min_severity: high
    channels: [agency_system, hotline]
    reported_persons_named: false
    victim_needs_support: false
  refer:
    - purpose: repatriation
      agency: bp3mi-ntt
      ack_deadline: {hours: 24}
)";

constexpr char kHolidays[] = R"(- {date: 2026-01-01, name: Tahun Baru Masehi, kind: libur}
- {date: 2026-02-16, name: Cuti bersama Imlek, kind: cuti_bersama}
)";

class RoutingConfigFiles : public ConfigFiles {
 protected:
  void SetUp() override {
    ConfigFiles::SetUp();
    Write("rules.yaml", kRules);
    Write("holidays.yaml", kHolidays);
    config_ = Write("lintas.yaml", std::string(kHead) + kAgencies + kRouting);
  }
  std::string config_;
};

TEST_F(RoutingConfigFiles, ValidRoutingLoads) {
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(config_, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_TRUE(config->routing.has_value());
  const RoutingConfig& r = *config->routing;
  EXPECT_EQ(r.rules_file, (dir_ / "rules.yaml").string());
  EXPECT_EQ(r.triage_agency, "bp3mi-ntt");
  EXPECT_EQ(r.triage_deadline.unit, core::Deadline::Unit::kWorkingDays);
  EXPECT_EQ(r.triage_deadline.amount, 3);
  EXPECT_EQ(r.utc_offset_hours, 8);  // default: WITA
  ASSERT_EQ(r.rules.size(), 2u);

  const core::RoutingRule& prevention = r.rules[0];
  EXPECT_EQ(prevention.id, "nonprocedural-prevention");
  EXPECT_EQ(prevention.match.categories,
            std::vector<core::Category>{core::Category::kNonProceduralDeparture});
  EXPECT_EQ(prevention.match.region_prefixes, std::vector<std::string>{"53.21"});
  EXPECT_FALSE(prevention.match.min_severity.has_value());
  EXPECT_FALSE(prevention.match.reported_persons_named.has_value());
  ASSERT_EQ(prevention.refer.size(), 1u);
  EXPECT_EQ(prevention.refer[0].purpose, core::ReferralPurpose::kPreventionOutreach);
  EXPECT_EQ(prevention.refer[0].kinds,
            (std::vector<core::AgencyKind>{core::AgencyKind::kVillageGovernment,
                                           core::AgencyKind::kRegencyGovernment}));
  EXPECT_EQ(prevention.refer[0].ack_deadline.unit, core::Deadline::Unit::kWorkingDays);
  EXPECT_EQ(prevention.refer[0].ack_deadline.amount, 5);

  const core::RoutingRule& deceased = r.rules[1];
  EXPECT_EQ(deceased.match.min_severity, core::Severity::kHigh);
  EXPECT_EQ(deceased.match.channels,
            (std::vector<core::Channel>{core::Channel::kAgencySystem, core::Channel::kHotline}));
  EXPECT_EQ(deceased.match.reported_persons_named, false);
  EXPECT_EQ(deceased.match.victim_needs_support, false);
  EXPECT_EQ(deceased.refer[0].agency, "bp3mi-ntt");
  EXPECT_TRUE(deceased.refer[0].kinds.empty());
  EXPECT_EQ(deceased.refer[0].ack_deadline.unit, core::Deadline::Unit::kHours);
  EXPECT_EQ(deceased.refer[0].ack_deadline.amount, 24);

  ASSERT_EQ(r.holidays.size(), 2u);
  EXPECT_EQ(r.holidays[0].date, (core::CivilDate{2026, 1, 1}));
  EXPECT_EQ(r.holidays[0].name, "Tahun Baru Masehi");
  EXPECT_EQ(r.holidays[0].kind, Holiday::Kind::kLibur);
  EXPECT_EQ(r.holidays[1].kind, Holiday::Kind::kCutiBersama);
}

TEST_F(RoutingConfigFiles, RoutingSectionIsOptionalAndDefaultsApply) {
  const std::string no_routing = Write("plain.yaml", std::string(kHead) + kAgencies);
  const absl::StatusOr<LintasdConfig> plain = LoadLintasdConfig(no_routing, NoEnv());
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_FALSE(plain->routing.has_value());

  const std::string minimal =
      Write("minimal.yaml", std::string(kHead) + kAgencies +
                                "routing:\n  rules_file: rules.yaml\n  triage_agency: bp3mi-ntt\n");
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(minimal, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->routing->triage_deadline.unit, core::Deadline::Unit::kWorkingDays);
  EXPECT_EQ(config->routing->triage_deadline.amount, 3);
  EXPECT_TRUE(config->routing->holidays_file.empty());
  EXPECT_TRUE(config->routing->holidays.empty());
}

TEST_F(RoutingConfigFiles, EmptyRulesFileMeansEverythingGoesToTriage) {
  Write("rules.yaml", "[]\n");
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(config_, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->routing->rules.empty());
}

struct RuleCase {
  const char* what;
  std::string rules;
  const char* prefix;  // the message must start with this
};

TEST_F(RoutingConfigFiles, BadRulesNameTheRuleAndKey) {
  const std::string good = kRules;
  const std::vector<RuleCase> cases = {
      {"unknown kind in a list",
       Replace(good, "[village_government, regency_government]", "[village_government, polis]"),
       "routing.rules[0] (nonprocedural-prevention).refer[0].kind[1]: unknown kind 'polis' "
       "(expected one of protection_agency, police,"},
      {"unknown single kind",
       Replace(good, "kind: [village_government, regency_government]", "kind: polis"),
       "routing.rules[0] (nonprocedural-prevention).refer[0].kind: unknown kind 'polis'"},
      {"kind nobody has",
       Replace(good, "kind: [village_government, regency_government]",
               "kind: [police, immigration]"),
       "routing.rules[0] (nonprocedural-prevention).refer[0].kind: no registered agency has this "
       "kind"},
      {"repeated kind",
       Replace(good, "[village_government, regency_government]",
               "[village_government, village_government]"),
       "routing.rules[0] (nonprocedural-prevention).refer[0].kind[1]: duplicate "
       "'village_government'"},
      {"unknown agency", Replace(good, "agency: bp3mi-ntt", "agency: bp3mi-jatim"),
       "routing.rules[1] (deceased-repatriation).refer[0].agency: unknown agency 'bp3mi-jatim'"},
      {"kind and agency",
       Replace(good, "      agency: bp3mi-ntt\n",
               "      agency: bp3mi-ntt\n      kind: protection_agency\n"),
       "routing.rules[1] (deceased-repatriation).refer[0]: give either kind or agency, not both"},
      {"neither kind nor agency", Replace(good, "      agency: bp3mi-ntt\n", ""),
       "routing.rules[1] (deceased-repatriation).refer[0]: kind or agency is required"},
      {"unknown category", Replace(good, "[non_procedural_departure]", "[nonprocedural]"),
       "routing.rules[0] (nonprocedural-prevention).match.categories[0]: unknown category "
       "'nonprocedural' (expected one of non_procedural_departure, trafficking,"},
      {"empty category list", Replace(good, "[non_procedural_departure]", "[]"),
       "routing.rules[0] (nonprocedural-prevention).match.categories: at least one category is "
       "required"},
      {"unknown purpose", Replace(good, "purpose: repatriation", "purpose: rescue"),
       "routing.rules[1] (deceased-repatriation).refer[0].purpose: unknown purpose 'rescue' "
       "(expected one of enforcement, victim_support,"},
      {"missing purpose",
       Replace(good, "    - purpose: repatriation\n      agency", "    - agency"),
       "routing.rules[1] (deceased-repatriation).refer[0].purpose: required"},
      {"unknown severity", Replace(good, "min_severity: high", "min_severity: urgent"),
       "routing.rules[1] (deceased-repatriation).match.min_severity: unknown severity 'urgent' "
       "(expected one of low, medium, high, critical)"},
      {"unknown channel", Replace(good, "[agency_system, hotline]", "[agency_system, whatsapp]"),
       "routing.rules[1] (deceased-repatriation).match.channels[1]: unknown channel 'whatsapp'"},
      {"unknown region", Replace(good, "[\"53.21\"]", "[\"53.99\"]"),
       "routing.rules[0] (nonprocedural-prevention).match.regions[0]: region '53.99' is not in "
       "regions_file"},
      {"malformed region", Replace(good, "[\"53.21\"]", "[\"5321\"]"),
       "routing.rules[0] (nonprocedural-prevention).match.regions[0]: malformed region code "
       "'5321'"},
      {"yes is not a bool",
       Replace(good, "victim_needs_support: false", "victim_needs_support: no"),
       "routing.rules[1] (deceased-repatriation).match.victim_needs_support: expected true or "
       "false"},
      {"duplicate rule id",
       Replace(good, "id: deceased-repatriation", "id: nonprocedural-prevention"),
       "routing.rules[1] (nonprocedural-prevention).id: duplicate (also routing.rules[0])"},
      {"malformed rule id", Replace(good, "id: deceased-repatriation", "id: Deceased_Repatriation"),
       "routing.rules[1].id: malformed 'Deceased_Repatriation' (kebab-case"},
      {"missing rule id",
       Replace(good, "- id: deceased-repatriation\n  description", "- description"),
       "routing.rules[1].id: required"},
      {"missing description", Replace(good, "  description: Bodies come home through BP3MI.\n", ""),
       "routing.rules[1] (deceased-repatriation).description: required"},
      {"missing match",
       Replace(good,
               "  match:\n    categories: [non_procedural_departure]\n    regions: [\"53.21\"]\n",
               ""),
       "routing.rules[0] (nonprocedural-prevention).match: required (use {} to match every case)"},
      {"empty targets",
       Replace(good,
               "  refer:\n    - purpose: repatriation\n      agency: bp3mi-ntt\n      "
               "ack_deadline: {hours: 24}\n",
               "  refer: []\n"),
       "routing.rules[1] (deceased-repatriation).refer: required (at least one target)"},
      {"missing deadline", Replace(good, "      ack_deadline: {hours: 24}\n", ""),
       "routing.rules[1] (deceased-repatriation).refer[0].ack_deadline: required"},
      {"zero hours", Replace(good, "{hours: 24}", "{hours: 0}"),
       "routing.rules[1] (deceased-repatriation).refer[0].ack_deadline.hours: must be between 1 "
       "and 8760"},
      {"negative hours", Replace(good, "{hours: 24}", "{hours: -4}"),
       "routing.rules[1] (deceased-repatriation).refer[0].ack_deadline.hours: must be between 1 "
       "and 8760"},
      {"more than a year of hours", Replace(good, "{hours: 24}", "{hours: 8761}"),
       "routing.rules[1] (deceased-repatriation).refer[0].ack_deadline.hours: must be between 1 "
       "and 8760"},
      {"more than a year of working days",
       Replace(good, "{working_days: 5}", "{working_days: 261}"),
       "routing.rules[0] (nonprocedural-prevention).refer[0].ack_deadline.working_days: must be "
       "between 1 and 260"},
      {"two units", Replace(good, "{hours: 24}", "{hours: 24, working_days: 1}"),
       "routing.rules[1] (deceased-repatriation).refer[0].ack_deadline: expected {hours: N} or "
       "{working_days: N}"},
      {"unknown unit", Replace(good, "{hours: 24}", "{days: 1}"),
       "routing.rules[1] (deceased-repatriation).refer[0].ack_deadline.days: unknown key"},
      {"unknown rule key",
       Replace(good, "  description: Bodies come home through BP3MI.\n",
               "  description: Bodies come home through BP3MI.\n  priority: 1\n"),
       "routing.rules[1] (deceased-repatriation).priority: unknown key (expected one of id, "
       "description, match, refer)"},
      {"unknown match key", Replace(good, "    regions: [\"53.21\"]", "    region: [\"53.21\"]"),
       "routing.rules[0] (nonprocedural-prevention).match.region: unknown key"},
      {"unknown target key",
       Replace(good, "      agency: bp3mi-ntt\n", "      agency: bp3mi-ntt\n      urgent: true\n"),
       "routing.rules[1] (deceased-repatriation).refer[0].urgent: unknown key"},
      {"rule not a mapping", good + "- just a string\n", "routing.rules[2]: expected a mapping"},
      {"rules not a list", "rules: []\n", "routing.rules_file: expected a list of rules in '"},
      {"syntax", Replace(good, "[agency_system, hotline]", "[agency_system, hotline"),
       "routing.rules_file: syntax error in '"},
  };
  ASSERT_GE(cases.size(), 20u);
  for (const RuleCase& c : cases) {
    Write("rules.yaml", c.rules);
    const absl::Status status = LoadLintasdConfig(config_, NoEnv()).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.what << ": " << status;
    EXPECT_TRUE(absl::StartsWith(status.message(), c.prefix))
        << c.what << "\n  want prefix: " << c.prefix << "\n  got:         " << status.message();
  }
}

TEST_F(RoutingConfigFiles, BadRoutingSectionsNameTheKey) {
  const std::string good = std::string(kHead) + kAgencies + kRouting;
  const std::vector<BadCase> cases = {
      {"unknown routing key", Replace(good, "  rules_file: rules.yaml", "  rule_file: rules.yaml"),
       "routing.rule_file: unknown key (expected one of rules_file, triage_agency,"},
      {"missing rules file", Replace(good, "  rules_file: rules.yaml\n", ""),
       "routing.rules_file: required"},
      {"unreadable rules file", Replace(good, "rules_file: rules.yaml", "rules_file: none.yaml"),
       "routing.rules_file: cannot read '"},
      {"missing triage agency", Replace(good, "  triage_agency: bp3mi-ntt\n", ""),
       "routing.triage_agency: required"},
      {"unknown triage agency", Replace(good, "triage_agency: bp3mi-ntt", "triage_agency: bp3mi"),
       "routing.triage_agency: unknown agency 'bp3mi'"},
      {"triage agency not BP3MI",
       Replace(good, "triage_agency: bp3mi-ntt", "triage_agency: pemprov-ntt"),
       "routing.triage_agency: 'pemprov-ntt' is a provincial_government; triage is BP3MI's"},
      {"zero triage deadline", Replace(good, "{working_days: 3}", "{working_days: 0}"),
       "routing.triage_deadline.working_days: must be between 1 and 260"},
      {"triage deadline not a mapping", Replace(good, "{working_days: 3}", "3"),
       "routing.triage_deadline: expected {hours: N} or {working_days: N}"},
      {"offset out of range", good + "  utc_offset_hours: 15\n",
       "routing.utc_offset_hours: must be between -14 and 14"},
      {"unreadable holidays file", Replace(good, "holidays.yaml", "none.yaml"),
       "routing.holidays_file: cannot read '"},
  };
  for (const BadCase& c : cases) {
    const std::string path = Write("bad.yaml", c.config);
    const absl::Status status = LoadLintasdConfig(path, NoEnv()).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.what << ": " << status;
    EXPECT_TRUE(absl::StartsWith(status.message(), c.prefix))
        << c.what << "\n  want prefix: " << c.prefix << "\n  got:         " << status.message();
  }
}

TEST_F(RoutingConfigFiles, BadHolidaysNameTheEntry) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {Replace(kHolidays, "2026-02-16", "2026-02-30"),
       "routing.holidays[1].date: date \"2026-02-30\" does not exist"},
      {Replace(kHolidays, "2026-02-16", "16-02-2026"),
       "routing.holidays[1].date: date \"16-02-2026\" is not in the form YYYY-MM-DD"},
      {Replace(kHolidays, "2026-02-16", "2026-01-01"),
       "routing.holidays[1].date: duplicate "
       "'2026-01-01'"},
      {Replace(kHolidays, "kind: libur", "kind: libur_nasional"),
       "routing.holidays[0].kind: unknown kind 'libur_nasional' (expected libur or cuti_bersama)"},
      {Replace(kHolidays, ", kind: libur}", "}"), "routing.holidays[0].kind: required"},
      {Replace(kHolidays, "name: Tahun Baru Masehi, ", ""), "routing.holidays[0].name: required"},
      {Replace(kHolidays, "kind: libur}", "kind: libur, day: Thu}"),
       "routing.holidays[0].day: unknown key"},
      {"2026-01-01: Tahun Baru\n", "routing.holidays_file: expected a list of {date, name, kind}"},
  };
  for (const auto& [holidays, prefix] : cases) {
    Write("holidays.yaml", holidays);
    const absl::Status status = LoadLintasdConfig(config_, NoEnv()).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << prefix;
    EXPECT_TRUE(absl::StartsWith(status.message(), prefix))
        << "want prefix: " << prefix << "\ngot:         " << status.message();
  }
}

// What lintasd does on SIGHUP: re-read only the routing section against the agencies it runs with.
TEST_F(RoutingConfigFiles, ReloadReadsNewRulesAndRefusesBadOnes) {
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(config_, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();

  Write("rules.yaml", std::string(kRules) + R"(- id: other-to-bp3mi
  description: Everything else to BP3MI as information.
  match: {}
  refer:
    - purpose: information
      agency: bp3mi-ntt
      ack_deadline: {working_days: 5}
)");
  absl::StatusOr<RoutingConfig> reloaded =
      LoadRoutingConfig(config_, config->regions, config->agencies);
  ASSERT_TRUE(reloaded.ok()) << reloaded.status();
  ASSERT_EQ(reloaded->rules.size(), 3u);
  EXPECT_EQ(reloaded->rules[2].id, "other-to-bp3mi");
  EXPECT_EQ(reloaded->holidays.size(), 2u);

  Write("rules.yaml", Replace(kRules, "agency: bp3mi-ntt", "agency: polda-ntt"));
  reloaded = LoadRoutingConfig(config_, config->regions, config->agencies);
  EXPECT_EQ(reloaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(reloaded.status().message(),
            "routing.rules[1] (deceased-repatriation).refer[0].agency: unknown agency 'polda-ntt'");

  // A reload cannot switch routing off: the service that asked for it needs rules.
  const std::string without = Write("without.yaml", std::string(kHead) + kAgencies);
  EXPECT_EQ(LoadRoutingConfig(without, config->regions, config->agencies).status().message(),
            "routing: required");
  // A broken main file is refused the same way, never thrown.
  const std::string broken = Write("broken.yaml", "routing: [\n");
  EXPECT_TRUE(absl::StartsWith(
      LoadRoutingConfig(broken, config->regions, config->agencies).status().message(),
      "config: syntax error in '"));
}

TEST(ShippedConfig, RoutingSectionLoadsWithTheNttRulesAnd2026Holidays) {
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(kShipped, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_TRUE(config->routing.has_value());
  const RoutingConfig& r = *config->routing;
  EXPECT_EQ(r.triage_agency, "bp3mi-ntt");
  EXPECT_EQ(r.utc_offset_hours, 8);
  EXPECT_GE(r.rules.size(), 10u);

  // FIELD-FACTS §6: 17 national holidays and 8 cuti bersama days in 2026.
  ASSERT_EQ(r.holidays.size(), 25u);
  int libur = 0;
  for (const Holiday& h : r.holidays) {
    EXPECT_EQ(h.date.year, 2026) << h.name;
    if (h.kind == Holiday::Kind::kLibur) ++libur;
  }
  EXPECT_EQ(libur, 17);
  EXPECT_EQ(r.holidays.front().date, (core::CivilDate{2026, 1, 1}));
  EXPECT_EQ(r.holidays.back().date, (core::CivilDate{2026, 12, 25}));

  const absl::StatusOr<RoutingConfig> reloaded =
      LoadRoutingConfig(kShipped, config->regions, config->agencies);
  ASSERT_TRUE(reloaded.ok()) << reloaded.status();
  EXPECT_EQ(reloaded->rules.size(), r.rules.size());
}

TEST(ProcessEnv, ReadsTheEnvironment) {
  ASSERT_EQ(setenv("LINTAS_CONFIG_TEST_VAR", "x", 1), 0);
  const EnvLookup env = ProcessEnv();
  EXPECT_EQ(env("LINTAS_CONFIG_TEST_VAR"), "x");
  ASSERT_EQ(unsetenv("LINTAS_CONFIG_TEST_VAR"), 0);
  EXPECT_EQ(env("LINTAS_CONFIG_TEST_VAR"), std::nullopt);
}

}  // namespace
}  // namespace lintas::config

namespace lintas::config {
namespace {

constexpr char kRing[] = R"(crypto:
  keys:
    - {id: k-2025, file: keys/k-2025.key}
    - {id: k-2026, file: /run/secrets/k-2026.key}
  active: k-2026
  index_key: k-2025
)";

std::string WithRing(const std::string& ring) {
  return Replace(std::string(kHead) + kAgencies,
                 "crypto:\n  key_id: dev-1\n  key_file: keys/dev-1.key\n", ring);
}

TEST_F(ConfigFiles, KeyRingLoadsWithItsRoles) {
  const absl::StatusOr<LintasdConfig> config =
      LoadLintasdConfig(Write("lintas.yaml", WithRing(kRing)), NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  const CryptoConfig& c = config->crypto;
  ASSERT_EQ(c.keys.size(), 2u);
  EXPECT_EQ(c.keys[0].id, "k-2025");
  EXPECT_EQ(c.keys[0].file, (dir_ / "keys/k-2025.key").string());
  EXPECT_EQ(c.keys[1].file, "/run/secrets/k-2026.key");
  EXPECT_EQ(c.active, "k-2026");
  EXPECT_EQ(c.index_key, "k-2025");
  EXPECT_EQ(c.audit_key, "k-2025");  // defaults to the index key
  ASSERT_NE(c.Find("k-2026"), nullptr);
  EXPECT_EQ(c.Find("k-2027"), nullptr);
}

TEST_F(ConfigFiles, KeyFileOverrideReplacesTheActiveKeysFile) {
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(
      Write("lintas.yaml", WithRing(kRing)), MapEnv({{"LINTAS_KEY_FILE", "/tmp/other.key"}}));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->crypto.keys[0].file, (dir_ / "keys/k-2025.key").string());
  EXPECT_EQ(config->crypto.keys[1].file, "/tmp/other.key");
  EXPECT_EQ(config->crypto.keys[1].source, "crypto.keys[1].file (from LINTAS_KEY_FILE)");
  EXPECT_EQ(
      LoadLintasdConfig(Write("lintas.yaml", WithRing(kRing)), MapEnv({{"LINTAS_KEY_FILE", ""}}))
          .status()
          .message(),
      "crypto.keys[1].file: LINTAS_KEY_FILE is set but empty");
}

TEST_F(ConfigFiles, BadKeyRingsNameTheKey) {
  const std::string ring = kRing;
  const BadCase cases[] = {
      {"no keys",
       Replace(ring,
               "  keys:\n    - {id: k-2025, file: keys/k-2025.key}\n    - {id: "
               "k-2026, file: /run/secrets/k-2026.key}\n",
               "  keys: []\n"),
       "crypto.keys: expected a list of {id, file}, at least one"},
      {"duplicate id", Replace(ring, "id: k-2026", "id: k-2025"),
       "crypto.keys[1].id: duplicate key id 'k-2025'"},
      {"bad id", Replace(ring, "id: k-2026", "id: \"k 2026\""), "crypto.keys[1].id: malformed"},
      {"missing file", Replace(ring, ", file: /run/secrets/k-2026.key", ""),
       "crypto.keys[1].file: required"},
      {"unknown entry key", Replace(ring, "file: /run", "path: /run"),
       "crypto.keys[1].path: unknown key"},
      {"unknown active", Replace(ring, "active: k-2026", "active: k-2027"),
       "crypto.active: unknown key id 'k-2027' (not in crypto.keys)"},
      {"missing active", Replace(ring, "  active: k-2026\n", ""), "crypto.active: required"},
      {"missing index key", Replace(ring, "  index_key: k-2025\n", ""),
       "crypto.index_key: required"},
      {"unknown audit key", ring + "  audit_key: k-9\n",
       "crypto.audit_key: unknown key id 'k-9' (not in crypto.keys)"},
      {"both forms", ring + "  key_id: dev-1\n", "crypto: give either keys/active"},
  };
  for (const BadCase& c : cases) {
    const absl::StatusOr<LintasdConfig> config =
        LoadLintasdConfig(Write("lintas.yaml", WithRing(c.config)), NoEnv());
    EXPECT_FALSE(config.ok()) << c.what;
    EXPECT_TRUE(absl::StartsWith(config.status().message(), c.prefix))
        << c.what << ": " << config.status().message();
  }
}

TEST_F(ConfigFiles, KeyRingLoaderReadsEveryKeyAndNamesTheOneThatFails) {
  fs::create_directories(dir_ / "keys");
  for (const std::string& key : {Write("keys/k-2025.key", std::string(64, 'a')),
                                 Write("k-2026.key", std::string(64, 'b'))}) {
    fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  }
  const std::string ring = Replace(kRing, "/run/secrets/k-2026.key", "k-2026.key");
  absl::StatusOr<LintasdConfig> config =
      LoadLintasdConfig(Write("lintas.yaml", WithRing(ring + "  audit_key: k-2026\n")), NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  absl::StatusOr<crypto::KeyRing> keys = LoadKeyRing(config->crypto);
  ASSERT_TRUE(keys.ok()) << keys.status();
  EXPECT_EQ(keys->key_ids(), (std::vector<std::string>{"k-2025", "k-2026"}));
  EXPECT_EQ(keys->active_id(), "k-2026");
  EXPECT_EQ(keys->index_id(), "k-2025");
  EXPECT_EQ(keys->audit_id(), "k-2026");

  config->crypto.keys[1].file = (dir_ / "missing.key").string();
  keys = LoadKeyRing(config->crypto);
  EXPECT_EQ(keys.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StartsWith(keys.status().message(), "crypto.keys[1].file: key file '"))
      << keys.status().message();
}

}  // namespace
}  // namespace lintas::config
