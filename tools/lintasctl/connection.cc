#include "tools/lintasctl/connection.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

#ifndef LINTAS_VERSION
#define LINTAS_VERSION "dev"
#endif

namespace lintas::ctl {
namespace {

// The config's rule for agency ids ("bp3mi-ntt", "pemkab-kupang"): 1-64 of a-z 0-9 -.
bool IsAgencyId(absl::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char ch : id) {
    if (!absl::ascii_islower(ch) && !absl::ascii_isdigit(ch) && ch != '-') return false;
  }
  return true;
}

// Catches the typos gRPC would not report plainly: it folds a port over 65535 into range and
// tries to resolve "host name" with a space as a DNS name. Other target forms (unix:, dns:///)
// are left to gRPC.
bool LooksLikeBadAddress(absl::string_view server) {
  for (char ch : server) {
    if (absl::ascii_isspace(ch)) return true;
  }
  const size_t colon = server.rfind(':');
  if (colon == absl::string_view::npos || absl::StartsWith(server, "unix:")) return false;
  const absl::string_view port = server.substr(colon + 1);
  int value = 0;
  if (!absl::SimpleAtoi(port, &value)) return false;
  return value < 1 || value > 65535;
}

std::shared_ptr<grpc::ChannelCredentials> MakeCredentials(const ConnectionOptions&) {
  return grpc::InsecureChannelCredentials();
}

}  // namespace

absl::Status ValidateConnectionOptions(const ConnectionOptions& options) {
  if (options.server.empty()) {
    return absl::InvalidArgumentError("--server (or LINTAS_SERVER) must not be empty");
  }
  if (LooksLikeBadAddress(options.server)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--server \"", options.server, "\" is not HOST:PORT (port 1-65535), e.g. 127.0.0.1:7443"));
  }
  if (options.agency.empty()) {
    return absl::InvalidArgumentError(
        "--agency (or LINTAS_AGENCY) is required: the id of the agency you act for, e.g. "
        "bp3mi-ntt");
  }
  if (!IsAgencyId(options.agency)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--agency \"", options.agency, "\" is not an agency id (1-64 of a-z 0-9 -)"));
  }
  if (options.timeout.count() <= 0) {
    return absl::InvalidArgumentError("--timeout must be at least 1 second");
  }
  return absl::OkStatus();
}

std::shared_ptr<grpc::Channel> MakeChannel(const ConnectionOptions& options) {
  grpc::ChannelArguments args;
  // Lets server logs tell lintasctl calls from agency systems.
  args.SetUserAgentPrefix(absl::StrCat("lintasctl/", LINTAS_VERSION));
  return grpc::CreateCustomChannel(options.server, MakeCredentials(options), args);
}

void PrepareContext(const ConnectionOptions& options, grpc::ClientContext& context) {
  context.set_deadline(std::chrono::system_clock::now() + options.timeout);
  context.AddMetadata(kAgencyMetadataKey, options.agency);
}

}  // namespace lintas::ctl
