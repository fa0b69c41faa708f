#pragma once

#include "adapters/grpc/caller_identity.h"
#include "lintas/v1/case_status.grpc.pb.h"
#include "services/common/audit_trail.h"
#include "services/common/blocking_executor.h"
#include "services/common/case_views.h"
#include "services/feeds/case_watch.h"
#include "services/status/case_lister.h"

namespace lintas::status {

// gRPC handlers of lintas.v1.CaseStatusService on the callback API: one status for every
// agency on a case. Reads wait on Redis, so they run on a few threads of this service's own;
// WatchCase streams are started by the feeds (services/feeds), when this process runs them.
class CaseStatusService final : public v1::CaseStatusService::CallbackService {
 public:
  struct Options {
    int threads = 2;          // threads that run reads
    int max_pending = 128;    // reads waiting for a thread before RESOURCE_EXHAUSTED
    int max_timeline = 1000;  // events GetTimeline returns at most
  };

  CaseStatusService(const grpcx::CallerAuthenticator& auth, const services::AuditTrail& audit,
                    services::CaseViews& views, const CaseLister& lister,
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
  using Job = absl::AnyInvocable<absl::Status(const grpcx::Caller&) &&>;
  // Authorises `method`, then runs `job` on a thread of ours and finishes the call with its
  // answer (RESOURCE_EXHAUSTED when too many reads wait already). Jobs audit what they return.
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* context, core::Method method, Job job);

  const grpcx::CallerAuthenticator& auth_;
  const services::AuditTrail& audit_;
  services::CaseViews& views_;
  const CaseLister& lister_;
  feeds::CaseWatchStarter* watch_;
  const Options options_;
  // Last: destroyed first, so that reads still queued finish while the rest is alive.
  services::BlockingExecutor executor_;
};

}  // namespace lintas::status
