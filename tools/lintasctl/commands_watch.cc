#include "tools/lintasctl/commands_watch.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "CLI/App.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "adapters/protomap/timeline_mapping.h"
#include "core/events/case_event_visitor.h"
#include "tools/lintasctl/enum_names.h"
#include "tools/lintasctl/error_printer.h"
#include "tools/lintasctl/exit_codes.h"
#include "tools/lintasctl/terminal_text.h"

namespace lintas::ctl {
namespace {

constexpr auto kAckInterval = std::chrono::seconds(1);
constexpr auto kFirstBackoff = std::chrono::milliseconds(250);
constexpr auto kMaxBackoff = std::chrono::seconds(5);  // a desk must not miss minutes of its feed

std::string OneLineJson(const google::protobuf::Message& m) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  options.preserve_proto_field_names = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(m, &json, options);
  return json;
}

// Sleeps up to `d`, waking early when `stop` is set.
void SleepUnlessStopped(std::chrono::milliseconds d, const std::atomic<bool>& stop) {
  const auto until = std::chrono::steady_clock::now() + d;
  while (!stop && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

// Worth another try after a pause: the server is away, stopping (it cancels calls still open
// when its grace ends) or cut us off for reading slowly. We only cancel ourselves on Ctrl-C, which
// is checked before this.
bool Retryable(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::RESOURCE_EXHAUSTED ||
         code == grpc::StatusCode::DEADLINE_EXCEEDED || code == grpc::StatusCode::ABORTED ||
         code == grpc::StatusCode::INTERNAL || code == grpc::StatusCode::CANCELLED;
}

}  // namespace

namespace {

std::string TypeName(const lintas::v1::TimelineEvent& e) {
  std::string type = e.type();
  if (const auto dot = type.rfind('.'); dot != std::string::npos) type = type.substr(dot + 1);
  return ForTerminal(type);
}

std::string TimeOf(const lintas::v1::TimelineEvent& e) {
  return e.has_time() ? google::protobuf::util::TimeUtil::ToString(e.time()) : std::string("-");
}

// What each event type changed, for a line of `watch` or `timeline` ("" to say nothing).
// `linked` >= 0 adds the linked-case count to an enforcement referral.
struct DetailText {
  int linked;

  std::string operator()(const core::CaseReceivedEvent&) const { return ""; }
  std::string operator()(const core::UnknownEvent&) const { return ""; }
  std::string operator()(const core::DuplicateSuspectedEvent&) const { return ""; }
  std::string operator()(const core::CaseTriagedEvent&) const { return ""; }
  // The text is read with `lintasctl messages`, which is audited as a read of it.
  std::string operator()(const core::ReporterMessageAddedEvent&) const {
    return "from the reporter";
  }
  std::string operator()(const core::ReporterAnsweredEvent& e) const {
    return absl::StrCat("to the reporter, by ", ForTerminal(e.actor));
  }
  std::string operator()(const core::ReferralRequestedEvent& e) const {
    const core::Referral& r = e.referral;
    std::string d = absl::StrCat(
        ShortEnumName(*lintas::v1::ReferralPurpose_descriptor(), static_cast<int>(r.purpose)),
        " to ", ForTerminal(r.target_agency));
    if (linked >= 0 && r.purpose == core::ReferralPurpose::kEnforcement) {
      absl::StrAppend(&d, "; ", linked, linked == 1 ? " linked case" : " linked cases");
    }
    return d;
  }
  std::string operator()(const core::ReferralUpdatedEvent& e) const {
    return absl::StrCat(
        "referral ", ForTerminal(e.referral_id), " ",
        ShortEnumName(*lintas::v1::ReferralStatus_descriptor(), static_cast<int>(e.status)));
  }
  std::string operator()(const core::EnforcementActionReportedEvent& e) const {
    return absl::StrCat(ShortEnumName(*lintas::v1::EnforcementActionKind_descriptor(),
                                      static_cast<int>(e.action.kind)),
                        " by ", ForTerminal(e.action.actor));
  }
  std::string operator()(const core::ReferralEscalatedEvent& e) const {
    return absl::StrCat("to ", ForTerminal(e.to_agency));
  }
  std::string operator()(const core::CaseStatusChangedEvent& e) const {
    return absl::StrCat(
        ShortEnumName(*lintas::v1::CaseStatus_descriptor(), static_cast<int>(e.from)), " -> ",
        ShortEnumName(*lintas::v1::CaseStatus_descriptor(), static_cast<int>(e.to)));
  }
};
static_assert(core::HandlesEveryCaseEvent<DetailText>);

// " (...)" saying what the event changed, or "".
std::string Detail(const lintas::v1::TimelineEvent& e, int linked) {
  const std::string d = std::visit(DetailText{linked}, protomap::CaseEventOf(e));
  return d.empty() ? d : absl::StrCat(" (", d, ")");
}

}  // namespace

std::string FormatNotificationLine(const lintas::v1::Notification& n) {
  const auto& e = n.event();
  return absl::StrCat(
      TimeOf(e), " ", TypeName(e), " case ", ForTerminal(e.case_id()), " ",
      absl::StrReplaceAll(ShortEnumName(*lintas::v1::CaseStatus_descriptor(), n.case_().status()),
                          {{"-", " "}}),
      Detail(e, n.linked_cases_size()), " [", ForTerminal(n.cursor()), "]");
}

std::string FormatTimelineLine(const lintas::v1::TimelineEvent& e) {
  return absl::StrCat(TimeOf(e), " ", TypeName(e), Detail(e, -1), " [", ForTerminal(e.position()),
                      "]");
}

WatchCommand::WatchCommand(CLI::App& app) {
  command_ = app.add_subcommand(
      "watch",
      "Print your agency's live feed as it arrives and acknowledge it as you go. Ctrl-C "
      "acknowledges what was printed and exits.");
  command_->add_option("--from", from_,
                       "Start after this cursor (the last field of each line); default: after "
                       "your agency's last acknowledged notification");
  command_->add_flag("--no-ack", no_ack_, "Do not acknowledge (read without recording progress)");
  command_->add_option("--ack-every", ack_every_, "Acknowledge after this many notifications")
      ->check(CLI::Range(1, 10000));
}

bool WatchCommand::parsed() const {
  return command_->parsed();
}

int WatchCommand::Run(const GlobalOptions& globals,
                      lintas::v1::NotificationService::StubInterface& stub, std::ostream& out,
                      std::ostream& err, const std::atomic<bool>& stop) const {
  const ConnectionOptions connection = globals.Connection();
  std::string cursor = from_;  // after the last notification printed
  std::string acked;           // the last cursor acknowledged by us
  int unacked = 0;
  auto last_ack = std::chrono::steady_clock::now();
  const auto ack = [&](bool final) -> bool {
    if (no_ack_ || unacked == 0 || cursor == acked) return true;
    grpc::ClientContext ctx;
    PrepareContext(connection, ctx);
    lintas::v1::AckRequest req;
    req.set_cursor(cursor);
    lintas::v1::AckResponse resp;
    const grpc::Status s = stub.Ack(&ctx, req, &resp);
    if (!s.ok()) {
      // Not fatal while streaming: the next ack covers these too.
      if (final) {
        for (const std::string& line : DescribeError(s, connection))
          err << line << "\n";
      }
      return false;
    }
    acked = cursor;
    unacked = 0;
    last_ack = std::chrono::steady_clock::now();
    return true;
  };

  auto backoff = std::chrono::milliseconds(kFirstBackoff);
  while (!stop) {
    grpc::ClientContext ctx;  // no deadline: the stream lasts as long as we watch
    if (!connection.UsesTls()) ctx.AddMetadata(kAgencyMetadataKey, connection.agency);
    lintas::v1::SubscribeRequest req;
    req.set_cursor(cursor);
    auto reader = stub.Subscribe(&ctx, req);
    // Ctrl-C must interrupt a blocked Read: a watcher cancels the call when `stop` is set.
    std::mutex mu;
    std::condition_variable cv;
    bool call_over = false;
    std::thread canceller([&] {
      std::unique_lock lock(mu);
      while (!call_over && !stop)
        cv.wait_for(lock, std::chrono::milliseconds(100));
      if (!call_over) ctx.TryCancel();
    });
    lintas::v1::SubscribeResponse r;
    while (reader->Read(&r)) {
      backoff = kFirstBackoff;  // the server is there
      if (r.has_notification()) {
        const auto& n = r.notification();
        out << (globals.output == OutputFormat::kJson ? OneLineJson(n) : FormatNotificationLine(n))
            << std::endl;
        cursor = n.cursor();
        ++unacked;
      }
      if (unacked >= ack_every_ ||
          (unacked > 0 && std::chrono::steady_clock::now() - last_ack >= kAckInterval)) {
        ack(false);
      }
    }
    const grpc::Status s = reader->Finish();
    {
      std::lock_guard lock(mu);
      call_over = true;
    }
    cv.notify_all();
    canceller.join();
    if (stop) break;
    if (!Retryable(s.error_code()) && s.error_code() != grpc::StatusCode::OK) {
      for (const std::string& line : DescribeError(s, connection))
        err << line << "\n";
      ack(true);
      return kExitCallFailed;
    }
    err << "lintasctl watch: stream ended (" << StatusCodeName(s.error_code()) << ": "
        << ForTerminal(s.error_message()) << "); reconnecting in " << backoff.count() << " ms from "
        << (cursor.empty() ? std::string("the acknowledged cursor") : cursor) << "\n";
    ack(false);
    SleepUnlessStopped(backoff, stop);
    backoff = std::min<std::chrono::milliseconds>(backoff * 2, kMaxBackoff);
  }
  return ack(true) ? kExitOk : kExitCallFailed;
}

TimelineCommand::TimelineCommand(CLI::App& app)
    : command_(app.add_subcommand(
          "timeline", "Show a case's history as your agency may see it, oldest first")) {
  command_->add_option("case_id", case_id_, "The case")->required();
}

bool TimelineCommand::parsed() const {
  return command_->parsed();
}

int TimelineCommand::Run(const GlobalOptions& globals,
                         lintas::v1::CaseStatusService::StubInterface& stub, std::ostream& out,
                         std::ostream& err) const {
  grpc::ClientContext context;
  PrepareContext(globals.Connection(), context);
  lintas::v1::GetTimelineRequest request;
  request.set_case_id(case_id_);
  lintas::v1::GetTimelineResponse response;
  const grpc::Status status = stub.GetTimeline(&context, request, &response);
  if (!status.ok()) {
    for (const std::string& line : DescribeError(status, globals.Connection()))
      err << line << "\n";
    return kExitCallFailed;
  }
  for (const auto& e : response.events()) {
    out << (globals.output == OutputFormat::kJson ? OneLineJson(e) : FormatTimelineLine(e)) << "\n";
  }
  return kExitOk;
}

}  // namespace lintas::ctl
