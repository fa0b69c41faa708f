// server.instance (and LINTAS_INSTANCE) and the workers section (issue 16 item 4).
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/match.h"
#include "tests/unit/adapters/config/config_test_support.h"

namespace lintas::config {
namespace {

TEST_F(ConfigFiles, WorkersDefaultsAndInstanceIsTheHostUnlessSet) {
  const absl::StatusOr<LintasdConfig> config =
      LoadLintasdConfig(Write("lintas.yaml", std::string(kHead) + kAgencies), NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->server.instance, "") << "empty: the host name, decided by lintasd";
  EXPECT_EQ(config->workers.claim_idle_ms, 30000);
  EXPECT_EQ(config->workers.trim_interval_ms, 60000);
  EXPECT_EQ(config->workers.idle_consumer_removal_ms, 3600000);
}

TEST_F(ConfigFiles, WorkersAndInstanceAreReadAndTheEnvironmentWins) {
  const std::string text =
      Replace(std::string(kHead) + kAgencies, "  insecure_dev_identity: true\n",
              "  insecure_dev_identity: true\n  instance: kupang-a\n") +
      "workers:\n  claim_idle_ms: 20000\n  trim_interval_ms: 500\n"
      "  idle_consumer_removal_ms: 7200000\n";
  const std::string path = Write("lintas.yaml", text);
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(path, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->server.instance, "kupang-a");
  EXPECT_EQ(config->workers.claim_idle_ms, 20000);
  EXPECT_EQ(config->workers.trim_interval_ms, 500);
  EXPECT_EQ(config->workers.idle_consumer_removal_ms, 7200000);
  const absl::StatusOr<LintasdConfig> from_env =
      LoadLintasdConfig(path, MapEnv({{"LINTAS_INSTANCE", "lintas-notify-2"}}));
  ASSERT_TRUE(from_env.ok()) << from_env.status();
  EXPECT_EQ(from_env->server.instance, "lintas-notify-2");
}

TEST_F(ConfigFiles, BadInstanceAndWorkersValuesNameTheKey) {
  const std::string base = std::string(kHead) + kAgencies;
  const struct {
    std::string text;
    std::string env;
    std::string message;
  } cases[] = {
      {base, "kupang/a", "server.instance: 'kupang/a' (from LINTAS_INSTANCE): only letters"},
      {base, "", "server.instance: LINTAS_INSTANCE is set but empty"},
      {Replace(base, "  insecure_dev_identity: true\n",
               "  insecure_dev_identity: true\n  instance: " + std::string(65, 'a') + "\n"),
       "-", "server.instance: '" + std::string(65, 'a') + "': longer than 64"},
      {base + "workers:\n  idle_consumer_removal_ms: 10\n", "-",
       "workers.idle_consumer_removal_ms: must be between 1000 and"},
      {base + "workers:\n  claim_idle_ms: 0\n", "-", "workers.claim_idle_ms: must be between"},
      {base + "workers:\n  idle_consumer_removal: 1h\n", "-", "workers.idle_consumer_removal"},
  };
  for (const auto& c : cases) {
    const std::string path = Write("lintas.yaml", c.text);
    const EnvLookup env = c.env == "-" ? NoEnv() : MapEnv({{"LINTAS_INSTANCE", c.env}});
    const absl::Status status = LoadLintasdConfig(path, env).status();
    EXPECT_TRUE(absl::StartsWith(status.message(), c.message)) << status;
  }
}

}  // namespace
}  // namespace lintas::config
