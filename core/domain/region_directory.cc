#include "core/domain/region_directory.h"

#include <array>
#include <cstddef>

namespace lintas::core {
namespace {

// Digits per segment, by level: PP . KK . CC . DDDD (Permendagri 137/2017).
constexpr std::array<std::size_t, 4> kSegmentDigits = {2, 2, 2, 4};

// The number of segments of a well-formed code (1-4), or 0 when malformed. Only the form is
// checked: whether the code exists is the directory's business.
std::size_t SegmentCount(std::string_view code) {
  std::size_t segment = 0;
  std::size_t digits = 0;
  for (char c : code) {
    if (c == '.') {
      if (digits != kSegmentDigits[segment]) return 0;
      ++segment;
      digits = 0;
      if (segment == kSegmentDigits.size()) return 0;  // a fifth segment
    } else if (c >= '0' && c <= '9') {
      if (++digits > kSegmentDigits[segment]) return 0;
    } else {
      return 0;
    }
  }
  if (digits != kSegmentDigits[segment]) return 0;  // also refuses "" and a trailing dot
  return segment + 1;
}

}  // namespace

bool RegionDirectory::IsWellFormed(std::string_view code) {
  return SegmentCount(code) != 0;
}

std::optional<RegionDirectory::Level> RegionDirectory::LevelOf(std::string_view code) {
  switch (SegmentCount(code)) {
    case 1:
      return Level::kProvince;
    case 2:
      return Level::kRegency;
    case 3:
      return Level::kDistrict;
    case 4:
      return Level::kVillage;
    default:
      return std::nullopt;
  }
}

std::string RegionDirectory::ParentOf(std::string_view code) {
  // A malformed code has no parent either: callers walk up until empty, so this must end.
  if (SegmentCount(code) <= 1) return {};
  return std::string(code.substr(0, code.rfind('.')));
}

bool RegionDirectory::Covers(std::string_view prefix, std::string_view code) {
  // Both must be well-formed so that a typo in a jurisdiction never covers more than it says.
  if (!IsWellFormed(prefix) || !IsWellFormed(code)) return false;
  if (code.size() < prefix.size() || code.substr(0, prefix.size()) != prefix) return false;
  // Whole segments only: "53.7" never covers "53.71" (and is malformed anyway).
  return code.size() == prefix.size() || code[prefix.size()] == '.';
}

bool RegionDirectory::Add(std::string code, std::string name) {
  if (!IsWellFormed(code)) return false;
  return names_.emplace(std::move(code), std::move(name)).second;
}

bool RegionDirectory::Contains(std::string_view code) const {
  return names_.find(code) != names_.end();
}

std::optional<std::string> RegionDirectory::NameOf(std::string_view code) const {
  const auto it = names_.find(code);
  if (it == names_.end()) return std::nullopt;
  return it->second;
}

}  // namespace lintas::core
