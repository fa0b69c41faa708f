#include "services/status/case_status_service.h"

#include <algorithm>

#include "adapters/grpc/status_mapping.h"
#include "adapters/protomap/case_mapping.h"
#include "spdlog/spdlog.h"

namespace lintas::status {
namespace {

// A reactor that only finishes, for a stream refused before it starts.
class RefusedWatch final : public grpc::ServerWriteReactor<v1::WatchCaseResponse> {
 public:
  explicit RefusedWatch(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace

CaseStatusService::CaseStatusService(const grpcx::CallerAuthenticator& auth,
                                     services::CaseViews& views, const CaseLister& lister,
                                     feeds::CaseWatchStarter* watch, Options options)
    : auth_(auth),
      views_(views),
      lister_(lister),
      watch_(watch),
      options_(options),
      executor_(options.threads, static_cast<std::size_t>(std::max(options.max_pending, 1))) {}

grpc::ServerUnaryReactor* CaseStatusService::Run(grpc::CallbackServerContext* context,
                                                 core::Method method, Job job) {
  auto* reactor = context->DefaultReactor();
  auto caller = auth_.Authorize(*context, method);
  if (!caller.ok()) {
    reactor->Finish(grpcx::ToGrpcStatus(caller.status()));
    return reactor;
  }
  const core::Agency* agency = caller->agency;  // the registry outlives every call
  const bool queued = executor_.TrySubmit([reactor, agency, job = std::move(job)]() mutable {
    reactor->Finish(std::move(job)(*agency));
  });
  if (!queued) {
    spdlog::warn("{} by {} refused: too many reads waiting", core::MethodName(method), agency->id);
    reactor->Finish(grpcx::ToGrpcStatus(
        absl::ResourceExhaustedError("too many case reads at once; retry shortly")));
  }
  return reactor;
}

grpc::ServerUnaryReactor* CaseStatusService::GetCase(grpc::CallbackServerContext* context,
                                                     const v1::GetCaseRequest* request,
                                                     v1::Case* response) {
  return Run(context, core::Method::kCaseStatusGetCase,
             [this, request, response](const core::Agency& caller) {
               auto c = views_.Load(caller, request->case_id());
               if (!c.ok()) return grpcx::ToGrpcStatus(c.status());
               *response = services::CaseViews::Show(caller, *c);
               return grpc::Status::OK;
             });
}

grpc::ServerUnaryReactor* CaseStatusService::ListCases(grpc::CallbackServerContext* context,
                                                       const v1::ListCasesRequest* request,
                                                       v1::ListCasesResponse* response) {
  return Run(context, core::Method::kCaseStatusListCases,
             [this, request, response](const core::Agency& caller) {
               CaseFilter filter;
               filter.status = static_cast<core::CaseStatus>(request->status());
               filter.category = static_cast<core::Category>(request->category());
               filter.region_prefix = request->region_prefix();
               if (request->has_updated_since()) {
                 filter.updated_since_ms =
                     std::chrono::duration_cast<std::chrono::milliseconds>(
                         protomap::TimestampFromProto(request->updated_since()).time_since_epoch())
                         .count();
               }
               auto page =
                   lister_.List(caller, filter, request->page_size(), request->page_token());
               if (!page.ok()) return grpcx::ToGrpcStatus(page.status());
               for (const core::Case& c : page->cases)
                 *response->add_cases() = services::CaseViews::Show(caller, c);
               response->set_next_page_token(page->next_page_token);
               return grpc::Status::OK;
             });
}

grpc::ServerUnaryReactor* CaseStatusService::GetTimeline(grpc::CallbackServerContext* context,
                                                         const v1::GetTimelineRequest* request,
                                                         v1::GetTimelineResponse* response) {
  return Run(context, core::Method::kCaseStatusGetTimeline,
             [this, request, response](const core::Agency& caller) {
               auto c = views_.Load(caller, request->case_id());
               if (!c.ok()) return grpcx::ToGrpcStatus(c.status());
               auto events = views_.Timeline(caller, *c, "", options_.max_timeline);
               if (!events.ok()) return grpcx::ToGrpcStatus(events.status());
               for (auto& e : *events)
                 *response->add_events() = std::move(e);
               return grpc::Status::OK;
             });
}

grpc::ServerWriteReactor<v1::WatchCaseResponse>* CaseStatusService::WatchCase(
    grpc::CallbackServerContext* context, const v1::WatchCaseRequest* request) {
  auto caller = auth_.Authorize(*context, core::Method::kCaseStatusWatchCase);
  if (!caller.ok()) return new RefusedWatch(grpcx::ToGrpcStatus(caller.status()));
  if (watch_ == nullptr) {
    return new RefusedWatch(grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                                         "this lintasd does not run the feeds service"));
  }
  return watch_->StartWatch(context, request, *caller->agency);
}

}  // namespace lintas::status
