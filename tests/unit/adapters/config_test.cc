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
  EXPECT_EQ(config->crypto.key_file,
            (fs::path(LINTAS_SOURCE_DIR) / "var/keys/dev-1.key").lexically_normal().string());
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
  EXPECT_EQ(config->crypto.key_id, "dev-1");
}

TEST_F(ConfigFiles, RelativeKeyFileResolvesAgainstConfigDirectory) {
  const std::string path = Write("lintas.yaml", std::string(kHead) + kAgencies);
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(path, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->crypto.key_file, (dir_ / "keys/dev-1.key").string());
}

TEST_F(ConfigFiles, AbsoluteKeyFileIsKept) {
  const std::string path =
      Write("lintas.yaml",
            Replace(std::string(kHead) + kAgencies, "keys/dev-1.key", "/run/secrets/lintas.key"));
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(path, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->crypto.key_file, "/run/secrets/lintas.key");
}

TEST_F(ConfigFiles, EnvironmentOverridesApply) {
  const std::string path = Write("lintas.yaml", std::string(kHead) + kAgencies);
  const absl::StatusOr<LintasdConfig> config =
      LoadLintasdConfig(path, MapEnv({{"LINTAS_REDIS_ADDRESS", "unix:/run/redis/redis.sock"},
                                      {"LINTAS_KEY_FILE", "secrets/k.key"},
                                      {"LINTAS_LISTEN", "127.0.0.1:9443"}}));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->redis.address, "unix:/run/redis/redis.sock");
  EXPECT_EQ(config->crypto.key_file, "secrets/k.key");  // as given: relative to the CWD
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

struct BadCase {
  const char* what;
  std::string config;
  const char* prefix;  // the message must start with this
};

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

TEST(ProcessEnv, ReadsTheEnvironment) {
  ASSERT_EQ(setenv("LINTAS_CONFIG_TEST_VAR", "x", 1), 0);
  const EnvLookup env = ProcessEnv();
  EXPECT_EQ(env("LINTAS_CONFIG_TEST_VAR"), "x");
  ASSERT_EQ(unsetenv("LINTAS_CONFIG_TEST_VAR"), 0);
  EXPECT_EQ(env("LINTAS_CONFIG_TEST_VAR"), std::nullopt);
}

}  // namespace
}  // namespace lintas::config
