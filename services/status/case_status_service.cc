#include "services/status/case_status_service.h"

#include <algorithm>

#include "adapters/grpc/status_mapping.h"
#include "adapters/protomap/case_mapping.h"
#include "core/intake/case_intake.h"
#include "services/common/case_read.h"
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

using services::AuditRule;
using services::CallResult;
using services::UnaryHandler;

CaseStatusService::CaseStatusService(const grpcx::CallerAuthenticator& auth,
                                     const services::AuditTrail& audit, core::CaseStore& store,
                                     services::CaseViews& views, const CaseLister& lister,
                                     feeds::CaseWatchStarter* watch, Options options)
    : auth_(auth),
      calls_(auth, audit),
      store_(store),
      views_(views),
      lister_(lister),
      watch_(watch),
      options_(options),
      executor_("reads", options.threads,
                static_cast<std::size_t>(std::max(options.max_pending, 1))) {}

grpc::ServerUnaryReactor* CaseStatusService::GetCase(grpc::CallbackServerContext* context,
                                                     const v1::GetCaseRequest* request,
                                                     v1::Case* response) {
  return calls_.Async(
      context, {core::Method::kCaseStatusGetCase, AuditRule::kRead, response},
      [this, request, response](const grpcx::Caller& caller, UnaryHandler::Done done) {
        core::GetVisibleCase(store_, *caller.agency, request->case_id(),
                             [request, response, agency = caller.agency,
                              done = std::move(done)](absl::StatusOr<core::Case> found) mutable {
                               std::move(done)(services::AnswerCaseRead(*agency, request->case_id(),
                                                                        found, response));
                             });
      });
}

grpc::ServerUnaryReactor* CaseStatusService::ListCases(grpc::CallbackServerContext* context,
                                                       const v1::ListCasesRequest* request,
                                                       v1::ListCasesResponse* response) {
  return calls_.Blocking(
      context, {core::Method::kCaseStatusListCases, AuditRule::kRead, response}, reads_,
      [this, request, response](const grpcx::Caller& caller) -> CallResult {
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
        if (!page.ok()) return {page.status(), {}};
        // One audit entry per listed case that shows personal data; none shown without.
        CallResult result;
        for (const core::Case& c : page->cases) {
          std::vector<std::string> fields;
          *response->add_cases() = services::CaseViews::Show(*caller.agency, c, &fields);
          if (!fields.empty()) result.audit.push_back({c.id, std::move(fields), absl::OkStatus()});
        }
        response->set_next_page_token(page->next_page_token);
        return result;
      });
}

grpc::ServerUnaryReactor* CaseStatusService::GetTimeline(grpc::CallbackServerContext* context,
                                                         const v1::GetTimelineRequest* request,
                                                         v1::GetTimelineResponse* response) {
  return calls_.Blocking(
      context, {core::Method::kCaseStatusGetTimeline, AuditRule::kRead, response}, reads_,
      [this, request, response](const grpcx::Caller& caller) -> CallResult {
        auto c = views_.Load(*caller.agency, request->case_id());
        absl::StatusOr<std::vector<v1::TimelineEvent>> events =
            c.ok() ? views_.Timeline(*caller.agency, *c, "", options_.max_timeline)
                   : absl::StatusOr<std::vector<v1::TimelineEvent>>(c.status());
        std::vector<std::string> fields =
            events.ok() ? services::FreeTextFieldsIn(*events) : std::vector<std::string>{};
        CallResult result{events.status(),
                          {{request->case_id(), std::move(fields), events.status()}}};
        if (events.ok()) {
          for (auto& e : *events)
            *response->add_events() = std::move(e);
        }
        return result;
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
