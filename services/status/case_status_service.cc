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
                                     const services::AuditTrail& audit, services::CaseViews& views,
                                     const CaseLister& lister, feeds::CaseWatchStarter* watch,
                                     Options options)
    : auth_(auth),
      audit_(audit),
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
  const bool queued =
      executor_.TrySubmit([reactor, caller = *caller, job = std::move(job)]() mutable {
        reactor->Finish(grpcx::ToGrpcStatus(std::move(job)(caller)));
      });
  if (!queued) {
    spdlog::warn("{} by {} refused: too many reads waiting", core::MethodName(method),
                 caller->agency->id);
    reactor->Finish(grpcx::ToGrpcStatus(
        absl::ResourceExhaustedError("too many case reads at once; retry shortly")));
  }
  return reactor;
}

grpc::ServerUnaryReactor* CaseStatusService::GetCase(grpc::CallbackServerContext* context,
                                                     const v1::GetCaseRequest* request,
                                                     v1::Case* response) {
  return Run(context, core::Method::kCaseStatusGetCase,
             [this, request, response](const grpcx::Caller& caller) -> absl::Status {
               auto c = views_.Load(*caller.agency, request->case_id());
               std::vector<std::string> fields;
               if (c.ok()) *response = services::CaseViews::Show(*caller.agency, *c, &fields);
               if (!audit_.RecordCall(caller, core::Method::kCaseStatusGetCase, request->case_id(),
                                      fields, c.status()) &&
                   c.ok()) {
                 response->Clear();  // fail closed: no personal data without its audit entry
                 return services::AuditUnavailable();
               }
               return c.status();
             });
}

grpc::ServerUnaryReactor* CaseStatusService::ListCases(grpc::CallbackServerContext* context,
                                                       const v1::ListCasesRequest* request,
                                                       v1::ListCasesResponse* response) {
  return Run(
      context, core::Method::kCaseStatusListCases,
      [this, request, response](const grpcx::Caller& caller) -> absl::Status {
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
            lister_.List(*caller.agency, filter, request->page_size(), request->page_token());
        if (!page.ok()) return page.status();
        // One audit entry per listed case that shows personal data; none shown without.
        for (const core::Case& c : page->cases) {
          std::vector<std::string> fields;
          v1::Case shown = services::CaseViews::Show(*caller.agency, c, &fields);
          if (!fields.empty() && !audit_.RecordCall(caller, core::Method::kCaseStatusListCases,
                                                    c.id, fields, absl::OkStatus())) {
            response->Clear();
            return services::AuditUnavailable();
          }
          *response->add_cases() = std::move(shown);
        }
        response->set_next_page_token(page->next_page_token);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* CaseStatusService::GetTimeline(grpc::CallbackServerContext* context,
                                                         const v1::GetTimelineRequest* request,
                                                         v1::GetTimelineResponse* response) {
  return Run(context, core::Method::kCaseStatusGetTimeline,
             [this, request, response](const grpcx::Caller& caller) -> absl::Status {
               auto c = views_.Load(*caller.agency, request->case_id());
               absl::StatusOr<std::vector<v1::TimelineEvent>> events =
                   c.ok() ? views_.Timeline(*caller.agency, *c, "", options_.max_timeline)
                          : absl::StatusOr<std::vector<v1::TimelineEvent>>(c.status());
               const std::vector<std::string> fields =
                   events.ok() ? services::FreeTextFieldsIn(*events) : std::vector<std::string>{};
               if (!audit_.RecordCall(caller, core::Method::kCaseStatusGetTimeline,
                                      request->case_id(), fields, events.status()) &&
                   events.ok()) {
                 return services::AuditUnavailable();
               }
               if (!events.ok()) return events.status();
               for (auto& e : *events)
                 *response->add_events() = std::move(e);
               return absl::OkStatus();
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
  return watch_->StartWatch(context, request, *caller);
}

}  // namespace lintas::status
