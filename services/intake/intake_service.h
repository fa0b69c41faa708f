#pragma once

#include "adapters/grpc/caller_identity.h"
#include "core/intake/case_intake.h"
#include "lintas/v1/intake.grpc.pb.h"

namespace lintas::intake {

// gRPC handlers of lintas.v1.IntakeService: authenticate, proto -> domain, core, domain -> proto.
class IntakeService final : public v1::IntakeService::Service {
 public:
  IntakeService(const grpcx::CallerAuthenticator& auth, core::CaseIntake& intake)
      : auth_(auth), intake_(intake) {}

  grpc::Status SubmitCase(grpc::ServerContext* context, const v1::SubmitCaseRequest* request,
                          v1::SubmitCaseResponse* response) override;
  grpc::Status GetCase(grpc::ServerContext* context, const v1::GetCaseRequest* request,
                       v1::Case* response) override;

 private:
  const grpcx::CallerAuthenticator& auth_;
  core::CaseIntake& intake_;
};

}  // namespace lintas::intake
