#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "tests/unit/adapters/config/config_test_support.h"

namespace lintas::config {
namespace {

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

// The list of known sections is exactly the sections: a miscounted std::array once padded it with
// an empty name (UBSan caught the null it passed to StrJoin).
TEST_F(ConfigFiles, AnUnknownSectionListsExactlyTheKnownOnes) {
  const std::string path = Write("lintas.yaml", "redsi: {}\n");
  const absl::Status status = LoadLintasdConfig(path, NoEnv()).status();
  EXPECT_EQ(status.message(),
            "redsi: unknown key (expected one of server, redis, crypto, intake, regions_file, "
            "agencies, routing, feeds, workers, portal)");
}

TEST_F(ConfigFiles, SyntaxErrorCarriesLineAndColumn) {
  const std::string path = Write("lintas.yaml", "server:\n  listen: [127.0.0.1:7443\nredis: {}\n");
  const absl::Status status = LoadLintasdConfig(path, NoEnv()).status();
  EXPECT_TRUE(absl::StartsWith(status.message(), "config: syntax error in '" + path + "' at line "))
      << status.message();
  EXPECT_NE(status.message().find(", column "), std::string::npos) << status.message();
}

TEST_F(ConfigFiles, ASecondDocumentIsRefusedWithItsLine) {
  const std::string path = Write("lintas.yaml", "server:\n  listen: 127.0.0.1:0\n---\nredis: {}\n");
  const absl::Status status = LoadLintasdConfig(path, NoEnv()).status();
  EXPECT_EQ(status.message(),
            "config: '" + path + "' holds a second YAML document from line 4; expected one");
}

// Found by tests/fuzz (config_file): on this input yaml-cpp 0.7's LoadAll returned empty
// documents for ever, and lintasd's start grew without bound instead of naming the problem.
TEST_F(ConfigFiles, InputThatMadeTheYamlParserLoopIsRefused) {
  const std::string path =
      Write("lintas.yaml", std::string(",e\xf6ver:\n2\xdc"
                                       "6..00ver:\n26\n26.0:.0.0.1:0\n.1:0\n"));
  const absl::Status status = LoadLintasdConfig(path, NoEnv()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status.message();
  EXPECT_TRUE(absl::StartsWith(status.message(), "config: ")) << status.message();
}

TEST_F(ConfigFiles, MissingConfigFileIsAnError) {
  const absl::Status status = LoadLintasdConfig((dir_ / "absent.yaml").string(), NoEnv()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(status.message(), "config: cannot read '")) << status.message();
}

}  // namespace
}  // namespace lintas::config
