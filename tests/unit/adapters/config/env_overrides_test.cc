#include <gtest/gtest.h>

#include <string>

#include "absl/strings/match.h"
#include "tests/unit/adapters/config/config_test_support.h"

namespace lintas::config {
namespace {

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

TEST_F(ConfigFiles, TlsFilesFromTheEnvironment) {
  // scripts/run.sh with another state folder (LINTAS_VAR) names its own certificates.
  const std::string path = Write("lintas.yaml", TlsConfig());
  const absl::StatusOr<LintasdConfig> config =
      LoadLintasdConfig(path, MapEnv({{"LINTAS_TLS_CA_FILE", "/tmp/v/certs/ca.crt"},
                                      {"LINTAS_TLS_CERT_FILE", "/tmp/v/certs/server.crt"},
                                      {"LINTAS_TLS_KEY_FILE", "/tmp/v/certs/server.key"}}));
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_TRUE(config->server.tls.has_value());
  EXPECT_EQ(config->server.tls->ca_file, "/tmp/v/certs/ca.crt");
  EXPECT_EQ(config->server.tls->cert_file, "/tmp/v/certs/server.crt");
  EXPECT_EQ(config->server.tls->key_file, "/tmp/v/certs/server.key");

  // Unset, the file's values stay; empty is refused, naming the key.
  const absl::StatusOr<LintasdConfig> plain = LoadLintasdConfig(path, NoEnv());
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(plain->server.tls->cert_file, "/etc/lintas/server.crt");
  EXPECT_EQ(LoadLintasdConfig(path, MapEnv({{"LINTAS_TLS_KEY_FILE", ""}})).status().message(),
            "server.tls.key_file: LINTAS_TLS_KEY_FILE is set but empty");
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

TEST(ProcessEnv, ReadsTheEnvironment) {
  ASSERT_EQ(setenv("LINTAS_CONFIG_TEST_VAR", "x", 1), 0);
  const EnvLookup env = ProcessEnv();
  EXPECT_EQ(env("LINTAS_CONFIG_TEST_VAR"), "x");
  ASSERT_EQ(unsetenv("LINTAS_CONFIG_TEST_VAR"), 0);
  EXPECT_EQ(env("LINTAS_CONFIG_TEST_VAR"), std::nullopt);
}

}  // namespace
}  // namespace lintas::config
