#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "lintas/v1/envelope.pb.h"

namespace lintas::http {

// Renders an event as a CloudEvents 1.0 document in structured JSON mode (what webhooks POST
// with content type application/cloudevents+json):
//   {"specversion":"1.0","id":..,"source":..,"type":..,"subject":..,"time":"<RFC 3339>",
//    "datacontenttype":"application/json","lintassequence":N,"data":<data_json>}
// The envelope's own data (protobuf bytes) is not used: the caller passes the event already
// rendered as JSON and already redacted for the receiving agency. `data_json` is checked to be
// exactly one well-formed (RFC 8259) JSON value and embedded verbatim. INVALID_ARGUMENT when id,
// source or type is missing, the time is out of range, a string is not UTF-8, or data_json is not
// JSON.
absl::StatusOr<std::string> RenderCloudEventJson(const lintas::v1::EventEnvelope& envelope,
                                                 std::string_view data_json);

// Appends `s` to `out` as a quoted JSON string: quotes, backslashes and control characters
// escaped, UTF-8 passed through (U+2028/U+2029 escaped, since JavaScript eval chokes on them).
// INVALID_ARGUMENT, leaving `out` unchanged, if `s` is not valid UTF-8: JSON text must be.
absl::Status AppendJsonString(std::string& out, std::string_view s);

}  // namespace lintas::http
