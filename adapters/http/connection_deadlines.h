#pragma once

#include <chrono>
#include <cstddef>
#include <thread>
#include <unordered_map>

#include "adapters/sync/annotated_mutex.h"
#include "adapters/sync/stop_signal.h"

namespace lintas::http {

// The header and body deadlines of every open connection of an HttpServer, enforced by a thread
// of their own: a connection still sending its request line and headers past the header
// deadline, or its body past the body deadline, has its socket shut down, and the server then
// closes it. Needed because libmicrohttpd's idle timeout restarts with every byte: a client
// trickling a byte a second would otherwise keep its connection as long as its header buffer
// lasts. A request's clock starts at the accept, or when the previous request on a kept-alive
// connection ended. Connections are keyed by libmicrohttpd's connection pointer.
class ConnectionDeadlines {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Phase { kHeaders, kBody, kHandling };

  ConnectionDeadlines(std::chrono::milliseconds header, std::chrono::milliseconds body);
  ~ConnectionDeadlines();  // stops the thread
  ConnectionDeadlines(const ConnectionDeadlines&) = delete;
  ConnectionDeadlines& operator=(const ConnectionDeadlines&) = delete;

  // A connection was accepted on socket `fd` (still owned by the server).
  void Open(const void* connection, int fd);
  // It is being closed: called before the server closes the socket, so `fd` is never reused
  // while it is known here.
  void Close(const void* connection);
  // Moves to `phase` and returns how long the current request has been arriving.
  Clock::duration Enter(const void* connection, Phase phase);
  // The request was answered: the next one's clock starts now.
  void Restart(const void* connection);
  // Connections cut so far.
  std::size_t cut() const;

 private:
  struct Entry {
    int fd;
    Phase phase;
    Clock::time_point since;
    bool cut;
  };
  void Run();

  const std::chrono::milliseconds header_;
  const std::chrono::milliseconds body_;
  mutable sync::Mutex mu_;
  std::unordered_map<const void*, Entry> entries_ ABSL_GUARDED_BY(mu_);
  std::size_t cut_ ABSL_GUARDED_BY(mu_) = 0;
  sync::StopSignal stop_;
  std::thread thread_;  // last: starts once the rest is built
};

}  // namespace lintas::http
