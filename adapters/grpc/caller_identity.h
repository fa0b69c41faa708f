#pragma once

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "core/domain/agency.h"

namespace lintas::grpcx {

inline constexpr char kAgencyMetadataKey[] = "x-lintas-agency";

// Who is calling. In the development mode that exists until mutual TLS arrives, the agency id
// is read from the `x-lintas-agency` request header, which anyone on the machine can set; that
// is why that mode only ever listens on loopback (see services/lintasd/server.cc).
class CallerAuthenticator {
 public:
  explicit CallerAuthenticator(const core::AgencyRegistry& agencies) : agencies_(agencies) {}

  // The registered agency making the call, or UNAUTHENTICATED.
  absl::StatusOr<const core::Agency*> Authenticate(const grpc::ServerContextBase& context) const;

 private:
  const core::AgencyRegistry& agencies_;
};

}  // namespace lintas::grpcx
