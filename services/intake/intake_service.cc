#include "services/intake/intake_service.h"

#include "adapters/grpc/status_mapping.h"
#include "adapters/protomap/case_mapping.h"
#include "services/common/case_read.h"
#include "spdlog/spdlog.h"

namespace lintas::intake {

using services::AuditRule;
using services::CallResult;
using services::UnaryHandler;

grpc::ServerUnaryReactor* IntakeService::SubmitCase(grpc::CallbackServerContext* context,
                                                    const v1::SubmitCaseRequest* request,
                                                    v1::SubmitCaseResponse* response) {
  return calls_.Async(
      context, {core::Method::kIntakeSubmitCase, AuditRule::kCommand, response},
      [this, request, response](const grpcx::Caller& caller, UnaryHandler::Done done) {
        intake_.Submit(
            *caller.agency, request->idempotency_key(), protomap::CaseFromProto(request->case_()),
            [response, agency = caller.agency,
             done = std::move(done)](absl::StatusOr<core::CreateCaseResult> result) mutable {
              CallResult answer{result.status(),
                                {{result.ok() ? result->case_id : "", {}, result.status()}}};
              if (!result.ok()) {
                spdlog::info("SubmitCase by {} refused: {}", agency->id,
                             grpcx::StatusForLog(result.status()));
                return std::move(done)(std::move(answer));
              }
              spdlog::info("SubmitCase by {}: case {}{}", agency->id, result->case_id,
                           result->replayed ? " (replayed)" : "");
              response->set_case_id(result->case_id);
              response->set_status(static_cast<v1::CaseStatus>(result->status));
              response->set_version(result->version);
              *response->mutable_received_at() = protomap::TimestampToProto(result->created_at);
              response->set_replayed(result->replayed);
              std::move(done)(std::move(answer));
            });
      });
}

grpc::ServerUnaryReactor* IntakeService::GetCase(grpc::CallbackServerContext* context,
                                                 const v1::GetCaseRequest* request,
                                                 v1::Case* response) {
  return calls_.Async(
      context, {core::Method::kIntakeGetCase, AuditRule::kRead, response},
      [this, request, response](const grpcx::Caller& caller, UnaryHandler::Done done) {
        intake_.Get(*caller.agency, request->case_id(),
                    [request, response, agency = caller.agency,
                     done = std::move(done)](absl::StatusOr<core::Case> found) mutable {
                      std::move(done)(
                          services::AnswerCaseRead(*agency, request->case_id(), found, response));
                    });
      });
}

}  // namespace lintas::intake
