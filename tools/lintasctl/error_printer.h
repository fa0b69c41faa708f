#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "grpcpp/support/status.h"
#include "tools/lintasctl/connection.h"

namespace lintas::ctl {

// "INVALID_ARGUMENT" for grpc::StatusCode::INVALID_ARGUMENT; the number for unknown codes.
std::string StatusCodeName(grpc::StatusCode code);

// The lines to print for a failed call, without trailing newlines:
//   error: INVALID_ARGUMENT: <message>
//     <field>: <description>        (one per google.rpc.BadRequest field violation)
// plus, for codes where the user can do something (UNAVAILABLE, UNAUTHENTICATED, ...), one
// indented hint naming the server or agency from `connection`. Pure, for tests.
std::vector<std::string> DescribeError(const grpc::Status& status,
                                       const ConnectionOptions& connection);

}  // namespace lintas::ctl
