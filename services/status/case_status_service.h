#pragma once

#include "adapters/grpc/caller_identity.h"
#include "core/ports/case_store.h"
#include "lintas/v1/case_status.grpc.pb.h"
#include "services/common/audit_trail.h"
#include "services/common/blocking_executor.h"
#include "services/common/case_views.h"
#include "services/common/unary_handler.h"
#include "services/feeds/case_watch.h"
#include "services/status/case_lister.h"

namespace lintas::status {

// gRPC handlers of lintas.v1.CaseStatusService, on the unary skeleton
// (services/common/unary_handler): one status for every agency on a case. GetCase reads the case
// asynchronously on the store's Redis lane, like IntakeService.GetCase; ListCases and GetTimeline
// make several dependent blocking reads, so they run on a few threads of this service's own.
// WatchCase streams are started by the feeds (services/feeds), when this process runs them.
class CaseStatusService final : public v1::CaseStatusService::CallbackService {
 public:
  struct Options {
    int threads = 2;          // threads that run listings and timelines
    int max_pending = 128;    // of those waiting for a thread before RESOURCE_EXHAUSTED
    int max_timeline = 1000;  // events GetTimeline returns at most
  };

  CaseStatusService(const grpcx::CallerAuthenticator& auth, const services::AuditTrail& audit,
                    core::CaseStore& store, services::CaseViews& views, const CaseLister& lister,
                    feeds::CaseWatchStarter* watch, Options options);

  grpc::ServerUnaryReactor* GetCase(grpc::CallbackServerContext* context,
                                    const v1::GetCaseRequest* request, v1::Case* response) override;
  grpc::ServerUnaryReactor* ListCases(grpc::CallbackServerContext* context,
                                      const v1::ListCasesRequest* request,
                                      v1::ListCasesResponse* response) override;
  grpc::ServerUnaryReactor* GetTimeline(grpc::CallbackServerContext* context,
                                        const v1::GetTimelineRequest* request,
                                        v1::GetTimelineResponse* response) override;
  grpc::ServerWriteReactor<v1::WatchCaseResponse>* WatchCase(
      grpc::CallbackServerContext* context, const v1::WatchCaseRequest* request) override;

 private:
  const grpcx::CallerAuthenticator& auth_;
  const services::UnaryHandler calls_;
  core::CaseStore& store_;
  services::CaseViews& views_;
  const CaseLister& lister_;
  feeds::CaseWatchStarter* watch_;
  const Options options_;
  // Last: destroyed first, so that reads still queued finish while the rest is alive.
  services::BlockingExecutor executor_;
  const services::NamedExecutor reads_{"case reads", executor_,
                                       "too many case reads at once; retry shortly"};
};

}  // namespace lintas::status
