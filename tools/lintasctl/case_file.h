#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lintas/v1/case.pb.h"

namespace lintas::ctl {

// Parses a lintas.v1.Case written in the protobuf JSON mapping (enum values by name, e.g.
// "CATEGORY_TRAFFICKING"). Unknown fields are errors: a misspelt field must not silently drop
// part of a report. `source` names the input in the error message.
absl::StatusOr<lintas::v1::Case> ParseCaseJson(absl::string_view json, absl::string_view source);

// Reads and parses `path`; "-" reads standard input.
absl::StatusOr<lintas::v1::Case> ReadCaseFile(const std::string& path);

}  // namespace lintas::ctl
