#include "core/domain/region_directory.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lintas::core {
namespace {

using Level = RegionDirectory::Level;

TEST(RegionDirectoryTest, WellFormedCodesOfEveryLevel) {
  for (const char* code :
       {"53", "53.71", "53.71.01", "53.71.01.1001", "53.21.01.2006", "53.01.04", "53.02.01.2012"}) {
    SCOPED_TRACE(code);
    EXPECT_TRUE(RegionDirectory::IsWellFormed(code));
  }
}

TEST(RegionDirectoryTest, MalformedCodesAreRefused) {
  const std::vector<std::string> bad = {
      "",                      // nothing
      "5",                     // short province
      "530",                   // long province
      "5371",                  // BPS form without the dot
      "53.7",                  // short regency
      "53.710",                // long regency
      "53.71.1",               // short district
      "53.71.01.101",          // short village
      "53.71.01.10011",        // long village
      "53.71.01.1001.01",      // a fifth level
      "53.",                   // trailing dot
      ".53",                   // leading dot
      "53..71",                // empty segment
      "53-71",                 // wrong separator
      "53.71 ",                // trailing space
      "5a.71",                 // letter
      "\xd9\xa5\xd9\xa3",      // Arabic-Indic digits are not ASCII digits
      std::string("53\0", 3),  // embedded NUL
  };
  for (const auto& code : bad) {
    SCOPED_TRACE(code);
    EXPECT_FALSE(RegionDirectory::IsWellFormed(code));
    EXPECT_FALSE(RegionDirectory::LevelOf(code).has_value());
  }
}

TEST(RegionDirectoryTest, LevelOf) {
  EXPECT_EQ(RegionDirectory::LevelOf("53"), Level::kProvince);
  EXPECT_EQ(RegionDirectory::LevelOf("53.71"), Level::kRegency);
  EXPECT_EQ(RegionDirectory::LevelOf("53.71.01"), Level::kDistrict);
  EXPECT_EQ(RegionDirectory::LevelOf("53.71.01.1001"), Level::kVillage);
}

TEST(RegionDirectoryTest, ParentOfWalksUpToTheProvince) {
  EXPECT_EQ(RegionDirectory::ParentOf("53.21.01.2006"), "53.21.01");
  EXPECT_EQ(RegionDirectory::ParentOf("53.21.01"), "53.21");
  EXPECT_EQ(RegionDirectory::ParentOf("53.21"), "53");
  EXPECT_EQ(RegionDirectory::ParentOf("53"), "");
  // A malformed code has no parent, so a loop walking up always ends.
  EXPECT_EQ(RegionDirectory::ParentOf("53.7"), "");
  EXPECT_EQ(RegionDirectory::ParentOf(""), "");
}

TEST(RegionDirectoryTest, CoversWholeSegmentsOnly) {
  EXPECT_TRUE(RegionDirectory::Covers("53", "53"));
  EXPECT_TRUE(RegionDirectory::Covers("53", "53.71.01.1001"));
  EXPECT_TRUE(RegionDirectory::Covers("53.71", "53.71.01"));
  EXPECT_TRUE(RegionDirectory::Covers("53.71", "53.71.06.1007"));
  EXPECT_TRUE(RegionDirectory::Covers("53.21.01", "53.21.01.2006"));

  EXPECT_FALSE(RegionDirectory::Covers("53.71", "53"));          // child does not cover parent
  EXPECT_FALSE(RegionDirectory::Covers("53.71", "53.01.04"));    // sibling regency
  EXPECT_FALSE(RegionDirectory::Covers("53.01", "53.71.01"));    // digits in a different place
  EXPECT_FALSE(RegionDirectory::Covers("53.7", "53.71"));        // not a segment boundary
  EXPECT_FALSE(RegionDirectory::Covers("5", "53.71"));           // not a segment boundary
  EXPECT_FALSE(RegionDirectory::Covers("", "53.71"));            // empty covers nothing
  EXPECT_FALSE(RegionDirectory::Covers("53", "53.71.0"));        // malformed code
  EXPECT_FALSE(RegionDirectory::Covers("52", "53.71.01.1001"));  // another province
  EXPECT_FALSE(RegionDirectory::Covers("53.71.01", "53.71.02.1001"));
}

TEST(RegionDirectoryTest, AddContainsAndNameOf) {
  RegionDirectory regions;
  EXPECT_EQ(regions.size(), 0u);
  EXPECT_TRUE(regions.Add("53", "Provinsi Nusa Tenggara Timur"));
  EXPECT_TRUE(regions.Add("53.71", "Kota Kupang"));
  EXPECT_TRUE(regions.Add("53.71.01", "Alak"));
  EXPECT_TRUE(regions.Add("53.71.01.1001", "Namosain"));
  EXPECT_TRUE(regions.Add("53.21", "Kabupaten Malaka"));
  EXPECT_TRUE(regions.Add("53.21.01.2006", "Wehali"));  // a village whose district is not listed
  EXPECT_EQ(regions.size(), 6u);

  EXPECT_TRUE(regions.Contains("53.71.01.1001"));
  EXPECT_TRUE(regions.Contains("53.21.01.2006"));
  EXPECT_FALSE(regions.Contains("53.21.01"));
  EXPECT_FALSE(regions.Contains("53.04"));
  EXPECT_FALSE(regions.Contains("53.7"));
  EXPECT_FALSE(regions.Contains(""));

  EXPECT_EQ(regions.NameOf("53.71"), "Kota Kupang");
  EXPECT_EQ(regions.NameOf("53.21.01.2006"), "Wehali");
  EXPECT_EQ(regions.NameOf("53.04"), std::nullopt);
}

TEST(RegionDirectoryTest, AddRefusesDuplicatesAndMalformedCodes) {
  RegionDirectory regions;
  ASSERT_TRUE(regions.Add("53.71", "Kota Kupang"));
  EXPECT_FALSE(regions.Add("53.71", "Kupang (again)"));
  EXPECT_EQ(regions.NameOf("53.71"), "Kota Kupang");  // the first name stays
  EXPECT_FALSE(regions.Add("5371", "Kota Kupang (BPS form)"));
  EXPECT_FALSE(regions.Add("", "nothing"));
  EXPECT_FALSE(regions.Add("53.71.01.1001 ", "Namosain with a space"));
  EXPECT_EQ(regions.size(), 1u);
}

}  // namespace
}  // namespace lintas::core
