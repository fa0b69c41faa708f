#include "tests/e2e/lintasd_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <regex>

extern char** environ;

namespace lintas::testing {
namespace {

constexpr char kListeningMarker[] = "listening on port ";

}  // namespace

std::string LintasdProcess::MakeKeyFile() {
  char tmpl[] = "/tmp/lintas-key-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return {};
  const std::string path = std::string(tmpl) + "/e2e.key";
  std::random_device rd;
  std::ofstream out(path);
  for (int i = 0; i < 32; ++i) {
    char hex[3];
    std::snprintf(hex, sizeof(hex), "%02x", rd() & 0xff);
    out << hex;
  }
  out << "\n";
  out.close();
  ::chmod(path.c_str(), 0600);  // lintasd refuses a key file others can read
  return path;
}

bool LintasdProcess::Spawn(const Options& options) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  std::vector<std::string> args = {
      LINTASD_BIN, "--config",
      options.config.empty() ? std::string(LINTAS_SOURCE_DIR) + "/deploy/config/lintas.yaml"
                             : options.config};
  args.insert(args.end(), options.args.begin(), options.args.end());
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string(*e).rfind("LINTAS_", 0) != 0) env.emplace_back(*e);
  }
  bool dev_identity_set = false;
  for (const auto& [k, v] : options.env) {
    env.push_back(k + "=" + v);
    dev_identity_set = dev_identity_set || k == "LINTAS_INSECURE_DEV_IDENTITY";
  }
  // The portal (in --services=all when the config has one) on a free port, so tests run side by
  // side; a test that wants it elsewhere sets the variable itself.
  if (std::none_of(options.env.begin(), options.env.end(),
                   [](const auto& kv) { return kv.first == "LINTAS_PORTAL_LISTEN"; })) {
    env.emplace_back("LINTAS_PORTAL_LISTEN=127.0.0.1:0");
  }
  if (options.dev_identity && !dev_identity_set) {
    env.emplace_back("LINTAS_INSECURE_DEV_IDENTITY=true");
  }

  pid_ = fork();
  if (pid_ == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    dup2(fds[1], STDERR_FILENO);
    dup2(fds[1], STDOUT_FILENO);
    std::vector<char*> argv, envp;
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env)
      envp.push_back(e.data());
    envp.push_back(nullptr);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  close(fds[1]);
  if (pid_ < 0) {
    close(fds[0]);
    return false;
  }
  reader_ = std::thread([this, fd = fds[0]] {
    char buf[4096];
    for (;;) {
      const ssize_t n = read(fd, buf, sizeof(buf));
      if (n <= 0) break;
      std::lock_guard lock(mu_);
      log_.append(buf, static_cast<size_t>(n));
      cv_.notify_all();
    }
    close(fd);
    std::lock_guard lock(mu_);
    eof_ = true;
    cv_.notify_all();
  });
  return true;
}

std::unique_ptr<LintasdProcess> LintasdProcess::Start(const Options& options) {
  std::unique_ptr<LintasdProcess> p(new LintasdProcess());
  if (!p->Spawn(options)) {
    ADD_FAILURE() << "cannot start " << LINTASD_BIN;
    return nullptr;
  }
  std::unique_lock lock(p->mu_);
  const bool listening = p->cv_.wait_for(lock, std::chrono::seconds(20), [&] {
    return p->eof_ || p->log_.find(kListeningMarker) != std::string::npos;
  });
  const auto at = p->log_.find(kListeningMarker);
  if (!listening || at == std::string::npos) {
    ADD_FAILURE() << "lintasd did not start; its output:\n" << p->log_;
    return nullptr;
  }
  p->port_ = std::stoi(p->log_.substr(at + sizeof(kListeningMarker) - 1));
  return p;
}

std::pair<int, std::string> LintasdProcess::RunToExit(const Options& options) {
  LintasdProcess p;
  if (!p.Spawn(options)) return {-1, "cannot start lintasd"};
  const int code = p.Wait(20000);
  p.reader_.join();
  return {code, p.log_};
}

int LintasdProcess::Wait(int timeout_ms) {
  if (pid_ <= 0) return -1;
  for (int waited = 0; waited < timeout_ms; waited += 10) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      return 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

int LintasdProcess::Terminate() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  const int code = Wait(30000);
  if (code == -1 && pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  return code;
}

void LintasdProcess::Signal(int signal) {
  if (pid_ > 0) kill(pid_, signal);
}

bool LintasdProcess::WaitForLog(const std::string& text, int count,
                                std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] {
    int seen = 0;
    for (auto at = log_.find(text); at != std::string::npos; at = log_.find(text, at + 1))
      ++seen;
    return seen >= count;
  });
}

std::string LintasdProcess::Log() const {
  std::lock_guard lock(mu_);
  return log_;
}

LintasdProcess::~LintasdProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (reader_.joinable()) reader_.join();
}

}  // namespace lintas::testing
