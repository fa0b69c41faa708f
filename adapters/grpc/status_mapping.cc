#include "adapters/grpc/status_mapping.h"

#include "absl/strings/str_cat.h"
#include "core/errors/field_violation.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace lintas::grpcx {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(static_cast<int>(status.code()));
  const std::string message(status.message());
  const auto violations = core::ViolationsOf(status);
  if (violations.empty()) return grpc::Status(code, message);

  google::rpc::BadRequest bad_request;
  for (const auto& v : violations) {
    auto* fv = bad_request.add_field_violations();
    fv->set_field(v.field);
    fv->set_description(v.description);
  }
  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  details.add_details()->PackFrom(bad_request);
  return grpc::Status(code, message, details.SerializeAsString());
}

std::string StatusForLog(const absl::Status& status) {
  std::string out = absl::StrCat(absl::StatusCodeToString(status.code()), ": ", status.message());
  const auto violations = core::ViolationsOf(status);
  for (size_t i = 0; i < violations.size(); ++i) {
    absl::StrAppend(&out, i == 0 ? " [" : ", ", violations[i].field);
  }
  if (!violations.empty()) out += "]";
  return out;
}

}  // namespace lintas::grpcx
