#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace lintas::testing {

// The real lintasd binary, run as a child process with the demo config and environment
// overrides; its stderr (JSON log lines) is captured for assertions.
class LintasdProcess {
 public:
  struct Options {
    std::string config;                                    // defaults to deploy/config/lintas.yaml
    std::vector<std::string> args;                         // extra flags
    std::vector<std::pair<std::string, std::string>> env;  // LINTAS_* overrides
    // Sets LINTAS_INSECURE_DEV_IDENTITY=true unless `env` sets it: the caller's agency is then
    // the x-lintas-agency header, as most tests want. False runs the config's mutual TLS.
    bool dev_identity = true;
  };

  // Starts lintasd and waits until it logs the port it listens on. nullptr (with a test
  // failure carrying the log) when it exits or stays silent for 20 s.
  static std::unique_ptr<LintasdProcess> Start(const Options& options);
  // Runs lintasd expecting it to stop by itself (a config error): its exit code and stderr.
  static std::pair<int, std::string> RunToExit(const Options& options);
  ~LintasdProcess();

  int port() const { return port_; }
  pid_t pid() const { return pid_; }  // for /proc/<pid>/status in resource tests
  std::string target() const { return "127.0.0.1:" + std::to_string(port_); }
  // SIGTERM, then the exit code (128+signal if it died of one, -1 after a 30 s timeout).
  int Terminate();
  std::string Log() const;
  // Sends a signal (SIGHUP: reload the routing rules).
  void Signal(int signal);
  // Waits until the log holds `text` `count` times or more; false after `timeout`.
  bool WaitForLog(const std::string& text, int count, std::chrono::milliseconds timeout);

  // A fresh 32-byte key file in a temp dir, for crypto.key_file.
  static std::string MakeKeyFile();

 private:
  LintasdProcess() = default;
  bool Spawn(const Options& options);
  int Wait(int timeout_ms);

  pid_t pid_ = -1;
  int port_ = 0;
  std::thread reader_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::string log_;
  bool eof_ = false;
};

}  // namespace lintas::testing
