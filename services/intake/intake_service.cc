#include "services/intake/intake_service.h"

#include "adapters/grpc/status_mapping.h"
#include "adapters/protomap/case_mapping.h"
#include "spdlog/spdlog.h"

namespace lintas::intake {

grpc::Status IntakeService::SubmitCase(grpc::ServerContext* context,
                                       const v1::SubmitCaseRequest* request,
                                       v1::SubmitCaseResponse* response) {
  auto caller = auth_.Authenticate(*context);
  if (!caller.ok()) return grpcx::ToGrpcStatus(caller.status());
  auto result = intake_.Submit(**caller, request->idempotency_key(),
                               protomap::CaseFromProto(request->case_()));
  if (!result.ok()) {
    // Status messages name fields and case ids, never values.
    spdlog::info("SubmitCase by {} refused: {}", (*caller)->id, result.status().ToString());
    return grpcx::ToGrpcStatus(result.status());
  }
  spdlog::info("SubmitCase by {}: case {}{}", (*caller)->id, result->case_id,
               result->replayed ? " (replayed)" : "");
  response->set_case_id(result->case_id);
  response->set_status(static_cast<v1::CaseStatus>(result->status));
  response->set_version(result->version);
  *response->mutable_received_at() = protomap::TimestampToProto(result->created_at);
  response->set_replayed(result->replayed);
  return grpc::Status::OK;
}

grpc::Status IntakeService::GetCase(grpc::ServerContext* context, const v1::GetCaseRequest* request,
                                    v1::Case* response) {
  auto caller = auth_.Authenticate(*context);
  if (!caller.ok()) return grpcx::ToGrpcStatus(caller.status());
  auto found = intake_.Get(**caller, request->case_id());
  if (!found.ok()) return grpcx::ToGrpcStatus(found.status());
  *response = protomap::CaseToProto(*found);
  return grpc::Status::OK;
}

}  // namespace lintas::intake
