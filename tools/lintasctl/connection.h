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

// Everything needed to reach the server as one agency: with mutual TLS the CA and the agency's
// client certificate and key (the certificate names the agency); in lintasd's development mode
// the agency id, sent as a header.
struct ConnectionOptions {
  std::string server = kDefaultServer;
  // Development mode only: sent as x-lintas-agency, which the server takes on trust.
  std::string agency;
  std::string ca_file;    // PEM: the CA lintasd's certificate must chain to
  std::string cert_file;  // PEM: this agency's client certificate
  std::string key_file;   // PEM: its private key
  std::chrono::seconds timeout{10};

  bool UsesTls() const { return !ca_file.empty() || !cert_file.empty() || !key_file.empty(); }
};

// Checks what the server cannot check for us before a call: with TLS, that the CA, certificate
// and key are all given and readable; without, that an agency id is present and is a legal
// metadata value (gRPC aborts the process on an illegal one).
absl::Status ValidateConnectionOptions(const ConnectionOptions& options);

// The channel for `options`: mutual TLS when UsesTls(), else plaintext (development mode).
std::shared_ptr<grpc::Channel> MakeChannel(const ConnectionOptions& options);

// Sets the deadline and the caller's identity on a context for one call.
void PrepareContext(const ConnectionOptions& options, grpc::ClientContext& context);

}  // namespace lintas::ctl
