#pragma once

#include <string_view>

#include "absl/status/statusor.h"

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

}  // namespace lintas::lintasd
