#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace lintas::grpcx {

// The one place where an absl::Status becomes a grpc::Status. Codes map one to one (they share
// numbers). Field violations carried by the status (core/errors/field_violation.h) become a
// google.rpc.BadRequest inside a google.rpc.Status in the grpc-status-details-bin trailer.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace lintas::grpcx
