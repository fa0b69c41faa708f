#include <gtest/gtest.h>

#include <string>

#include "absl/strings/match.h"
#include "tests/unit/adapters/config/config_test_support.h"

namespace lintas::config {
namespace {

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

}  // namespace
}  // namespace lintas::config
