// lintasd: the Lintas broker. One binary, many services (--services=intake,... or all).
#include <csignal>
#include <cstdio>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/synchronization/mutex.h"
#include "adapters/config/lintasd_config.h"
#include "adapters/config/portal_config.h"
#include "adapters/log/json_formatter.h"
#include "core/util/string_view.h"
#include "services/lintasd/server.h"
#include "spdlog/spdlog.h"

namespace {

constexpr int kExitConfigError = 2;

int ConfigError(std::string_view message) {
  std::fprintf(stderr, "lintasd: config error: %.*s\n", static_cast<int>(message.size()),
               message.data());
  return kExitConfigError;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"lintasd: the Lintas inter-agency case coordination broker"};
  std::string services_flag = "all";
  std::string config_path;
  std::string log_level = "info";
  app.add_option("--services", services_flag, "Services to run: all, or a list such as intake")
      ->capture_default_str();
  app.add_option("--config", config_path, "YAML config file (see deploy/config/README.md)")
      ->required();
  app.add_option("--log-level", log_level, "debug, info, warn or error")->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kExitConfigError;
  }
  // Debian's abseil checks every Mutex acquisition for lock-order cycles, which gRPC pays for on
  // every call; that is a debugging aid, not something to run in production.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  if (!lintas::log::SetUpJsonLogging(log_level)) {
    return ConfigError("--log-level: expected debug, info, warn or error");
  }
  auto services = lintas::lintasd::ServiceSet::Parse(services_flag);
  if (!services.ok()) return ConfigError(lintas::AsStd(services.status().message()));
  auto config = lintas::config::LoadLintasdConfig(config_path, lintas::config::ProcessEnv());
  if (!config.ok()) return ConfigError(lintas::AsStd(config.status().message()));
  auto portal =
      lintas::config::LoadPortalConfig(config_path, lintas::config::ProcessEnv(), *config);
  if (!portal.ok()) return ConfigError(lintas::AsStd(portal.status().message()));

  // Block the signals we act on in every thread (gRPC's included, which inherit this mask),
  // then wait for them here: the handling is ordinary code, not an async-signal context.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // A write to a Redis connection that died must be an error return, not a process kill.
  std::signal(SIGPIPE, SIG_IGN);

  auto server = lintas::lintasd::Server::Start(*config, *services, *portal);
  if (!server.ok()) {
    if (server.status().code() == absl::StatusCode::kCancelled) {
      spdlog::info("{} before the start completed; lintasd stopped",
                   lintas::AsStd(server.status().message()));
      return 0;
    }
    if (server.status().code() == absl::StatusCode::kFailedPrecondition) {
      return ConfigError(lintas::AsStd(server.status().message()));
    }
    spdlog::critical("cannot start: {}", lintas::AsStd(server.status().message()));
    return 1;
  }
  spdlog::info("lintasd listening on port {} with services {}", (*server)->port(), services_flag);
  int signal = 0;
  while (sigwait(&signals, &signal) == 0 && signal == SIGHUP) {
    const absl::Status reloaded = (*server)->ReloadRouting(config_path);
    if (!reloaded.ok()) {
      spdlog::error("SIGHUP: routing rules not reloaded, the current ones stay: {}",
                    lintas::AsStd(reloaded.message()));
    }
  }
  spdlog::info("signal {} received: draining calls in flight, then stopping", signal);
  (*server)->Shutdown();
  spdlog::info("lintasd stopped");
  return 0;
}
