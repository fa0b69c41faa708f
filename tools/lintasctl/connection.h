#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace lintas::ctl {

inline constexpr char kDefaultServer[] = "127.0.0.1:7443";
inline constexpr char kAgencyMetadataKey[] = "x-lintas-agency";

// Everything needed to reach the server as one agency. Mutual TLS will add the CA, client
// certificate and key here; MakeChannel is then the only function that changes.
struct ConnectionOptions {
  std::string server = kDefaultServer;
  // Sent as x-lintas-agency; the server takes it on trust only in its development mode.
  std::string agency;
  std::chrono::seconds timeout{10};
};

// Checks what the server cannot check for us before a call: that an agency id is present and
// is a legal metadata value (gRPC aborts the process on an illegal one).
absl::Status ValidateConnectionOptions(const ConnectionOptions& options);

// The channel for `options`. Plaintext until mutual TLS lands.
std::shared_ptr<grpc::Channel> MakeChannel(const ConnectionOptions& options);

// Sets the deadline and the caller's identity on a context for one call.
void PrepareContext(const ConnectionOptions& options, grpc::ClientContext& context);

}  // namespace lintas::ctl
