#pragma once

#include <string>

#include "absl/status/status.h"
#include "core/domain/region_directory.h"

namespace lintas::config::yaml {

// The file `regions_file` names: a list of {code, name}, each code well formed, listed once and
// with its parent listed too. Messages name the entry: "regions[5].code: duplicate '53.21'".
absl::Status LoadRegions(const std::string& file, core::RegionDirectory& out);

}  // namespace lintas::config::yaml
