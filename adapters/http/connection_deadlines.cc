#include "adapters/http/connection_deadlines.h"

#include <sys/socket.h>

#include <algorithm>

#include "adapters/sync/thread_name.h"

namespace lintas::http {

ConnectionDeadlines::ConnectionDeadlines(std::chrono::milliseconds header,
                                         std::chrono::milliseconds body)
    : header_(header), body_(body), thread_([this] { Run(); }) {}

ConnectionDeadlines::~ConnectionDeadlines() {
  stop_.Stop();
  thread_.join();
}

void ConnectionDeadlines::Open(const void* connection, int fd) {
  sync::MutexLock lock(mu_);
  entries_[connection] = Entry{fd, Phase::kHeaders, Clock::now(), false};
}

void ConnectionDeadlines::Close(const void* connection) {
  sync::MutexLock lock(mu_);
  entries_.erase(connection);
}

ConnectionDeadlines::Clock::duration ConnectionDeadlines::Enter(const void* connection,
                                                                Phase phase) {
  sync::MutexLock lock(mu_);
  const auto it = entries_.find(connection);
  if (it == entries_.end()) return {};
  it->second.phase = phase;
  return Clock::now() - it->second.since;
}

void ConnectionDeadlines::Restart(const void* connection) {
  sync::MutexLock lock(mu_);
  const auto it = entries_.find(connection);
  if (it == entries_.end()) return;
  it->second.phase = Phase::kHeaders;
  it->second.since = Clock::now();
}

std::size_t ConnectionDeadlines::cut() const {
  sync::MutexLock lock(mu_);
  return cut_;
}

void ConnectionDeadlines::Run() {
  sync::SetThreadName("http-deadlines");
  // A quarter of the shorter deadline: a connection is cut at most that late.
  const auto tick = std::clamp(std::min(header_, body_) / 4, std::chrono::milliseconds(10),
                               std::chrono::milliseconds(250));
  while (!stop_.WaitFor(tick)) {
    const Clock::time_point now = Clock::now();
    sync::MutexLock lock(mu_);
    for (auto& [connection, e] : entries_) {
      if (e.cut || e.phase == Phase::kHandling) continue;
      if (now - e.since <= (e.phase == Phase::kHeaders ? header_ : body_)) continue;
      // Both directions: the server's next read sees the end and it closes the connection on
      // its own thread, with its own bookkeeping (per-address counts, callbacks).
      ::shutdown(e.fd, SHUT_RDWR);
      e.cut = true;
      ++cut_;
    }
  }
}

}  // namespace lintas::http
