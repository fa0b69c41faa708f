#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "adapters/config/routing_config.h"

namespace lintas::config::yaml {

// The file `routing.holidays_file` names: a list of {date: YYYY-MM-DD, name, kind: libur |
// cuti_bersama}, each date listed once. Messages name the entry: "routing.holidays[1].date: ...".
absl::Status LoadHolidays(const std::string& file, std::vector<Holiday>& out);

}  // namespace lintas::config::yaml
