#pragma once

#include "adapters/grpc/caller_identity.h"
#include "core/intake/case_intake.h"
#include "lintas/v1/intake.grpc.pb.h"
#include "services/common/audit_trail.h"
#include "services/common/unary_handler.h"

namespace lintas::intake {

// gRPC handlers of lintas.v1.IntakeService, on the unary skeleton (services/common/unary_handler):
// proto -> domain, core, and the call finishes when the store answers. No thread waits on Redis.
class IntakeService final : public v1::IntakeService::CallbackService {
 public:
  IntakeService(const grpcx::CallerAuthenticator& auth, core::CaseIntake& intake,
                const services::AuditTrail& audit)
      : calls_(auth, audit), intake_(intake) {}

  grpc::ServerUnaryReactor* SubmitCase(grpc::CallbackServerContext* context,
                                       const v1::SubmitCaseRequest* request,
                                       v1::SubmitCaseResponse* response) override;
  grpc::ServerUnaryReactor* GetCase(grpc::CallbackServerContext* context,
                                    const v1::GetCaseRequest* request, v1::Case* response) override;

 private:
  const services::UnaryHandler calls_;
  core::CaseIntake& intake_;
};

}  // namespace lintas::intake
