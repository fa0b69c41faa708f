#include "services/referral/referral_service.h"

#include <algorithm>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "adapters/grpc/status_mapping.h"
#include "adapters/protomap/case_mapping.h"
#include "core/referral/enforcement_commands.h"
#include "core/referral/referral_commands.h"
#include "core/referral/referral_lifecycle.h"
#include "core/util/string_view.h"
#include "services/referral/case_command.h"
#include "spdlog/spdlog.h"

namespace lintas::referral {
namespace {

// The RPC each action is; none for kUnspecified, which no RPC sends.
std::optional<core::Method> MethodOf(core::ReferralAction action) {
  switch (action) {
    case core::ReferralAction::kUnspecified:
      break;
    case core::ReferralAction::kAcknowledge:
      return core::Method::kReferralAcknowledge;
    case core::ReferralAction::kAccept:
      return core::Method::kReferralAccept;
    case core::ReferralAction::kReject:
      return core::Method::kReferralReject;
    case core::ReferralAction::kStart:
      return core::Method::kReferralStart;
    case core::ReferralAction::kHold:
      return core::Method::kReferralHold;
    case core::ReferralAction::kResume:
      return core::Method::kReferralResume;
    case core::ReferralAction::kComplete:
      return core::Method::kReferralComplete;
    case core::ReferralAction::kFail:
      return core::Method::kReferralFail;
    case core::ReferralAction::kCancel:
      return core::Method::kReferralCancel;
  }
  return std::nullopt;
}

// The personal fields of the referral the answer carries.
std::vector<std::string> ReferralFields(const core::CaseChange& change,
                                        const std::string& referral_id) {
  for (const core::Referral& r : change.after.referrals) {
    if (r.id == referral_id) return services::PersonalFieldsOf(r);
  }
  return {};
}

}  // namespace

ReferralService::ReferralService(const grpcx::CallerAuthenticator& auth, core::CaseStore& store,
                                 redis::ReferralIndex& index, const core::Clock& clock,
                                 const services::AuditTrail& audit, Options options)
    : auth_(auth),
      store_(store),
      clock_(clock),
      audit_(audit),
      lister_(store, index, options.partitions),
      list_executor_(options.list_threads,
                     static_cast<std::size_t>(std::max(options.max_pending_lists, 1))) {}

grpc::ServerUnaryReactor* ReferralService::ListReferrals(grpc::CallbackServerContext* context,
                                                         const v1::ListReferralsRequest* request,
                                                         v1::ListReferralsResponse* response) {
  auto* reactor = context->DefaultReactor();
  auto caller = auth_.Authorize(*context, core::Method::kReferralListReferrals);
  if (!caller.ok()) {
    reactor->Finish(grpcx::ToGrpcStatus(caller.status()));
    return reactor;
  }
  // The request stays valid until Finish, which only the job calls.
  const bool queued =
      list_executor_.TrySubmit([this, reactor, request, response, caller = *caller]() {
        const core::Agency& agency = *caller.agency;
        auto page = lister_.List(agency, static_cast<core::ReferralStatus>(request->status()),
                                 request->page_size(), request->page_token());
        if (!page.ok()) {
          spdlog::info("ListReferrals by {} refused: {}", agency.id,
                       absl::StatusCodeToString(page.status().code()));
          reactor->Finish(grpcx::ToGrpcStatus(page.status()));
          return;
        }
        // A listing reads the free text of referrals on many cases: one entry per referral that
        // carries some, and no such text without its entry (reads fail closed).
        for (const core::Referral& r : page->referrals) {
          const std::vector<std::string> fields = services::PersonalFieldsOf(r);
          if (!fields.empty() && !audit_.RecordCall(caller, core::Method::kReferralListReferrals,
                                                    r.case_id, fields, absl::OkStatus())) {
            reactor->Finish(grpcx::ToGrpcStatus(services::AuditUnavailable()));
            return;
          }
        }
        for (const core::Referral& r : page->referrals)
          *response->add_referrals() = protomap::ReferralToProto(r);
        response->set_next_page_token(page->next_page_token);
        reactor->Finish(grpc::Status::OK);
      });
  if (!queued) {
    spdlog::warn("ListReferrals by {} refused: too many listings waiting", caller->agency->id);
    reactor->Finish(grpcx::ToGrpcStatus(
        absl::ResourceExhaustedError("too many referral listings at once; retry shortly")));
  }
  return reactor;
}

grpc::ServerUnaryReactor* ReferralService::Act(grpc::CallbackServerContext* context,
                                               const v1::ReferralActionRequest& request,
                                               v1::Referral* response,
                                               core::ReferralAction action) {
  auto* reactor = context->DefaultReactor();
  const std::optional<core::Method> method = MethodOf(action);
  if (!method) {
    reactor->Finish(grpcx::ToGrpcStatus(absl::InternalError("no RPC for this referral action")));
    return reactor;
  }
  auto caller = auth_.Authorize(*context, *method);
  if (!caller.ok()) {
    reactor->Finish(grpcx::ToGrpcStatus(caller.status()));
    return reactor;
  }
  const core::Agency& agency = *caller->agency;  // the registry outlives every call
  const core::Timestamp now = clock_.Now();
  RunCaseCommand(
      store_, request.case_id(), core::ReferralNotFound(request.case_id(), request.referral_id()),
      [&request, &agency, action, now](const core::Case& c) {
        return core::ActOnReferral(c, request.referral_id(), action, agency, request.reason(),
                                   request.outcome(), now);
      },
      nullptr,
      [this, reactor, response, &request, caller = *caller, method = *method, agency_id = agency.id,
       action](absl::StatusOr<core::CaseChange> change) {
        // Ids and codes only: reasons and outcomes may name people.
        const std::string_view verb = core::ReferralActionName(action);
        audit_.RecordCall(caller, method, request.case_id(),
                          change.ok() ? ReferralFields(*change, request.referral_id())
                                      : std::vector<std::string>{},
                          change.status());
        if (!change.ok()) {
          spdlog::info("{} by {} on {}/{} refused: {}", verb, agency_id, LogId(request.case_id()),
                       LogId(request.referral_id()),
                       absl::StatusCodeToString(change.status().code()));
          reactor->Finish(grpcx::ToGrpcStatus(change.status()));
          return;
        }
        for (const core::Referral& r : change->after.referrals) {
          if (r.id != request.referral_id()) continue;
          spdlog::info("{} by {} on {}/{}: referral {}, case {} version {}", verb, agency_id,
                       change->after.id, r.id, core::ReferralStatusName(r.status),
                       v1::CaseStatus_Name(static_cast<v1::CaseStatus>(change->after.status)),
                       change->after.version);
          *response = protomap::ReferralToProto(r);
          break;
        }
        reactor->Finish(grpc::Status::OK);
      });
  return reactor;
}

grpc::ServerUnaryReactor* ReferralService::ReportEnforcementAction(
    grpc::CallbackServerContext* context, const v1::ReportEnforcementActionRequest* request,
    v1::EnforcementAction* response) {
  auto* reactor = context->DefaultReactor();
  auto caller = auth_.Authorize(*context, core::Method::kReferralReportEnforcementAction);
  if (!caller.ok()) {
    reactor->Finish(grpcx::ToGrpcStatus(caller.status()));
    return reactor;
  }
  const core::Agency& agency = *caller->agency;
  const core::Timestamp now = clock_.Now();
  RunCaseCommand(
      store_, request->case_id(),
      core::ReferralNotFound(request->case_id(), request->referral_id()),
      [request, &agency, now](const core::Case& c) {
        return core::ReportEnforcementAction(
            c, request->referral_id(), static_cast<core::EnforcementActionKind>(request->kind()),
            request->police_report_number(), request->note(), agency, now);
      },
      nullptr,
      [this, reactor, response, request, caller = *caller,
       agency_id = agency.id](absl::StatusOr<core::CaseChange> change) {
        audit_.RecordCall(caller, core::Method::kReferralReportEnforcementAction,
                          request->case_id(), {}, change.status());
        // Ids and codes only: notes may name people, report numbers name investigations.
        const std::string_view kind = core::EnforcementActionKindName(
            static_cast<core::EnforcementActionKind>(request->kind()));
        if (!change.ok()) {
          spdlog::info("enforcement action {} by {} on {}/{} refused: {}", kind, agency_id,
                       LogId(request->case_id()), LogId(request->referral_id()),
                       absl::StatusCodeToString(change.status().code()));
          reactor->Finish(grpcx::ToGrpcStatus(change.status()));
          return;
        }
        spdlog::info("enforcement action {} by {} on {}/{}: case version {}", kind, agency_id,
                     change->after.id, request->referral_id(), change->after.version);
        *response = protomap::EnforcementActionToProto(change->after.enforcement_actions.back());
        reactor->Finish(grpc::Status::OK);
      });
  return reactor;
}

}  // namespace lintas::referral
