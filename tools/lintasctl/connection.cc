#include "tools/lintasctl/connection.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <utility>

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

// The whole file, or nullopt when it cannot be read.
std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

std::shared_ptr<grpc::ChannelCredentials> MakeCredentials(const ConnectionOptions& options) {
  if (!options.UsesTls()) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  // Unreadable files were refused by ValidateConnectionOptions; empty ones fail the handshake.
  ssl.pem_root_certs = ReadFile(options.ca_file).value_or("");
  ssl.pem_cert_chain = ReadFile(options.cert_file).value_or("");
  ssl.pem_private_key = ReadFile(options.key_file).value_or("");
  return grpc::SslCredentials(ssl);
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
  if (options.UsesTls()) {
    for (const auto& [flag, path] :
         {std::pair<const char*, const std::string*>{"--ca", &options.ca_file},
          {"--cert", &options.cert_file},
          {"--key", &options.key_file}}) {
      if (path->empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "mutual TLS needs --ca, --cert and --key (or --certs-dir DIR with --agency ID); ", flag,
            " is missing"));
      }
      if (!ReadFile(*path)) {
        return absl::InvalidArgumentError(
            absl::StrCat(flag, " \"", *path, "\" cannot be read: ", std::strerror(errno)));
      }
    }
  } else if (options.agency.empty()) {
    return absl::InvalidArgumentError(
        "--certs-dir DIR with --agency ID (mutual TLS), or --ca, --cert and --key, is required; "
        "against a development-mode lintasd, --agency (or LINTAS_AGENCY) alone: the id of the "
        "agency you act for, e.g. bp3mi-ntt");
  }
  if (!options.agency.empty() && !IsAgencyId(options.agency)) {
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
  // With TLS the certificate names the agency and the server ignores the header.
  if (!options.UsesTls()) context.AddMetadata(kAgencyMetadataKey, options.agency);
}

}  // namespace lintas::ctl
