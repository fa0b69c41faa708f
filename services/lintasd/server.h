#pragma once

#include <grpcpp/server.h>

#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/config/lintasd_config.h"
#include "adapters/config/portal_config.h"
#include "adapters/redis/consumer_lease.h"
#include "adapters/sync/stop_signal.h"
#include "services/lintasd/service_set.h"

namespace lintas::lintasd {

// The running broker: concrete adapters wired into the selected services behind one gRPC
// server, with health reporting that follows Redis.
class Server {
 public:
  // FAILED_PRECONDITION for a config that cannot run (bad key file, insecure mode off loopback),
  // UNAVAILABLE when the port cannot be bound.
  static absl::StatusOr<std::unique_ptr<Server>> Start(
      const config::LintasdConfig& config, ServiceSet services,
      const std::optional<config::PortalConfig>& portal = std::nullopt);
  ~Server();

  // Stops accepting calls, lets calls in flight finish (up to the configured grace), stops the
  // health probe.
  void Shutdown();
  int port() const { return port_; }
  // SIGHUP: re-reads the routing rules (when routing runs); on error the old rules stay.
  absl::Status ReloadRouting(const std::string& config_path);

 private:
  struct Wiring;
  Server();
  void ProbeHealth();

  std::unique_ptr<Wiring> wiring_;
  std::unique_ptr<class RoutingRunner> routing_;
  std::unique_ptr<class NotifyRunner> notify_;
  std::unique_ptr<class WebhookRunner> webhook_;
  // The consumer names of the workers above (worker_identity.h); released after they stop.
  std::vector<std::unique_ptr<redis::ConsumerLease>> leases_;
  std::unique_ptr<class PortalRunner> portal_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::chrono::milliseconds grace_{0};
  sync::StopSignal stopping_;
  std::thread health_thread_;
  int last_serving_ = -1;  // only the health probe touches it: log changes, not every probe
};

}  // namespace lintas::lintasd
