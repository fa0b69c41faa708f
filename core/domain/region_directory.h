#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace lintas::core {

// The Kemendagri administrative regions Lintas knows (from config): province "53", regency
// "53.71", district "53.71.01", village "53.71.01.1001".
class RegionDirectory {
 public:
  enum class Level { kProvince, kRegency, kDistrict, kVillage };

  // True when `code` has the Kemendagri form of some level (digits and dots only).
  static bool IsWellFormed(std::string_view code);
  // The level of a well-formed code.
  static std::optional<Level> LevelOf(std::string_view code);
  // The code one level up ("53.71.01" -> "53.71"); empty for a province.
  static std::string ParentOf(std::string_view code);
  // True when `code` equals `prefix` or lies under it ("53.71.01" is under "53.71", "53.7" is
  // not a prefix of "53.71" in this sense).
  static bool Covers(std::string_view prefix, std::string_view code);

  // Adds a region; false when the code is malformed or already present.
  bool Add(std::string code, std::string name);
  bool Contains(std::string_view code) const;
  std::optional<std::string> NameOf(std::string_view code) const;
  std::size_t size() const { return names_.size(); }

 private:
  std::map<std::string, std::string, std::less<>> names_;
};

}  // namespace lintas::core
