#include "services/referral/referral_service.h"

#include <algorithm>
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

// The personal fields of the referral the answer carries.
std::vector<std::string> ReferralFields(const core::CaseChange& change,
                                        const std::string& referral_id) {
  for (const core::Referral& r : change.after.referrals) {
    if (r.id == referral_id) return services::PersonalFieldsOf(r);
  }
  return {};
}

}  // namespace

using services::AuditRule;
using services::CallResult;
using services::UnaryHandler;

ReferralService::ReferralService(const grpcx::CallerAuthenticator& auth, core::CaseStore& store,
                                 redis::ReferralIndex& index, const core::Clock& clock,
                                 const services::AuditTrail& audit, Options options)
    : calls_(auth, audit),
      store_(store),
      clock_(clock),
      lister_(store, index, options.partitions),
      list_executor_("listings", options.list_threads,
                     static_cast<std::size_t>(std::max(options.max_pending_lists, 1))) {}

grpc::ServerUnaryReactor* ReferralService::ListReferrals(grpc::CallbackServerContext* context,
                                                         const v1::ListReferralsRequest* request,
                                                         v1::ListReferralsResponse* response) {
  // The request stays valid until the call is finished, which only the job does.
  return calls_.Blocking(
      context, {core::Method::kReferralListReferrals, AuditRule::kRead, response}, listings_,
      [this, request, response](const grpcx::Caller& caller) -> CallResult {
        const core::Agency& agency = *caller.agency;
        auto page = lister_.List(agency, static_cast<core::ReferralStatus>(request->status()),
                                 request->page_size(), request->page_token());
        if (!page.ok()) {
          spdlog::info("ListReferrals by {} refused: {}", agency.id,
                       absl::StatusCodeToString(page.status().code()));
          return {page.status(), {}};
        }
        // A listing reads the free text of referrals on many cases: one entry per referral that
        // carries some, and no such text without its entry (reads fail closed).
        CallResult result;
        for (const core::Referral& r : page->referrals) {
          std::vector<std::string> fields = services::PersonalFieldsOf(r);
          if (!fields.empty()) result.audit.push_back({r.case_id, std::move(fields), {}});
          *response->add_referrals() = protomap::ReferralToProto(r);
        }
        response->set_next_page_token(page->next_page_token);
        return result;
      });
}

grpc::ServerUnaryReactor* ReferralService::Act(grpc::CallbackServerContext* context,
                                               const v1::ReferralActionRequest& request,
                                               v1::Referral* response, ReferralActionRpc rpc) {
  return calls_.Async(
      context, {rpc.method, AuditRule::kCommand, response},
      [this, &request, response, rpc](const grpcx::Caller& caller, UnaryHandler::Done done) {
        const core::Agency& agency = *caller.agency;  // the registry outlives every call
        const core::Timestamp now = clock_.Now();
        RunCaseCommand(
            store_, request.case_id(),
            core::ReferralNotFound(request.case_id(), request.referral_id()),
            [&request, &agency, action = rpc.action, now](const core::Case& c) {
              return core::ActOnReferral(c, request.referral_id(), action, agency, request.reason(),
                                         request.outcome(), now);
            },
            nullptr,
            [response, &request, &agency, action = rpc.action,
             done = std::move(done)](absl::StatusOr<core::CaseChange> change) mutable {
              CallResult result{change.status(),
                                {{request.case_id(),
                                  change.ok() ? ReferralFields(*change, request.referral_id())
                                              : std::vector<std::string>{},
                                  change.status()}}};
              // Ids and codes only: reasons and outcomes may name people.
              const std::string_view verb = core::ReferralActionName(action);
              if (!change.ok()) {
                spdlog::info("{} by {} on {}/{} refused: {}", verb, agency.id,
                             LogId(request.case_id()), LogId(request.referral_id()),
                             absl::StatusCodeToString(change.status().code()));
                return std::move(done)(std::move(result));
              }
              for (const core::Referral& r : change->after.referrals) {
                if (r.id != request.referral_id()) continue;
                spdlog::info("{} by {} on {}/{}: referral {}, case {} version {}", verb, agency.id,
                             change->after.id, r.id, core::ReferralStatusName(r.status),
                             v1::CaseStatus_Name(static_cast<v1::CaseStatus>(change->after.status)),
                             change->after.version);
                *response = protomap::ReferralToProto(r);
                break;
              }
              std::move(done)(std::move(result));
            });
      });
}

grpc::ServerUnaryReactor* ReferralService::ReportEnforcementAction(
    grpc::CallbackServerContext* context, const v1::ReportEnforcementActionRequest* request,
    v1::EnforcementAction* response) {
  return calls_.Async(
      context, {core::Method::kReferralReportEnforcementAction, AuditRule::kCommand, response},
      [this, request, response](const grpcx::Caller& caller, UnaryHandler::Done done) {
        const core::Agency& agency = *caller.agency;
        const core::Timestamp now = clock_.Now();
        RunCaseCommand(
            store_, request->case_id(),
            core::ReferralNotFound(request->case_id(), request->referral_id()),
            [request, &agency, now](const core::Case& c) {
              return core::ReportEnforcementAction(
                  c, request->referral_id(),
                  static_cast<core::EnforcementActionKind>(request->kind()),
                  request->police_report_number(), request->note(), agency, now);
            },
            nullptr,
            [response, request, &agency,
             done = std::move(done)](absl::StatusOr<core::CaseChange> change) mutable {
              CallResult result{change.status(), {{request->case_id(), {}, change.status()}}};
              // Ids and codes only: notes may name people, report numbers name investigations.
              const std::string_view kind = core::EnforcementActionKindName(
                  static_cast<core::EnforcementActionKind>(request->kind()));
              if (!change.ok()) {
                spdlog::info("enforcement action {} by {} on {}/{} refused: {}", kind, agency.id,
                             LogId(request->case_id()), LogId(request->referral_id()),
                             absl::StatusCodeToString(change.status().code()));
                return std::move(done)(std::move(result));
              }
              spdlog::info("enforcement action {} by {} on {}/{}: case version {}", kind, agency.id,
                           change->after.id, request->referral_id(), change->after.version);
              *response =
                  protomap::EnforcementActionToProto(change->after.enforcement_actions.back());
              std::move(done)(std::move(result));
            });
      });
}

}  // namespace lintas::referral
