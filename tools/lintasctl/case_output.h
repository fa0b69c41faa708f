#pragma once

#include <string>

#include "google/protobuf/message.h"
#include "lintas/v1/case.pb.h"
#include "lintas/v1/intake.pb.h"

namespace lintas::ctl {

// Pretty protobuf JSON with proto field names ("region_code", not "regionCode"), so that the
// output can be fed back to `submit --file`. With `all_fields`, fields at their default value are
// printed too (scripts can rely on "replayed": false being there); without it they are left out,
// which for a case read back also means "redacted for you".
std::string ToJson(const google::protobuf::Message& message, bool all_fields);

// `case 01J...-07 received (version 1)` plus a line when the answer was a replay.
std::string FormatSubmitText(const lintas::v1::SubmitCaseResponse& response);

// A multi-line summary of a case for people; empty (redacted or absent) fields are left out.
std::string FormatCaseText(const lintas::v1::Case& c);

}  // namespace lintas::ctl
