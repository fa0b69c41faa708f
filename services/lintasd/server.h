#pragma once

#include <grpcpp/server.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "absl/status/statusor.h"
#include "adapters/config/lintasd_config.h"
#include "adapters/config/portal_config.h"

namespace lintas::lintasd {

// Which services this process runs (--services=intake,... or all).
struct ServiceSet {
  bool intake = false;
  bool routing = false;
  bool referral = false;  // ReferralService and TriageService
  bool notify = false;    // the notify worker: per-agency inboxes
  bool status = false;    // CaseStatusService
  bool webhook = false;   // the webhook worker: inboxes of webhook agencies POSTed to them
  bool feeds = false;     // NotificationService (Subscribe, Ack) and the WatchCase streams
  bool portal = false;    // the public reporting portal (HTTP); with "all", only when configured
  bool portal_named = false;  // named on its own: then a missing portal section is an error
  // "all" or a comma-separated list of known names; INVALID_ARGUMENT naming an unknown one.
  static absl::StatusOr<ServiceSet> Parse(std::string_view text);
};

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
  std::unique_ptr<class PortalRunner> portal_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::chrono::milliseconds grace_{0};
  std::mutex mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::thread health_thread_;
  int last_serving_ = -1;  // only the health probe touches it: log changes, not every probe
};

}  // namespace lintas::lintasd
