#pragma once

#include <grpcpp/support/status.h>

#include <string>

#include "absl/status/status.h"

namespace lintas::grpcx {

// The one place where an absl::Status becomes a grpc::Status. Codes map one to one (they share
// numbers). Field violations carried by the status (core/errors/field_violation.h) become a
// google.rpc.BadRequest inside a google.rpc.Status in the grpc-status-details-bin trailer.
grpc::Status ToGrpcStatus(const absl::Status& status);

// One line for the log: code, message and the violated field paths (never their values), e.g.
// "INVALID_ARGUMENT: the case is invalid: 2 field violations [case.subject.nik, case.region_code]".
std::string StatusForLog(const absl::Status& status);

}  // namespace lintas::grpcx
