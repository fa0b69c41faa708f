// The committed region directory (deploy/config/regions-ntt.yaml, generated from idn-area-data
// 4.0.1 by scripts/regions/generate.py): what it must hold whatever the generator does, checked
// against FIELD-FACTS §1, and that intake accepts every real code it lists.

#include <gtest/gtest.h>

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "adapters/config/regions_file.h"
#include "core/validation/case_validator.h"

namespace lintas::config {
namespace {

using core::RegionDirectory;
using Level = RegionDirectory::Level;

const std::string kRegionsFile = LINTAS_SOURCE_DIR "/deploy/config/regions-ntt.yaml";

class ShippedRegions : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    regions_ = new RegionDirectory;
    const absl::Status loaded = yaml::LoadRegions(kRegionsFile, *regions_);
    ASSERT_TRUE(loaded.ok()) << loaded;
  }
  static void TearDownTestSuite() {
    delete regions_;
    regions_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(regions_, nullptr); }

  // Every region under `code` (not itself), reached through ChildrenOf only.
  static std::vector<RegionDirectory::Region> Below(const std::string& code) {
    std::vector<RegionDirectory::Region> out;
    for (auto& child : regions_->ChildrenOf(code)) {
      std::vector<RegionDirectory::Region> deeper = Below(child.code);
      out.push_back(std::move(child));
      out.insert(out.end(), deeper.begin(), deeper.end());
    }
    return out;
  }

  static std::size_t CountAt(const std::vector<RegionDirectory::Region>& regions, Level level) {
    std::size_t n = 0;
    for (const auto& r : regions)
      n += RegionDirectory::LevelOf(r.code) == level ? 1 : 0;
    return n;
  }

  static RegionDirectory* regions_;
};
RegionDirectory* ShippedRegions::regions_ = nullptr;

TEST_F(ShippedRegions, EveryCodeIsWellFormedAndHangsFromItsParent) {
  // Walking down from the provinces reaches every entry once: no orphan, no code listed twice.
  const std::vector<RegionDirectory::Region> all = Below("");
  EXPECT_EQ(all.size(), regions_->size());
  for (const auto& r : all) {
    ASSERT_TRUE(RegionDirectory::IsWellFormed(r.code)) << r.code;
    EXPECT_FALSE(r.name.empty()) << r.code;
    const std::string parent = RegionDirectory::ParentOf(r.code);
    EXPECT_TRUE(parent.empty() || regions_->Contains(parent)) << r.code;
    EXPECT_EQ(regions_->NameOf(r.code), r.name);
    // FIELD-FACTS §1: regencies 01-69, cities 71-99; villages start with 1 (kelurahan) or 2.
    if (RegionDirectory::LevelOf(r.code) == Level::kRegency) {
      const int kk = std::stoi(r.code.substr(3, 2));
      EXPECT_TRUE((kk >= 1 && kk <= 69) || kk >= 71) << r.code;
      EXPECT_EQ(absl::StartsWith(r.name, "Kota "), kk >= 71) << r.code << " " << r.name;
    }
    if (RegionDirectory::LevelOf(r.code) == Level::kVillage) {
      EXPECT_TRUE(r.code[9] == '1' || r.code[9] == '2') << r.code;
    }
  }
}

TEST_F(ShippedRegions, AllOfIndonesiaDownToRegencies) {
  const std::vector<RegionDirectory::Region> provinces = regions_->ChildrenOf("");
  EXPECT_EQ(provinces.size(), 38u);
  const std::vector<RegionDirectory::Region> all = Below("");
  EXPECT_EQ(CountAt(all, Level::kRegency), 514u);
  // Transit and destination regencies where NTT workers are found.
  EXPECT_EQ(regions_->NameOf("21.71"), "Kota Batam");
  EXPECT_EQ(regions_->NameOf("65.03"), "Kabupaten Nunukan");
  EXPECT_EQ(regions_->NameOf("52"), "Provinsi Nusa Tenggara Barat");
  // Lower levels only for NTT (docs/regions.md says why).
  for (const auto& p : provinces) {
    if (p.code == "53") continue;
    for (const auto& regency : regions_->ChildrenOf(p.code)) {
      EXPECT_TRUE(regions_->ChildrenOf(regency.code).empty()) << regency.code;
    }
  }
}

