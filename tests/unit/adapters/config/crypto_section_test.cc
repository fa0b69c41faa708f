#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "adapters/config/key_ring_loader.h"
#include "tests/unit/adapters/config/config_test_support.h"

namespace lintas::config {
namespace {

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
