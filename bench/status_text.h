#pragma once

#include <grpcpp/support/status.h>

#include <string>

namespace lintas::bench {

// "INVALID_ARGUMENT: case is invalid [case.subject.nik: ...; ...]": the code name, the message and,
// when the server attached a google.rpc.BadRequest, every field violation, so a rejected bench
// case says at once which field lintasd did not like.
std::string StatusText(const grpc::Status& status);

}  // namespace lintas::bench