TEST_F(ShippedRegions, NttHasEveryDistrictAndVillage) {
  EXPECT_EQ(regions_->NameOf("53"), "Provinsi Nusa Tenggara Timur");
  const std::vector<RegionDirectory::Region> ntt = Below("53");
  EXPECT_EQ(CountAt(ntt, Level::kRegency), 22u);
  EXPECT_EQ(CountAt(ntt, Level::kDistrict), 315u);
  EXPECT_EQ(CountAt(ntt, Level::kVillage), 3442u);
  std::size_t kelurahan = 0;
  for (const auto& r : ntt)
    kelurahan += RegionDirectory::IsKelurahan(r.code) ? 1 : 0;
  EXPECT_EQ(kelurahan, 305u);

  // FIELD-FACTS §1, per regency/city: kecamatan and desa/kelurahan.
  const std::map<std::string, std::pair<std::size_t, std::size_t>> expected = {
      {"53.01", {24, 177}}, {"53.02", {32, 278}}, {"53.03", {24, 193}}, {"53.04", {12, 81}},
      {"53.05", {18, 175}}, {"53.06", {19, 250}}, {"53.07", {21, 194}}, {"53.08", {21, 278}},
      {"53.09", {12, 206}}, {"53.10", {12, 171}}, {"53.11", {22, 156}}, {"53.12", {6, 74}},
      {"53.13", {9, 151}},  {"53.14", {11, 119}}, {"53.15", {12, 169}}, {"53.16", {7, 113}},
      {"53.17", {6, 65}},   {"53.18", {11, 175}}, {"53.19", {12, 176}}, {"53.20", {6, 63}},
      {"53.21", {12, 127}}, {"53.71", {6, 51}},
  };
  ASSERT_EQ(regions_->ChildrenOf("53").size(), expected.size());
  for (const auto& regency : regions_->ChildrenOf("53")) {
    const auto it = expected.find(regency.code);
    ASSERT_NE(it, expected.end()) << regency.code;
    const std::vector<RegionDirectory::Region> below = Below(regency.code);
    EXPECT_EQ(CountAt(below, Level::kDistrict), it->second.first) << regency.code;
    EXPECT_EQ(CountAt(below, Level::kVillage), it->second.second) << regency.code;
  }
  // All 51 villages of Kota Kupang are kelurahan.
  for (const auto& r : Below("53.71")) {
    if (RegionDirectory::LevelOf(r.code) == Level::kVillage) {
      EXPECT_TRUE(RegionDirectory::IsKelurahan(r.code)) << r.code;
    }
  }
}

TEST_F(ShippedRegions, NamesMatchFieldFacts) {
  const std::vector<std::pair<std::string, std::string>> named = {
      {"53.71", "Kota Kupang"},       {"53.17", "Kabupaten Sumba Tengah"},
      {"53.71.01", "Alak"},           {"53.71.06", "Kota Lama"},
      {"53.71.03.1010", "Oesapa"},    {"53.71.04.1010", "Liliba"},
      {"53.02.01.1001", "SoE"},       {"53.02.02.2008", "Oinlasi"},
      {"53.21.01", "Malaka Tengah"},  {"53.21.11", "Kobalima"},
      {"53.21.01.2006", "Wehali"},    {"53.21.03.2001", "Halibasar"},
      {"53.18.09", "Kota Tambolaka"}, {"53.18.01.2001", "Bondo Boghila"},
      {"53.01.04", "Semau"},          {"53.01.10", "Fatuleu"},
  };
  for (const auto& [code, name] : named)
    EXPECT_EQ(regions_->NameOf(code), name) << code;
  // FIELD-FACTS §1: codes are not contiguous (Kab. Kupang districts start at 04).
  for (const char* missing : {"53.01.01", "53.01.02", "53.01.03", "53.04.06"}) {
    EXPECT_FALSE(regions_->Contains(missing)) << missing;
  }
}

