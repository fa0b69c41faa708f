#include "bench/status_text.h"

#include <array>
#include <string_view>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace lintas::bench {
namespace {

std::string_view CodeName(grpc::StatusCode code) {
  static constexpr std::array<std::string_view, 17> kNames = {"OK",
                                                              "CANCELLED",
                                                              "UNKNOWN",
                                                              "INVALID_ARGUMENT",
                                                              "DEADLINE_EXCEEDED",
                                                              "NOT_FOUND",
                                                              "ALREADY_EXISTS",
                                                              "PERMISSION_DENIED",
                                                              "RESOURCE_EXHAUSTED",
                                                              "FAILED_PRECONDITION",
                                                              "ABORTED",
                                                              "OUT_OF_RANGE",
                                                              "UNIMPLEMENTED",
                                                              "INTERNAL",
                                                              "UNAVAILABLE",
                                                              "DATA_LOSS",
                                                              "UNAUTHENTICATED"};
  const auto i = static_cast<std::size_t>(code);
  return i < kNames.size() ? kNames[i] : "UNKNOWN_CODE";
}

}  // namespace

std::string StatusText(const grpc::Status& status) {
  std::string text(CodeName(status.error_code()));
  if (!status.error_message().empty()) text.append(": ").append(status.error_message());

  google::rpc::Status details;
  if (status.error_details().empty() || !details.ParseFromString(status.error_details())) {
    return text;
  }
  std::string violations;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.UnpackTo(&bad_request)) continue;
    for (const auto& v : bad_request.field_violations()) {
      if (!violations.empty()) violations.append("; ");
      violations.append(v.field()).append(": ").append(v.description());
    }
  }
  if (!violations.empty()) text.append(" [").append(violations).append("]");
  return text;
}

}  // namespace lintas::bench
