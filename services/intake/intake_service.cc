#include "services/intake/intake_service.h"

#include "adapters/grpc/status_mapping.h"
#include "adapters/protomap/case_mapping.h"
#include "services/common/case_views.h"
#include "spdlog/spdlog.h"

namespace lintas::intake {

grpc::ServerUnaryReactor* IntakeService::SubmitCase(grpc::CallbackServerContext* context,
                                                    const v1::SubmitCaseRequest* request,
                                                    v1::SubmitCaseResponse* response) {
  auto* reactor = context->DefaultReactor();
  auto caller = auth_.Authorize(*context, core::Method::kIntakeSubmitCase);
  if (!caller.ok()) {
    reactor->Finish(grpcx::ToGrpcStatus(caller.status()));
    return reactor;
  }
  intake_.Submit(
      *caller->agency, request->idempotency_key(), protomap::CaseFromProto(request->case_()),
      [this, reactor, response, caller = *caller](absl::StatusOr<core::CreateCaseResult> result) {
        audit_.RecordCall(caller, core::Method::kIntakeSubmitCase,
                          result.ok() ? result->case_id : "", {}, result.status());
        const std::string& agency = caller.agency->id;
        if (!result.ok()) {
          spdlog::info("SubmitCase by {} refused: {}", agency,
                       grpcx::StatusForLog(result.status()));
          reactor->Finish(grpcx::ToGrpcStatus(result.status()));
          return;
        }
        spdlog::info("SubmitCase by {}: case {}{}", agency, result->case_id,
                     result->replayed ? " (replayed)" : "");
        response->set_case_id(result->case_id);
        response->set_status(static_cast<v1::CaseStatus>(result->status));
        response->set_version(result->version);
        *response->mutable_received_at() = protomap::TimestampToProto(result->created_at);
        response->set_replayed(result->replayed);
        reactor->Finish(grpc::Status::OK);
      });
  return reactor;
}

grpc::ServerUnaryReactor* IntakeService::GetCase(grpc::CallbackServerContext* context,
                                                 const v1::GetCaseRequest* request,
                                                 v1::Case* response) {
  auto* reactor = context->DefaultReactor();
  auto caller = auth_.Authorize(*context, core::Method::kIntakeGetCase);
  if (!caller.ok()) {
    reactor->Finish(grpcx::ToGrpcStatus(caller.status()));
    return reactor;
  }
  intake_.Get(*caller->agency, request->case_id(),
              [this, reactor, response, caller = *caller,
               id = request->case_id()](absl::StatusOr<core::Case> found) {
                std::vector<std::string> fields;
                if (found.ok())
                  *response = services::CaseViews::Show(*caller.agency, *found, &fields);
                const bool audited = audit_.RecordCall(caller, core::Method::kIntakeGetCase, id,
                                                       fields, found.status());
                if (!found.ok()) {
                  reactor->Finish(grpcx::ToGrpcStatus(found.status()));
                  return;
                }
                if (!audited) {  // fail closed: no personal data without its audit entry
                  response->Clear();
                  reactor->Finish(grpcx::ToGrpcStatus(services::AuditUnavailable()));
                  return;
                }
                reactor->Finish(grpc::Status::OK);
              });
  return reactor;
}

}  // namespace lintas::intake
