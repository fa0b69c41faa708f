#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "tests/unit/adapters/config/config_test_support.h"

namespace lintas::config {
namespace {

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

}  // namespace
}  // namespace lintas::config
