#include "services/lintasd/portal_runner.h"

#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "adapters/http/http_server.h"
#include "adapters/redis/tracking_codes.h"
#include "services/portal/portal_service.h"
#include "spdlog/spdlog.h"

namespace lintas::lintasd {
namespace {

absl::StatusOr<std::string> ReadAll(const std::string& path, const char* key) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::FailedPreconditionError(absl::StrCat(key, ": cannot read '", path, "'"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

PortalRunner::PortalRunner() = default;
PortalRunner::~PortalRunner() {
  server_.reset();  // first: no handler may run on the service after this
}

int PortalRunner::port() const {
  return server_->port();
}

absl::StatusOr<std::unique_ptr<PortalRunner>> PortalRunner::Start(const Shared& shared) {
  std::unique_ptr<PortalRunner> runner(new PortalRunner());
  runner->config_ = shared.portal;
  const config::PortalConfig& pc = runner->config_;
  http::HttpServerOptions options;
  // "host:port" or "[v6]:port" (checked by the config loader).
  const std::size_t colon = pc.listen.rfind(':');
  options.host = pc.listen.substr(0, colon);
  if (options.host.size() >= 2 && options.host.front() == '[') {
    options.host = options.host.substr(1, options.host.size() - 2);
  }
  if (options.host == "localhost") options.host = "127.0.0.1";
  if (!absl::SimpleAtoi(pc.listen.substr(colon + 1), &options.port)) {
    return absl::FailedPreconditionError(
        absl::StrCat("portal.listen: bad port in '", pc.listen, "'"));
  }
  if (!pc.cert_file.empty()) {
    auto cert = ReadAll(pc.cert_file, "portal.cert_file");
    if (!cert.ok()) return cert.status();
    auto key = ReadAll(pc.key_file, "portal.key_file");
    if (!key.ok()) return key.status();
    options.cert_pem = *std::move(cert);
    options.key_pem = *std::move(key);
  }
  options.threads = pc.threads;
  options.max_connections = pc.max_connections;
  options.max_connections_per_ip = pc.max_connections_per_ip;
  options.idle_timeout_s = std::max(1, pc.idle_timeout_ms / 1000);
  options.header_timeout = std::chrono::milliseconds(pc.header_timeout_ms);
  options.body_timeout = std::chrono::milliseconds(pc.body_timeout_ms);
  options.max_body_bytes = static_cast<std::size_t>(pc.max_body_bytes);
  options.max_header_bytes = static_cast<std::size_t>(pc.max_header_bytes);

  runner->codes_ = std::make_unique<redis::TrackingCodes>(
      shared.redis, redis::KeyLayout(shared.config.redis.key_prefix));
  runner->service_ = std::make_unique<portal::PortalService>(portal::PortalService::Deps{
      pc, shared.config.regions, shared.config.agencies, shared.intake, shared.config.intake.limits,
      shared.store, *runner->codes_, shared.hasher, shared.random, shared.clock, shared.audit,
      shared.conversation});
  auto server = http::HttpServer::Start(options, runner->service_->Routes());
  if (!server.ok()) {
    return absl::Status(server.status().code(),
                        absl::StrCat("portal.listen: ", server.status().message()));
  }
  runner->server_ = *std::move(server);
  spdlog::info(
      "portal: serving {} on {}:{} as agency {} ({} threads, {} connections, {} per client "
      "address, bodies up to {} bytes)",
      runner->server_->tls() ? "https" : "plain http (loopback only)", options.host,
      runner->server_->port(), pc.agency, pc.threads, pc.max_connections, pc.max_connections_per_ip,
      pc.max_body_bytes);
  return runner;
}

}  // namespace lintas::lintasd
