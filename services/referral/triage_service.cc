#include "services/referral/triage_service.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "adapters/grpc/status_mapping.h"
#include "adapters/protomap/case_mapping.h"
#include "core/referral/referral_commands.h"
#include "core/util/string_view.h"
#include "services/common/case_views.h"
#include "services/referral/case_command.h"
#include "spdlog/spdlog.h"

namespace lintas::referral {
namespace {

std::string_view DecisionName(core::CaseTriagedEvent::Decision d) {
  switch (d) {
    case core::CaseTriagedEvent::Decision::kReject:
      return "RejectCase";
    case core::CaseTriagedEvent::Decision::kDuplicate:
      return "MarkDuplicate";
    case core::CaseTriagedEvent::Decision::kClose:
      return "CloseCase";
  }
  return "Triage";
}

core::Method MethodOf(core::CaseTriagedEvent::Decision d) {
  switch (d) {
    case core::CaseTriagedEvent::Decision::kReject:
      return core::Method::kTriageRejectCase;
    case core::CaseTriagedEvent::Decision::kDuplicate:
      return core::Method::kTriageMarkDuplicate;
    case core::CaseTriagedEvent::Decision::kClose:
      return core::Method::kTriageCloseCase;
  }
  return core::Method::kTriageCloseCase;  // unreachable: the switch names every decision
}

}  // namespace

grpc::ServerUnaryReactor* TriageService::RejectCase(grpc::CallbackServerContext* context,
                                                    const v1::RejectCaseRequest* request,
                                                    v1::Case* response) {
  return Decide(context, core::CaseTriagedEvent::Decision::kReject, request->case_id(),
                request->reason(), /*duplicate_of=*/"", response);
}

grpc::ServerUnaryReactor* TriageService::MarkDuplicate(grpc::CallbackServerContext* context,
                                                       const v1::MarkDuplicateRequest* request,
                                                       v1::Case* response) {
  return Decide(context, core::CaseTriagedEvent::Decision::kDuplicate, request->case_id(),
                request->reason(), request->duplicate_of(), response);
}

grpc::ServerUnaryReactor* TriageService::CloseCase(grpc::CallbackServerContext* context,
                                                   const v1::CloseCaseRequest* request,
                                                   v1::Case* response) {
  return Decide(context, core::CaseTriagedEvent::Decision::kClose, request->case_id(),
                request->reason(), /*duplicate_of=*/"", response);
}

grpc::ServerUnaryReactor* TriageService::Decide(grpc::CallbackServerContext* context,
                                                core::CaseTriagedEvent::Decision decision,
                                                const std::string& case_id,
                                                const std::string& reason,
                                                const std::string& duplicate_of,
                                                v1::Case* response) {
  // The strings are the request's: valid until the call is finished.
  return calls_.Async(
      context, {MethodOf(decision), services::AuditRule::kCommand, response},
      [this, decision, &case_id, &reason, &duplicate_of, response](
          const grpcx::Caller& caller, services::UnaryHandler::Done done) {
        const core::Agency& agency = *caller.agency;  // the registry outlives every call
        const core::Timestamp now = clock_.Now();
        // The merge target is checked only after TriageCase accepted the caller and the request,
        // so that a caller without standing learns nothing about either case.
        Vet vet;
        if (decision == core::CaseTriagedEvent::Decision::kDuplicate) {
          vet = [this, &agency, &duplicate_of](const core::CaseChange&,
                                               absl::AnyInvocable<void(absl::Status) &&> checked) {
            store_.Get(duplicate_of, [&agency, &duplicate_of, checked = std::move(checked)](
                                         absl::StatusOr<core::Case> target) mutable {
              std::move(checked)(core::CheckDuplicateTarget(duplicate_of, target, agency));
            });
          };
        }
        RunCaseCommand(
            store_, case_id, absl::NotFoundError(absl::StrCat("case ", case_id, " not found")),
            [&, decision, now](const core::Case& c) {
              return core::TriageCase(c, decision, reason, duplicate_of, agency, now);
            },
            std::move(vet),
            [response, decision, &case_id, &agency,
             done = std::move(done)](absl::StatusOr<core::CaseChange> change) mutable {
              std::vector<std::string> fields;
              if (change.ok())
                *response = services::CaseViews::Show(agency, change->after, &fields);
              services::CallResult result{change.status(),
                                          {{case_id, std::move(fields), change.status()}}};
              // Ids and codes only: the reason may name people.
              if (!change.ok()) {
                spdlog::info("{} by {} on {} refused: {}", DecisionName(decision), agency.id,
                             LogId(case_id), absl::StatusCodeToString(change.status().code()));
                return std::move(done)(std::move(result));
              }
              spdlog::info("{} by {} on {}: case {} version {}", DecisionName(decision), agency.id,
                           change->after.id,
                           v1::CaseStatus_Name(static_cast<v1::CaseStatus>(change->after.status)),
                           change->after.version);
              std::move(done)(std::move(result));
            });
      });
}

}  // namespace lintas::referral
