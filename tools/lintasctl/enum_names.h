#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"

namespace lintas::ctl {

// Command-line spelling of proto enums: "CATEGORY_NON_PROCEDURAL_DEPARTURE" is typed as
// "non-procedural-departure". Both spellings are accepted on input, case-insensitively.

// The short name of `value` ("trafficking"), or the number when the value is unknown to this
// build (a newer server may send values we do not know yet).
std::string ShortEnumName(const google::protobuf::EnumDescriptor& type, int value);

// Every short name of `type` except the zero (UNSPECIFIED) value, in declaration order.
std::vector<std::string> ShortEnumNames(const google::protobuf::EnumDescriptor& type);

// Parses a short or full name. The zero value is refused: it means "not given", and a flag that
// was given must say something. `flag` ("--category") is used in the error message.
absl::StatusOr<int> ParseEnumName(const google::protobuf::EnumDescriptor& type,
                                  absl::string_view text, absl::string_view flag);

}  // namespace lintas::ctl