TEST_F(ShippedRegions, PickerOrderIsByName) {
  const std::vector<RegionDirectory::Region> regencies = regions_->ChildrenOf("53");
  ASSERT_FALSE(regencies.empty());
  EXPECT_EQ(regencies.front().name, "Kabupaten Alor");
  EXPECT_EQ(regencies.back().name, "Kota Kupang");
  const std::vector<RegionDirectory::Region> malaka = regions_->ChildrenOf("53.21");
  ASSERT_EQ(malaka.size(), 12u);
  EXPECT_EQ(malaka.front().name, "Botin Leobele");
  EXPECT_EQ(malaka.back().name, "Wewiku");
}

// Intake takes any real code from the directory and refuses one that only looks real.
core::Case CaseAt(const std::string& region, const std::string& home) {
  core::Case c;
  c.category = core::Category::kNonProceduralDeparture;  // needs the home region
  c.severity = core::Severity::kMedium;
  c.region_code = region;
  c.channel = core::Channel::kHotline;
  c.subject.full_name = "Nama Contoh";
  c.subject.home_region_code = home;
  c.reporter.mode = core::ReporterMode::kAnonymous;
  c.narrative = "Berangkat lewat calo tanpa dokumen.";
  return c;
}

TEST_F(ShippedRegions, IntakeAcceptsRealVillageCodes) {
  const std::vector<std::pair<std::string, std::string>> accepted = {
      {"53.21.11.2001", "53.21.11.2003"},  // Babulu, Sisi: Kobalima, Kabupaten Malaka
      {"53.21.05.2002", "53.21.05.2001"},  // Wekmidar, Saenama: Rinhat, Malaka
      {"53.20.01.1001", "53.17.01.2001"},  // Mebba (Sabu Raijua); Makata Keri (Sumba Tengah)
      {"53.01.06.1004", "53.01.06.2015"},  // the kelurahan and the desa named Oesao
      {"21.71", "53.21.01.2006"},          // found in Kota Batam; from Wehali
      {"65.03", "53.08"},                  // found in Nunukan; from Kabupaten Ende
  };
  for (const auto& [region, home] : accepted) {
    const auto out = core::ValidateSubmission("regions-test-0001", CaseAt(region, home), *regions_,
                                              core::CaseLimits{});
    EXPECT_TRUE(out.ok()) << region << " / " << home << ": " << out.status();
  }
}

TEST_F(ShippedRegions, IntakeRefusesCodesNotInTheDirectory) {
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"53.21.01.2999", "not a region Lintas knows"},  // made up, in a real district
      {"53.72", "not a region Lintas knows"},          // NTT has one city
      {"53.21.13", "not a region Lintas knows"},       // Malaka has 12 districts
      {"21.71.01", "not a region Lintas knows"},       // districts outside NTT are not listed
      {"5321012006", "Kemendagri form"},               // Wehali without the dots
      {"53.21.01.206", "Kemendagri form"},
  };
  for (const auto& [region, why] : refused) {
    const auto out = core::ValidateSubmission("regions-test-0002", CaseAt(region, "53.21.01.2006"),
                                              *regions_, core::CaseLimits{});
    ASSERT_FALSE(out.ok()) << region;
    const core::FieldViolations violations = core::ViolationsOf(out.status());
    ASSERT_EQ(violations.size(), 1u) << region << ": " << out.status();
    EXPECT_EQ(violations[0].field, "case.region_code") << region;
    EXPECT_TRUE(absl::StrContains(violations[0].description, why))
        << region << ": " << violations[0].description;
  }
}

}  // namespace
}  // namespace lintas::config
