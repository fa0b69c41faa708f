#pragma once

#include <atomic>
#include <chrono>
#include <ostream>
#include <string>

#include "lintas/v1/case_status.grpc.pb.h"
#include "lintas/v1/notification.grpc.pb.h"
#include "tools/lintasctl/global_options.h"

namespace CLI {
class App;
}  // namespace CLI

namespace lintas::ctl {

// One readable line for a notification: time, event type, case, case status, and for an
// enforcement referral how many other cases name the same broker. Pure, for tests.
//   2026-11-28T08:00:00Z ReferralRequested case 01J... referred (enforcement; 2 linked cases)
std::string FormatNotificationLine(const lintas::v1::Notification& n);

// One readable line for a timeline event: time, type, what changed, position. Pure, for tests.
//   2026-11-28T08:00:00Z ReferralUpdated (referral r1 accepted) [1764316800000-0]
std::string FormatTimelineLine(const lintas::v1::TimelineEvent& e);

// `lintasctl watch [--from CURSOR] [--no-ack] [--ack-every N]`: the caller's live feed, one line
// per notification (or protobuf JSON with --output json), acknowledged as it goes (every N
// notifications or every second, and on exit). Reconnects with backoff when the server is
// unavailable or cut the stream off, resuming after the last notification printed. Ctrl-C (or
// SIGTERM) acknowledges what was printed and exits 0.
class WatchCommand {
 public:
  explicit WatchCommand(CLI::App& app);
  WatchCommand(const WatchCommand&) = delete;
  WatchCommand& operator=(const WatchCommand&) = delete;

  bool parsed() const;
  // Runs until `stop` becomes true (the signal handler's flag) or a call fails for good.
  int Run(const GlobalOptions& globals, lintas::v1::NotificationService::StubInterface& stub,
          std::ostream& out, std::ostream& err, const std::atomic<bool>& stop) const;

 private:
  CLI::App* command_;
  std::string from_;
  bool no_ack_ = false;
  int ack_every_ = 10;
};

// `lintasctl timeline CASE_ID`: the case's history as your agency may see it, oldest first.
class TimelineCommand {
 public:
  explicit TimelineCommand(CLI::App& app);
  TimelineCommand(const TimelineCommand&) = delete;
  TimelineCommand& operator=(const TimelineCommand&) = delete;

  bool parsed() const;
  int Run(const GlobalOptions& globals, lintas::v1::CaseStatusService::StubInterface& stub,
          std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* command_;
  std::string case_id_;
};

}  // namespace lintas::ctl
