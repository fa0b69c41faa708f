#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "adapters/redis/blocking_connection.h"

namespace lintas::testing {

// A private redis-server for one test: its own temp dir, a unix socket (no port to collide on),
// AOF on. Start() fails the test loudly when redis-server cannot be started. The server dies
// with the test process (PR_SET_PDEATHSIG) even if the test crashes.
class RedisServer {
 public:
  static std::unique_ptr<RedisServer> Start();
  ~RedisServer();

  // SIGKILL, as a crash would: nothing is flushed beyond what AOF already has.
  void Kill();
  // Starts again on the same socket and directory, so the AOF is replayed.
  void Restart();
  bool running() const { return pid_ > 0; }

  std::string address() const { return "unix:" + socket_; }  // for lintasd / the pool
  const std::string& socket_path() const { return socket_; }
  const std::string& dir() const { return dir_; }

  // A fresh connection for assertions, connected; nullptr when the server does not answer.
  std::unique_ptr<redis::BlockingConnection> Connect() const;

  // Runs a command on a fresh connection and returns the reply's strings: a bulk or status
  // reply gives one element, an array its elements (flattened one level), nil none.
  std::vector<std::string> Run(const std::vector<std::string>& argv) const;
  // The ids of every entry of `stream`, in order.
  std::vector<std::string> StreamIds(const std::string& stream) const;

 private:
  RedisServer() = default;
  bool Launch();  // false (with the log in the failure message) when it does not answer PING

  std::string dir_;
  std::string socket_;
  pid_t pid_ = -1;
};

}  // namespace lintas::testing
