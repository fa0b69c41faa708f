#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace lintas::core {

// One problem with one field of a request. `field` is the path in the request message as the
// caller wrote it, in proto field names: "case.subject.nik", "case.reported_persons[2].phone".
struct FieldViolation {
  std::string field;
  std::string description;

  bool operator==(const FieldViolation&) const = default;
};

using FieldViolations = std::vector<FieldViolation>;

// An INVALID_ARGUMENT status that carries every violation as a payload, so that the one place
// that maps errors to gRPC (adapters/grpc/status_mapping) can turn them into a
// google.rpc.BadRequest without core knowing about protobuf.
absl::Status InvalidArgumentWithViolations(std::string_view message,
                                           const FieldViolations& violations);

// The violations carried by a status made by InvalidArgumentWithViolations (empty otherwise).
FieldViolations ViolationsOf(const absl::Status& status);

}  // namespace lintas::core
