#include "adapters/config/regions_file.h"

#include <array>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "adapters/config/strict_yaml.h"

namespace lintas::config::yaml {
namespace {

constexpr auto kRegionKeys = std::to_array<absl::string_view>({"code", "name"});

}  // namespace

absl::Status LoadRegions(const std::string& file, core::RegionDirectory& out) {
  absl::StatusOr<std::string> text = ReadFile(file, "regions_file");
  if (!text.ok()) return text.status();
  absl::StatusOr<YAML::Node> root = ParseYaml(*text, file, "regions_file");
  if (!root.ok()) return root.status();
  if (!root->IsSequence()) {
    return Bad("regions_file", absl::StrCat("expected a list of {code, name} in '", file, "'"));
  }
  const YAML::Node& list = *root;
  if (list.size() == 0) return Bad("regions_file", absl::StrCat("no regions in '", file, "'"));

  std::vector<std::string> codes;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node entry = list[i];
    const std::string path = Index("regions", i);
    LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(entry, path, kRegionKeys));
    std::string code;
    std::string name;
    if (!entry["code"]) return Bad(Sub(path, "code"), "required");
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(entry["code"], Sub(path, "code"), code));
    if (!core::RegionDirectory::IsWellFormed(code)) {
      return Bad(Sub(path, "code"), absl::StrCat("malformed '", code, "'"));
    }
    if (out.Contains(code)) return Bad(Sub(path, "code"), absl::StrCat("duplicate '", code, "'"));
    if (!entry["name"]) return Bad(Sub(path, "name"), "required");
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(entry["name"], Sub(path, "name"), name));
    LINTAS_CONFIG_RETURN_IF_ERROR(CheckName(name, Sub(path, "name")));
    if (!out.Add(code, name)) return Bad(Sub(path, "code"), absl::StrCat("rejected '", code, "'"));
    codes.push_back(std::move(code));
  }
  // Coverage walks prefixes, so an orphan (a village without its district) would be a region no
  // regency agency is known to cover by name.
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const std::string parent = core::RegionDirectory::ParentOf(codes[i]);
    if (!parent.empty() && !out.Contains(parent)) {
      return Bad(Sub(Index("regions", i), "code"),
                 absl::StrCat("'", codes[i], "' has no parent '", parent, "' in regions_file"));
    }
  }
  return absl::OkStatus();
}

}  // namespace lintas::config::yaml
