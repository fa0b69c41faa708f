#pragma once

#include "adapters/grpc/caller_identity.h"
#include "core/intake/case_intake.h"
#include "lintas/v1/intake.grpc.pb.h"
#include "services/common/audit_trail.h"

namespace lintas::intake {

// gRPC handlers of lintas.v1.IntakeService on the callback API: authenticate, proto -> domain,
// core, and finish the call when the store answers. No thread waits on Redis meanwhile.
class IntakeService final : public v1::IntakeService::CallbackService {
 public:
  IntakeService(const grpcx::CallerAuthenticator& auth, core::CaseIntake& intake,
                const services::AuditTrail& audit)
      : auth_(auth), intake_(intake), audit_(audit) {}

  grpc::ServerUnaryReactor* SubmitCase(grpc::CallbackServerContext* context,
                                       const v1::SubmitCaseRequest* request,
                                       v1::SubmitCaseResponse* response) override;
  grpc::ServerUnaryReactor* GetCase(grpc::CallbackServerContext* context,
                                    const v1::GetCaseRequest* request, v1::Case* response) override;

 private:
  const grpcx::CallerAuthenticator& auth_;
  core::CaseIntake& intake_;
  const services::AuditTrail& audit_;
};

}  // namespace lintas::intake
