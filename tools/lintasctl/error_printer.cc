#include "tools/lintasctl/error_printer.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tools/lintasctl/terminal_text.h"

namespace lintas::ctl {
namespace {

void AppendFieldViolations(const std::string& details, std::vector<std::string>& lines) {
  google::rpc::Status rpc_status;
  if (details.empty() || !rpc_status.ParseFromString(details)) return;
  for (const google::protobuf::Any& any : rpc_status.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.Is<google::rpc::BadRequest>() || !any.UnpackTo(&bad_request)) continue;
    for (const auto& violation : bad_request.field_violations()) {
      lines.push_back(absl::StrCat("  ", ForTerminal(violation.field()), ": ",
                                   ForTerminal(violation.description())));
    }
  }
}

}  // namespace

std::string StatusCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      break;
  }
  return absl::StrCat(static_cast<int>(code));
}

std::vector<std::string> DescribeError(const grpc::Status& status,
                                       const ConnectionOptions& connection) {
  std::vector<std::string> lines;
  std::string head = absl::StrCat("error: ", StatusCodeName(status.error_code()));
  if (!status.error_message().empty()) {
    absl::StrAppend(&head, ": ", ForTerminal(status.error_message()));
  }
  lines.push_back(std::move(head));

  switch (status.error_code()) {
    case grpc::StatusCode::INVALID_ARGUMENT:
      AppendFieldViolations(status.error_details(), lines);
      break;
    case grpc::StatusCode::UNAVAILABLE:
      // lintasd's own UNAVAILABLE answers come from its store and start with "redis"; anything
      // else is the channel failing to reach lintasd at all.
      if (absl::StartsWith(status.error_message(), "redis")) {
        lines.push_back(absl::StrCat("  lintasd at ", connection.server,
                                     " answered, but its store is unavailable; retry shortly"));
      } else {
        lines.push_back(absl::StrCat("  the Lintas server at ", connection.server,
                                     " cannot be reached; check --server (or LINTAS_SERVER) and "
                                     "that lintasd is running there"));
      }
      break;
    case grpc::StatusCode::UNAUTHENTICATED:
      lines.push_back(absl::StrCat("  the server did not accept agency \"", connection.agency,
                                   "\"; check --agency (or LINTAS_AGENCY)"));
      break;
    case grpc::StatusCode::PERMISSION_DENIED:
      lines.push_back(
          absl::StrCat("  agency \"", connection.agency, "\" is not allowed to do this"));
      break;
    case grpc::StatusCode::NOT_FOUND:
      // The server answers the same for "absent" and "not yours", on purpose.
      lines.push_back(absl::StrCat("  it does not exist, or agency \"", connection.agency,
                                   "\" may not see it"));
      break;
    case grpc::StatusCode::FAILED_PRECONDITION:
      // The message names the state it is in ("referral is COMPLETED; cannot accept").
      lines.push_back(
          "  not allowed in its current state; reload it ('lintasctl referrals', 'lintasctl get "
          "CASE_ID') and choose an action that fits that state");
      break;
    case grpc::StatusCode::ABORTED:
      lines.push_back(
          "  another change to the case came first (someone acted on it at the same moment); "
          "reload it and retry if your action still makes sense");
      break;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      lines.push_back(absl::StrCat("  no answer from ", connection.server, " within ",
                                   connection.timeout.count(), "s; try again, or raise --timeout"));
      break;
    default:
      break;
  }
  return lines;
}

}  // namespace lintas::ctl
