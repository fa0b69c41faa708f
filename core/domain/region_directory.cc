#include "core/domain/region_directory.h"

#include <algorithm>
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

char LowerAscii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Names in the data mix cases ("SoE", "Soe"): people look for the name, not its capitals.
// Bytes beyond ASCII compare by value, which keeps the order total and stable.
bool NameLess(std::string_view a, std::string_view b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return static_cast<unsigned char>(LowerAscii(x)) < static_cast<unsigned char>(LowerAscii(y));
  });
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

bool RegionDirectory::IsKelurahan(std::string_view code) {
  // PP.KK.CC.DDDD: the first village digit is 1 for a kelurahan, 2 for a desa (Permendagri
  // 137/2017; the national data also has 3 for a few desa adat in Papua).
  return LevelOf(code) == Level::kVillage && code[9] == '1';
}

bool RegionDirectory::Add(std::string code, std::string name) {
  if (!IsWellFormed(code)) return false;
  const auto [it, added] = names_.emplace(std::move(code), std::move(name));
  if (!added) return false;
  // Picker order: by name ignoring case, then by code (names repeat: Kupang Timur has a kelurahan
  // and a desa Oesao).
  const auto before = [this](const std::string& a, const std::string& b) {
    const std::string& na = names_.find(a)->second;
    const std::string& nb = names_.find(b)->second;
    if (NameLess(na, nb)) return true;
    if (NameLess(nb, na)) return false;
    return a < b;
  };
  std::vector<std::string>& siblings = children_[ParentOf(it->first)];
  siblings.insert(std::upper_bound(siblings.begin(), siblings.end(), it->first, before), it->first);
  return true;
}

bool RegionDirectory::Contains(std::string_view code) const {
  return names_.find(code) != names_.end();
}

std::optional<std::string> RegionDirectory::NameOf(std::string_view code) const {
  const auto it = names_.find(code);
  if (it == names_.end()) return std::nullopt;
  return it->second;
}

std::vector<RegionDirectory::Region> RegionDirectory::ChildrenOf(std::string_view code) const {
  std::vector<Region> out;
  const auto it = children_.find(code);
  if (it == children_.end()) return out;
  out.reserve(it->second.size());
  for (const std::string& child : it->second)
    out.push_back({child, names_.find(child)->second});
  return out;
}

}  // namespace lintas::core
