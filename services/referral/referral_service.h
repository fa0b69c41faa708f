#pragma once

#include "adapters/grpc/caller_identity.h"
#include "adapters/redis/referral_index.h"
#include "core/domain/referral.h"
#include "core/ports/case_store.h"
#include "core/ports/clock.h"
#include "lintas/v1/referral_service.grpc.pb.h"
#include "services/common/audit_trail.h"
#include "services/common/blocking_executor.h"
#include "services/common/unary_handler.h"
#include "services/referral/referral_actions.h"
#include "services/referral/referral_lister.h"

namespace lintas::referral {

// gRPC handlers of lintas.v1.ReferralService, on the unary skeleton
// (services/common/unary_handler). Actions, served from one table (referral_actions.h): load the
// case, core::ActOnReferral, append under the case's version, answer with the referral as it now
// is, all on the store's Redis lane. Listing: on a few threads of its own (the index is read
// with blocking calls), so that gRPC's threads never wait on Redis.
class ReferralService final : public v1::ReferralService::CallbackService {
 public:
  struct Options {
    int partitions = 16;         // as in the store's config: the index has one key per partition
    int list_threads = 2;        // threads that run listings
    int max_pending_lists = 64;  // listings waiting for a thread before RESOURCE_EXHAUSTED
  };

  ReferralService(const grpcx::CallerAuthenticator& auth, core::CaseStore& store,
                  redis::ReferralIndex& index, const core::Clock& clock,
                  const services::AuditTrail& audit, Options options);

  grpc::ServerUnaryReactor* ListReferrals(grpc::CallbackServerContext* context,
                                          const v1::ListReferralsRequest* request,
                                          v1::ListReferralsResponse* response) override;

  // One line per action RPC, from the table (referral_actions.h).
#define LINTAS_REFERRAL_ACTION_OVERRIDE(rpc, method, action)                                       \
  grpc::ServerUnaryReactor* rpc(grpc::CallbackServerContext* context,                              \
                                const v1::ReferralActionRequest* request, v1::Referral* response)  \
      override {                                                                                   \
    return Act(context, *request, response, {core::Method::method, core::ReferralAction::action}); \
  }
  LINTAS_REFERRAL_ACTION_RPCS(LINTAS_REFERRAL_ACTION_OVERRIDE)
#undef LINTAS_REFERRAL_ACTION_OVERRIDE

  grpc::ServerUnaryReactor* ReportEnforcementAction(
      grpc::CallbackServerContext* context, const v1::ReportEnforcementActionRequest* request,
      v1::EnforcementAction* response) override;

 private:
  grpc::ServerUnaryReactor* Act(grpc::CallbackServerContext* context,
                                const v1::ReferralActionRequest& request, v1::Referral* response,
                                ReferralActionRpc rpc);

  const services::UnaryHandler calls_;
  core::CaseStore& store_;
  const core::Clock& clock_;
  ReferralLister lister_;
  // Last: destroyed first, so that listings still queued finish while the rest is alive.
  services::BlockingExecutor list_executor_;
  const services::NamedExecutor listings_{"listings", list_executor_,
                                          "too many referral listings at once; retry shortly"};
};

}  // namespace lintas::referral
