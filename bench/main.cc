// lintas_bench: SubmitCase throughput and latency against a running lintasd, next to a bare gRPC
// echo server driven by the same generator in the same run. See bench/README.md.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <ctime>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "bench/echo_server.h"
#include "bench/load_generator.h"
#include "bench/report.h"
#include "bench/status_text.h"
#include "bench/targets.h"

namespace {

using lintas::bench::LoadOptions;
using lintas::bench::LoadResult;

std::string UtcNow() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::chrono::milliseconds Millis(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(std::llround(seconds * 1000)));
}

// Fails before any load is sent when the target is down or refuses what the generator sends,
// instead of after minutes of runs that all failed.
bool Probe(lintas::bench::Target& target, const LoadOptions& options) {
  const grpc::Status status = lintas::bench::ProbeOnce(target, options);
  if (status.ok()) return true;
  std::cerr << "lintas_bench: ERROR: " << target.name() << " at " << options.address
            << " failed a first request: " << lintas::bench::StatusText(status) << "\n";
  return false;
}

LoadResult RunOne(lintas::bench::Target& target, const LoadOptions& options) {
  std::cerr << "lintas_bench: " << target.name() << " at concurrency " << options.concurrency
            << " (" << options.warmup.count() / 1000.0 << " s warm-up + "
            << options.duration.count() / 1000.0 << " s)..." << std::endl;
  LoadResult result = lintas::bench::RunLoad(target, options);
  std::cerr << "lintas_bench:   " << static_cast<long long>(result.requests_per_s()) << " req/s, "
            << result.errors + result.other_errors << " errors"
            << (result.setup_error.empty() ? "" : ", " + result.setup_error) << std::endl;
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  // As lintasd does (services/lintasd/main.cc): no lock-order checking on every gRPC Mutex.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  CLI::App app{"Load generator for lintasd's IntakeService.SubmitCase, with a gRPC echo baseline."};
  std::string address = "127.0.0.1:7443";
  std::string agency = "bp3mi-ntt";
  std::vector<int> concurrency = {1, 16, 64};
  double warmup_s = 2;
  double duration_s = 10;
  double call_timeout_s = 10;
  double connect_timeout_s = 5;
  int max_channels = 4;
  int cq_threads = 2;
  bool skip_echo = false;
  bool skip_lintasd = false;
  std::string json_path;
  std::string rpc = "submit-case";
  app.add_option("--rpc", rpc,
                 "what to call on lintasd: submit-case (a new case each call) or get-case (one "
                 "case, read again and again)")
      ->check(CLI::IsMember({"submit-case", "get-case"}))
      ->capture_default_str();
  app.add_option("--target", address, "lintasd address (plaintext, dev mode)")
      ->capture_default_str();
  app.add_option("--agency", agency, "caller agency sent as x-lintas-agency metadata")
      ->capture_default_str();
  app.add_option("--concurrency", concurrency, "requests kept in flight; one run per value")
      ->delimiter(',')
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--warmup-s", warmup_s, "unmeasured seconds before each run")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--duration-s", duration_s, "measured seconds of each run")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--call-timeout-s", call_timeout_s, "deadline of each call")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--connect-timeout-s", connect_timeout_s, "how long to wait for a connection")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--max-channels", max_channels, "channels (connections) per run: min(C, this)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--cq-threads", cq_threads, "completion-queue threads per run: min(C, this)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_flag("--skip-echo", skip_echo, "do not run the echo baseline");
  app.add_flag("--skip-lintasd", skip_lintasd, "do not run against lintasd");
  app.add_option("--json", json_path, "also write the results as JSON to this file");
  CLI11_PARSE(app, argc, argv);
  if (skip_echo && skip_lintasd) {
    std::cerr << "lintas_bench: --skip-echo and --skip-lintasd leave nothing to run\n";
    return 2;
  }

  LoadOptions base;
  base.max_channels = max_channels;
  base.cq_threads = cq_threads;
  base.warmup = Millis(warmup_s);
  base.duration = Millis(duration_s);
  base.call_timeout = Millis(call_timeout_s);
  base.connect_timeout = Millis(connect_timeout_s);

  lintas::bench::BenchReport report;
  report.info.started_at = UtcNow();
  report.info.lintasd_address = skip_lintasd ? "" : address;
  report.info.agency = agency;
  report.info.run_id = lintas::bench::CaseFactory::NewRunId();
  report.info.warmup_s = warmup_s;
  report.info.duration_s = duration_s;
  report.info.max_channels = max_channels;
  report.info.cq_threads = cq_threads;
  report.info.hardware_threads = std::thread::hardware_concurrency();

  lintas::bench::SubmitCaseTarget submit_case(agency, report.info.run_id);
  report.info.echo_payload_bytes = submit_case.TypicalRequestBytes();
  lintas::bench::EchoTarget echo(report.info.echo_payload_bytes);
  std::unique_ptr<lintas::bench::GetCaseTarget> get_case;
  if (rpc == "get-case" && !skip_lintasd) {
    grpc::Status submitted;
    std::string id = lintas::bench::SubmitOneCase(address, agency, report.info.run_id, submitted);
    if (id.empty()) {
      std::cerr << "lintas_bench: ERROR: could not submit the case to read: "
                << lintas::bench::StatusText(submitted) << "\n";
      return 1;
    }
    get_case = std::make_unique<lintas::bench::GetCaseTarget>(agency, std::move(id));
  }
  lintas::bench::Target& lintasd_target =
      get_case ? static_cast<lintas::bench::Target&>(*get_case) : submit_case;

  LoadOptions lintasd_options = base;
  lintasd_options.address = address;
  if (!skip_lintasd && !Probe(lintasd_target, lintasd_options)) return 1;

  std::unique_ptr<lintas::bench::EchoServer> echo_server;
  LoadOptions echo_options = base;
  if (!skip_echo) {
    echo_server = lintas::bench::EchoServer::Start();
    if (echo_server == nullptr) {
      std::cerr << "lintas_bench: ERROR: the echo server did not start on 127.0.0.1\n";
      return 1;
    }
    echo_options.address = echo_server->address();
    if (!Probe(echo, echo_options)) return 1;
  }

  // Both targets at one concurrency back to back, so that slow drift (Redis growing, other load
  // on the machine) moves a ratio's two halves alike.
  for (const int c : concurrency) {
    if (!skip_lintasd) {
      lintasd_options.concurrency = c;
      report.submit_case.push_back(RunOne(lintasd_target, lintasd_options));
    }
    if (!skip_echo) {
      echo_options.concurrency = c;
      report.echo.push_back(RunOne(echo, echo_options));
    }
  }

  lintas::bench::PrintMarkdown(report, std::cout);
  std::cout.flush();
  if (!json_path.empty()) {
    std::string error;
    if (!lintas::bench::WriteJson(report, json_path, error)) {
      std::cerr << "lintas_bench: ERROR: " << error << "\n";
      return 1;
    }
  }

  int failed = 0;
  for (const auto* results : {&report.submit_case, &report.echo}) {
    for (const auto& r : *results)
      failed += r.failed() ? 1 : 0;
  }
  if (failed > 0) {
    std::cerr << "\nlintas_bench: ERROR: " << failed
              << " run(s) had failed calls or did not run; the numbers above are NOT valid.\n";
    return 1;
  }
  return 0;
}
