#pragma once

#include "adapters/grpc/caller_identity.h"
#include "core/events/case_events.h"
#include "core/ports/case_store.h"
#include "core/ports/clock.h"
#include "lintas/v1/referral_service.grpc.pb.h"
#include "services/common/audit_trail.h"
#include "services/common/unary_handler.h"

namespace lintas::referral {

// gRPC handlers of lintas.v1.TriageService (BP3MI's decisions on a whole case) on the unary
// skeleton (services/common/unary_handler): load the case, core::TriageCase (which decides who
// may), for a duplicate check the case it is merged into, append under the case's version, answer
// with the case.
class TriageService final : public v1::TriageService::CallbackService {
 public:
  TriageService(const grpcx::CallerAuthenticator& auth, core::CaseStore& store,
                const core::Clock& clock, const services::AuditTrail& audit)
      : calls_(auth, audit), store_(store), clock_(clock) {}

  grpc::ServerUnaryReactor* RejectCase(grpc::CallbackServerContext* context,
                                       const v1::RejectCaseRequest* request,
                                       v1::Case* response) override;
  grpc::ServerUnaryReactor* MarkDuplicate(grpc::CallbackServerContext* context,
                                          const v1::MarkDuplicateRequest* request,
                                          v1::Case* response) override;
  grpc::ServerUnaryReactor* CloseCase(grpc::CallbackServerContext* context,
                                      const v1::CloseCaseRequest* request,
                                      v1::Case* response) override;

 private:
  // The three RPCs differ only in the decision and its inputs.
  grpc::ServerUnaryReactor* Decide(grpc::CallbackServerContext* context,
                                   core::CaseTriagedEvent::Decision decision,
                                   const std::string& case_id, const std::string& reason,
                                   const std::string& duplicate_of, v1::Case* response);

  const services::UnaryHandler calls_;
  core::CaseStore& store_;
  const core::Clock& clock_;
};

}  // namespace lintas::referral
